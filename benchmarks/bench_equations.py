"""Equations: how many corpus display equations the tree parses, how many become a sympy
expression (and round-trip), how many get a by-meaning reading, a 2-D drawing, a try-it result,
and what the drawing costs.

    .venv/bin/python benchmarks/bench_equations.py

Per corpus paper:
- ``tree_complete``: the tree is built completely (``Tree.complete``: nothing TeX would refuse);
- ``sympy_from_tree``: ``notation.algebra.to_sympy`` gives an expression;
  ``sympy_round_trips``: printed back by ``sympy.latex`` and converted again, it is the same
  expression (the check that the conversion kept the structure);
- ``latex2sympy2_raw`` / ``latex2sympy2_tree_latex``: for comparison, latex2sympy2_extended on the
  raw LaTeX and on the tree's normalised LaTeX (``tree.to_latex``);
- ``try_it_evaluable``: ``paperpal explain --try`` computes a number (with default values);
- ``worth_drawing`` / ``drawn``: displays with a fraction, a root or a big operator with limits,
  and those that get a 2-D drawing (``notation.layout.draw``; the rest are wider than 100
  columns or taller than 24 rows); ``draw_ms``: drawing every display of the paper, caches cold;
  ``decode_ms``: the whole notation decoding of the paper (which includes the drawing);
- ``idiom_readings`` (the 12 annotated papers): by-meaning readings from a recognised idiom,
  derivation continuation lines counted apart.

Also the cold import cost of sympy and latex2sympy2_extended, and of the layout package on top of
what the decoder already imports. Results: benchmarks/results/equations.json. Timings are
noisy on a shared machine: the numbers say so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "tests"))

_COUNTS = (
    "displays", "tree_complete", "tree_no_stray_delimiters", "sympy_from_tree", "sympy_round_trips",
    "latex2sympy2_raw", "latex2sympy2_tree_latex", "try_it_evaluable", "worth_drawing", "drawn",
)  # fmt: skip


def _latex2sympy2_parses(latex: str) -> bool:
    from latex2sympy2_extended import latex2sympy
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig

    try:
        latex2sympy(latex, conversion_config=ConversionConfig(lowercase_symbols=False))
        return True
    except Exception:  # noqa: BLE001 - the parser raises many kinds of errors
        return False


def _cold_seconds(code: str) -> float:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def _forget_drawing_caches() -> None:
    from paperpal.notation.layout import boxes, drawing

    boxes.width.cache_clear()
    drawing._unicode.cache_clear()


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ["PAPERPAL_HOME"] = tempfile.mkdtemp()
    from conftest import CORPUS, CORPUS_IDS, SHARED  # type: ignore[import-not-found]

    from paperpal.glossary.loader import load_glossary
    from paperpal.notation.algebra import round_trips, to_sympy
    from paperpal.notation.decode import decode
    from paperpal.notation.idioms import recognise
    from paperpal.notation.layout import draw, worth_drawing
    from paperpal.notation.tree import parse, to_latex
    from paperpal.notation.tryit import try_equation
    from paperpal.pipeline import load_document

    started = time.perf_counter()
    sympy_import = _cold_seconds(
        "import time; t=time.perf_counter(); import sympy, latex2sympy2_extended; print(time.perf_counter()-t)"
    )
    layout_import = _cold_seconds(
        "import paperpal.notation.tree, paperpal.notation.render, time; t=time.perf_counter(); "
        "import paperpal.notation.layout.drawing; print(time.perf_counter()-t)"
    )
    annotated = set(json.loads((SHARED / "datasets/meanings/dev.json").read_text())["papers"])
    glossary = load_glossary()
    rows = []
    for paper_id in CORPUS_IDS:
        _, document = load_document(str(CORPUS / paper_id), offline=True)
        displays = [e for e in document.equations if e.display]
        trees = [parse(e.latex) for e in displays]
        conversions = [to_sympy(e.latex) for e in displays]
        _forget_drawing_caches()
        t = time.perf_counter()
        drawings = [draw(e.latex) for e in displays]
        draw_ms = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        decoded = decode(document, glossary)
        decode_ms = (time.perf_counter() - t) * 1000
        infos = [i for i in decoded.equations if i.equation.display]
        trials = [try_equation(i, decoded.symbols) for i in infos]
        row: dict[str, object] = {
            "paper": paper_id,
            "displays": len(displays),
            "tree_complete": sum(t.complete for t in trees),
            "tree_no_stray_delimiters": sum(t.complete and not t.stray for t in trees),
            "sympy_from_tree": sum(c.ok for c in conversions),
            "sympy_round_trips": sum(round_trips(c) for c in conversions),
            "latex2sympy2_raw": sum(_latex2sympy2_parses(e.latex) for e in displays),
            "latex2sympy2_tree_latex": sum(_latex2sympy2_parses(to_latex(t.root)) for t in trees),
            "try_it_evaluable": sum(t.evaluable for t in trials),
            "worth_drawing": sum(t.complete and worth_drawing(t.root) for t in trees),
            "drawn": sum(d is not None for d in drawings),
            "draw_ms": round(draw_ms, 1),
            "decode_ms": round(decode_ms, 1),
        }
        if paper_id in annotated:
            meanings = {s.latex: (s.meaning or "", s.certain) for s in decoded.symbols if s.meaning}
            found = [recognise(e.latex, meanings) for e in displays]
            row["idiom_readings"] = sum(1 for f in found if f and f[0] != "continuation")
            row["continuation_readings"] = sum(1 for f in found if f and f[0] == "continuation")
        rows.append(row)
    total = {k: sum(int(r[k]) for r in rows) for k in _COUNTS}  # type: ignore[call-overload]
    latex_rows = [r for r in rows if _source(CORPUS / str(r["paper"])) == "latex"]
    latex_displays = sum(int(r["displays"]) for r in latex_rows)  # type: ignore[call-overload]
    ann = [r for r in rows if "idiom_readings" in r]
    ann_displays = sum(int(r["displays"]) for r in ann)  # type: ignore[call-overload]
    ann_idioms = sum(int(r["idiom_readings"]) for r in ann)  # type: ignore[call-overload]
    ann_cont = sum(int(r["continuation_readings"]) for r in ann)  # type: ignore[call-overload]
    n = total["displays"]
    summary = {
        "tree_complete_share": round(total["tree_complete"] / n, 3),
        "sympy_from_tree_share": round(total["sympy_from_tree"] / n, 3),
        "sympy_round_trip_share": round(total["sympy_round_trips"] / n, 3),
        "sympy_round_trip_share_latex_source_papers": round(
            sum(int(r["sympy_round_trips"]) for r in latex_rows) / latex_displays,
            3,  # type: ignore[call-overload]
        ),
        "latex2sympy2_raw_share": round(total["latex2sympy2_raw"] / n, 3),
        "latex2sympy2_tree_latex_share": round(total["latex2sympy2_tree_latex"] / n, 3),
        "try_it_evaluable_share": round(total["try_it_evaluable"] / n, 3),
        "drawn_of_worth_drawing": f"{total['drawn']}/{total['worth_drawing']}",
        "draw_ms_all_displays": round(sum(float(r["draw_ms"]) for r in rows), 1),  # type: ignore[arg-type]
        "draw_ms_per_display": round(sum(float(r["draw_ms"]) for r in rows) / n, 2),  # type: ignore[arg-type]
        "draw_share_of_decode": round(
            sum(float(r["draw_ms"]) for r in rows) / sum(float(r["decode_ms"]) for r in rows),
            3,  # type: ignore[arg-type]
        ),
        "layout_import_seconds_cold": round(layout_import, 4),
        "annotated_displays": ann_displays,
        "non_template_share": round((ann_idioms + ann_cont) / ann_displays, 3),
        "idiom_share_without_continuations": round(ann_idioms / ann_displays, 3),
        "sympy_import_seconds_cold": round(sympy_import, 3),
        "old_sympy_drawing": {"worth_drawing": 180, "drawn": 4, "measured": "before issue 17, same corpus"},
        "machine": "shared and loaded (other engineers' jobs): timings are upper bounds",
        "seconds": round(time.perf_counter() - started, 1),
    }
    head = [
        "paper",
        "displays",
        "tree",
        "sympy",
        "round",
        "l2s",
        "l2s·tree",
        "try",
        "worth",
        "drawn",
        "draw ms",
        "idioms",
        "cont",
    ]
    keys = ["displays", "tree_complete", "sympy_from_tree", "sympy_round_trips", "latex2sympy2_raw",
            "latex2sympy2_tree_latex", "try_it_evaluable", "worth_drawing", "drawn", "draw_ms",
            "idiom_readings", "continuation_readings"]  # fmt: skip
    print(" ".join(f"{h:>9}" for h in head))
    for r in rows:
        print(f"{r['paper']:>9} " + " ".join(f"{r.get(k, ''):>9}" for k in keys))
    print(f"{'total':>9} " + " ".join(f"{total.get(k, ''):>9}" for k in keys))
    print(json.dumps(summary, indent=1))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "equations.json").write_text(
        json.dumps({"papers": rows, "total": total, "summary": summary}, indent=1, ensure_ascii=False) + "\n"
    )


def _source(folder: Path) -> str:
    return "latex" if (folder / "source.tar.gz").exists() else "pdf"


if __name__ == "__main__":
    main()
