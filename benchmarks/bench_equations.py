"""Equations: how many corpus display equations the tree and sympy parse, and how many get a
by-meaning (idiom) reading.

    .venv/bin/python benchmarks/bench_equations.py

Per corpus paper: display equations; the share the tree builds completely (``Tree.complete``:
nothing TeX itself would refuse); the share latex2sympy2_extended parses from the raw LaTeX and
from the tree's normalised LaTeX (``tree.to_latex``); and, for the 12 annotated papers, the share
of displays whose by-meaning reading comes from a recognised idiom (with the decoder's real
meanings), with derivation continuation lines counted apart. Also the cold import cost of sympy
and latex2sympy2_extended. Results: benchmarks/results/equations.json.
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


def _sympy_parses(latex: str) -> bool:
    from latex2sympy2_extended import latex2sympy
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig

    try:
        latex2sympy(latex, conversion_config=ConversionConfig(lowercase_symbols=False))
        return True
    except Exception:  # noqa: BLE001 - the parser raises many kinds of errors
        return False


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ["PAPERPAL_HOME"] = tempfile.mkdtemp()
    from conftest import CORPUS, CORPUS_IDS, SHARED  # type: ignore[import-not-found]

    from paperpal.glossary.loader import load_glossary
    from paperpal.notation.decode import decode
    from paperpal.notation.idioms import recognise
    from paperpal.notation.tree import parse, to_latex
    from paperpal.pipeline import load_document

    started = time.perf_counter()
    cold = subprocess.run(
        [sys.executable, "-c", "import time; t=time.perf_counter(); import sympy, latex2sympy2_extended; print(time.perf_counter()-t)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    import_seconds = float(cold.stdout.strip())
    annotated = set(json.loads((SHARED / "datasets/meanings/dev.json").read_text())["papers"])
    glossary = load_glossary()
    rows = []
    for paper_id in CORPUS_IDS:
        _, document = load_document(str(CORPUS / paper_id), offline=True)
        displays = [e for e in document.equations if e.display]
        trees = [parse(e.latex) for e in displays]
        row: dict[str, object] = {
            "paper": paper_id,
            "displays": len(displays),
            "tree_complete": sum(t.complete for t in trees),
            "tree_no_stray_delimiters": sum(t.complete and not t.stray for t in trees),
            "sympy_raw": sum(_sympy_parses(e.latex) for e in displays),
            "sympy_normalised": sum(_sympy_parses(to_latex(t.root)) for t in trees),
        }
        if paper_id in annotated:
            decoded = decode(document, glossary)
            meanings = {
                s.latex: (s.meaning or "", bool(getattr(s, "certain", False)))
                for s in decoded.symbols
                if s.meaning
            }
            found = [recognise(e.latex, meanings) for e in displays]
            row["idiom_readings"] = sum(1 for f in found if f and f[0] != "continuation")
            row["continuation_readings"] = sum(1 for f in found if f and f[0] == "continuation")
        rows.append(row)
    total = {
        k: sum(int(r.get(k, 0)) for r in rows)
        for k in ("displays", "tree_complete", "tree_no_stray_delimiters", "sympy_raw", "sympy_normalised")
    }  # type: ignore[call-overload]
    ann = [r for r in rows if "idiom_readings" in r]
    ann_displays = sum(int(r["displays"]) for r in ann)  # type: ignore[call-overload]
    ann_idioms = sum(int(r["idiom_readings"]) for r in ann)  # type: ignore[call-overload]
    ann_cont = sum(int(r["continuation_readings"]) for r in ann)  # type: ignore[call-overload]
    summary = {
        "tree_complete_share": round(total["tree_complete"] / total["displays"], 3),
        "sympy_raw_share": round(total["sympy_raw"] / total["displays"], 3),
        "sympy_normalised_share": round(total["sympy_normalised"] / total["displays"], 3),
        "annotated_displays": ann_displays,
        "non_template_share": round((ann_idioms + ann_cont) / ann_displays, 3),
        "idiom_share_without_continuations": round(ann_idioms / ann_displays, 3),
        "sympy_import_seconds_cold": round(import_seconds, 3),
        "old_sympy_drawing": {"worth_drawing": 180, "drawn": 4, "measured": "before issue 17, same corpus"},
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(f"{'paper':<12}{'displays':>9}{'tree':>6}{'sympy':>7}{'norm':>6}{'idioms':>8}{'cont':>6}")
    for r in rows:
        print(
            f"{r['paper']:<12}{r['displays']:>9}{r['tree_complete']:>6}{r['sympy_raw']:>7}{r['sympy_normalised']:>6}"
            f"{r.get('idiom_readings', ''):>8}{r.get('continuation_readings', ''):>6}"
        )
    print(json.dumps(summary, indent=1))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "equations.json").write_text(
        json.dumps({"papers": rows, "total": total, "summary": summary}, indent=1) + "\n"
    )


if __name__ == "__main__":
    main()
