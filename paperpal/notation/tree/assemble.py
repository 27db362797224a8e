"""Assembling a parsed row: what the items of a row do to each other.

Owns: turning a flat row of parsed items into structure: a run of italic letters that spells a
function name (``softmax(x)``), ``\\arg\\max``, a big operator taking its limits and body, an
expectation taking its bracket, and function application (``f(x)``, ``\\log p(x)``); plus the
small questions about nodes other readers share (``big_op``, ``word_of``).

Decisions
---------
- A letter, a scripted letter or a named function followed by ``(`` is applied to the
  parenthesised argument when it is a function by name (``\\log``, ``\\mathrm{softmax}``), a
  letter papers use for functions (f g h p q D G F L …, calligraphic letters), a letter with a
  Greek subscript (its parameters: ``c_\\phi(z)``, ``f_\\theta(x)``) or when the parentheses hold
  a comma or a ``|`` (``k(x, y)``, ``p(a | b)``); otherwise it is a product (``U(r \\odot h)``).
- A named function without parentheses takes the next factor: ``\\log p(x)``, ``\\exp x``.
- A big operator's body runs to the next top-level ``+``, ``-``, relation or separator, as a
  reader hears it ("the sum over i of a sub i b sub i, plus c").

Must not: read tokens (``parser`` does), or raise.
"""

from __future__ import annotations

from paperpal.notation.tree.nodes import (
    EMPTY_BASE,
    Accent,
    Apply,
    Atom,
    Big,
    Fenced,
    Font,
    Node,
    Op,
    Rel,
    Row,
    Script,
    Sep,
    Text,
)
from paperpal.notation.tree.vocab import FUNCTION_LETTERS, FUNCTION_WORDS

__all__ = ["assemble", "big_op", "is_operand_end", "items_of", "single", "word_of"]


def is_operand_end(items: list[Node]) -> bool:
    """Whether the items so far end with something an operator or a closing bar can follow."""
    if not items:
        return False
    last = items[-1]
    if isinstance(last, (Op, Rel, Sep)):
        return last.value in ("!",) if isinstance(last, Op) else False
    if isinstance(last, Atom) and last.kind in ("bigop", "function"):
        return False
    return True


def items_of(node: Node) -> tuple[Node, ...]:
    return node.items if isinstance(node, Row) else (node,)


def single(items: list[Node]) -> Node:
    return items[0] if len(items) == 1 else Row(tuple(items))


def _words(items: list[Node]) -> list[Node]:
    """A run of italic letters ending in a function name before "(" names it: softmax(x), KL(p)."""
    out: list[Node] = []
    k = 0
    while k < len(items):
        j = k
        while j < len(items) and isinstance(items[j], Atom) and items[j].kind == "letter":  # type: ignore[union-attr]
            j += 1
        if j - k >= 2 and j < len(items) and _is_paren(items[j]):
            for s in range(max(k, j - 12), j - 1):
                word = "".join(x.value for x in items[s:j])  # type: ignore[union-attr]
                if word in FUNCTION_WORDS:
                    out.extend(items[k:s])
                    out.append(Atom("word", word, items[s].start, items[j - 1].end))  # type: ignore[union-attr]
                    break
            else:
                out.extend(items[k:j])
            k = j
            continue
        if j > k:
            out.extend(items[k:j])
            k = j
            continue
        out.append(items[k])
        k += 1
    return out


def _arg_max(items: list[Node]) -> list[Node]:
    """``\\arg\\max_y`` is one big operator, argmax."""
    out: list[Node] = []
    for x in items:
        prev = out[-1] if out else None
        if isinstance(prev, Atom) and prev.kind == "function" and prev.value == "arg":
            op = big_op(x)
            if op in ("max", "min"):
                merged = Atom("bigop", "arg" + op, prev.start, prev.end)
                out[-1] = Script(merged, x.sub, x.sup, 0, prev.start) if isinstance(x, Script) else merged
                continue
        out.append(x)
    return out


def assemble(items: list[Node]) -> list[Node]:
    items = _arg_max(_words(items))
    out: list[Node] = []
    i = 0
    n = len(items)
    while i < n:
        node = items[i]
        if node is EMPTY_BASE:
            i += 1
            continue
        op = big_op(node)
        if op is not None:
            sub, sup = (node.sub, node.sup) if isinstance(node, Script) else (None, None)
            j = i + 1
            if op in ("max", "min", "sup", "inf") and sub is None and j < n and _is_paren(items[j]):
                out.append(Apply(node, items[j]))  # \max(a, b): a function of its arguments
                i = j + 1
                continue
            end = _body_end(items, j)
            body = assemble(list(items[j:end]))
            out.append(Big(op, sub, sup, Row(tuple(body))))
            i = end
            continue
        if _is_expectation(node) and i + 1 < n and _is_bracket(items[i + 1]):
            sub = node.sub if isinstance(node, Script) else None
            out.append(Big("E", sub, None, Row((items[i + 1],))))
            i += 2
            continue
        if i + 1 < n and _is_paren(items[i + 1]) and _applies(node, items[i + 1]):
            applied: Node = Apply(node, items[i + 1])
            i += 2
            # f(x)^2 was parsed as Script(Fenced): f applied, then squared
            out.append(applied)
            continue
        if i + 1 < n and isinstance(items[i + 1], Script) and _applies(node, items[i + 1]):
            scripted = items[i + 1]
            assert isinstance(scripted, Script) and scripted.base is not None
            out.append(Script(Apply(node, scripted.base), scripted.sub, scripted.sup, scripted.primes))
            i += 2
            continue
        if _is_named_function(node) and i + 1 < n and not isinstance(items[i + 1], (Op, Rel, Sep)):
            # \log p(x), \exp x: the function takes the next factor (and its application)
            j = i + 1
            arg_items = [items[j]]
            if j + 1 < n and _is_paren(items[j + 1]) and _applies(items[j], items[j + 1]):
                arg_items.append(items[j + 1])
                j += 1
            arg = assemble(arg_items)
            out.append(Apply(node, single(arg)))
            i = j + 1
            continue
        out.append(node)
        i += 1
    return out


