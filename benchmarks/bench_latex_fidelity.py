"""How faithfully the LaTeX path shows a paper: raw LaTeX left on screen, macros left unexpanded.

    .venv/bin/python benchmarks/bench_latex_fidelity.py [--code DIR] [--out FILE]

For the corpus papers that have both a LaTeX source and a PDF compiled from it (the PDF half of
this comparison is benchmarks/bench_pdf_fidelity.py), the paper is read from its source and its
notation decoded, then counted per paper:

- displays, unnumbered: display equations found, and how many the paper leaves unnumbered;
- raw_equations (target 0): displays whose rendered Unicode text still holds a LaTeX command
  (a backslash followed by letters); raw_read_aloud and raw_in_words: the same for the literal
  reading and the reading by meaning;
- raw_inline: inline formulas whose rendered text holds a command;
- raw_meanings, raw_evidence: symbols whose meaning or evidence sentence, as shown to a reader,
  holds one (formulas drawn in Unicode where the code has ``notation.prose.to_screen``);
- raw_text: paragraphs whose words (outside their formulas) hold one;
- unexpanded_macros: uses, in equations, of macros the authors defined (``\\newcommand``,
  ``\\def``, ``\\DeclareMathOperator``) that were not expanded;
- cite_placeholders: "[cite]" marks paperpal wrote (not counting any the authors typed);
  unresolved_citations: neutral marks for citations the .bbl does not resolve;
- warnings, details: the report's warnings (first screen) and details (a details view);
- read_s: reading and decoding, best of N runs.

``--code DIR`` imports paperpal from another checkout (e.g. an older commit unpacked with
``git archive``) so the same counts can be compared before and after a change; metrics that the
older code cannot produce are computed the way a reader would have seen them then.
Prints a table and writes benchmarks/results/latex_fidelity.json (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "benchmarks" / "results"
PAIRED = [
    "1603.07285",
    "1709.04057",
    "1711.00123",
    "1402.5836",
    "1606.00704",
    "1205.4446",
    "1502.03492",
    "1911.02782",
]
COMMAND = re.compile(r"\\[A-Za-z]+")
INLINE = re.compile(r"(?<!\\)\$[^$]+\$")
SHORT = {
    "displays": "disp",
    "unnumbered": "unnum",
    "raw_equations": "raw_eq",
    "raw_read_aloud": "raw_aloud",
    "raw_in_words": "raw_words",
    "raw_inline": "raw_inl",
    "raw_meanings": "raw_mean",
    "raw_evidence": "raw_evid",
    "unexpanded_macros": "unexpanded",
    "cite_placeholders": "[cite]",
    "unresolved_citations": "[…]",
    "warnings": "warn",
    "details": "det",
}
DEFINED = re.compile(
    r"\\(?:newcommand|renewcommand|providecommand|DeclareMathOperator)\*?\s*\{?\s*(\\[A-Za-z]+)"
    r"|\\def\s*(\\[A-Za-z]+)"
)


def measure(paper_id: str, runs: int, glossary: object) -> dict[str, object]:
    from paperpal.extract.latex import read_latex
    from paperpal.extract.latex_files import flatten
    from paperpal.notation.decode import decode
    from paperpal.notation.render import to_unicode

    try:
        from paperpal.notation.prose import to_screen
    except ImportError:  # older code: meanings were shown as written

        def to_screen(text: str | None) -> str:
            return text or ""

    title = json.loads((CORPUS / paper_id / "meta.json").read_text(encoding="utf-8"))["title"]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder)
        with tarfile.open(CORPUS / paper_id / "source.tar.gz") as tar:
            tar.extractall(source, filter="data")
        best = float("inf")
        for _ in range(runs):
            started = time.perf_counter()
            document = read_latex(source, title_hint=title)
            decoded = decode(document, glossary)
            best = min(best, time.perf_counter() - started)
        flat = flatten(source, title).text
    defined = {a or b for a, b in DEFINED.findall(flat)}
    equations = decoded.equations
    displays = [info for info in equations if info.equation.display]
    paragraphs = document.paragraphs
    inline = [m.latex for p in paragraphs for m in p.math]
    text = " ".join(p.text for p in paragraphs)
    unexpanded = sum(
        1 for info in displays for name in COMMAND.findall(info.equation.latex) if name in defined
    )
    return {
        "paper": paper_id,
        "displays": len(displays),
        "unnumbered": sum(1 for info in displays if not info.equation.number),
        "raw_equations": sum(1 for info in displays if COMMAND.search(info.text)),
        "raw_read_aloud": sum(1 for info in displays if COMMAND.search(info.literal or "")),
        "raw_in_words": sum(1 for info in displays if COMMAND.search(info.spoken_meaning or "")),
        "inline": len(inline),
        "raw_inline": sum(1 for latex in inline if COMMAND.search(to_unicode(latex))),
        "raw_meanings": sum(1 for s in decoded.symbols if COMMAND.search(to_screen(s.meaning))),
        "raw_evidence": sum(1 for s in decoded.symbols if COMMAND.search(to_screen(s.evidence))),
        "raw_text": sum(1 for p in paragraphs if COMMAND.search(INLINE.sub(" ", p.text))),
        "unexpanded_macros": unexpanded,
        "cite_placeholders": max(0, text.count("[cite]") - flat.count("[cite]")),
        "unresolved_citations": text.count("[…]"),
        "warnings": len(document.warnings) + len(decoded.warnings),
        "details": len(getattr(document, "details", ())),
        "read_s": round(best, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose paperpal to measure")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS / "latex_fidelity.json")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from paperpal.glossary.loader import load_glossary

    glossary = load_glossary(None)
    rows = [measure(paper_id, args.runs, glossary) for paper_id in PAIRED]
    columns = [key for key in rows[0] if key != "paper"]
    totals = {key: sum(row[key] for row in rows) for key in columns if key != "read_s"}  # type: ignore[misc]
    short = {c: SHORT.get(c, c) for c in columns}
    print(f"{'paper':<11}" + "".join(f"{short[c]:>{len(short[c]) + 2}}" for c in columns))
    for row in rows:
        print(f"{row['paper']:<11}" + "".join(f"{row[c]!s:>{len(short[c]) + 2}}" for c in columns))
    print(f"{'total':<11}" + "".join(f"{totals.get(c, '')!s:>{len(short[c]) + 2}}" for c in columns))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"code": str(args.code.resolve()), "papers": rows, "totals": totals}, indent=2) + "\n",
        encoding="utf-8",
    )
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
