"""One pass over a paper's expanded LaTeX body, in reading order, into blocks.

Owns: the walk itself: sections with their printed numbers (``\\appendix`` letters, report-class
chapters), paragraphs, display equations with the numbers the PDF prints (amsmath counters,
``subequations``, ``\\numberwithin``, a paper's own ``\\theequation``), theorem-like
environments, floats where they stand, and the ``\\label`` -> printed number map that
``\\ref``/``\\eqref`` resolve against.

Must not: read files or expand macros (latex_files.py and macros.py came first), or raise on any
input: an environment that never closes is counted in ``unbalanced`` and the rest is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from paperpal.extract.latex_cites import Bibliography
from paperpal.extract.latex_context import context_after, context_before
from paperpal.extract.latex_counters import format_counter, letters, roman
from paperpal.extract.latex_displays import formulas, split_intertext
from paperpal.extract.latex_envs import (
    BREAKING,
    ENV_ARGS,
    FLOATS,
    LABEL,
    SECTION_LEVELS,
    SKIPPED,
    TABULAR,
    WITH_COLUMN_ARGUMENT,
    is_display,
)
from paperpal.extract.latex_floats import float_labels, float_texts, table_rows
from paperpal.extract.latex_front import TITLE_BLOCK, TITLE_LIKE
from paperpal.extract.latex_math import paragraph_text
from paperpal.extract.latex_scan import find_env_end, find_math_end, read_group, read_optional
from paperpal.extract.latex_text import plain
from paperpal.extract.macros import THEEQUATION_MARK
from paperpal.models import Block, Equation, Paragraph, Section

_EVENT = re.compile(r"\\(?:[A-Za-z@]+\*?|.)|\$\$?|\n[ \t]*\n\s*", re.DOTALL)
_NEWTHEOREM = re.compile(
    r"\\newtheorem(\*?)\s*\{([^{}]*)\}\s*(?:\[([^\]]*)\])?\s*\{([^{}]*)\}\s*(?:\[([^\]]*)\])?"
)


@dataclass(frozen=True, slots=True)
class Theorem:
    name: str  # the printed name: "Theorem"
    counter: str | None  # the counter it shares; None when unnumbered
    within: str | None = None  # "section": numbered 2.1, 2.2... and reset by each section


def theorems(text: str) -> dict[str, Theorem]:
    """The ``\\newtheorem`` environments of ``text``, with the counters they number by."""
    found: dict[str, Theorem] = {}
    for star, env, shared, name, within in _NEWTHEOREM.findall(text):
        counter = None if star else (shared.strip() or env.strip())
        # A shared counter keeps the numbering style of the theorem that owns it.
        owner = found.get(shared.strip()) if shared.strip() else None
        parent = owner.within if owner is not None else (within.strip() or None)
        found[env.strip()] = Theorem(plain(name), counter, parent)
    return found


@dataclass
class RawParagraph:
    latex: str
    section: str | None


@dataclass
class Walk:
    """One pass over the body, in reading order (a class: the counters are shared state)."""

    report: bool
    within_section: bool
    theorems: dict[str, Theorem]
    items: list[Section | RawParagraph | Equation] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    buffer: list[str] = field(default_factory=list)
    section_id: str | None = None
    counters: dict[str, int] = field(default_factory=dict)
    appendix: bool = False
    sub_parent: str | None = None
    sub_index: int = 0
    target: tuple[str, str] | None = None  # what a bare \label names: (number, kind)
    unbalanced: int = 0
    unnumbered_sections: int = 0
    printed: dict[str, str] = field(default_factory=dict)  # "section" -> "2": current numbers
    theequation: str = ""  # the paper's own \theequation, when it defines one
    equation_ids: int = 0

    # -- driver -------------------------------------------------------------------------------

    def run(self, s: str) -> None:
        pos = 0
        n = len(s)
        while pos < n:
            match = _EVENT.search(s, pos)
            if match is None:
                self.buffer.append(s[pos:])
                break
            self.buffer.append(s[pos : match.start()])
            pos = self.event(s, match)
        self.flush()

    def event(self, s: str, match: re.Match[str]) -> int:
        token = match.group(0)
        j = match.end()
        if token[0] == "\n":
            self.flush()
            return j
        if token in ("$$", "\\["):
            end = find_math_end(s, j, "$$" if token == "$$" else "\\]")
            if end < 0:
                self.unbalanced += 1
                return j
            self.display(s[j:end], "displaymath")
            return end + 2
        if token == "$":
            end = find_math_end(s, j, "$")
            if end < 0:
                return j  # a stray dollar: to_plain drops it
            self.buffer.append(s[match.start() : end + 1])
            return end + 1
        if token == "\\(":
            end = find_math_end(s, j, "\\)")
            stop = end + 2 if end >= 0 else len(s)
            self.buffer.append(s[match.start() : stop])
            return stop
        name = token[1:]
        star = name.endswith("*")
        base = name.rstrip("*")
        if base in SECTION_LEVELS:
            return self.heading(s, j, base, star)
        if base in ("paragraph", "subparagraph"):
            _, j = read_optional(s, j)
            title, j = read_group(s, j)
            self.flush()
            title_text = plain(title).strip()
            if title_text:
                self.buffer.append(title + ("" if title_text[-1] in ".:?!" else ".") + " ")
            return j
        if base == "begin":
            env, k = read_group(s, j)
            return self.begin(s, k, env.strip())
        if base == "end":
            env, k = read_group(s, j)
            if env.strip() in BREAKING or env.strip() in self.theorems:
                self.flush()
            elif env.strip() == "subequations":
                self.sub_parent = None
            return k
        if base == "par":
            self.flush()
            return j
        if base == "item":
            self.flush()
            label, k = read_optional(s, j)
            self.buffer.append("\\item " + (label + " " if label else ""))
            return k
        if base == "label":
            key, k = read_group(s, j)
            if self.target is not None:
                self.labels[key.strip()], self.kinds[key.strip()] = self.target
            return k
        if base == "appendix":
            self.begin_appendix()
            return j
        if base in ("numberwithin", "counterwithin"):
            counter, k = read_group(s, j)
            within, k = read_group(s, k)
            if counter.strip() == "equation" and within.strip() == "section":
                self.within_section = True
            return k
        if base == "setcounter":
            counter, k = read_group(s, j)
            value, k = read_group(s, k)
            if value.strip().lstrip("-").isdigit():
                self.counters[counter.strip()] = int(value.strip())
            return k
        if token == THEEQUATION_MARK:
            template, k = read_group(s, j)
            self.theequation = template
            return k
        if base == "newtheorem":  # read before the walk (theorems()); not text
            definition = _NEWTHEOREM.match(s, match.start())
            return definition.end() if definition else j
        if base == "twocolumn":  # ICML puts the title block in \twocolumn[...]
            _, k = read_optional(s, j, long=True)
            return k
        if base in TITLE_BLOCK or (TITLE_LIKE.match(base) and base != "maketitle"):
            _, k = read_optional(s, j)
            for _ in range(TITLE_BLOCK.get(base, 1)):
                _, k = read_group(s, k)
            return k
        if base == "verb" and j < len(s):
            close = s.find(s[j], j + 1)
            stop = close + 1 if close > 0 else len(s)
            self.buffer.append(s[match.start() : stop])
            return stop
        if base == "footnote":
            _, k = read_optional(s, j)
            _, k = read_group(s, k)
            return k  # dropped: a footnote interrupts the sentence the equation follows
        self.buffer.append(token)
        return j

    # -- sections -----------------------------------------------------------------------------

    def heading(self, s: str, j: int, kind: str, star: bool) -> int:
        _, j = read_optional(s, j)
        title, j = read_group(s, j)
        self.flush()
        level = SECTION_LEVELS[kind]
        if self.report and kind == "section":
            level = 1
        number = None if star else self.step_section(kind)
        if number is None:
            self.unnumbered_sections += 1
        section_id = self.unique_id(number)
        self.section_id = section_id
        if number is not None:
            self.printed[kind] = number
            for theorem in self.theorems.values():
                if theorem.within == kind and theorem.counter:
                    self.counters[theorem.counter] = 0
        self.items.append(Section(section_id, number, paragraph_text(title)[0].strip(), level))
        if number is not None:
            word = "Chapter" if kind == "chapter" else "Section"
            self.target = (number, word if not self.appendix else "Appendix")
            for key in LABEL.findall(title):  # \section{Intro\label{sec:intro}}
                self.labels[key.strip()], self.kinds[key.strip()] = self.target
        return j

    def begin_appendix(self) -> None:
        if not self.appendix:
            self.appendix = True
            self.counters["chapter" if self.report else "section"] = 0

    def step_section(self, kind: str) -> str | None:
        order = ["chapter", "section", "subsection", "subsubsection"]
        if kind == "part":
            self.counters["part"] = self.counters.get("part", 0) + 1
            return roman(self.counters["part"])
        if kind == "chapter" and not self.report:
            return None
        if self.report and kind == "subsubsection":
            return None  # report and book number down to subsections only
        self.counters[kind] = self.counters.get(kind, 0) + 1
        for lower in order[order.index(kind) + 1 :]:
            self.counters[lower] = 0
        top = "chapter" if self.report else "section"
        if kind == top:
            # report and book number equations and floats per chapter ("2.3"); article only
            # with \numberwithin{equation}{section}.
            resets = ("equation", "figure", "table") if self.report else ("equation",)
            if self.report or self.within_section:
                for counter in resets:
                    self.counters[counter] = 0
        parts = order[order.index(top) : order.index(kind) + 1]
        return ".".join(self.counter_text(part, part == top) for part in parts)

    def counter_text(self, counter: str, top: bool) -> str:
        value = self.counters.get(counter, 0)
        if top and self.appendix:
            return letters(value)
        return str(value)

    def unique_id(self, number: str | None) -> str:
        base = f"sec-{number.lower()}" if number else f"sec-u{self.unnumbered_sections}"
        used = {item.id for item in self.items if isinstance(item, Section)}
        candidate, k = base, 2
        while candidate in used:
            candidate, k = f"{base}-{k}", k + 1
        return candidate

    # -- environments -------------------------------------------------------------------------

    def begin(self, s: str, k: int, env: str) -> int:
        base = env.rstrip("*")
        star = env.endswith("*")
        if is_display(env):
            end, after = find_env_end(s, k, env)
            if end == len(s):
                self.unbalanced += 1
            body = s[k:end]
            if base in WITH_COLUMN_ARGUMENT:
                _, skip = read_group(body, 0)
                body = body[skip:]
            self.display(body, env)
            return after
        if base in ("appendices", "subappendices"):  # the appendix package's form
            self.begin_appendix()
            return k
        if env == "math":  # inline math: kept in the paragraph for latex_text
            end, after = find_env_end(s, k, env)
            self.buffer.append("$" + s[k:end] + "$")
            return after
        if base == "subequations":
            self.sub_parent = self.next_number()
            self.sub_index = 0
            self.target = (self.sub_parent, "Equation")
            return k
        if base in FLOATS or env in FLOATS:
            end, after = find_env_end(s, k, env)
            kind = FLOATS[base]
            counter = kind.lower()
            self.counters[counter] = self.counters.get(counter, 0) + 1
            number = str(self.counters[counter])
            if self.report:
                number = f"{self.counter_text('chapter', True)}.{number}"
            for key, printed, label_kind in float_labels(s[k:end], kind, number):
                self.labels.setdefault(key, printed)
                self.kinds.setdefault(key, label_kind)
            self.flush()
            for text in float_texts(s[k:end], f"{kind} {number}"):
                self.items.append(RawParagraph(text, self.section_id))
            return after
        if base in TABULAR:
            end, after = find_env_end(s, k, env)
            self.flush()
            for text in table_rows(s[k:end], base):
                self.items.append(RawParagraph(text, self.section_id))
            return after
        if base in SKIPPED or env in SKIPPED:
            _, after = find_env_end(s, k, env)
            return after
        if base in self.theorems:
            self.flush()
            theorem = self.theorems[base]
            title, k = read_optional(s, k)
            heading = theorem.name
            if theorem.counter and not star:
                self.counters[theorem.counter] = self.counters.get(theorem.counter, 0) + 1
                number = str(self.counters[theorem.counter])
                if theorem.within in self.printed:
                    number = f"{self.printed[theorem.within]}.{number}"
                heading += " " + number
                self.target = (number, theorem.name)
            if title:
                heading += f" ({title})"
            self.buffer.append(heading + ". ")
            return k
        if base in BREAKING:
            self.flush()
            # Layout arguments: enumitem options, a minipage's width, a list's label code.
            _, k = read_optional(s, k)
            for _ in range(ENV_ARGS.get(base, 0)):
                _, k = read_group(s, k)
            if base == "proof":
                title, k = read_optional(s, k)
                self.buffer.append((title or "Proof") + ". ")
        return k

    # -- equations ----------------------------------------------------------------------------

    def next_number(self) -> str:
        if self.sub_parent is not None:
            self.sub_index += 1
            return self.sub_parent + letters(self.sub_index).lower()
        self.counters["equation"] = self.counters.get("equation", 0) + 1
        value = self.counters["equation"]
        if self.theequation:
            number = format_counter(self.theequation, self.counters, self.printed)
            if number:
                return number
        if self.report:
            return f"{self.counter_text('chapter', True)}.{value}"
        if self.within_section:
            return f"{self.counter_text('section', True)}.{value}"
        return str(value)

    def display(self, body: str, env: str) -> None:
        """Equations of one display; ``\\intertext`` splits it with a paragraph between."""
        for kind, piece in split_intertext(body):
            if kind == "text":
                self.items.append(RawParagraph(piece, self.section_id))
                continue
            found = formulas(piece, env, self.next_number)
            self.flush()
            for formula in found:
                if formula.number is not None:
                    for label in formula.labels:
                        self.labels[label] = formula.number
                        self.kinds[label] = "Equation"
                self.equation_ids += 1
                self.items.append(
                    Equation(
                        id=f"eq-{self.equation_ids}",
                        latex=formula.latex,
                        number=formula.number,
                        display=True,
                        section=self.section_id,
                        label=formula.labels[0] if formula.labels else None,
                    )
                )

    # -- paragraphs ---------------------------------------------------------------------------

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        if text.strip():
            self.items.append(RawParagraph(text, self.section_id))

    def blocks(self, cites: Bibliography) -> tuple[Block, ...]:
        blocks: list[Block] = []
        count = 0
        for item in self.items:
            if isinstance(item, RawParagraph):
                text, math = paragraph_text(item.latex, self.labels, cites, self.kinds)
                if not text.strip() or text.strip() in ("•", "."):
                    continue
                count += 1
                blocks.append(Paragraph(f"p-{count}", text, item.section, None, math))
            else:
                blocks.append(item)
        for index, block in enumerate(blocks):
            if isinstance(block, Equation):
                blocks[index] = replace(
                    block,
                    context_before=context_before(blocks, index),
                    context_after=context_after(blocks, index),
                )
        return tuple(blocks)
