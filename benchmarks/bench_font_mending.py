"""What mending TeX fonts' wrong text maps changes, and what it costs, on every corpus PDF.

    .venv/bin/python benchmarks/bench_font_mending.py [--runs N] [--papers ID ...] [--no-meanings]

Some PDFs give a TeX font's glyphs the wrong characters (macOS Quartz re-encoding pdfTeX fonts:
α as "↵", θ as "✓", ∈ as "2"); ``read_pdf`` first gives such fonts a map from the fonts' own
glyph names (paperpal/extract/pdf_textmaps.py, pdf_tounicode.py). Per corpus paper with a PDF:

fonts / mended_fonts / mended_codes: the TeX fonts looked at, those given a new map, and the glyph
  codes whose character changed; mend_ms: the time mending takes on a freshly opened document
  (best of N).
report: ``paperpal show --from-pdf --json``'s equations and symbols with mending and without it:
  ``identical``, or the equation texts and symbols found in only one of the two readings (how
  many, and the first few).
timing (1412.6980, mended, and 1412.3555, whose map is fine): ``read_pdf`` best of N with and
  without mending, and the PDF speed ratio as bench_document.py defines it (``read_pdf`` over
  PyMuPDF's raw text extraction of the same pages, images left out: its ``text_ratio``).
meanings: ``../shared/tools/score_meanings.py`` on the PDF readings of the annotated papers whose
  map is mended (read as bench_meanings.py reads them, through the fake arXiv), with and without.

Writes benchmarks/results/font_mending.json. Timings are noisy on a shared machine: the best of N
is the number to compare, and the ratio before and after is measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TIMED = ["1412.6980", "1412.3555"]


@contextmanager
def mending(on: bool) -> Iterator[None]:
    """Every PDF read inside reads with mending on or off."""
    import paperpal.extract.pdf as pdf

    if on:
        yield
        return
    with mock.patch.object(pdf, "_mend_text_maps", lambda doc: 0):
        yield


def font_facts(path: Path, runs: int) -> dict[str, Any]:
    import pymupdf

    from paperpal.extract.pdf import MAX_PAGES
    from paperpal.extract.pdf_glyphs import font_name
    from paperpal.extract.pdf_tex_encodings import tex_family
    from paperpal.extract.pdf_textmaps import mend_text_maps, page_font_xrefs, simple_font
    from paperpal.extract.pdf_tounicode import mended_map

    glyphs = pymupdf.mupdf.fz_unicode_from_glyph_name
    doc = pymupdf.open(path)
    fonts = mended = 0
    seen: set[int] = set()
    for index in range(min(doc.page_count, MAX_PAGES)):
        for xref in page_font_xrefs(doc, index):
            if xref in seen or doc.xref_get_key(xref, "Subtype")[1] != "/Type1":
                continue
            seen.add(xref)
            base = font_name(doc.xref_get_key(xref, "BaseFont")[1].lstrip("/"))
            if tex_family(base) is None:
                continue
            fonts += 1
            mended += mended_map(simple_font(doc, xref, base), glyphs) is not None
    best, codes = float("inf"), 0
    for _ in range(runs):
        fresh = pymupdf.open(path)
        start = time.perf_counter()
        codes = mend_text_maps(fresh, glyphs, MAX_PAGES)
        best = min(best, time.perf_counter() - start)
    return {"fonts": fonts, "mended_fonts": mended, "mended_codes": codes, "mend_ms": round(best * 1000, 1)}


def report_change(folder: Path) -> dict[str, Any]:
    from paperpal.commands.read import build_report
    from paperpal.report import report_to_dict

    readings = {}
    for on in (False, True):
        with mending(on):
            data = report_to_dict(build_report(str(folder), offline=True, from_pdf=True))
        readings[on] = data
    before, after = readings[False], readings[True]
    eq_before = [e["text"] for e in before["equations"]]
    eq_after = [e["text"] for e in after["equations"]]
    sym_before = [s["latex"] for s in before["symbols"]]
    sym_after = [s["latex"] for s in after["symbols"]]
    if (before["equations"], before["symbols"]) == (after["equations"], after["symbols"]):
        return {"report": "identical", "equations": len(eq_after), "symbols": len(sym_after)}
    gone = [t for t in eq_before if t not in eq_after]
    new = [t for t in eq_after if t not in eq_before]
    return {
        "report": "different",
        "equations_before": len(eq_before),
        "equations_after": len(eq_after),
        "equations_only_before": len(gone),
        "equations_only_after": len(new),
        "symbols_gone": [s for s in sym_before if s not in sym_after],
        "symbols_new": [s for s in sym_after if s not in sym_before],
        "first_only_before": gone[:4],
        "first_only_after": new[:4],
    }


def timing(folder: Path, runs: int) -> dict[str, Any]:
    from bench_document import best_of, raw_extraction  # type: ignore[import-not-found]

    from paperpal.extract.pdf import MAX_PAGES, read_pdf

    pdf = folder / "paper.pdf"
    pages = min(read_pdf(pdf).pages or 0, MAX_PAGES)
    raw_text_s = best_of(runs, lambda: raw_extraction(pdf, pages, images=False))
    row: dict[str, Any] = {"raw_text_s": round(raw_text_s, 4)}
    for label, on in (("without", False), ("with", True)):
        seconds = best_of(runs, lambda on=on: read_pdf(pdf, mend_fonts=on))
        row[f"pdf_s_{label}"] = round(seconds, 4)
        row[f"text_ratio_{label}"] = round(seconds / max(raw_text_s, 1e-6), 2)
    return row


def meanings(ids: list[str]) -> dict[str, Any]:
    from bench_meanings import score, truth_with_synonyms, write_reports  # type: ignore[import-not-found]

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        truth, _ = truth_with_synonyms(Path(tmp) / "truth.json")
        for label, on in (("without", False), ("with", True)):
            reports = Path(tmp) / label
            reports.mkdir()
            with mending(on):
                write_reports(ids, reports)
            _, summary = score(truth, reports, verbose=False)
            out[label] = {pid: summary["per_paper"].get(pid) for pid in ids}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--papers", nargs="*")
    parser.add_argument("--no-meanings", action="store_true", help="skip the meanings score")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    home = tempfile.mkdtemp(prefix="paperpal-bench-")
    os.environ["PAPERPAL_HOME"] = home
    folders = [
        p
        for p in sorted(CORPUS.iterdir())
        if (p / "paper.pdf").is_file() and (not args.papers or p.name in args.papers)
    ]
    papers: dict[str, Any] = {}
    for folder in folders:
        row = font_facts(folder / "paper.pdf", args.runs) | report_change(folder)
        if folder.name in TIMED:
            row["timing"] = timing(folder, args.runs)
        papers[folder.name] = row
        print(
            f"{folder.name:<11} fonts {row['fonts']:>3}  mended {row['mended_fonts']:>2} "
            f"({row['mended_codes']:>3} codes, {row['mend_ms']:>5.1f} ms)  report {row['report']}",
            flush=True,
        )
    annotated = json.loads((ROOT.parent / "shared/datasets/meanings/dev.json").read_text())["papers"]
    mended_ids = [pid for pid, row in papers.items() if row["mended_codes"] and pid in annotated]
    summary: dict[str, Any] = {
        "runs": args.runs,
        "machine": "shared with other engineers at the time (timings noisy; compare within a run)",
        "papers": papers,
        "identical": sorted(pid for pid, row in papers.items() if row["report"] == "identical"),
        "changed": sorted(pid for pid, row in papers.items() if row["report"] != "identical"),
    }
    if not args.no_meanings and mended_ids:
        summary["meanings"] = meanings(mended_ids)
        for label, per in summary["meanings"].items():
            print(f"meanings {label:<8}", json.dumps(per))
    for pid, row in papers.items():
        if "timing" in row:
            t = row["timing"]
            print(
                f"{pid}: read_pdf {t['pdf_s_without']:.3f}s -> {t['pdf_s_with']:.3f}s, "
                f"text_ratio {t['text_ratio_without']} -> {t['text_ratio_with']}"
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "font_mending.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
