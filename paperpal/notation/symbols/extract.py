"""Splitting an equation's LaTeX into the symbols a reader would ask about: the walk over tokens.

Owns: ``extract_symbols(latex)`` (memoised per distinct formula): reads each symbol's base (a
letter, a Greek letter, a named function, an operator, a font or accent around either), its
primes and scripts, asks ``roles`` what each script does, and builds the grouping key; symbols
inside an index or a power are symbols too.

Must not: raise on any input (it returns what it could read), or import anything heavy.
"""

from __future__ import annotations

import functools
import re

from paperpal.mathtokens import TEXT_COMMANDS, Token, tokenize
from paperpal.notation.symbols.occurrence import Atom, SymbolOccurrence
from paperpal.notation.symbols.roles import INDEX_LETTERS, roles_in_context, subscript_role, superscript_role
from paperpal.notation.symbols.vocab import (
    ACCENTS,
    CANON_ACCENT,
    CANON_FONT,
    FONTS,
    FUNCTION_WORDS,
    FUNCTIONS,
    GREEK,
    MAX_WORD,
    OPERATORS,
    RELATIONS,
    SKIP,
    TEX_FUNCTIONS,
    TEXT_STOP,
)

__all__ = ["extract_symbols"]


def extract_symbols(latex: str) -> list[SymbolOccurrence]:
    """The symbols in ``latex``, in order of appearance. Never raises."""
    if not isinstance(latex, str) or not latex.strip():
        return []
    if len(latex) <= _MEMO_MAX_CHARS:
        return list(_extract_memo(latex))
    return _extract(latex)


# Papers repeat their formulas ($x$, $h_t$, $\theta$ dozens of times) and the decoder reads each
# one again for definitions and for reading aloud: a memo keeps that linear in distinct formulas.
_MEMO_MAX_CHARS = 4_000


@functools.lru_cache(maxsize=8_192)
def _extract_memo(latex: str) -> tuple[SymbolOccurrence, ...]:
    return tuple(_extract(latex))


def _extract(latex: str) -> list[SymbolOccurrence]:
    try:
        toks = [t for t in tokenize(latex) if t.kind not in ("space", "comment")]
        out: list[SymbolOccurrence] = []
        _walk(latex, toks, 0, len(toks), out)
        return roles_in_context(out)
    except (RecursionError, IndexError, ValueError):
        return []


def _match(toks: list[Token], i: int, stop: int) -> int:
    """Index of the close token matching the open token at ``i`` (or ``stop``)."""
    depth = 0
    for k in range(i, stop):
        if toks[k].kind == "open":
            depth += 1
        elif toks[k].kind == "close":
            depth -= 1
            if depth == 0:
                return k
    return stop


def _group_span(toks: list[Token], i: int, stop: int) -> tuple[int, int, int]:
    """(content start, content end, next index) of the argument at ``i``: a group or one token."""
    if i >= stop:
        return i, i, i
    if toks[i].kind == "open":
        close = _match(toks, i, stop)
        return i + 1, close, min(close + 1, stop)
    return i, i + 1, i + 1


