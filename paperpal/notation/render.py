"""LaTeX math to text a terminal can show.

Owns: ``to_unicode`` (one line: Greek letters, operators, combining accents, Unicode sub- and
superscripts where every character has one, a clear linear form ``x_(t-1)`` where not).

The two-dimensional drawing is ``notation.layout`` (from the equation tree); sympy's pretty
printer, used before issue 17, drew 4 of the corpus's 180 equations with a fraction, sum, root or
integral and cost 0.87 s of imports per cold report.

Must not: raise (any failure falls back to the LaTeX itself), or import sympy.
"""

from __future__ import annotations

import re

from paperpal.mathtokens import Token, tokenize

_COMMANDS: dict[str, str] = {
    # Greek
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "ell": "ℓ", "hbar": "ℏ", "imath": "ı", "jmath": "ȷ",
    # operators
    "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "oint": "∮",
    "partial": "∂", "nabla": "∇", "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "circ": "∘",
    "cdot": "·", "times": "×", "div": "÷", "ast": "∗", "star": "⋆", "bullet": "•", "pm": "±",
    "mp": "∓", "infty": "∞", "cup": "∪", "cap": "∩", "setminus": "∖", "bigcup": "⋃",
    "bigcap": "⋂", "wedge": "∧", "vee": "∨", "land": "∧", "lor": "∨", "neg": "¬", "lnot": "¬",
    "forall": "∀", "exists": "∃", "emptyset": "∅", "varnothing": "∅", "top": "⊤",
    "bot": "⊥", "perp": "⊥", "angle": "∠", "triangle": "△", "prime": "′", "dagger": "†",
    "bigoplus": "⨁", "bigotimes": "⨂",
    # relations
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
    "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫",
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
    "supseteq": "⊇", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "leftrightarrow": "↔", "Leftrightarrow": "⇔",
    "mapsto": "↦", "longrightarrow": "⟶", "implies": "⟹", "iff": "⟺", "triangleq": "≜",
    "coloneqq": "≔", "doteq": "≐", "models": "⊨", "mid": "∣", "parallel": "∥",
    # delimiters and dots
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "|": "‖", "Vert": "‖", "lVert": "‖", "rVert": "‖", "vert": "|", "lvert": "|", "rvert": "|",
    "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "ldots": "…", "dots": "…", "cdots": "⋯",
    "vdots": "⋮", "ddots": "⋱", "%": "%", "$": "$", "#": "#", "&": "&", "_": "_",
    # spacing
    ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": "  ", "qquad": "    ",
    "\\": "; ", "colon": ":",
}  # fmt: skip
_FUNCTION_NAMES = frozenset(
    "tanh sinh cosh tan sin cos log ln exp max min arg sup inf lim det tr dim ker Pr deg gcd "
    "lg sec csc cot arcsin arccos arctan".split()
)
_DROP = frozenset(
    "left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr displaystyle "
    "textstyle scriptstyle limits nolimits nonumber notag label tag relax allowbreak phantom "
    "hphantom vphantom color".split()
)
_ACCENTS = {
    "hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303",
    "bar": "\u0304", "overline": "\u0305", "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308",
    "check": "\u030c", "breve": "\u0306", "acute": "\u0301", "grave": "\u0300",
    "underline": "\u0332", "mathring": "\u030a",
}  # fmt: skip
_SUP = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθιφχ′*⊤",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᶥᵠᵡ′*ᵀ",
        strict=True,
    )
)
_SUB = dict(
    zip("0123456789+-=()aehijklmnoprstuvxβγρφχ", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ", strict=True)
)
_BB_SPECIAL = {"C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"}
_CAL_SPECIAL = {"B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ"}
_FRAK_SPECIAL = {"C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"}


def _styled(text: str, font: str) -> str:
    """Letters in a mathematical alphabet (bold 𝐖, blackboard ℝ, calligraphic ℒ)."""
    out = []
    for ch in text:
        if not ("A" <= ch <= "Z" or "a" <= ch <= "z"):
            out.append(ch)
            continue
        upper = ch.isupper()
        offset = ord(ch) - (ord("A") if upper else ord("a"))
        if font == "mathbb" and upper:
            out.append(_BB_SPECIAL.get(ch) or chr(0x1D538 + offset))
        elif font in ("mathcal", "mathscr") and upper:
            out.append(_CAL_SPECIAL.get(ch) or chr(0x1D49C + offset))
        elif font == "mathfrak" and upper:
            out.append(_FRAK_SPECIAL.get(ch) or chr(0x1D504 + offset))
        elif font == "bold":
            out.append(chr((0x1D400 if upper else 0x1D41A) + offset))
        else:
            out.append(ch)
    return "".join(out)


_PROSE = frozenset("where if and or for otherwise else with when then s.t. subject to all such that".split())
_BOLD = frozenset({"mathbf", "boldsymbol", "bm", "pmb", "mathbold", "bf"})
_PLAIN_FONTS = frozenset(
    {"mathrm", "mathit", "mathsf", "mathtt", "operatorname", "text", "textrm", "textit",
     "textbf", "textsf", "texttt", "textnormal", "mbox", "hbox", "emph", "textup", "rm", "it"}
)  # fmt: skip


_Node = Token | list


def _tree(tokens: list[Token]) -> list[_Node]:
    root: list[_Node] = []
    stack: list[list[_Node]] = [root]
    for tok in tokens:
        if tok.kind in ("comment",):
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


def to_unicode(latex: str) -> str:
    """``latex`` as one line of Unicode text; the LaTeX itself when anything goes wrong."""
    if not isinstance(latex, str):
        return ""
    try:
        text = _render(_tree(tokenize(latex)))
        # A function name is followed by a space unless its argument is in parentheses.
        text = re.sub(_FN_GAP + r"\s*(?=[(\[_^₀-₉ₐ-ₜ]|$)", "", text).replace(_FN_GAP, " ")
        text = re.sub(r"[ \t]{2,}", " ", text).strip()
        return text or latex.strip()
    except Exception:  # noqa: BLE001 - rendering is best effort; the LaTeX is a faithful fallback
        return latex


def _is(node: _Node, *, kind: str | None = None, value: str | None = None) -> bool:
    if not isinstance(node, Token):
        return False
    return (kind is None or node.kind == kind) and (value is None or node.value == value)


def _arg(nodes: list[_Node], i: int) -> tuple[list[_Node], int]:
    """The argument at ``nodes[i]`` (skipping spaces) as a node list, and the next index."""
    while i < len(nodes) and _is(nodes[i], kind="space"):
        i += 1
    if i >= len(nodes):
        return [], i
    node = nodes[i]
    if isinstance(node, list):
        return node, i + 1
    if node.kind == "digit" and len(node.value) > 1:
        return [Token("digit", node.value[0], node.start, node.start + 1)], i + 1  # rest dropped
    return [node], i + 1


_FN_GAP = "\u0000"
_PREFIX = frozenset({"partial", "nabla", "neg", "lnot", "forall", "exists", "sqrt"})


def _needs_parens(text: str) -> bool:
    plain = set(_SUB.values()) | set(_SUP.values()) | {"′", "\u20d7", "∂", "∇"}
    if len(text) <= 1 or re.fullmatch(r"\(.*\)|√\S*", text):
        return False
    return not all(ch.isalnum() or ch in plain or "\u0300" <= ch <= "\u036f" for ch in text)


def _script(text: str, table: dict[str, str], mark: str) -> str:
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    if len(text) == 1 or re.fullmatch(r"\w", text):
        return mark + text
    return f"{mark}({text})"


def _render(nodes: list[_Node]) -> str:
    out: list[str] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if isinstance(node, list):
            out.append(_render(node))
            i += 1
            continue
        kind, value = node.kind, node.value
        if kind in ("sub", "sup"):
            arg, i = _arg(nodes, i + 1)
            inner = _render(arg).strip()
            if kind == "sup":
                marks = {"T": "ᵀ", "⊤": "ᵀ", "′": "′", "′′": "″", "∗": "*", "⋆": "*", "*": "*"}
                out.append(marks[inner] if inner in marks else _script(inner, _SUP, "^"))
            else:
                out.append(_script(inner, _SUB, "_"))
            continue
        i += 1
        if kind == "space":
            prev = nodes[i - 2] if i >= 2 else None
            if isinstance(prev, Token) and prev.value[1:] in _PREFIX:
                continue  # the space that ends a command's name is not a visible space
            out.append(" ")
            continue
        if kind == "align":
            out.append("; " if value == "\\\\" else "")
            continue
        if kind == "text":
            out.append(value)
            continue
        if kind == "symbol":
            out.append({"'": "′", "*": "*", "-": "−" if False else "-"}.get(value, value))
            continue
        if kind != "command":
            out.append(value)
            continue
        name = value[1:]
        if name in _DROP:
            if name in ("label", "tag", "color", "phantom", "hphantom", "vphantom"):
                _, i = _arg(nodes, i)
            elif name in ("left", "right", "middle") and i < len(nodes):
                nxt = nodes[i]
                if isinstance(nxt, Token) and nxt.value == ".":
                    i += 1
            continue
        if name in ("begin", "end"):
            _, i = _arg(nodes, i)
            continue
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            a, i = _arg(nodes, i)
            b, i = _arg(nodes, i)
            num, den = _render(a).strip(), _render(b).strip()
            num = f"({num})" if _needs_parens(num) else num
            den = f"({den})" if _needs_parens(den) else den
            out.append(f"{num}/{den}")
            continue
        if name == "binom":
            a, i = _arg(nodes, i)
            b, i = _arg(nodes, i)
            out.append(f"C({_render(a).strip()}, {_render(b).strip()})")
            continue
        if name == "sqrt":
            index = ""
            if i < len(nodes) and _is(nodes[i], value="["):
                k = i + 1
                while k < len(nodes) and not _is(nodes[k], value="]"):
                    k += 1
                index = _script(_render(nodes[i + 1 : k]).strip(), _SUP, "^")
                i = k + 1
            a, i = _arg(nodes, i)
            body = _render(a).strip()
            out.append(f"{index}√{body}" if len(body) <= 1 or body.startswith("(") else f"{index}√({body})")
            continue
        if name in _ACCENTS:
            a, i = _arg(nodes, i)
            body = _render(a).strip()
            if len(body) == 1 or (len(body) == 2 and body[1] in "\u0302\u0303\u0304"):
                out.append(body[0] + _ACCENTS[name] + body[1:])
            else:
                out.append(f"{name}({body})")
            continue
        if name in ("overset", "underset", "stackrel"):
            top, i = _arg(nodes, i)
            base, i = _arg(nodes, i)
            out.append(_render(base))
            continue
        if name in ("overbrace", "underbrace", "boxed", "mathop", "mathbin", "mathrel", "mathord"):
            a, i = _arg(nodes, i)
            out.append(_render(a))
            continue
        if name == "textcolor":
            _, i = _arg(nodes, i)
            a, i = _arg(nodes, i)
            out.append(_render(a))
            continue
        if name in _BOLD or name in ("mathbb", "mathcal", "mathscr", "mathfrak"):
            a, i = _arg(nodes, i)
            font = "bold" if name in _BOLD else name
            out.append(_styled(_render(a), font))
            continue
        if name in _PLAIN_FONTS:
            a, i = _arg(nodes, i)
            word = _render(a)
            # Prose inside math ("\text{where}", "\mathrm{if}") needs air around it.
            out.append(f" {word.strip()} " if word.strip().lower() in _PROSE else word)
            continue
        if name in _FUNCTION_NAMES or name in ("argmax", "argmin"):
            out.append(name + _FN_GAP)
            continue
        if name in _COMMANDS:
            out.append(_COMMANDS[name])
            continue
        out.append(value)  # an unknown command stays as written: honest, and still readable
    return "".join(out)
