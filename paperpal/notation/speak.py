"""Reading an equation aloud, literally and by meaning.

Owns: ``literal`` ("h sub t, superscript j, equals one minus z sub t ...") and ``by_meaning``
(a plain sentence built from the symbols' meanings, or None when too little is known).

Must not: invent a meaning (``by_meaning`` only uses the phrases it is given), raise on any
input, or import anything heavy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from paperpal.mathtokens import Token, normalize, tokenize
from paperpal.notation.symbols import extract_symbols

_GREEK_SAID = {"varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi", "varrho": "rho",
               "varsigma": "sigma", "varpi": "pi", "ell": "ell"}  # fmt: skip
_SAID: dict[str, str] = {
    "+": "plus", "-": "minus", "=": "equals", "<": "is less than", ">": "is greater than",
    "/": "divided by", ",": ",", ";": ";", ":": ":", "!": "factorial", "|": "given",
    "\\cdot": "times", "\\times": "times", "\\odot": "element-wise times",
    "\\otimes": "tensor product", "\\oplus": "direct sum", "\\circ": "composed with",
    "\\leq": "is at most", "\\le": "is at most", "\\geq": "is at least", "\\ge": "is at least",
    "\\neq": "is not equal to", "\\approx": "is approximately", "\\sim": "is drawn from",
    "\\propto": "is proportional to", "\\equiv": "is equivalent to", "\\in": "in",
    "\\notin": "not in", "\\subset": "a subset of", "\\subseteq": "a subset of",
    "\\rightarrow": "goes to", "\\to": "to", "\\mapsto": "maps to", "\\leftarrow": "gets",
    "\\gets": "gets", "\\Rightarrow": "implies", "\\triangleq": "is defined as",
    "\\coloneqq": "is defined as", "\\pm": "plus or minus", "\\infty": "infinity",
    "\\partial": "partial", "\\nabla": "the gradient of", "\\forall": "for all",
    "\\exists": "there exists", "\\cup": "union", "\\cap": "intersection",
    "\\ldots": "and so on", "\\cdots": "and so on", "\\dots": "and so on", "\\mid": "given",
    "\\ll": "is much less than", "\\gg": "is much greater than", "\\setminus": "minus",
    "\\langle": "the inner product of", "\\rangle": "", "\\emptyset": "the empty set",
    "\\max": "the max", "\\min": "the min", "\\arg": "arg", "\\log": "log", "\\exp": "exp",
    "\\tanh": "tanh", "\\sin": "sine", "\\cos": "cosine", "\\det": "the determinant of",
    "\\sup": "the supremum", "\\inf": "the infimum", "\\lim": "the limit", "\\Pr": "the probability",
    "\\ln": "natural log", "\\tr": "the trace of", "\\lfloor": "the floor of", "\\rfloor": "",
    "\\lceil": "the ceiling of", "\\rceil": "",
}  # fmt: skip
_BIG = {"\\sum": "the sum", "\\prod": "the product", "\\int": "the integral",
        "\\bigcup": "the union", "\\bigcap": "the intersection"}  # fmt: skip
_NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()  # fmt: skip
_ACCENT_SAID = {"hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde",
                "bar": "bar", "overline": "bar", "vec": "vector", "dot": "dot", "ddot": "double dot",
                "check": "check", "breve": "breve"}  # fmt: skip
_FONT_SAID = {"mathbf": "bold", "boldsymbol": "bold", "bm": "bold", "mathcal": "calligraphic",
              "mathbb": "blackboard", "mathscr": "script", "mathfrak": "fraktur"}  # fmt: skip
_PLAIN = frozenset("mathrm operatorname text textrm mbox mathit mathsf mathtt textit textbf "
                   "emph textnormal hbox".split())  # fmt: skip
_DROP = frozenset("left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl "
                  "Biggr displaystyle textstyle limits nolimits nonumber notag quad qquad".split())  # fmt: skip

_Node = Token | list


def _tree(tokens: list[Token]) -> list[_Node]:
    root: list[_Node] = []
    stack: list[list[_Node]] = [root]
    for tok in tokens:
        if tok.kind in ("space", "comment"):
            continue
        if tok.kind == "open":
            group: list[_Node] = []
            stack[-1].append(group)
            stack.append(group)
        elif tok.kind == "close":
            if len(stack) > 1:
                stack.pop()
        else:
            stack[-1].append(tok)
    return root


def literal(latex: str) -> str:
    """``latex`` read aloud symbol by symbol; never raises (falls back to the LaTeX)."""
    if not isinstance(latex, str):
        return ""
    try:
        words = _say(_tree(tokenize(latex)))
        text = " ".join(w for w in words if w)
        text = re.sub(r"\s+([,;:])", r"\1", text)
        text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
        text = re.sub(r"\s{2,}", " ", text).strip(" ,;")
        return text or latex
    except Exception:  # noqa: BLE001 - reading aloud is best effort; the LaTeX is the fallback
        return latex


def _number(value: str) -> str:
    return _NUMBERS[int(value)] if value.isdigit() and int(value) <= 20 else value


def _arg(nodes: list[_Node], i: int) -> tuple[list[_Node], int]:
    if i >= len(nodes):
        return [], i
    node = nodes[i]
    if isinstance(node, list):
        return node, i + 1
    return [node], i + 1


def _joined(words: list[str]) -> str:
    return " ".join(w for w in words if w).strip()


def _sup_words(base_words: str, sup: list[_Node], base_is_operator: bool) -> str:
    raw = "".join(t.value if isinstance(t, Token) else "{…}" for t in sup)
    said = _joined(_say(sup, True)).strip(" ,")
    if base_is_operator:
        return f"to {said}"
    if raw in ("\\top", "T", "\\intercal"):
        return "transpose"
    if raw == "-1":
        return "inverse"
    if raw in ("*", "\\star", "\\ast"):
        return "star"
    if raw in ("\\prime", "'"):
        return "prime"
    if raw == "2":
        return "squared"
    if raw == "3":
        return "cubed"
    if re.fullmatch(r"\(.*\)|\[.*\]", raw) or raw in ("i", "j", "k", "l", "n", "t", "s", "m"):
        return f"superscript {said}"
    if re.fullmatch(r"[A-Z]|[A-Za-z]{2,}", raw):
        return f"superscript {said}"
    return f"to the power {said}"


def _say(nodes: list[_Node], in_script: bool = False) -> list[str]:
    out: list[str] = []
    prev_operand = False
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if isinstance(node, Token) and node.kind == "symbol" and node.value in ("(", "[", ")", "]"):
            i += 1
            if node.value in (")", "]"):
                out.append(",")
                prev_operand = True
            elif out and out[-1] in _APPLY:
                out.append("of")
            elif prev_operand and _applied(out, nodes, i - 1):
                out.append("of")
                prev_operand = False
            elif prev_operand:
                out.append("times")
                prev_operand = False
            continue
        if isinstance(node, Token) and node.value == "\\|" and prev_operand:
            out.append(",")  # the closing bars of a norm
            i += 1
            continue
        if in_script and isinstance(node, Token) and node.kind == "letter":
            # Inside a script a run of letters is a word: p_{data}, h^{LM}.
            j = i
            while j + 1 < len(nodes) and _is_letter(nodes[j + 1]) and nodes[j + 1].start == nodes[j].end:  # type: ignore[union-attr]
                j += 1
            if j > i:
                if prev_operand and not _continues(out):
                    out.append("times")
                out.append("".join(n.value for n in nodes[i : j + 1]))  # type: ignore[union-attr]
                prev_operand = True
                i = j + 1
                continue
        words: list[str] = []
        operand = True
        prefix_operator = False
        if isinstance(node, list):
            words = _say(node)
            i += 1
        else:
            kind, value = node.kind, node.value
            i += 1
            if kind == "letter":
                words = [value]
            elif kind == "digit":
                words = [_number(value)]
            elif kind == "text":
                words = [value.strip()]
            elif kind in ("align", "error"):
                words, operand = ([";"] if value == "\\\\" else []), False
            elif kind == "symbol":
                operand = False
                if value == "'":
                    words, operand = ["prime"], True
                else:
                    words = [_SAID.get(value, value)]
            elif kind in ("sub", "sup"):
                arg, i = _arg(nodes, i)
                if kind == "sub":
                    words = ["sub", _joined(_say(arg, True)) + ","]
                else:
                    words = [_sup_words("", arg, False) + ","]
                out.extend(words)
                continue
            elif kind == "command":
                name = value[1:]
                if name in _DROP:
                    if name in ("left", "right", "middle") and i < len(nodes) and _is(nodes[i], "."):
                        i += 1
                    continue
                if value in _BIG:
                    words, i = _big(value, nodes, i)
                    operand, prefix_operator = False, True
                elif value == "\\mathbb" and i < len(nodes) and _flat(nodes[i]) == "E":
                    i += 1
                    words, i = _big("\\E", nodes, i)
                    operand, prefix_operator = False, True
                elif name in ("frac", "dfrac", "tfrac", "cfrac"):
                    a, i = _arg(nodes, i)
                    b, i = _arg(nodes, i)
                    words = [_joined(_say(a)), "over", _joined(_say(b)) + ","]
                elif name == "sqrt":
                    a, i = _arg(nodes, i)
                    words = ["the square root of", _joined(_say(a)) + ","]
                elif name in _ACCENT_SAID:
                    a, i = _arg(nodes, i)
                    words = [_joined(_say(a)), _ACCENT_SAID[name]]
                elif name in _FONT_SAID:
                    a, i = _arg(nodes, i)
                    inner = _joined(_say(a))
                    words = [f"{_FONT_SAID[name]} {inner}" if len(inner) <= 2 else inner]
                elif name in _PLAIN:
                    a, i = _arg(nodes, i)
                    words = ["".join(_flat(x) for x in a) or _joined(_say(a))]
                elif name in ("begin", "end", "label", "tag"):
                    _, i = _arg(nodes, i)
                    continue
                elif value == "\\|":
                    words, operand = ["the norm of"], False
                elif value in _SAID:
                    words = [_SAID[value]]
                    operand = value in ("\\infty", "\\emptyset") or name in _FUNCTION_WORDS
                    prefix_operator = value in ("\\nabla", "\\partial")
                else:
                    said = _GREEK_SAID.get(name, name)
                    words = [said]
        if operand and prev_operand and words and not _continues(out):
            out.append("times")
        out.extend(words)
        prev_operand = operand and not prefix_operator
        if words and words[-1] in _APPLY:
            prev_operand = False
    return out


_FUNCTION_WORDS = frozenset("log exp tanh sin cos max min ln".split())
_APPLY = frozenset({"log", "exp", "tanh", "sine", "cosine", "natural log", "softmax", "sigma"})


def _is_letter(node: _Node) -> bool:
    return isinstance(node, Token) and node.kind == "letter"


def _applied(out: list[str], nodes: list[_Node], paren: int) -> bool:
    """Whether the "(" at ``nodes[paren]`` applies the previous symbol to an argument."""
    if not out:
        return False
    last = out[-1]
    if last in _APPLY or (len(last) >= 3 and last.isalpha() and last not in ("times", "plus", "minus")):
        return True
    before = nodes[paren - 1] if paren >= 1 else None
    here = nodes[paren]
    if isinstance(before, list):
        return True  # \mathcal{L}(\theta): a group closes right before the parenthesis
    if isinstance(before, Token) and isinstance(here, Token):
        return before.end == here.start and before.kind in ("letter", "command")
    return False


def _continues(out: list[str]) -> bool:
    return bool(out) and out[-1] in ("of", "the norm of", "the square root of", "the gradient of")


def _is(node: _Node, value: str) -> bool:
    return isinstance(node, Token) and node.value == value


def _flat(node: _Node) -> str:
    if isinstance(node, list):
        return "".join(_flat(n) for n in node)
    return node.value


def _big(command: str, nodes: list[_Node], i: int) -> tuple[list[str], int]:
    """``\\sum_{i=1}^N`` -> "the sum over i equals one to N of"; ``\\mathbb{E}_x`` likewise."""
    lead = "the expectation" if command == "\\E" else _BIG[command]
    sub_words: list[str] = []
    sup_words: list[str] = []
    while i < len(nodes):
        node = nodes[i]
        if not isinstance(node, Token) or node.kind not in ("sub", "sup"):
            break
        arg, i = _arg(nodes, i + 1)
        (sub_words if node.kind == "sub" else sup_words).extend(_say(arg, True))
    words = [lead]
    if sub_words:
        sub = _joined(sub_words).replace("equals", "from")
        words.append(f"over {sub}")
    if sup_words:
        words.append(f"to {_joined(sup_words)}")
    words.append("of")
    return words, i


# ------------------------------------------------------------------------------------------
# by meaning
# ------------------------------------------------------------------------------------------

_RELATIONS = ("=", "\\approx", "\\leftarrow", "\\gets", "\\coloneqq", "\\triangleq")


def _short(meaning: str) -> str:
    """A meaning phrase trimmed to its first clause, lower-case, without a final period."""
    text = meaning.strip().split("\n")[0]
    text = re.split(r"(?<=[a-z0-9)])[.;](?:\s|$)", text)[0]
    text = text.rstrip(". ")
    if text[1:2].isupper():
        return text  # an acronym or a name: "KL divergence", "GRU"
    return text[:1].lower() + text[1:]


def _the(phrase: str) -> str:
    low = phrase.lower()
    if low.startswith(("the ", "a ", "an ", "its ", "their ", "each ", "one ")):
        return phrase
    return "the " + phrase


def by_meaning(latex: str, meanings: Mapping[str, str]) -> str | None:
    """``latex`` told through its symbols' meanings, or None when too little is known.

    ``meanings`` maps a symbol's grouping key to a short meaning phrase. Only those phrases are
    used; a symbol without one is named by its LaTeX, never described.
    """
    try:
        return _by_meaning(latex, meanings)
    except Exception:  # noqa: BLE001 - a sentence is optional; never break a report for it
        return None


def _by_meaning(latex: str, meanings: Mapping[str, str]) -> str | None:
    if not isinstance(latex, str) or not meanings:
        return None
    lhs, rhs = _split(latex)
    rhs_occ = [o for o in extract_symbols(rhs) if o.kind != "number"]
    if not rhs_occ:
        return None
    keys = list(dict.fromkeys(o.key for o in rhs_occ if o.kind in ("identifier", "set", "function")))
    if not keys or len([k for k in keys if k in meanings]) * 2 < len(keys):
        return None
    lhs_occ = [o for o in extract_symbols(lhs) if o.kind != "number"] if lhs else []
    subject = None
    if lhs_occ and lhs_occ[0].key in meanings:
        subject = _the(_short(meanings[lhs_occ[0].key]))
    elif lhs_occ:
        subject = f"${lhs.strip()}$"

    blend = _blend(rhs, meanings, lhs_occ[0].key if lhs_occ else None)
    if blend:
        body = blend
    else:
        parts = [_the(_short(meanings[k])) for k in keys if k in meanings and _is_quantity(rhs_occ, k)]
        unknown = [k for k in keys if k not in meanings]
        functions = [
            _the(_short(meanings[o.key]))
            for o in rhs_occ
            if o.key in meanings
            and (o.kind == "function" or (o.applied and o.kind == "identifier" and o.base.startswith("\\")))
        ]
        functions = list(dict.fromkeys(functions))
        if not parts and not functions:
            return None
        body = "computed from " + _list(parts + [f"${k}$" for k in unknown])
        if functions:
            body += ", passed through " + _list(functions)
    if subject:
        return f"{subject[:1].upper()}{subject[1:]} is {body}."
    return f"{body[:1].upper()}{body[1:]}."


def _is_quantity(occs: list, key: str) -> bool:
    return any(o.key == key and o.kind in ("identifier", "set") and not o.applied for o in occs)


def _list(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _split(latex: str) -> tuple[str, str]:
    """(left side, right side) at the first top-level relation; ("", latex) when there is none."""
    depth = 0
    for tok in tokenize(latex):
        if tok.kind == "open" or tok.value in ("(", "["):
            depth += 1
        elif tok.kind == "close" or tok.value in (")", "]"):
            depth -= 1
        elif depth == 0 and tok.value in _RELATIONS:
            return latex[: tok.start], latex[tok.end :]
    return "", latex


_BLEND = re.compile(
    r"^\(1-(?P<g>[^()+]+?)\)(?:\\odot|\\cdot|\\circ)?(?P<a>[^+]+?)\+(?P=g)(?:\\odot|\\cdot|\\circ)?(?P<b>.+)$"
)


def _blend(rhs: str, meanings: Mapping[str, str], lhs_key: str | None = None) -> str | None:
    """The interpolation pattern (1 - g) a + g b: "a blend of a and b, weighted by g"."""
    m = _BLEND.match(normalize(rhs))
    if not m:
        return None
    names = []
    for part in ("a", "b", "g"):
        occ = extract_symbols(m.group(part))
        if not occ or occ[0].key not in meanings:
            return None
        phrase = _the(_short(meanings[occ[0].key]))
        if occ[0].subscript and re.search(r"-\s*1\b", occ[0].subscript):
            phrase = "its previous value" if occ[0].key == lhs_key else f"{phrase} at the previous step"
        names.append(phrase)
    return f"a blend of {names[0]} and {names[1]}, weighted by {names[2]}"