def _walk(src: str, toks: list[Token], i: int, stop: int, out: list[SymbolOccurrence]) -> None:
    norm_open = False
    while i < stop:
        tok = toks[i]
        kind, value = tok.kind, tok.value
        if kind in ("open", "close", "align", "error", "text"):
            if kind == "open":
                close = _match(toks, i, stop)
                _walk(src, toks, i + 1, close, out)
                i = close + 1
                continue
            i += 1
            continue
        if kind == "sub" or kind == "sup":
            # Scripts without a base, or after a skipped structure: read inside them.
            a, b, j = _group_span(toks, i + 1, stop)
            found: list[SymbolOccurrence] = []
            _walk(src, toks, a, b, found)
            out.extend(o for o in found if _worth_a_row(o))
            i = max(j, i + 1)
            continue
        if kind == "command" and value == "\\|":
            if not norm_open:
                out.append(
                    SymbolOccurrence(
                        key="\\|\\cdot\\|",
                        latex="\\|",
                        kind="operator",
                        base="\\|",
                        start=tok.start,
                        end=tok.end,
                    )
                )
            norm_open = not norm_open
            i += 1
            # the closing norm's scripts (\|x\|_2^2) say which norm and its power: skip them
            while not norm_open and i < stop and toks[i].kind in ("sub", "sup"):
                i = _group_span(toks, i + 1, stop)[2]
            continue
        if kind == "command" and value in SKIP:
            if value in ("\\begin", "\\end", "\\label", "\\tag", "\\color"):
                i = _group_span(toks, i + 1, stop)[2]
            elif value in ("\\textcolor",):
                i = _group_span(toks, i + 1, stop)[2]
            else:
                i += 1
            continue
        if kind == "command" and value in TEXT_COMMANDS:
            a, b, j = _group_span(toks, i + 1, stop)
            words = "".join(t.value for t in toks[a:b]).strip()
            if re.fullmatch(r"[A-Za-z]{2,}", words) and words.lower() not in TEXT_STOP:
                named = Atom(words, "function", [], "roman", tok.start, toks[b].end if b < stop else tok.end)
                i = _finish(src, toks, named, j, stop, out)
            else:
                i = j
            continue
        atom, j = _read_atom(src, toks, i, stop)
        if atom is None:
            i = max(j, i + 1)
            continue
        i = _finish(src, toks, atom, j, stop, out)


def _read_atom(src: str, toks: list[Token], i: int, stop: int) -> tuple[Atom | None, int]:
    tok = toks[i]
    if tok.kind == "letter":
        # A run of italic letters before "(" that spells a known function: softmax(x). The scan
        # stops past the longest plausible name, so a run of 10,000 letters (a runaway macro)
        # costs the same per letter as a short one instead of making the walk quadratic.
        j = i
        while (
            j + 1 < stop
            and j - i <= MAX_WORD
            and toks[j + 1].kind == "letter"
            and toks[j + 1].start == toks[j].end
        ):
            j += 1
        if i < j <= i + MAX_WORD:
            word = "".join(t.value for t in toks[i : j + 1])
            nxt = toks[j + 1].value if j + 1 < stop else ""
            if word.lower() in FUNCTION_WORDS or (len(word) >= 3 and nxt == "(" and word.isalpha()):
                if word.lower() in FUNCTION_WORDS or len(word) >= 4:
                    base = "\\" + word if word in TEX_FUNCTIONS else word  # italic "log" is \log
                    return Atom(base, "function", [], None, tok.start, toks[j].end), j + 1
        return Atom(tok.value, "identifier", [], None, tok.start, tok.end), i + 1
    if tok.kind == "digit":
        return Atom(tok.value, "number", [], None, tok.start, tok.end), i + 1
    if tok.kind == "symbol":
        if tok.value == "|" and _conditioning_bar(toks, i, stop):
            return Atom("|", "relation", [], None, tok.start, tok.end), i + 1
        return None, i + 1
    if tok.kind != "command":
        return None, i + 1
    name = tok.value[1:]
    cmd = tok.value
    if name in GREEK:
        kind = "operator" if name == "Delta" and False else "identifier"
        return Atom(cmd, kind, [], None, tok.start, tok.end), i + 1
    if name in FUNCTIONS:
        base = cmd
        j = i + 1
        if name == "arg" and j < stop and toks[j].value in ("\\max", "\\min"):
            base = "\\arg" + toks[j].value
            j += 1
        return Atom(base, "function", [], None, tok.start, toks[j - 1].end), j
    if name in OPERATORS:
        return Atom(cmd, "operator", [], None, tok.start, tok.end), i + 1
    if name in RELATIONS:
        return Atom(cmd, "relation", [], None, tok.start, tok.end), i + 1
    if cmd in ACCENTS or cmd in FONTS:
        a, b, j = _group_span(toks, i + 1, stop)
        if a >= b:
            return None, j
        inner_toks = toks[a:b]
        end = toks[b].end if b < stop and toks[b].kind == "close" else toks[b - 1].end
        if cmd in FONTS:
            font: str | None = FONTS[cmd]
            letters = [t for t in inner_toks if t.kind in ("letter", "text")]
            if len(inner_toks) > 1 and len(letters) == len(inner_toks):
                word = "".join(t.value for t in inner_toks)
                if font == "roman" or cmd == "\\operatorname":
                    if word.lower() in TEXT_STOP:
                        return None, j  # \mathrm{where}, \mathrm{if}: prose inside math
                    if word in TEX_FUNCTIONS:
                        return Atom("\\" + word, "function", [], None, tok.start, end), j
                    return Atom(word, "function", [], "roman", tok.start, end), j
                return Atom(word, "identifier", [], font, tok.start, end), j
            inner, k = _read_atom(src, toks, a, b)
            if inner is None:
                # A font over an expression: look inside it.
                sub: list[SymbolOccurrence] = []
                _walk(src, toks, a, b, sub)
                return None, j if not sub else a
            if font == "roman" and inner.kind == "identifier" and len(inner.base) == 1:
                font = None  # \mathrm{d}, \mathrm{x}: an upright letter, no convention to tell
            inner.font = inner.font or font
            if inner.kind == "identifier" and font == "blackboard":
                inner.kind = "set" if inner.base in "RNZCQ" else "operator"
            inner.start, inner.end = tok.start, end
            return inner, j
        inner, k = _read_atom(src, toks, a, b)
        if inner is None:
            return None, a
        inner.accents.insert(0, ACCENTS[cmd])
        inner.start, inner.end = tok.start, end
        return inner, j
    return None, i + 1


