"""The sentences around a display equation: the one that introduces it and the one after it.

Owns: cutting a few hundred characters of the neighbouring paragraphs at sentence ends, never
inside an inline formula, so "where $z_t$ is the update gate" reaches the definition finder whole.

Must not: look past a section heading (the text there is about something else).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from paperpal.models import Block, Paragraph, Section

CONTEXT_CHARS = 300
_SENTENCE_END = re.compile(r"[.!?:;]\s+(?=[A-Z$“(])")


def context_before(blocks: Sequence[Block], index: int) -> str:
    texts: list[str] = []
    size = 0
    for back in range(index - 1, -1, -1):
        block = blocks[back]
        if isinstance(block, Section) or size >= CONTEXT_CHARS:
            break
        if isinstance(block, Paragraph):
            texts.insert(0, block.text)
            size += len(block.text)
    text = " ".join(texts)
    if len(text) <= CONTEXT_CHARS:
        return text
    tail = text[-CONTEXT_CHARS:]
    if _dollars(text[: len(text) - CONTEXT_CHARS]) % 2:
        tail = tail[tail.find("$") + 1 :]  # the cut fell inside a formula: start after it
    match = _SENTENCE_END.search(tail)
    if match and match.end() < len(tail) - 20 and _dollars(tail[: match.end()]) % 2 == 0:
        return tail[match.end() :]
    space = tail.find(" ")
    return tail[space + 1 :] if 0 <= space < 40 and "$" not in tail[:space] else tail.lstrip()


def context_after(blocks: Sequence[Block], index: int) -> str:
    for ahead in range(index + 1, len(blocks)):
        block = blocks[ahead]
        if isinstance(block, Section):
            return ""
        if isinstance(block, Paragraph):
            text = block.text
            if len(text) <= CONTEXT_CHARS:
                return text
            head = text[:CONTEXT_CHARS]
            if _dollars(head) % 2:
                head = head[: head.rfind("$")]  # do not end inside a formula
            ends = [m for m in _SENTENCE_END.finditer(head) if _dollars(head[: m.start()]) % 2 == 0]
            if ends and ends[-1].start() > 60:
                return head[: ends[-1].start() + 1]
            space = head.rfind(" ")
            cut = head[:space] if space > len(head) - 40 else head
            return cut if _dollars(cut) % 2 == 0 else head
    return ""


def _dollars(text: str) -> int:
    return text.count("$") - text.count("\\$")
