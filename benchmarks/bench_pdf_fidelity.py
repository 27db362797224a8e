"""How faithfully the PDF alone gives what the LaTeX source gives, on papers that have both.

    .venv/bin/python benchmarks/bench_pdf_fidelity.py [--papers ID ...] [--keep DIR]

The eight corpus papers whose PDF was compiled from the source we hold are read twice: once
with the source (``read_latex``, the LaTeX path, the reference) and once from the PDF alone
(``read_pdf``, as ``paperpal show --from-pdf`` reads it). Per paper:

displays: how many display equations each reading shows.
recall / precision: the PDF's displays matched one to one against the source's:
  1. a display whose printed number the PDF reading also found is paired with it, when the two
     share at least 30% of their symbols (a number given to the wrong formula is no match);
  2. the rest are paired greedily, most similar first, when they share at least 50% of their
     symbols (Jaccard of the ``extract_symbols`` keys of the ``mathtokens.normalize`` spelling:
     ``h`` for h_t and h_{t-1}, ``\\mathbf{W}_z``...); two symbol-free displays pair when
     their normalised LaTeX is equal.
  recall = matched / the source's displays; precision = matched / the PDF's displays.
symbols: the distinct symbols of the paper (the report's symbol list: display and inline math)
  the LaTeX reading shows, and the share of them the PDF reading shows too, both compared in
  their ``mathtokens.normalize`` spelling without braces (``\\textnormal{LAX}`` and
  ``\\mathrm{LAX}`` are one name, ``^{{T}}`` and ``^{T}`` one script).
structure: of the matched pairs, how many have the same structure: the same fractions (how many
  ``\\frac``), the same big operators with the same limits (``\\sum_{k=1}^{T_x}``, normalised),
  the same radicals, and the same scripted symbols (each symbol's base with its normalised sub-
  and superscript, braces aside). Each part is counted on its own too.
meanings: ``../shared/tools/score_meanings.py`` on both readings' ``paperpal show --json``
  reports: the share of the hand-annotated symbols explained right, for the PDF reading and the
  LaTeX reading, over the papers the annotation covers.
Targets (issue 15): from the PDF alone, recall >= 90%, precision >= 85%, symbols >= 90%, and
the meanings score within 5 points of the LaTeX reading's.
Prints a table and writes benchmarks/results/pdf_fidelity.json.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

PAIRS = [
    "1603.07285",
    "1709.04057",
    "1711.00123",
    "1402.5836",
    "1606.00704",
    "1205.4446",
    "1502.03492",
    "1911.02782",
]


def symbols(latex: str) -> set[str]:
    """The symbol keys of a formula, read from its canonical spelling (``\\bf{x}`` is ``\\mathbf{x}``)."""
    from paperpal.notation.symbols import extract_symbols

    return {occ.key for occ in extract_symbols(_norm(latex))}


def _norm(latex: str) -> str:
    from paperpal.mathtokens import normalize

    return normalize(re.sub(r"&|\\\\", " ", latex))


def _symbol_key(latex: str) -> str:
    """A report symbol as the benchmark compares it: normalised, braces aside (``x^{{T}}`` is ``x^{T}``)."""
    return re.sub(r"[{}]", "", _norm(latex))


def similarity(a: str, b: str) -> float:
    sa, sb = symbols(a), symbols(b)
    if sa | sb:
        return len(sa & sb) / len(sa | sb)
    return 1.0 if _norm(a) == _norm(b) else 0.0


def match(truth: list, got: list) -> list[tuple[int, int, float]]:
    """One-to-one pairs (truth index, got index, similarity), as the module docstring defines."""
    pairs: list[tuple[int, int, float]] = []
    used_t: set[int] = set()
    used_g: set[int] = set()
    by_number: dict[str, int] = {}
    for j, eq in enumerate(got):
        if eq.number:
            by_number.setdefault(eq.number, j)
    for i, eq in enumerate(truth):
        j = by_number.get(eq.number) if eq.number else None
        if j is None or j in used_g:
            continue
        sim = similarity(eq.latex, got[j].latex)
        if sim >= 0.3:
            pairs.append((i, j, sim))
            used_t.add(i)
            used_g.add(j)
    scored = sorted(
        (
            (similarity(t.latex, g.latex), i, j)
            for i, t in enumerate(truth)
            if i not in used_t
            for j, g in enumerate(got)
            if j not in used_g
        ),
        reverse=True,
    )
    for sim, i, j in scored:
        if sim < 0.5:
            break
        if i in used_t or j in used_g:
            continue
        pairs.append((i, j, sim))
        used_t.add(i)
        used_g.add(j)
    return pairs


def structure(latex: str) -> dict[str, object]:
    """The parts of a formula's structure the benchmark compares."""
    from paperpal.mathtokens import tokenize
    from paperpal.notation.symbols import extract_symbols

    norm = _norm(latex)
    ops = re.findall(
        r"\\(?:sum|prod|int|oint|bigcup|bigcap|max|min|lim|sup|inf)(?:_\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})?(?:\^\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})?",
        norm,
    )
    scripts = Counter()
    for occ in extract_symbols(norm):
        if occ.subscript or occ.superscript:
            sub = re.sub(r"[{}]", "", _norm(occ.subscript or ""))
            sup = re.sub(r"[{}]", "", _norm(occ.superscript or ""))
            scripts[f"{occ.base}|{sub}|{sup}"] += 1
    return {
        "fractions": sum(1 for t in tokenize(norm) if t.value in ("\\frac", "\\dfrac", "\\tfrac")),
        "limits": sorted(o for o in ops if "_" in o or "^" in o),
        "radicals": norm.count("\\sqrt"),
        "scripts": sorted(scripts.elements()),
    }