def _conditioning_bar(toks: list[Token], i: int, stop: int) -> bool:
    """Whether the bar at ``i`` is the lone bar inside an applied bracket, p(a | b) or
    E_{p(b|theta)}: 'given'. A pair of bars (|x|, |S|) is an absolute value or a set's size, which
    the formula alone does not tell apart, so it gets no row."""
    depth, k = 0, i - 1
    while k >= 0:
        value = toks[k].value
        if value in (")", "]"):
            depth += 1
        elif value in ("(", "["):
            if depth == 0:
                break
            depth -= 1
        elif value == "|" and depth == 0:
            return False
        k -= 1
    if k <= 0 or toks[k - 1].kind not in ("letter", "command", "close", "sub", "sup"):
        if k <= 0 or toks[k - 1].value != "\\left":
            return False
        if k < 2 or toks[k - 2].kind not in ("letter", "command", "close"):
            return False
    depth, m = 0, i + 1
    while m < stop:
        value = toks[m].value
        if value in ("(", "["):
            depth += 1
        elif value in (")", "]"):
            if depth == 0:
                return True
            depth -= 1
        elif value == "|" and depth == 0:
            return False
        m += 1
    return False


def _script(toks: list[Token], i: int, stop: int) -> tuple[str, int, int]:
    """The script's LaTeX (no outer braces), its end offset, and the next token index."""
    a, b, j = _group_span(toks, i + 1, stop)
    if a >= b:
        return "", toks[i].end, j
    parts: list[str] = []
    prev: Token | None = None
    for t in toks[a:b]:
        if prev is not None and prev.kind == "command" and prev.value[-1].isalpha() and t.value[:1].isalpha():
            parts.append(" ")
        parts.append(t.value)
        prev = t
    end = toks[j - 1].end if j - 1 < len(toks) else toks[-1].end
    return "".join(parts), end, j


