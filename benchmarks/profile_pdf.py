"""Where ``read_pdf`` spends its time, on the papers given (default: the slowest three).

    .venv/bin/python benchmarks/profile_pdf.py [--top N] [--runs N] [ID ...]

Runs read_pdf under cProfile (each paper ``--runs`` times, after one warm-up read) and prints
the top functions by own time and by cumulative time, with PyMuPDF's raw ``get_text("dict")``
time on the same pages for scale.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("papers", nargs="*", default=["1412.6980", "1402.5836", "1205.4446"])
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import pymupdf

    from paperpal.extract.pdf import read_pdf

    pdfs = [CORPUS / p / "paper.pdf" for p in args.papers]
    for pdf in pdfs:
        read_pdf(pdf)
    for pdf in pdfs:
        t = time.perf_counter()
        read_pdf(pdf)
        own = time.perf_counter() - t
        t = time.perf_counter()
        doc = pymupdf.open(pdf)
        for page in doc:
            page.get_text("dict", flags=pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES)
        raw = time.perf_counter() - t
        print(f"{pdf.parent.name}: read_pdf {own:.3f} s, raw dict {raw:.3f} s, ratio {own / raw:.2f}")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.runs):
        for pdf in pdfs:
            read_pdf(pdf)
    profile.disable()
    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).strip_dirs().sort_stats(key).print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