def set_main(source: Path, title: str) -> str | None:
    """Make paperpal's main-file choice the file the PDF was compiled from; say when it was not.

    The compiled file is the one whose title command (``\\title``, ``\\icmltitle``,
    ``\\aistatstitle``...) shares the most words with the paper's title. Other main files are set
    aside (renamed) when paperpal would have picked one of them, and the note says so.
    """
    from paperpal.extract.latex_files import find_main

    words = set(re.findall(r"[a-z]{4,}", title.lower()))
    best, best_score = None, 0.0
    for path in source.rglob("*.tex"):
        head = path.read_text(errors="replace")[:200_000]
        if "\\documentclass" not in head:
            continue
        m = re.search(r"\\[A-Za-z]*title\s*\{(.{0,300})", head, re.DOTALL)
        found = set(re.findall(r"[a-z]{4,}", m.group(1).lower())) if m else set()
        score = len(found & words) / max(len(words), 1)
        if score > best_score:
            best, best_score = path, score
    chosen, _ = find_main(source, title)
    if best is None or chosen.resolve() == best.resolve():
        return None
    for path in source.rglob("*.tex"):
        if (
            path.resolve() != best.resolve()
            and "\\documentclass" in path.read_text(errors="replace")[:200_000]
        ):
            path.rename(path.with_suffix(".tex-set-aside"))
    return f"paperpal's LaTeX path picks {chosen.name}, not {best.name} (the compiled paper); the others were set aside"


def read_both(paper_id: str, source: Path, out: Path) -> dict[str, object]:
    from paperpal.extract.latex import read_latex
    from paperpal.extract.pdf import read_pdf
    from paperpal.glossary.loader import load_glossary
    from paperpal.models import PaperFiles, PaperMeta
    from paperpal.pipeline import read_paper
    from paperpal.report import report_to_dict

    pdf = CORPUS / paper_id / "paper.pdf"
    meta_raw = json.loads((CORPUS / paper_id / "meta.json").read_text())
    meta = PaperMeta(id=paper_id, title=meta_raw.get("title", ""), abstract=meta_raw.get("abstract", ""))
    note = set_main(source, meta.title)
    truth = [e for e in read_latex(source, title_hint=meta.title).equations if e.display]
    got = [e for e in read_pdf(pdf, title_hint=meta.title).equations if e.display]
    pairs = match(truth, got)
    same = Counter()
    differ = []
    for i, j, _ in pairs:
        a, b = structure(truth[i].latex), structure(got[j].latex)
        for part in a:
            same[part] += a[part] == b[part]
        same["all"] += a == b
        if a != b:
            parts = [p for p in a if a[p] != b[p]]
            differ.append(
                {
                    "number": truth[i].number,
                    "parts": parts,
                    "latex": truth[i].latex[:160],
                    "pdf": got[j].latex[:160],
                }
            )
    glossary = load_glossary()
    reports = {}
    for reading, files in (
        ("latex", PaperFiles(meta=meta, folder=out, pdf=pdf, source_dir=source)),
        ("pdf", PaperFiles(meta=meta, folder=out, pdf=pdf, source_dir=None)),
    ):
        report = read_paper(files, glossary=glossary, use_cache=False)
        assert report.document.source == reading, (
            f"{paper_id}: the {reading} reading read {report.document.source}"
        )
        data = report_to_dict(report)
        (out / reading).mkdir(exist_ok=True)
        (out / reading / f"{paper_id}.json").write_text(json.dumps(data))
        reports[reading] = {_symbol_key(s["latex"]) for s in data["symbols"]}
    latex_syms, pdf_syms = reports["latex"], reports["pdf"]
    n = len(pairs)
    return {
        "paper": paper_id,
        "note": note,
        "latex_displays": len(truth),
        "pdf_displays": len(got),
        "matched": n,
        "recall": round(n / len(truth), 3) if truth else None,
        "precision": round(n / len(got), 3) if got else None,
        "latex_symbols": len(latex_syms),
        "symbols_recovered": round(len(latex_syms & pdf_syms) / len(latex_syms), 3) if latex_syms else None,
        "structure_same": same["all"],
        "structure_parts": {k: v for k, v in same.items() if k != "all"},
        "structure_differs": differ,
        "unmatched_source": [
            truth[i].number or truth[i].latex[:80]
            for i in range(len(truth))
            if i not in {p[0] for p in pairs}
        ],
        "unmatched_pdf": [got[j].latex[:80] for j in range(len(got)) if j not in {p[1] for p in pairs}],
    }