def _finish(src: str, toks: list[Token], atom: Atom, i: int, stop: int, out: list[SymbolOccurrence]) -> int:
    """Read the atom's scripts, decide their roles, and emit the occurrence."""
    sub: str | None = None
    sup: str | None = None
    primes = 0
    end = atom.end
    sub_range = sup_range = (0, 0)
    while i < stop:
        t = toks[i]
        if t.kind == "symbol" and t.value == "'":
            primes += 1
            end = t.end
            i += 1
            continue
        if t.kind == "sub" and sub is None:
            a, b, _ = _group_span(toks, i + 1, stop)
            sub, end, i = _script(toks, i, stop)
            sub_range = (a, b)
            continue
        if t.kind == "sup" and sup is None:
            a, b, _ = _group_span(toks, i + 1, stop)
            sup, end, i = _script(toks, i, stop)
            sup_range = (a, b)
            continue
        break
    applied = i < stop and (
        toks[i].value == "("
        or (
            toks[i].value in ("\\left", "\\bigl", "\\big", "\\Big", "\\Bigl")
            and i + 1 < stop
            and toks[i + 1].value in ("(", "[")
        )
    )
    if atom.kind == "number":
        out.append(
            SymbolOccurrence(
                key=atom.base,
                latex=src[atom.start : end],
                kind="number",
                base=atom.base,
                start=atom.start,
                end=end,
            )
        )
        _inner(src, toks, sub_range, sup_range, out)
        return i
    base_key = _base_key(atom)
    sub_role = subscript_role(atom, sub) if sub else None
    sup_role: str | None
    if primes and sup is None:
        sup, sup_role = "'" * primes, "prime"
    else:
        sup_role = superscript_role(atom, sup) if sup else None
    if atom.kind in ("operator", "function", "relation", "set"):
        # Scripts on an operator are its range or variable (sum_{i=1}^N, nabla_theta,
        # argmax_theta, E_{x~p}): they never name a different operator.
        sub_role = "index" if sub else None
        if sup and sup_role not in ("transpose", "inverse", "star", "prime"):
            sup_role = "index" if atom.kind != "function" else "power"
    key = base_key
    if sub and sub_role == "name":
        key += "_" + _brace(sub)
    if sup and sup_role in ("name", "star"):
        key += "^" + ("*" if sup_role == "star" else _brace(sup))
    out.append(
        SymbolOccurrence(
            key=key,
            latex=src[atom.start : end],
            kind=atom.kind,
            base=atom.base,
            accents=tuple(atom.accents),
            font=atom.font,
            subscript=sub,
            superscript=sup,
            superscript_role=sup_role,
            applied=applied,
            start=atom.start,
            end=end,
            subscript_role=sub_role,
        )
    )
    # Symbols inside an index or power are symbols too (the N of sum_{i=1}^N, the x of E_x);
    # a naming script or a transpose mark is part of this symbol, not a symbol of its own.
    _inner(
        src,
        toks,
        sub_range if sub_role == "index" else (0, 0),
        sup_range if sup_role in ("index", "power") else (0, 0),
        out,
    )
    return i


def _inner(
    src: str,
    toks: list[Token],
    sub_range: tuple[int, int],
    sup_range: tuple[int, int],
    out: list[SymbolOccurrence],
) -> None:
    for a, b in (sub_range, sup_range):
        if b > a:
            found: list[SymbolOccurrence] = []
            _walk(src, toks, a, b, found)
            out.extend(o for o in found if _worth_a_row(o))


def _worth_a_row(occ: SymbolOccurrence) -> bool:
    """Plain index letters (the t of h_{t-1}) and numbers inside scripts get no row of their own."""
    return occ.kind != "number" and occ.key not in INDEX_LETTERS


def _brace(s: str) -> str:
    return s if len(s) == 1 or re.fullmatch(r"\\[A-Za-z]+", s) else "{" + s + "}"


def _base_key(atom: Atom) -> str:
    key = atom.base
    if atom.font and atom.font in CANON_FONT and not (atom.kind == "function" and atom.font == "roman"):
        key = f"{CANON_FONT[atom.font]}{{{key}}}"
    elif atom.kind == "function" and not key.startswith("\\"):
        key = f"\\mathrm{{{key}}}"
    for accent in reversed(atom.accents):
        command = CANON_ACCENT.get(accent, "\\" + accent)
        key = f"{command}{{{key}}}"
    return key
