"""Which corpus papers contain each glossary name, alias and abbreviation.

    .venv/bin/python benchmarks/alias_occurrences.py [--only-one] [--concept ID] [--json]

For every concept form (name, alias, abbreviation) this lists the corpus papers in
../shared/corpus whose text (title, abstract, headings, paragraphs, as ``load_document`` reads
them; reference lists skipped as the linker skips them) contains the form, matched the way
``paperpal.linking`` matches it: case-insensitive with plural and hyphen/space variants for names
and aliases, case-sensitive whole words for abbreviations. Forms the linker never matches (plain
English such as "output") are left out.

It exists to review forms that occur in exactly one corpus paper (``--only-one``): such a form
may have been added to make one paper's jargon link, and then it must still be right for every
other paper that will use it. Results go to benchmarks/results/alias_occurrences.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = Path(os.environ.get("PAPERPAL_SHARED", ROOT.parent / "shared")) / "corpus"
RESULTS = ROOT / "benchmarks" / "results"


def paper_ngrams(paper: Path, longest: int) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """(folded n-grams, exact n-grams) of a paper's linkable text, n up to ``longest``."""
    from paperpal.linking import _spans, _texts, singular
    from paperpal.pipeline import load_document

    _, document = load_document(str(paper))
    folded: set[tuple[str, ...]] = set()
    exact: set[tuple[str, ...]] = set()
    for text in _texts(document):
        for spans in _spans(text):
            run = [m.group() for m in spans]
            low = [singular(w) for w in run]
            for size in range(1, longest + 1):
                for start in range(len(run) - size + 1):
                    exact.add(tuple(run[start : start + size]))
                    folded.add(tuple(low[start : start + size]))
    return folded, exact


def form_keys(form: str, case_sensitive: bool) -> list[tuple[bool, tuple[str, ...]]]:
    """The keys the linker would index ``form`` under (empty when it never matches)."""
    from paperpal.linking import _Index

    index = _Index()
    index.add(form, "x", "alias", case_sensitive=case_sensitive)
    keys = [(False, key) for key in index.folded] + [(True, key) for key in index.exact]
    # "GRU" also matches "GRUs" in the text.
    keys += [(True, (*key[:-1], key[-1] + "s")) for key in index.exact]
    return keys


def occurrences(glossary: Any) -> list[dict[str, Any]]:
    from paperpal.linking import FOUNDATION_DOMAIN, _is_abbreviation

    rows: list[dict[str, Any]] = []
    for concept in glossary.concepts.values():
        if concept.domain == FOUNDATION_DOMAIN:
            continue
        forms = [(concept.name, "name")]
        forms += [(a, "alias") for a in concept.aliases]
        forms += [(a, "abbreviation") for a in concept.abbreviations]
        for form, kind in forms:
            sensitive = kind == "abbreviation" or _is_abbreviation(form)
            keys = form_keys(form, sensitive)
            if keys:
                rows.append({"concept": concept.id, "form": form, "kind": kind, "keys": keys})
    longest = max((len(k) for r in rows for _, k in r["keys"]), default=1)
    papers = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    texts = {p.name: paper_ngrams(p, longest) for p in papers}
    for row in rows:
        keys = row.pop("keys")
        row["papers"] = sorted(
            pid
            for pid, (folded, exact) in texts.items()
            if any(key in (exact if sensitive else folded) for sensitive, key in keys)
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only-one", action="store_true", help="aliases/abbreviations in exactly one paper")
    parser.add_argument("--concept", help="only this concept id")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()

    os.environ.setdefault("PAPERPAL_HOME", tempfile.mkdtemp(prefix="paperpal-aliases-"))
    from paperpal.glossary import load_glossary

    rows = occurrences(load_glossary(None))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "alias_occurrences.json").write_text(json.dumps(rows, indent=1) + "\n")
    shown = [r for r in rows if not args.concept or r["concept"] == args.concept]
    if args.only_one:
        shown = [r for r in shown if r["kind"] != "name" and len(r["papers"]) == 1]
    if args.json:
        print(json.dumps(shown, indent=1))
        return
    for row in shown:
        print(f"{row['concept']:32} {row['kind']:12} {row['form']!r:44} {' '.join(row['papers'])}")
    one = sum(1 for r in rows if r["kind"] != "name" and len(r["papers"]) == 1)
    print(f"{len(rows)} forms; {one} aliases/abbreviations occur in exactly one corpus paper")


if __name__ == "__main__":
    main()
