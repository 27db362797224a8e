"""Split an equation's LaTeX into the symbols a reader would ask about.

Owns: ``extract_symbols`` and ``SymbolOccurrence`` (one written occurrence of a symbol with its
accents, font, scripts and grouping key), plus the vocabularies of Greek letters, named
functions, operators and relations the splitter recognises.

Must not: look anything up in the glossary, guess meanings, or import anything heavy.

The grouping key (which forms are "the same symbol")
----------------------------------------------------
The key is the base with its accents and font, plus any script that *names a variant*; scripts
that *index* are dropped. So ``h_t``, ``h_{t-1}`` and ``h_t^j`` are all ``h``, while
``\\mathbf{W}_z``, ``d_k``, ``d_{model}``, ``\\beta_1`` and ``W^Q`` keep their script.

A subscript names a variant when it is
- a word of two or more letters (``model``, ``\\text{enc}``, ``LM``), or a Greek letter
  (``p_\\theta``);
- a single letter that is not a usual index letter (i j k l m n t s τ): ``W_z``, ``U_r``, ``b_h``;
- any single letter or number on a count or dimension base (d, n, N, D): ``d_k``, ``n_h``;
- a number on a Greek, capital or bold base (``\\beta_1``, ``W_1``); on a lowercase Latin base
  a number is an index (``x_1, x_2``).
Everything else (``t-1``, ``i,j``, ``k,0``, expressions) indexes.

A superscript's role: ``\\top``/``T``/``\\intercal`` transpose (T only on a bold or single-letter
base), ``-1`` inverse, ``'``/``\\prime`` prime, ``*``/``\\star``/``\\ast`` star (part of the key:
an optimum is a different quantity), ``(i)``/``[l]``/``<t>`` and index letters index, a capital
letter or word names (``W^Q``, ``h^{LM}``), numbers and other expressions are powers.

The formula as a whole then settles what one script alone cannot (``_roles_in_context``): a
constant rate raised to an index letter is a power (``\\beta_2^t``, ``\\gamma^k``: β₂ to the
power t), unless the formula writes its steps as superscripts (``\\theta^t``, ``g^t``); and
``\\theta^{t+1}`` next to ``\\theta^t`` is the next step, not a power.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from paperpal.mathtokens import TEXT_COMMANDS, Token, tokenize

GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu "
    "xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta "
    "Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell hbar imath jmath".split()
)
FUNCTIONS = frozenset(
    "tanh sinh cosh tan sin cos log ln exp max min arg argmax argmin sup inf lim det tr "
    "trace diag sgn sign softmax relu sigmoid dim ker rank Pr var cov".split()
)
# The named functions LaTeX itself provides as commands (\log, \max ...).
TEX_FUNCTIONS = frozenset(
    "tanh sinh cosh tan sin cos log ln exp max min arg sup inf lim det dim ker Pr".split()
)
# Words that, written as a run of italic letters before "(", are function names anyway.
# No function name written as italic letters is longer than this ("layernorm" is 9).
_MAX_WORD = 16
FUNCTION_WORDS = frozenset(
    "softmax relu tanh sigmoid exp log max min argmax argmin concat attention multihead head "
    "layernorm dropout ffn sublayer diag tr var cov kl sign".split()
)
OPERATORS = frozenset(
    "sum prod int oint iint coprod bigcup bigcap bigoplus bigotimes nabla partial odot otimes "
    "oplus circ cdot times div ast star bullet wedge vee cup cap setminus triangle "
    "sqrt pm mp infty Delta".split()
)
RELATIONS = frozenset(
    "sim propto approx simeq cong equiv leq geq neq ll gg in notin subset subseteq supset "
    "supseteq rightarrow leftarrow Rightarrow Leftarrow leftrightarrow Leftrightarrow mapsto "
    "triangleq coloneqq doteq models perp mid".split()
)
ACCENTS = {
    "\\hat": "hat",
    "\\widehat": "hat",
    "\\tilde": "tilde",
    "\\widetilde": "tilde",
    "\\bar": "bar",
    "\\overline": "bar",
    "\\vec": "vec",
    "\\dot": "dot",
    "\\ddot": "ddot",
    "\\check": "check",
    "\\breve": "breve",
    "\\underline": "underline",
    "\\mathring": "ring",
}
FONTS = {
    "\\mathbf": "bold",
    "\\boldsymbol": "bold",
    "\\bm": "bold",
    "\\pmb": "bold",
    "\\mathbold": "bold",
    "\\mathcal": "calligraphic",
    "\\mathscr": "script",
    "\\mathbb": "blackboard",
    "\\mathfrak": "fraktur",
    "\\mathrm": "roman",
    "\\operatorname": "roman",
    "\\mathit": "italic",
    "\\mathsf": "sans",
    "\\mathtt": "mono",
}
_CANON_FONT = {
    "bold": "\\mathbf",
    "calligraphic": "\\mathcal",
    "script": "\\mathscr",
    "blackboard": "\\mathbb",
    "fraktur": "\\mathfrak",
    "roman": "\\mathrm",
    "italic": "\\mathit",
    "sans": "\\mathsf",
    "mono": "\\mathtt",
}
_CANON_ACCENT = {v: k for k, v in reversed(list(ACCENTS.items()))}
INDEX_LETTERS = frozenset("ijklmnts") | {"\\tau"}
_COUNT_BASES = frozenset("dnND")
# Prose that turns up inside math (``\text{if}``, or words a PDF reader put in a formula).
_TEXT_STOP = frozenset(
    "if and or for otherwise else where with when then s.t. st subject to all else. is of "
    "in on as such that namely from thus hence given each since because while so this these "
    "note let we see also ie eg i.e. e.g. are be by at it its the an".split()
)
_SKIP = frozenset(
    {
        "\\frac",
        "\\dfrac",
        "\\tfrac",
        "\\binom",
        "\\left",
        "\\right",
        "\\middle",
        "\\big",
        "\\Big",
        "\\bigg",
        "\\Bigg",
        "\\bigl",
        "\\bigr",
        "\\Bigl",
        "\\Bigr",
        "\\biggl",
        "\\biggr",
        "\\Biggl",
        "\\Biggr",
        "\\begin",
        "\\end",
        "\\label",
        "\\tag",
        "\\ldots",
        "\\cdots",
        "\\dots",
        "\\vdots",
        "\\ddots",
        "\\quad",
        "\\qquad",
        "\\limits",
        "\\nolimits",
        "\\displaystyle",
        "\\nonumber",
        "\\\\",
        "\\{",
        "\\}",
        "\\langle",
        "\\rangle",
        "\\lfloor",
        "\\rfloor",
        "\\lceil",
        "\\rceil",
        "\\color",
        "\\textcolor",
        "\\phantom",
        "\\overset",
        "\\underset",
        "\\stackrel",
        "\\overbrace",
        "\\underbrace",
        "\\boxed",
        "\\mathop",
        "\\lbrace",
        "\\rbrace",
    }
)


@dataclass(frozen=True, slots=True)
class SymbolOccurrence:
    """One written occurrence of a symbol inside an equation."""

    key: str  # grouping key: "h" for h_t, h_{t-1}, h_t^j; "\\mathbf{W}_z"; "\\sigma"
    latex: str  # as written
    kind: str  # identifier | operator | function | relation | number | set
    base: str  # the bare symbol: "h", "\\sigma", "W", "softmax"
    accents: tuple[str, ...] = ()  # outermost first: ("tilde",)
    font: str | None = None  # bold | calligraphic | blackboard | roman | ...
    subscript: str | None = None  # LaTeX of the subscript, as written (without braces)
    superscript: str | None = None
    superscript_role: str | None = None  # power | index | transpose | inverse | prime | star | name
    applied: bool = False  # followed by an argument in parentheses
    start: int = 0
    end: int = 0
    subscript_role: str | None = None  # name | index


@dataclass(slots=True)
class _Atom:
    base: str
    kind: str
    accents: list[str]
    font: str | None
    start: int
    end: int


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
        return _roles_in_context(out)
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
        if kind == "command" and value in _SKIP:
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
            if re.fullmatch(r"[A-Za-z]{2,}", words) and words.lower() not in _TEXT_STOP:
                named = _Atom(words, "function", [], "roman", tok.start, toks[b].end if b < stop else tok.end)
                i = _finish(src, toks, named, j, stop, out)
            else:
                i = j
            continue
        atom, j = _read_atom(src, toks, i, stop)
        if atom is None:
            i = max(j, i + 1)
            continue
        i = _finish(src, toks, atom, j, stop, out)


def _read_atom(src: str, toks: list[Token], i: int, stop: int) -> tuple[_Atom | None, int]:
    tok = toks[i]
    if tok.kind == "letter":
        # A run of italic letters before "(" that spells a known function: softmax(x). The scan
        # stops past the longest plausible name, so a run of 10,000 letters (a runaway macro)
        # costs the same per letter as a short one instead of making the walk quadratic.
        j = i
        while (
            j + 1 < stop
            and j - i <= _MAX_WORD
            and toks[j + 1].kind == "letter"
            and toks[j + 1].start == toks[j].end
        ):
            j += 1
        if i < j <= i + _MAX_WORD:
            word = "".join(t.value for t in toks[i : j + 1])
            nxt = toks[j + 1].value if j + 1 < stop else ""
            if word.lower() in FUNCTION_WORDS or (len(word) >= 3 and nxt == "(" and word.isalpha()):
                if word.lower() in FUNCTION_WORDS or len(word) >= 4:
                    base = "\\" + word if word in TEX_FUNCTIONS else word  # italic "log" is \log
                    return _Atom(base, "function", [], None, tok.start, toks[j].end), j + 1
        return _Atom(tok.value, "identifier", [], None, tok.start, tok.end), i + 1
    if tok.kind == "digit":
        return _Atom(tok.value, "number", [], None, tok.start, tok.end), i + 1
    if tok.kind == "symbol":
        if tok.value == "'":
            return None, i + 1
        return None, i + 1
    if tok.kind != "command":
        return None, i + 1
    name = tok.value[1:]
    cmd = tok.value
    if name in GREEK:
        kind = "operator" if name == "Delta" and False else "identifier"
        return _Atom(cmd, kind, [], None, tok.start, tok.end), i + 1
    if name in FUNCTIONS:
        base = cmd
        j = i + 1
        if name == "arg" and j < stop and toks[j].value in ("\\max", "\\min"):
            base = "\\arg" + toks[j].value
            j += 1
        return _Atom(base, "function", [], None, tok.start, toks[j - 1].end), j
    if name in OPERATORS:
        return _Atom(cmd, "operator", [], None, tok.start, tok.end), i + 1
    if name in RELATIONS:
        return _Atom(cmd, "relation", [], None, tok.start, tok.end), i + 1
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
                    if word.lower() in _TEXT_STOP:
                        return None, j  # \mathrm{where}, \mathrm{if}: prose inside math
                    if word in TEX_FUNCTIONS:
                        return _Atom("\\" + word, "function", [], None, tok.start, end), j
                    return _Atom(word, "function", [], "roman", tok.start, end), j
                return _Atom(word, "identifier", [], font, tok.start, end), j
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


def _finish(src: str, toks: list[Token], atom: _Atom, i: int, stop: int, out: list[SymbolOccurrence]) -> int:
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
    sub_role = _subscript_role(atom, sub) if sub else None
    sup_role: str | None
    if primes and sup is None:
        sup, sup_role = "'" * primes, "prime"
    else:
        sup_role = _superscript_role(atom, sup) if sup else None
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


# Greek letters papers use for constant rates and factors (a decay rate, a discount factor, a
# trace decay, a spectral radius): raised to an index letter, they are raised to a power.
_RATE_BASES = frozenset({"\\beta", "\\gamma", "\\lambda", "\\rho", "\\varrho"})
_STEP = re.compile(r"(?P<letter>[a-z])\s*[-+]\s*[0-9]+")


def _roles_in_context(occs: list[SymbolOccurrence]) -> list[SymbolOccurrence]:
    """Superscript roles settled by the rest of the formula, the way a reader settles them.

    ``\\beta_2^t`` alone could be "β₂ at step t" or "β₂ to the power t"; a reader takes the
    power, because β₂ is a constant (no index of its own) and t counts steps. Only when the
    formula writes steps as superscripts on other symbols (``\\theta^t``, ``g^t``) is the t an
    index there too. Likewise ``\\theta^{t+1}`` beside ``\\theta^t`` is the next step.
    """
    steps_above = {
        (o.superscript or "").strip()
        for o in occs
        if o.superscript_role == "index" and o.base not in _RATE_BASES
    }
    out = []
    for occ in occs:
        sup = (occ.superscript or "").strip()
        role = occ.superscript_role
        if (
            role == "index"
            and occ.base in _RATE_BASES
            and not occ.accents
            and occ.font is None
            and occ.subscript_role in (None, "name")
            and sup in INDEX_LETTERS
            and sup not in steps_above
        ):
            role = "power"
        elif role == "power" and (m := _STEP.fullmatch(sup)) and m.group("letter") in INDEX_LETTERS:
            letter = m.group("letter")
            if any(
                o.key == occ.key and (o.superscript or "").strip() == letter and o.superscript_role == "index"
                for o in occs
            ):
                role = "index"
        out.append(occ if role == occ.superscript_role else replace(occ, superscript_role=role))
    return out


def _worth_a_row(occ: SymbolOccurrence) -> bool:
    """Plain index letters (the t of h_{t-1}) and numbers inside scripts get no row of their own."""
    return occ.kind != "number" and occ.key not in INDEX_LETTERS


def _brace(s: str) -> str:
    return s if len(s) == 1 or re.fullmatch(r"\\[A-Za-z]+", s) else "{" + s + "}"


def _base_key(atom: _Atom) -> str:
    key = atom.base
    if atom.font and atom.font in _CANON_FONT and not (atom.kind == "function" and atom.font == "roman"):
        key = f"{_CANON_FONT[atom.font]}{{{key}}}"
    elif atom.kind == "function" and not key.startswith("\\"):
        key = f"\\mathrm{{{key}}}"
    for accent in reversed(atom.accents):
        command = _CANON_ACCENT.get(accent, "\\" + accent)
        key = f"{command}{{{key}}}"
    return key


def _is_word(s: str) -> bool:
    s = re.sub(r"\\(?:textnormal|textup|text|mathrm|textrm|mbox|operatorname|mathit|textit|rm)\s*", "", s)
    s = s.replace("{", "").replace("}", "").replace(" ", "")
    return bool(re.fullmatch(r"[A-Za-z]{2,}", s))


def _subscript_role(atom: _Atom, sub: str) -> str:
    s = sub.strip()
    if _is_word(s) or re.fullmatch(
        r"\\(?:textnormal|textup|text|mathrm|textrm|mbox|operatorname)\s*\{.*\}", s
    ):
        return "name"
    if s.startswith("\\") and s[1:] in GREEK and s[1:] != "tau":
        return "name"
    count_base = atom.base in _COUNT_BASES and not atom.accents and atom.font is None
    if re.fullmatch(r"[A-Za-z]", s):
        if count_base:
            return "name"
        return "index" if s in INDEX_LETTERS else "name"
    if re.fullmatch(r"[0-9]+", s):
        greek_or_capital = atom.base.startswith("\\") or atom.base[:1].isupper() or atom.font == "bold"
        return "name" if (greek_or_capital or count_base) else "index"
    return "index"


def _superscript_role(atom: _Atom, sup: str) -> str:
    s = sup.strip()
    if s in ("\\top", "\\intercal", "\\mathsf{T}", "\\mathrm{T}", "\\mathsf T", "\\rm T"):
        return "transpose"
    if s == "T" and (atom.font == "bold" or len(atom.base) == 1):
        return "transpose"
    if s in ("-1", "{-1}"):
        return "inverse"
    if s in ("*", "\\star", "\\ast"):
        return "star"
    if s in ("\\prime", "'", "''", "\\prime\\prime"):
        return "prime"
    if re.fullmatch(r"\(.*\)|\[.*\]|<.*>|\\langle.*\\rangle", s):
        return "index"
    if s in INDEX_LETTERS:
        return "index"
    if re.fullmatch(r"[A-Z]", s) or _is_word(s):
        return "name"
    return "power"