def big_op(node: Node) -> str | None:
    """The big operator ``node`` is (or carries as its scripted base): "sum", "max" ..."""
    base = node.base if isinstance(node, Script) else node
    if isinstance(base, Atom) and base.kind == "bigop":
        return base.value
    if (
        isinstance(base, Font)
        and base.font == "roman"
        and word_of(base.body) in ("argmax", "argmin", "arg max", "arg min")
    ):
        return word_of(base.body).replace(" ", "")
    return None


def _body_end(items: list[Node], j: int) -> int:
    k = j
    while k < len(items):
        node = items[k]
        if isinstance(node, (Rel, Sep)):
            break
        if isinstance(node, Op) and node.value in ("+", "-", "\\pm", "\\mp", ",", ";") and k > j:
            break
        k += 1
    return k


def _is_paren(node: Node) -> bool:
    return isinstance(node, Fenced) and node.open in ("(", "[") and node.close is not None


def _is_bracket(node: Node) -> bool:
    return isinstance(node, Fenced) and node.open in ("[", "(", ".")


def _is_expectation(node: Node) -> bool:
    base = node.base if isinstance(node, Script) else node
    if isinstance(node, Script) and node.sup is not None:
        return False
    if isinstance(base, Font) and base.font == "blackboard" and word_of(base.body) == "E":
        return True
    if isinstance(base, Font) and base.font == "roman" and word_of(base.body) in ("E", "Ex"):
        return True
    return isinstance(base, Atom) and base.kind == "letter" and base.value == "E"


def word_of(node: Node | None) -> str:
    """The plain letters of a node ("softmax" for \\mathrm{softmax}), "" when it is not a word."""
    if isinstance(node, Atom) and node.kind in ("letter", "number", "word", "greek", "function"):
        return node.value
    if isinstance(node, Text):
        return node.value.strip()
    if (
        isinstance(node, Row)
        and node.items
        and all(isinstance(x, Atom) and x.kind in ("letter", "number") for x in node.items)
    ):
        return "".join(x.value for x in node.items)  # type: ignore[union-attr]
    if isinstance(node, Font):
        return word_of(node.body)
    return ""


def _is_named_function(node: Node) -> bool:
    base = node.base if isinstance(node, Script) else node
    if isinstance(base, Atom) and base.kind == "function":
        return True
    return False


def _applies(node: Node, paren: Node) -> bool:
    """Whether ``node`` followed by the parenthesised ``paren`` is a function application."""
    if isinstance(paren, Script):
        if not (_is_paren(paren.base) if paren.base is not None else False):  # type: ignore[arg-type]
            return False
        paren = paren.base  # type: ignore[assignment]
    if (
        not isinstance(paren, Fenced)
        or paren.open != "("
        and not (paren.open == "[" and _is_square_applied(node))
    ):
        return False
    if paren.open == "(" and _parameterised(node):
        return True
    base = node
    while isinstance(base, (Script, Accent)):
        base = base.base if isinstance(base, Script) else base.body  # type: ignore[assignment]
        if base is None:
            return False
    if isinstance(base, Atom):
        if base.kind in ("function", "word"):
            return True
        if base.kind in ("letter", "greek") and base.value in FUNCTION_LETTERS:
            return True
        if base.kind in ("letter", "greek"):
            return _holds(paren, ",") or _holds(paren, "|")
        return False
    if isinstance(base, Font):
        if base.font in ("roman", "mono", "sans") and len(word_of(base.body)) > 1:
            return True
        if base.font in ("calligraphic", "script"):
            return True
        return _holds(paren, ",") or _holds(paren, "|")
    if isinstance(base, Apply):
        return False
    return False


def _parameterised(node: Node) -> bool:
    """A letter whose subscript is a Greek letter names a function with those parameters:
    ``c_\\phi(z)``, ``q_\\phi(z | x)``, ``f_\\theta(x)``, ``D_\\psi(x)``."""
    if not isinstance(node, Script) or node.sub is None or node.sup is not None:
        return False
    sub = node.sub.body if isinstance(node.sub, Font) else node.sub
    base = node.base.body if isinstance(node.base, Font | Accent) else node.base
    return (
        isinstance(sub, Atom)
        and sub.kind == "greek"
        and isinstance(base, Atom)
        and base.kind in ("letter", "greek")
    )


def _is_square_applied(node: Node) -> bool:
    base = node.base if isinstance(node, Script) else node
    return isinstance(base, Font) and base.font in ("roman", "mono") and len(word_of(base.body)) > 1


def _holds(fenced: Fenced, value: str) -> bool:
    return any(isinstance(x, Op) and x.value == value for x in fenced.body.items)
