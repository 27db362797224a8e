"""LaTeX to MathML for the HTML handout, with the converter's output treated as untrusted.

latex2mathml turns a formula into an element tree, but its own serialisation copies the text of
``\\text{}``, ``\\mbox{}`` and ``\\textrm{}`` unescaped (so ``\\text{<script>...}`` becomes a live
script) and passes ``\\href`` through as an ``href``. So the tree is serialised here instead, and
only what a formula needs survives: the presentation-MathML elements listed below (anything else
becomes an ``mrow`` around its children), the listed layout attributes with plain values (no
``href``, no ``style``, no event handler, nothing with a colon or parentheses), every text and
attribute value escaped, control characters removed. The LaTeX itself goes into ``alttext``.

Must not: let any string from the formula reach the page unescaped.
"""

from __future__ import annotations

import html
import re
from typing import Any

from paperpal.controls import strip_controls

MATHML_NS = "http://www.w3.org/1998/Math/MathML"

ELEMENTS = frozenset(
    {
        "math", "mrow", "mi", "mn", "mo", "mtext", "ms", "mspace", "msub", "msup", "msubsup",
        "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "none", "mfrac", "msqrt",
        "mroot", "mstyle", "mpadded", "mphantom", "menclose", "mfenced", "mtable", "mtr", "mtd",
        "mlabeledtr", "merror",
    }
)  # fmt: skip
ATTRIBUTES = frozenset(
    {
        "display", "mathvariant", "mathsize", "mathcolor", "mathbackground", "stretchy", "fence",
        "separator", "separators", "accent", "accentunder", "movablelimits", "largeop", "symmetric",
        "lspace", "rspace", "minsize", "maxsize", "linethickness", "width", "height", "depth",
        "voffset", "notation", "displaystyle", "scriptlevel", "columnalign", "rowalign",
        "columnspacing", "rowspacing", "columnlines", "rowlines", "frame", "framespacing",
        "columnspan", "rowspan", "form", "linebreak", "open", "close", "bevelled",
    }
)  # fmt: skip
# Keywords, lengths, numbers and colours: "false", "0.1667em", "-0.2em", "#ff0000", "left right".
_PLAIN_VALUE = re.compile(r"[-#A-Za-z0-9.% ]{0,80}|[()\[\]{}|,.]")


def to_mathml(latex: str, *, display: bool = False) -> str | None:
    """Safe MathML for ``latex``, or None when latex2mathml cannot convert it."""
    try:
        from latex2mathml.converter import convert_to_element

        root = convert_to_element(latex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - any formula the converter cannot handle falls back to text
        return None
    out: list[str] = []
    mode = "block" if display else "inline"
    _element(root, out, top=f'<math xmlns="{MATHML_NS}" display="{mode}" alttext="{escape(latex)}">')
    return "".join(out)


def escape(text: str) -> str:
    """Text or an attribute value for the page: control characters removed, markup escaped."""
    return html.escape(strip_controls(text), quote=True)


def _text(value: str | None) -> str:
    # latex2mathml writes some characters as character references inside its text ("&#x0003D;"
    # for "="); read them as the characters they stand for, then escape everything once.
    return escape(html.unescape(value)) if value else ""


def _element(node: Any, out: list[str], *, top: str | None = None) -> None:
    """Append ``node`` and its children; ``top`` is the opening tag of the root ``<math>``."""
    tag = str(node.tag).rsplit("}", 1)[-1].lower()
    name = "math" if top else (tag if tag in ELEMENTS and tag != "math" else "mrow")
    attributes = ""
    if not top:
        for key, value in sorted(node.attrib.items()):
            key = str(key).rsplit("}", 1)[-1].lower()
            plain = html.unescape(str(value))
            if key in ATTRIBUTES and _PLAIN_VALUE.fullmatch(plain):
                attributes += f' {key}="{escape(plain)}"'
    out.append(top or f"<{name}{attributes}>")
    out.append(_text(node.text))
    for child in node:
        _element(child, out)
        out.append(_text(child.tail))
    out.append(f"</{name}>")
