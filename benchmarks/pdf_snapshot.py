"""Check that a change to the PDF reading path leaves every corpus paper's Document as it was.

    .venv/bin/python benchmarks/pdf_snapshot.py save [DIR]     # before the change
    .venv/bin/python benchmarks/pdf_snapshot.py compare [DIR]  # after: exit 1 on any difference

``read_pdf`` runs on every ../shared/corpus/<id>/paper.pdf (fonts mended and not, as the
fidelity benchmark also reads them unmended); each Document is dumped with ``paperpal.codec``
to DIR/<id>[.raw].json (default: a folder under the system temp dir) and compared exactly.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))


def snapshots() -> dict[str, str]:
    from paperpal import codec
    from paperpal.extract.pdf import read_pdf

    out: dict[str, str] = {}
    for folder in sorted(p for p in CORPUS.iterdir() if (p / "paper.pdf").is_file()):
        for mend, suffix in ((True, ""), (False, ".raw")):
            doc = read_pdf(folder / "paper.pdf", mend_fonts=mend)
            out[folder.name + suffix] = json.dumps(codec.dump(doc), ensure_ascii=False, indent=1)
    return out


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else "compare"
    where = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.gettempdir()) / "pdf_snapshot"
    got = snapshots()
    if mode == "save":
        where.mkdir(parents=True, exist_ok=True)
        for name, text in got.items():
            (where / f"{name}.json").write_text(text)
        print(f"saved {len(got)} documents to {where}")
        return 0
    differ = [name for name, text in got.items() if (where / f"{name}.json").read_text() != text]
    print(
        f"{len(got) - len(differ)}/{len(got)} documents identical" + (f"; differ: {differ}" if differ else "")
    )
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
