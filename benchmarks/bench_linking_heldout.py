"""Precision of term linking by name, alias and abbreviation on text the glossary was not written for.

    .venv/bin/python benchmarks/bench_linking_heldout.py [--per-field N] [--seed S] [--show-unjudged]
                                                        [--data path/to/symlink/train]

Text: the SymLink training paragraphs (``../shared/datasets/symlink/train``), real arXiv LaTeX
paragraphs from five fields (cs.AI, econ.TH, math.CO, physics.atom-ph, q-bio.QM), grouped back
into one document per paper. The glossary's entries were written from general ML knowledge and
reviewed on the corpus papers; nobody tuned them on these paragraphs, so links here are out of
sample. Citations, references and other LaTeX commands are stripped; inline math stays ``$...$``
(the linker skips it).

Method: ``paperpal.linking.find_terms`` without the embedding model, so every link is by name,
alias or abbreviation. A seeded sample of linked terms, up to N per field, is drawn; each link is
judged right or wrong by a person reading the paragraph it occurs in, and the judgements are kept
in ``benchmarks/judgements/linking_heldout.json`` keyed by (paper, term, concept), so the number is
reproducible. A link is *right* when the glossary entry explains what the term means in that
sentence; *wrong* when the term is used in another sense (prose, another field's meaning) or the
entry describes something else. If the glossary changes, links not yet judged are reported as
unjudged (``--show-unjudged`` prints them with their context for judging) and left out of the
precision. Results go to ``benchmarks/results/linking_heldout.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = (
    Path(os.environ.get("PAPERPAL_SHARED", ROOT.parent / "shared")) / "datasets" / "symlink" / "train"
)
JUDGEMENTS = ROOT / "benchmarks" / "judgements" / "linking_heldout.json"
RESULTS = ROOT / "benchmarks" / "results" / "linking_heldout.json"

_DROPPED_COMMANDS = re.compile(
    r"\\(?:cite[a-z]*|ref|eqref|autoref|cref|Cref|label|url|footnote)\*?(?:\[[^\]]*\])*\{[^}]*\}"
)
_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
_MATH = re.compile(r"\$[^$]*\$")


@dataclass(frozen=True)
class Link:
    field: str
    paper: str
    term: str  # as the linker names it (the paper's most frequent spelling, or the abbreviation)
    concept: str
    match: str
    context: str


def clean(text: str) -> str:
    """Paragraph text as a reader sees it: citations and commands gone, inline math kept."""
    pieces = []
    last = 0
    for math in _MATH.finditer(text):
        pieces.append(_prose(text[last : math.start()]))
        pieces.append(math.group())
        last = math.end()
    pieces.append(_prose(text[last:]))
    return "".join(pieces)


def _prose(text: str) -> str:
    text = _DROPPED_COMMANDS.sub(" ", text)
    text = _COMMAND.sub(" ", text)
    return re.sub(r"\s+", " ", text.replace("{", " ").replace("}", " "))


def load_papers(data: Path) -> dict[str, tuple[str, Any]]:
    """paper id -> (field, Document) for every paper in the SymLink files."""
    from paperpal.models import Document, Paragraph

    grouped: dict[str, list[tuple[int, str]]] = defaultdict(list)
    fields: dict[str, str] = {}
    for path in sorted(data.glob("*.json")):
        field = path.name.split("-ann")[0]
        for key, record in json.loads(path.read_text()).items():
            paper, _, paragraph = key.partition("/")
            number = int(re.sub(r"\D", "", paragraph) or 0)
            grouped[paper].append((number, clean(record["text"])))
            fields[paper] = field
    papers = {}
    for paper, paragraphs in sorted(grouped.items()):
        title = paper.split(".", 2)[-1].replace("_", " ") if paper.count(".") >= 2 else paper
        blocks = tuple(Paragraph(id=f"p-{n}", text=text) for n, text in sorted(paragraphs))
        papers[paper] = (fields[paper], Document(title=title, source="latex", blocks=blocks))
    return papers


def _context(document: Any, surface: str, exact: bool) -> str:
    pattern = re.compile(
        r"(?<![A-Za-z0-9])"
        + r"[\s-]*".join(re.escape(w) for w in re.split(r"[\s-]+", surface))
        + r"(?:s|es)?(?![A-Za-z0-9])",
        0 if exact else re.IGNORECASE,
    )
    for text in [document.title, *(p.text for p in document.paragraphs)]:
        found = pattern.search(text)
        if found:
            start, end = max(0, found.start() - 160), min(len(text), found.end() + 160)
            return ("..." if start else "") + text[start:end] + ("..." if end < len(text) else "")
    return ""


def collect_links(papers: dict[str, tuple[str, Any]], glossary: Any) -> list[Link]:
    from paperpal.linking import find_terms

    links = []
    for paper, (field, document) in papers.items():
        for term in find_terms(document, glossary):
            if term.concept is None or term.match not in ("name", "alias", "abbreviation"):
                continue
            surface = term.name if term.match != "abbreviation" else (term.abbreviation or term.name)
            context = _context(document, surface, exact=term.match == "abbreviation")
            if not context and term.abbreviation:
                surface, context = term.abbreviation, _context(document, term.abbreviation, exact=True)
            links.append(Link(field, paper, surface, term.concept, term.match, context))
    return links


def sample(links: list[Link], per_field: int, seed: int) -> list[Link]:
    rng = random.Random(seed)
    by_field: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        by_field[link.field].append(link)
    chosen = []
    for field in sorted(by_field):
        pool = sorted(by_field[field], key=lambda k: (k.paper, k.term.lower(), k.concept))
        chosen += rng.sample(pool, min(per_field, len(pool)))
    return chosen


def key(link: Link) -> str:
    return f"{link.paper}|{link.term.lower()}|{link.concept}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--per-field", type=int, default=30, help="links sampled per field (default 30)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--show-unjudged", action="store_true", help="print unjudged links with context")
    parser.add_argument(
        "--glossary-root", type=Path, help="another glossary folder (e.g. an older commit's), for comparison"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default {RESULTS.name})")
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"no SymLink data at {args.data}")

    os.environ.setdefault("PAPERPAL_HOME", tempfile.mkdtemp(prefix="paperpal-heldout-"))
    from paperpal.glossary import load_glossary

    glossary = load_glossary(None, root=args.glossary_root)
    papers = load_papers(args.data)
    links = collect_links(papers, glossary)
    chosen = sample(links, args.per_field, args.seed)
    judged = {j["key"]: j for j in json.loads(JUDGEMENTS.read_text())} if JUDGEMENTS.exists() else {}

    tally: dict[str, Counter[str]] = defaultdict(Counter)
    rows = []
    for link in chosen:
        verdict = judged.get(key(link), {}).get("verdict", "unjudged")
        for group in ("all", link.field, f"match:{link.match}"):
            tally[group][verdict] += 1
        rows.append(
            {
                **link.__dict__,
                "key": key(link),
                "verdict": verdict,
                "why": judged.get(key(link), {}).get("why", ""),
            }
        )
        if verdict == "unjudged" and args.show_unjudged:
            print(f"\n[{key(link)}] ({link.match})\n  {link.context}")

    def precision(c: Counter[str]) -> float | None:
        n = c["right"] + c["wrong"]
        return round(c["right"] / n, 3) if n else None

    # Every judged link the current glossary still makes (sampled or not). After glossary fixes made
    # *because of* these judgements this number is no longer out of sample; the sample's is the one
    # to quote for a glossary the judgements did not shape.
    present = Counter(judged[key(k)]["verdict"] for k in links if key(k) in judged)
    summary = {
        "data": "SymLink train paragraphs (5 arXiv fields), citations and LaTeX commands stripped",
        "glossary_concepts": len(glossary.concepts),
        "papers": len(papers),
        "links_found": len(links),
        "links_per_paper": round(len(links) / max(1, len(papers)), 1),
        "sample": {"seed": args.seed, "per_field": args.per_field, "size": len(chosen)},
        "precision": {g: precision(c) for g, c in sorted(tally.items())},
        "counts": {g: dict(c) for g, c in sorted(tally.items())},
        "judged_links_present": dict(present),
        "precision_judged_links_present": precision(present),
    }
    print(json.dumps(summary, indent=2))
    wrong = [r for r in rows if r["verdict"] == "wrong"]
    for r in wrong:
        print(f"wrong: {r['field']:16} {r['term']!r:32} -> {r['concept']:30} {r['why']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "sample": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
