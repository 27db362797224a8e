"""Read a paper's LaTeX source into a ``Document``: the accurate path of extraction.

Owns: the order of the work (find and flatten the main file -> expand the authors' macros ->
walk the body) and the walk itself: sections with their printed numbers (``\\appendix`` letters,
report-class chapters), paragraphs, display equations with the numbers the PDF prints (amsmath
counters, ``\\nonumber``/``\\notag``, ``\\tag``, per-row numbers in ``align``, ``subequations``,
``\\numberwithin``), ``\\label``s resolved for ``\\ref``/``\\eqref``, theorem-like environments,
and each equation's surrounding sentences.

Must not: import anything heavy, or lose a paper: anything odd becomes a warning and the rest is
read. ``UnreadablePaper`` is raised only when there is no usable main file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from paperpal.errors import UnreadablePaper
from paperpal.extract.latex_files import flatten
from paperpal.extract.latex_math import tidy_math
from paperpal.extract.latex_scan import (
    find_env_end,
    find_math_end,
    read_group,
    read_optional,
    split_rows,
)
from paperpal.extract.latex_text import plain, to_plain
from paperpal.extract.macros import THEEQUATION_MARK, MacroTable, expand
from paperpal.models import Block, Document, Equation, Paragraph, Section

CONTEXT_CHARS = 300

_NUMBERED_MULTI = {"align", "gather", "eqnarray", "alignat", "flalign", "xalignat", "IEEEeqnarray"}
_NUMBERED_SINGLE = {"equation", "multline", "dmath"}
_UNNUMBERED = {"displaymath"}
_FLOATS = {"figure": "Figure", "table": "Table", "algorithm": "Algorithm", "wrapfigure": "Figure"}
_SKIPPED = {
    "tikzpicture",
    "thebibliography",
    "verbatim",
    "lstlisting",
    "comment",
    "tabular",
    "tabularx",
    "picture",
    "filecontents",
    "filecontents*",
    "titlepage",
    "abstract",
    "algorithmic",
    "minted",
    "Verbatim",
    "tabular*",
    "longtable",
    "acronym",
}
_BREAKING = {
    "itemize",
    "enumerate",
    "description",
    "quote",
    "quotation",
    "center",
    "proof",
    "minipage",
    "flushleft",
    "flushright",
    "list",
    "compactitem",
    "compactenum",
    "small",
}
_TABULAR = {"tabular": 1, "tabularx": 2, "tabular*": 2, "longtable": 1, "tabulary": 2}
_TABULAR_BEGIN = re.compile(r"\\begin\s*\{(tabular\*?|tabularx|longtable|tabulary)\}")
_ALGORITHMIC_BEGIN = re.compile(r"\\begin\s*\{(algorithmic)\}")
_CAPTION = re.compile(r"\\caption(?![A-Za-z@])\*?")
_ENV_ARGS = {"minipage": 1, "list": 2}
_SECTION_LEVELS = {"part": 0, "chapter": 0, "section": 1, "subsection": 2, "subsubsection": 3}
_REPORT_CLASSES = {"report", "book", "memoir", "scrreprt", "scrbook", "thesis"}
_TITLE_BLOCK = {
    "title": 1,
    "author": 1,
    "date": 1,
    "affil": 1,
    "address": 1,
    "email": 1,
    "keywords": 1,
    "affiliation": 1,
    "icmltitle": 1,
    "icmlauthor": 2,
    "icmlaffiliation": 2,
    "icmlcorrespondingauthor": 2,
    "icmlkeywords": 1,
    "bibliography": 1,
    "bibliographystyle": 1,
    "caption": 1,
    "thanks": 1,
    "setlength": 2,
    "vspace": 1,
    "hspace": 1,
    "institute": 1,
    "titlerunning": 1,
    "authorrunning": 1,
    "runningtitle": 1,
    "shorttitle": 1,
    "pagestyle": 1,
    "thispagestyle": 1,
    "abstract": 1,
    "epigraph": 2,
    "setcounter": 2,
}
_EVENT = re.compile(r"\\(?:[A-Za-z@]+\*?|.)|\$\$?|\n[ \t]*\n\s*", re.DOTALL)
_ALGORITHM_LINE = re.compile(
    r"\\(?:STATE|State|Statex|FOR|For|ForAll|FORALL|WHILE|While|IF|If|ELSIF|ElsIf|ELSE|Else|"
    r"ENDFOR|EndFor|ENDWHILE|EndWhile|ENDIF|EndIf|RETURN|Return|REPEAT|Repeat|UNTIL|Until|"
    r"REQUIRE|Require|ENSURE|Ensure|Function|EndFunction|Procedure|EndProcedure|LOOP|Loop|"
    r"ENDLOOP|EndLoop)(?![A-Za-z@])"
)
_UNNUMBERED_LINES = {"statex", "require", "ensure"}
_ALGORITHM_WORDS = {
    "for": "for", "forall": "for all", "while": "while", "if": "if", "elsif": "else if",
    "else": "else", "endfor": "end for", "endwhile": "end while", "endif": "end if",
    "return": "return", "repeat": "repeat", "until": "until", "require": "Require:",
    "ensure": "Ensure:", "function": "function", "endfunction": "end function",
    "procedure": "procedure", "endprocedure": "end procedure", "loop": "loop",
    "endloop": "end loop",
}  # fmt: skip
_BEGIN_ENV = re.compile(r"\\begin\s*\{([^{}]*)\}")
_INTERTEXT = re.compile(r"\\(?:short)?intertext(?![A-Za-z@])")
_COUNTER_STYLE = re.compile(r"\\(arabic|Alph|alph|Roman|roman)\s*\{([A-Za-z]+)\}")
_THE_COUNTER = re.compile(r"\\the([A-Za-z]+)")
_LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")
_TAG = re.compile(r"\\tag(\*?)\s*\{")
_NONUMBER = re.compile(r"\\(?:nonumber|notag)\b")
_WS = re.compile(r"\s+")
_BIBITEM = re.compile(r"\\bibitem\s*(?:\[(?:[^\[\]]|\[[^\]]*\])*\])?\s*\{([^{}]*)\}")
_NEWTHEOREM = re.compile(
    r"\\newtheorem(\*?)\s*\{([^{}]*)\}\s*(?:\[([^\]]*)\])?\s*\{([^{}]*)\}\s*(?:\[([^\]]*)\])?"
)
_SENTENCE_END = re.compile(r"[.!?:;]\s+(?=[A-Z$“(])")


def read_latex(source_dir: Path, *, title_hint: str = "") -> Document:
    """Read the LaTeX source in ``source_dir`` (a folder, or a single ``.tex`` file)."""
    flat = flatten(Path(source_dir), title_hint)
    warnings = list(flat.warnings)
    table = MacroTable()
    for _, text in flat.packages:
        expand(text, table, harvest_only=True)  # style-file oddities are not the paper's fault
    expanded, expansion_warnings = expand(flat.text, table)
    warnings.extend(expansion_warnings)

    begin = expanded.find("\\begin{document}")
    if begin < 0:
        warnings.append("the main file has no \\begin{document}; read it all as the body")
        preamble, body = "", expanded
    else:
        preamble, body = expanded[:begin], expanded[begin + len("\\begin{document}") :]
    end = body.find("\\end{document}")
    if end >= 0:
        body = body[:end]

    walk = _Walk(
        report=_document_class(preamble) in _REPORT_CLASSES,
        within_section=_equations_within_section(preamble),
        theorems=_theorems(preamble + body),
    )
    defined = preamble.rfind(THEEQUATION_MARK)
    if defined >= 0:
        walk.theequation = read_group(preamble, defined + len(THEEQUATION_MARK))[0]
    walk.run(body)
    if walk.unbalanced:
        warnings.append(f"{walk.unbalanced} environment(s) or formula(s) were never closed")
    # Numbers in the order of the bibliography: the .bbl, or one written into the paper.
    inline = body.find("\\begin{thebibliography}")
    bibliography = flat.bbl or (body[inline:] if inline >= 0 else "")
    cites = {key.strip(): i for i, key in enumerate(_BIBITEM.findall(bibliography), start=1)}
    blocks = walk.blocks(cites)
    title = _title(expanded) or title_hint or _leading_heading(blocks) or flat.main.stem
    abstract = _abstract(expanded, walk.labels, cites)
    if not blocks and not abstract:
        raise UnreadablePaper(f"the LaTeX source in {source_dir} has no readable text; read the PDF instead")
    return Document(
        title=title,
        source="latex",
        blocks=blocks,
        abstract=abstract,
        warnings=tuple(dict.fromkeys(warnings)),
    )


# ----------------------------------------------------------------------------------------------
# preamble facts
# ----------------------------------------------------------------------------------------------


def _document_class(preamble: str) -> str:
    match = re.search(r"\\documentclass\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}", preamble)
    return match.group(1).strip() if match else "article"


def _equations_within_section(preamble: str) -> bool:
    return bool(re.search(r"\\(?:numberwithin|counterwithin)\s*\{equation\}\s*\{section\}", preamble))


@dataclass(frozen=True, slots=True)
class _Theorem:
    name: str  # the printed name: "Theorem"
    counter: str | None  # the counter it shares; None when unnumbered
    within: str | None = None  # "section": numbered 2.1, 2.2... and reset by each section


def _theorems(text: str) -> dict[str, _Theorem]:
    theorems: dict[str, _Theorem] = {}
    for star, env, shared, name, within in _NEWTHEOREM.findall(text):
        counter = None if star else (shared.strip() or env.strip())
        # A shared counter keeps the numbering style of the theorem that owns it.
        owner = theorems.get(shared.strip()) if shared.strip() else None
        parent = owner.within if owner is not None else (within.strip() or None)
        theorems[env.strip()] = _Theorem(plain(name), counter, parent)
    return theorems


_TITLE_COMMAND = re.compile(r"\\(?:title|[a-z]+title)(?![A-Za-z@])")
_TITLE_LIKE = re.compile(r"(?:[a-z]*title|[a-z]*authors?|[a-z]*address|[a-z]*affiliation)\Z")


def _title(text: str) -> str:
    """The \\title (or a template's \\icmltitle, \\aistatstitle...), as plain text."""
    for match in _TITLE_COMMAND.finditer(text):
        if match.group(0) in ("\\maketitle", "\\shorttitle", "\\runningtitle"):
            continue
        _, i = read_optional(text, match.end())
        if i >= len(text) or text[i : i + 1].isspace() and not text[i:].lstrip().startswith("{"):
            continue
        group, _ = read_group(text, i)
        title = plain(group).strip()
        if title:
            return title
    return ""


def _leading_heading(blocks: tuple[Block, ...]) -> str:
    """A paper without \\title often opens with an unnumbered heading that is its title."""
    if blocks and isinstance(blocks[0], Section) and blocks[0].number is None:
        return blocks[0].title
    return ""


def _abstract(text: str, labels: dict[str, str], cites: dict[str, int]) -> str:
    start = text.find("\\begin{abstract}")
    if start >= 0:
        body_start = start + len("\\begin{abstract}")
        end, _ = find_env_end(text, body_start, "abstract")
        return to_plain(text[body_start:end], labels, cites)[0]
    match = re.search(r"\\abstract\s*\{", text)
    if match:
        group, _ = read_group(text, match.end() - 1)
        return to_plain(group, labels, cites)[0]
    return ""


# ----------------------------------------------------------------------------------------------
# the walk over the body
# ----------------------------------------------------------------------------------------------


@dataclass
class _RawParagraph:
    latex: str
    section: str | None


@dataclass
class _Walk:
    """One pass over the body, in reading order (a class: the counters are shared state)."""

    report: bool
    within_section: bool
    theorems: dict[str, _Theorem]
    items: list[Section | _RawParagraph | Equation] = field(default_factory=list)
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
        if token == "$$":
            end = find_math_end(s, j, "$$")
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
        if token == "\\[":
            end = find_math_end(s, j, "\\]")
            if end < 0:
                self.unbalanced += 1
                return j
            self.display(s[j:end], "displaymath")
            return end + 2
        if token == "\\(":
            end = find_math_end(s, j, "\\)")
            stop = end + 2 if end >= 0 else len(s)
            self.buffer.append(s[match.start() : stop])
            return stop
        name = token[1:]
        star = name.endswith("*")
        base = name.rstrip("*")
        if base in _SECTION_LEVELS:
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
            if env.strip() in _BREAKING or env.strip() in self.theorems:
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
        if base == "newtheorem":  # read before the walk (_theorems); not text
            definition = _NEWTHEOREM.match(s, match.start())
            return definition.end() if definition else j
        if base == "twocolumn":  # ICML puts the title block in \twocolumn[...]
            _, k = read_optional(s, j, long=True)
            return k
        if base in _TITLE_BLOCK or (_TITLE_LIKE.match(base) and base != "maketitle"):
            _, k = read_optional(s, j)
            for _ in range(_TITLE_BLOCK.get(base, 1)):
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
        level = _SECTION_LEVELS[kind]
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
        self.items.append(Section(section_id, number, plain(title).strip(), level))
        if number is not None:
            word = "Chapter" if kind == "chapter" else "Section"
            self.target = (number, word if not self.appendix else "Appendix")
            for key in _LABEL.findall(title):  # \section{Intro\label{sec:intro}}
                self.labels[key.strip()], self.kinds[key.strip()] = self.target
        return j

    def format_counter(self, template: str) -> str:
        """A ``\\the<counter>`` definition printed with the current counter values."""

        def styled(match: re.Match[str]) -> str:
            style, counter = match.group(1), match.group(2)
            value = self.counters.get(counter, 0)
            if style == "arabic":
                return str(value)
            if style in ("Alph", "alph"):
                return _letters(value) if style == "Alph" else _letters(value).lower()
            return _roman(value) if style == "Roman" else _roman(value).lower()

        def the(match: re.Match[str]) -> str:
            counter = match.group(1)
            if counter in self.printed:
                return self.printed[counter]
            return str(self.counters.get(counter, 0))

        text = _COUNTER_STYLE.sub(styled, template)
        text = _THE_COUNTER.sub(the, text)
        return plain(text).strip()

    def begin_appendix(self) -> None:
        if not self.appendix:
            self.appendix = True
            self.counters["chapter" if self.report else "section"] = 0

    def step_section(self, kind: str) -> str | None:
        order = ["chapter", "section", "subsection", "subsubsection"]
        if kind == "part":
            self.counters["part"] = self.counters.get("part", 0) + 1
            return _roman(self.counters["part"])
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
            return _letters(value)
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
        if base in _NUMBERED_MULTI or base in _NUMBERED_SINGLE or base in _UNNUMBERED:
            end, after = find_env_end(s, k, env)
            if end == len(s):
                self.unbalanced += 1
            body = s[k:end]
            if base in ("alignat", "xalignat", "IEEEeqnarray"):
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
        if base in _FLOATS or env in _FLOATS:
            end, after = find_env_end(s, k, env)
            kind = _FLOATS[base]
            counter = kind.lower()
            self.counters[counter] = self.counters.get(counter, 0) + 1
            number = str(self.counters[counter])
            if self.report:
                number = f"{self.counter_text('chapter', True)}.{number}"
            for label in _LABEL.finditer(s, k, end):
                key = label.group(1).strip()
                # In an algorithm a label after a step names that step's line number.
                lines = sum(
                    1
                    for m in _ALGORITHM_LINE.finditer(s, k, label.start())
                    if m.group(0)[1:].lower() not in _UNNUMBERED_LINES
                )
                self.labels.setdefault(key, str(lines) if lines else number)
                self.kinds.setdefault(key, "line" if lines else kind)
            self.float_text(s[k:end], f"{kind} {number}")
            return after
        if base in _TABULAR:
            end, after = find_env_end(s, k, env)
            self.flush()
            self.table_rows(s[k:end], base)
            return after
        if base in _SKIPPED or env in _SKIPPED:
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
        if base in _BREAKING:
            self.flush()
            # Layout arguments: enumitem options, a minipage's width, a list's label code.
            _, k = read_optional(s, k)
            for _ in range(_ENV_ARGS.get(base, 0)):
                _, k = read_group(s, k)
            if base == "proof":
                title, k = read_optional(s, k)
                self.buffer.append((title or "Proof") + ". ")
        return k

    def float_text(self, body: str, name: str) -> None:
        """A float's caption, table rows and algorithm lines, as paragraphs where it stands."""
        self.flush()
        caption = _CAPTION.search(body)
        if caption:
            _, i = read_optional(body, caption.end())
            text, _ = read_group(body, i)
            self.items.append(_RawParagraph(f"{name}: {text}", self.section_id))
        for table in _TABULAR_BEGIN.finditer(body):
            start = table.end()
            end, _ = find_env_end(body, start, table.group(1))
            self.table_rows(body[start:end], table.group(1).rstrip("*"))
        for algorithm in _ALGORITHMIC_BEGIN.finditer(body):
            start = algorithm.end()
            end, _ = find_env_end(body, start, algorithm.group(1))
            steps = body[start:end]
            _, first = read_optional(steps, 0)
            marks = list(_ALGORITHM_LINE.finditer(steps, first))
            line = 0
            for mark, following in zip(marks, marks[1:] + [None], strict=True):
                command = mark.group(0)[1:]
                word = _ALGORITHM_WORDS.get(command.lower(), "")
                step = steps[mark.end() : following.start() if following else len(steps)]
                prefix = ""
                if command.lower() not in _UNNUMBERED_LINES:
                    line += 1
                    prefix = f"{line}: "
                text = f"{prefix}{word} {step}" if word else prefix + step
                self.items.append(_RawParagraph(text, self.section_id))

    def table_rows(self, body: str, kind: str) -> None:
        """One paragraph per table row, cells joined by " | " (their formulas are the paper's)."""
        _, i = read_optional(body, 0)
        for _ in range(_TABULAR[kind]):
            _, i = read_group(body, i)
        for row in split_rows(_without_skipped(body[i:])):
            cells = [cell.strip() for cell in _strip_alignment(row, "\x02").split("\x02")]
            if any(plain(cell).strip() for cell in cells):
                self.items.append(_RawParagraph(" | ".join(cells), self.section_id))

    # -- equations ----------------------------------------------------------------------------

    def next_number(self) -> str:
        if self.sub_parent is not None:
            self.sub_index += 1
            return self.sub_parent + _letters(self.sub_index).lower()
        self.counters["equation"] = self.counters.get("equation", 0) + 1
        value = self.counters["equation"]
        if self.theequation:
            number = self.format_counter(self.theequation)
            if number:
                return number
        if self.report:
            return f"{self.counter_text('chapter', True)}.{value}"
        if self.within_section:
            return f"{self.counter_text('section', True)}.{value}"
        return str(value)

    def display(self, body: str, env: str) -> None:
        """Equations of one display; ``\\intertext`` splits it with a paragraph between."""
        i = 0
        for match in _INTERTEXT.finditer(body):
            if match.start() < i:
                continue
            text, end = read_group(body, match.end())
            self.display_part(body[i : match.start()], env)
            self.items.append(_RawParagraph(text, self.section_id))
            i = end
        self.display_part(body[i:], env)

    def display_part(self, body: str, env: str) -> None:
        base = env.rstrip("*")
        numbered = not env.endswith("*") and (base in _NUMBERED_MULTI or base in _NUMBERED_SINGLE)
        if base in _NUMBERED_MULTI:
            rows = [_parse_row(row) for row in split_rows(body)]
        else:
            # One formula, one number: rows of a multline are one expression broken in lines.
            row = _parse_row(body)
            if base == "multline":
                row = replace(row, latex=" ".join(r.strip() for r in split_rows(row.latex)))
            rows = [row]
        groups: list[tuple[list[_Row], str | None]] = []
        pending: list[_Row] = []
        for row in rows:
            if not row.latex.strip() and row.label is None and row.tag is None:
                continue
            pending.append(row)
            number: str | None = None
            if row.tag is not None:
                number = row.tag
            elif numbered and not row.nonumber:
                number = self.next_number()
            if number is not None:
                groups.append((pending, number))
                pending = []
        if pending:
            if groups and base in _NUMBERED_MULTI and numbered:
                last_rows, last_number = groups[-1]
                groups[-1] = (last_rows + pending, last_number)
            else:
                groups.append((pending, None))
        self.flush()
        for group, number in groups:
            labels = [r.label for r in group if r.label]
            if len(group) == 1:
                latex = _clean(_strip_alignment(group[0].latex))
            else:
                latex = " \\\\ ".join(_clean(r.latex) for r in group)
            for label in labels:
                if number is not None:
                    self.labels[label] = number
                    self.kinds[label] = "Equation"
            self.equation_ids += 1
            self.items.append(
                Equation(
                    id=f"eq-{self.equation_ids}",
                    latex=latex,
                    number=number,
                    display=True,
                    section=self.section_id,
                    label=labels[0] if labels else None,
                )
            )

    # -- paragraphs ---------------------------------------------------------------------------

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        if text.strip():
            self.items.append(_RawParagraph(text, self.section_id))

    def blocks(self, cites: dict[str, int]) -> tuple[Block, ...]:
        blocks: list[Block] = []
        count = 0
        for item in self.items:
            if isinstance(item, _RawParagraph):
                text, math = to_plain(item.latex, self.labels, cites, self.kinds)
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
                    context_before=_context_before(blocks, index),
                    context_after=_context_after(blocks, index),
                )
        return tuple(blocks)