def meanings(out: Path, ids: list[str]) -> dict[str, dict[str, object]]:
    """score_meanings.py per reading: per paper right/annotated, and the total over ``ids``."""
    truth = SHARED / "datasets" / "meanings" / "dev.json"
    scored: dict[str, dict[str, object]] = {}
    annotated = set(json.loads(truth.read_text())["papers"])
    for reading in ("latex", "pdf"):
        proc = subprocess.run(
            [sys.executable, str(SHARED / "tools" / "score_meanings.py"), str(truth), str(out / reading)],
            capture_output=True,
            text=True,
            check=True,
        )
        per: dict[str, tuple[int, int, int]] = {}
        for line in proc.stdout.splitlines():
            m = re.match(r"^(\S+): right (\d+)/(\d+)\s+wrong (\d+)", line)
            if m and m.group(1) in ids:
                per[m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
        right = sum(r for r, _, _ in per.values())
        total = sum(t for _, t, _ in per.values())
        wrong = sum(w for _, _, w in per.values())
        scored[reading] = {
            "per_paper": {k: f"{r}/{t}" for k, (r, t, _) in per.items()},
            "right": round(right / total, 3) if total else None,
            "wrong": round(wrong / total, 3) if total else None,
            "papers": sorted(set(ids) & annotated),
        }
    return scored


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--papers", nargs="*", default=PAIRS)
    parser.add_argument("--keep", type=Path, help="keep the show --json reports of both readings here")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "reports"
        out.mkdir(parents=True, exist_ok=True)
        for paper_id in args.papers:
            source = Path(tmp) / "src" / paper_id
            source.mkdir(parents=True)
            with tarfile.open(CORPUS / paper_id / "source.tar.gz") as tar:
                tar.extractall(source, filter="data")
            rows.append(read_both(paper_id, source, out))
        scores = meanings(out, args.papers)
    totals = {
        "latex_displays": sum(r["latex_displays"] for r in rows),
        "pdf_displays": sum(r["pdf_displays"] for r in rows),
        "matched": sum(r["matched"] for r in rows),
        "structure_same": sum(r["structure_same"] for r in rows),
    }
    totals["recall"] = round(totals["matched"] / max(totals["latex_displays"], 1), 3)
    totals["precision"] = round(totals["matched"] / max(totals["pdf_displays"], 1), 3)
    totals["structure_share"] = round(totals["structure_same"] / max(totals["matched"], 1), 3)
    weights = [
        (r["symbols_recovered"], r["latex_symbols"]) for r in rows if r["symbols_recovered"] is not None
    ]
    totals["symbols_recovered"] = round(
        sum(s * n for s, n in weights) / max(sum(n for _, n in weights), 1), 3
    )
    totals["meanings_latex"] = scores["latex"]["right"]
    totals["meanings_pdf"] = scores["pdf"]["right"]
    result = {"papers": rows, "totals": totals, "meanings": scores}
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.papers == PAIRS:
        (RESULTS / "pdf_fidelity.json").write_text(json.dumps(result, indent=2) + "\n")
    header = f"{'paper':12} {'src':>4} {'pdf':>4} {'match':>5} {'recall':>6} {'prec':>6} {'syms':>5} {'recov':>6} {'struct':>6}"
    print(header)
    for r in rows:
        print(
            f"{r['paper']:12} {r['latex_displays']:>4} {r['pdf_displays']:>4} {r['matched']:>5} "
            f"{r['recall'] or 0:>6.0%} {r['precision'] or 0:>6.0%} {r['latex_symbols']:>5} "
            f"{r['symbols_recovered'] or 0:>6.0%} {r['structure_same']:>3}/{r['matched']:<3}"
        )
    print(
        f"{'all':12} {totals['latex_displays']:>4} {totals['pdf_displays']:>4} {totals['matched']:>5} "
        f"{totals['recall']:>6.0%} {totals['precision']:>6.0%} {'':>5} {totals['symbols_recovered']:>6.0%} "
        f"{totals['structure_same']:>3}/{totals['matched']:<3}"
    )
    print(
        f"meanings right (score_meanings.py, {len(scores['pdf']['papers'])} annotated papers): "
        f"LaTeX reading {scores['latex']['right']:.0%}, PDF reading {scores['pdf']['right']:.0%} "
        f"(wrong {scores['latex']['wrong']:.0%} / {scores['pdf']['wrong']:.0%})"
    )


if __name__ == "__main__":
    main()
