"""SymLink paragraphs, their gold ``Direct`` links, the splits, and the matching rule.

Shared by ``symlink_eval.py`` (the figures) and ``train_definitions.py`` (the learned ranker),
so both read the data, split it and judge a prediction the same way.

Splits (fixed; chosen before any model was trained, and never tuned):

- A paragraph id is ``<arXiv id + title>/paragraph_<n>``: the part before the slash is the
  paper. SymLink has 95 papers in five fields (the file name's prefix: cs.ai, econ.th, math.co,
  physics.atom_ph, q_bio.qm).
- ``test`` (the final figure, untouched): whole papers. Per field, papers in the order of
  ``sha256("symlink-test:" + paper)``, taken until the field's taken paragraphs reach 15% of
  its paragraphs. No paper has paragraphs on both sides. Its predictions and errors are looked
  at once, at the end; nothing is tuned on it.
- ``dev`` (inner development split, for every choice: features, threshold, model size): the
  same rule with the salt ``symlink-dev:`` over the remaining papers.
- ``train``: the remaining papers, minus the paragraphs of the old held-out fifth. The learned
  ranker is fitted on these only.
- ``fifth`` ("old held-out fifth (used during earlier tuning)"): ``crc32(paragraph id) % 5 ==
  0``, the split the rules were reported on while they were tuned, so a development set, not a
  test. It cuts across papers (its paragraphs are in test, dev and train papers), and the
  ranker is never fitted on it, so its figure stays comparable with the earlier ones.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "symlink" / "train"
SHARE = 0.15
_IGNORED = frozenset({"a", "an", "the"})


@dataclass(frozen=True)
class GoldSymbol:
    start: int
    end: int
    descriptions: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()  # each description's (start, end) in the text


@dataclass(frozen=True)
class Paragraph:
    id: str
    paper: str
    field: str
    text: str
    gold: tuple[GoldSymbol, ...]  # symbols with at least one Direct description
    bare: tuple[tuple[int, int], ...]  # symbols in no relation at all: no description here
    splits: frozenset[str]  # "test" | "dev" | "train", and "fifth" when in the old fifth


def paper_of(paragraph_id: str) -> str:
    return paragraph_id.split("/", 1)[0]


def in_old_fifth(paragraph_id: str) -> bool:
    return zlib.crc32(paragraph_id.encode()) % 5 == 0


def _pick(papers: dict[str, tuple[str, int]], salt: str) -> set[str]:
    """Per field, whole papers in salted sha256 order until SHARE of the field's paragraphs."""
    by_field: dict[str, list[str]] = defaultdict(list)
    for paper, (field, _) in papers.items():
        by_field[field].append(paper)
    picked: set[str] = set()
    for members in by_field.values():
        total = sum(papers[p][1] for p in members)
        taken = 0
        for p in sorted(members, key=lambda p: hashlib.sha256((salt + p).encode()).hexdigest()):
            if taken >= SHARE * total:
                break
            picked.add(p)
            taken += papers[p][1]
    return picked


def load(data: Path = DEFAULT_DATA) -> list[Paragraph]:
    """Every paragraph, with its gold symbols and the splits it belongs to."""
    raw: list[tuple[str, str, dict]] = []
    for path in sorted(data.glob("*.json")):
        field = path.name.split("-ann")[0]
        for pid, para in json.loads(path.read_text(encoding="utf-8")).items():
            raw.append((pid, field, para))
    counts: dict[str, tuple[str, int]] = {}
    for pid, field, _ in raw:
        paper = paper_of(pid)
        counts[paper] = (field, counts.get(paper, (field, 0))[1] + 1)
    test = _pick(counts, "symlink-test:")
    dev = _pick({p: v for p, v in counts.items() if p not in test}, "symlink-dev:")
    out: list[Paragraph] = []
    for pid, field, para in raw:
        paper = paper_of(pid)
        fifth = in_old_fifth(pid)
        side = "test" if paper in test else "dev" if paper in dev else "train" if not fifth else ""
        splits = {side} - {""} | ({"fifth"} if fifth else set())
        out.append(
            Paragraph(
                pid, paper, field, para["text"], gold_symbols(para), bare_symbols(para), frozenset(splits)
            )
        )
    return out


def gold_symbols(para: dict) -> tuple[GoldSymbol, ...]:
    ents = para["entity"]
    gold: dict[str, list[dict]] = {}
    for rel in para["relation"].values():
        if rel["label"] != "Direct":
            continue
        a, b = ents.get(rel["arg0"]), ents.get(rel["arg1"])
        if not a or not b:
            continue
        sym, desc = (a, b) if a["label"] == "SYMBOL" else (b, a)
        if sym["label"] != "SYMBOL":
            continue
        gold.setdefault(sym["eid"], []).append(desc)
    return tuple(
        GoldSymbol(
            ents[e]["start"],
            ents[e]["end"],
            tuple(d["text"] for d in descs),
            tuple((d["start"], d["end"]) for d in descs),
        )
        for e, descs in gold.items()
    )


def bare_symbols(para: dict) -> tuple[tuple[int, int], ...]:
    """The SYMBOL spans that take part in no relation: the paragraph describes them nowhere."""
    related = {r[k] for r in para["relation"].values() for k in ("arg0", "arg1")}
    return tuple(
        (e["start"], e["end"])
        for e in para["entity"].values()
        if e["label"] == "SYMBOL" and e["eid"] not in related
    )


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+|\\[a-z]+", text.lower()) if w not in _IGNORED]


def description_matches(predicted: str, gold: str, *, strict: bool = False) -> bool:
    """Word-overlap F1 >= 0.5; ``strict``: shared words >= half of each side."""
    p, g = set(words(predicted)), set(words(gold))
    if not p or not g:
        return False
    shared = len(p & g)
    if strict:
        return shared >= 0.5 * len(g) and shared >= 0.5 * len(p)
    return 2 * shared / (len(p) + len(g)) >= 0.5


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] == "$"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == "$"):
        end -= 1
    return start, end


def symbol_matches(text: str, p_start: int, p_end: int, g_start: int, g_end: int) -> bool:
    """Spans overlap and start within one character, once spaces and "$" are trimmed.

    The data is inconsistent about spans: some include the dollars, a few drop a backslash.
    """
    ps, pe = _trimmed(text, p_start, p_end)
    gs, ge = _trimmed(text, g_start, g_end)
    return ps < ge and gs < pe and abs(ps - gs) <= 1


def gold_at(para: Paragraph, start: int, end: int) -> list[GoldSymbol]:
    """The gold symbols a predicted symbol span matches."""
    return [g for g in para.gold if symbol_matches(para.text, start, end, g.start, g.end)]


def split_summary(paragraphs: list[Paragraph]) -> dict[str, dict[str, int]]:
    """Papers, paragraphs and gold symbols per split (sizes only: no prediction is read)."""
    out: dict[str, dict[str, int]] = {}
    for name in ("train", "dev", "test", "fifth"):
        members = [p for p in paragraphs if name in p.splits]
        out[name] = {
            "papers": len({p.paper for p in members}),
            "paragraphs": len(members),
            "gold_symbols": sum(len(p.gold) for p in members),
        }
    return out


if __name__ == "__main__":
    print(json.dumps(split_summary(load()), indent=2))