@dataclass(frozen=True, slots=True)
class _Row:
    latex: str
    label: str | None = None
    tag: str | None = None
    nonumber: bool = False


def _parse_row(row: str) -> _Row:
    labels = _LABEL.findall(row)
    row = _LABEL.sub(" ", row)
    tag: str | None = None
    match = _TAG.search(row)
    if match:
        group, end = read_group(row, match.end() - 1)
        tag = plain(group).strip()
        row = row[: match.start()] + " " + row[end:]
    nonumber = bool(_NONUMBER.search(row))
    row = _NONUMBER.sub(" ", row)
    return _Row(row, labels[0].strip() if labels else None, tag, nonumber)


_ALIGN_PARTS = re.compile(r"\\begin\s*\{[^{}]*\}|\\end\s*\{[^{}]*\}|\\&|&")


def _without_skipped(body: str) -> str:
    """``body`` without the environments that are never text (tikz pictures in table cells)."""
    pieces: list[str] = []
    done = 0
    for match in _BEGIN_ENV.finditer(body):
        if match.start() < done or match.group(1).strip() not in _SKIPPED:
            continue
        _, end = find_env_end(body, match.end(), match.group(1).strip())
        pieces.append(body[done : match.start()])
        done = end
    pieces.append(body[done:])
    return "".join(pieces)


def _strip_alignment(row: str, mark: str = " ") -> str:
    """Drop the row's own "&" marks; an inner matrix, cases or split keeps its own."""
    depth = 0

    def keep(match: re.Match[str]) -> str:
        nonlocal depth
        token = match.group(0)
        if token.startswith("\\begin"):
            depth += 1
        elif token.startswith("\\end"):
            depth = max(0, depth - 1)
        elif token == "&" and depth == 0:
            return mark
        return token

    return _ALIGN_PARTS.sub(keep, row)


def _clean(latex: str) -> str:
    return tidy_math(latex)


def _context_before(blocks: list[Block], index: int) -> str:
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


def _context_after(blocks: list[Block], index: int) -> str:
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


def _letters(value: int) -> str:
    if value <= 0:
        return "0"
    letters = ""
    while value > 0:
        value, rest = divmod(value - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _roman(value: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for amount, numeral in numerals:
        while value >= amount:
            out += numeral
            value -= amount
    return out or "0"
