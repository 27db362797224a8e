"""One canonical spelling for a LaTeX formula (``normalize``), for lookups: the decisions are in
the package docstring.

Must not: import anything outside the standard library, or raise on any input.
"""

from __future__ import annotations

import re

from paperpal.mathtokens.tokens import (
    COMMAND_ARITY,
    FONT_SWITCHES,
    SIZING,
    SYNONYMS,
    TEXT_COMMANDS,
    Token,
    tokenize,
)

_Node = Token | list  # a token, or a braced group (list of nodes)


def group_tokens(tokens: list[Token], skip: tuple[str, ...] = ("space", "comment")) -> list[_Node]:
    """``tokens`` nested by their braces: a braced group becomes a list (of tokens and groups);
    tokens of the ``skip`` kinds are left out. An unmatched ``}`` closes nothing."""
    root: list[_Node] = []
    stack: list[list[_Node]] = [root]
    for tok in tokens:
        if tok.kind in skip:
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


def normalize(latex: str) -> str:
    """The canonical spelling of ``latex`` for lookups (see the module docstring). Never raises."""
    try:
        return _join(_emit(group_tokens(tokenize(latex))))
    except RecursionError:
        # Absurdly deep nesting: fall back to a whitespace-free spelling.
        return re.sub(r"\s+", "", latex) if isinstance(latex, str) else ""


def _join(pieces: list[str]) -> str:
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if out and piece[0].isalpha() and re.search(r"\\[A-Za-z]+$", out[-1]):
            out.append(" ")
        out.append(piece)
    return "".join(out)


def _canonical(name: str) -> str:
    return SYNONYMS.get(name, name)


def _arg(nodes: list[_Node], i: int) -> tuple[str | None, int]:
    """The braced, normalized argument starting at ``nodes[i]``, and the index after it."""
    if i >= len(nodes):
        return None, i
    node = nodes[i]
    if isinstance(node, list):
        return "{" + _join(_emit(node)) + "}", i + 1
    if node.kind in ("sub", "sup", "align", "error"):
        return None, i
    if node.kind == "symbol" and node.value == "'":
        return None, i  # a prime belongs to the scripts (``_scripts``), never an argument
    if node.kind == "digit" and len(node.value) > 1:
        # TeX takes one character as an unbraced argument: ``\frac12`` is ``\frac{1}{2}``.
        rest = Token("digit", node.value[1:], node.start + 1, node.end)
        node = Token("digit", node.value[0], node.start, node.start + 1)
        nodes[i : i + 1] = [node, rest]
    if node.kind == "command":
        # ``\hat\alpha``: the argument is the command (with its own arguments, if any).
        piece, j = _atom(nodes, i)
        return "{" + _join(piece) + "}", j
    return "{" + node.value + "}", i + 1


def _atom(nodes: list[_Node], i: int) -> tuple[list[str], int]:
    """Emit the atom at ``nodes[i]`` (without scripts); return pieces and the next index."""
    node = nodes[i]
    if isinstance(node, list):
        inner = node
        if inner and isinstance(inner[0], Token) and inner[0].value in FONT_SWITCHES:
            return [FONT_SWITCHES[inner[0].value], "{", _join(_emit(inner[1:])), "}"], i + 1
        body = _join(_emit(inner))
        if _is_single_atom(inner):
            return [body], i + 1
        return ["{" + body + "}"], i + 1
    if node.kind == "text":
        return ["".join(node.value.split())], i + 1
    if node.kind != "command":
        return [node.value], i + 1
    name = _canonical(node.value)
    following = nodes[i + 1] if i + 1 < len(nodes) else None
    if node.value in TEXT_COMMANDS and isinstance(following, Token) and following.kind == "error":
        name = node.value  # a text argument never closed stays text (and the same) on the next pass
    if name in SIZING:
        j = i + 1
        if j < len(nodes) and _is_value(nodes[j], "."):
            j += 1  # \left. is an invisible delimiter
        return [], j
    if name in FONT_SWITCHES:
        return [FONT_SWITCHES[name]], i + 1
    pieces = [name]
    j = i + 1
    if name == "\\sqrt" and j < len(nodes) and _is_value(nodes[j], "["):
        # The optional index runs to the matching "]" (\sqrt[\sqrt[3]{2}]{x} nests).
        k, depth = j + 1, 0
        while k < len(nodes) and not (depth == 0 and _is_value(nodes[k], "]")):
            depth += 1 if _is_value(nodes[k], "[") else -1 if _is_value(nodes[k], "]") else 0
            k += 1
        if k < len(nodes):  # an index never closed is left as written, not closed for it
            pieces.append("[" + _join(_emit(nodes[j + 1 : k])) + "]")
            j = k + 1
    for _ in range(COMMAND_ARITY.get(name, 0)):
        arg, j2 = _arg(nodes, j)
        if arg is None:
            break
        pieces.append(arg)
        j = j2
    return pieces, j


def _is_value(node: _Node, value: str) -> bool:
    return isinstance(node, Token) and node.value == value


def _is_single_atom(nodes: list[_Node]) -> bool:
    if len(nodes) != 1:
        return False
    node = nodes[0]
    if isinstance(node, list):
        return _is_single_atom(node)
    return node.kind in ("letter", "digit") or (
        node.kind == "command" and COMMAND_ARITY.get(_canonical(node.value), 0) == 0
    )


def _emit(nodes: list[_Node]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if isinstance(node, Token) and node.kind in ("sub", "sup"):
            # A script with no base (``{}^\top`` lost its group, or a leading ``_``). Primes
            # after it are left to stand alone: moving them in front of the script (as for a
            # base) would move them again on every pass, and the spelling must be a fixed point.
            # After other material the script gets an explicit empty base, as TeX itself writes a
            # second superscript (``x^a{}^b``): otherwise sorting its scripts (subscript first)
            # could merge it with the group before it on the next pass.
            sub, sup, primes, i = _scripts(nodes, i, primes=False)
            if out:
                out.append("{}")
            out.extend(_script_pieces(sub, sup, primes))
            continue
        pieces, i = _atom(nodes, i)
        out.extend(pieces)
        sub, sup, primes, i = _scripts(nodes, i)
        out.extend(_script_pieces(sub, sup, primes))
    return out


def _scripts(nodes: list[_Node], i: int, *, primes: bool = True) -> tuple[str | None, str | None, str, int]:
    sub: str | None = None
    sup: str | None = None
    marks = ""
    while i < len(nodes):
        node = nodes[i]
        if primes and isinstance(node, Token) and node.value == "'" and node.kind == "symbol":
            marks += "'"
            i += 1
            continue
        if not (isinstance(node, Token) and node.kind in ("sub", "sup")):
            break
        arg, j = _arg(nodes, i + 1)
        if arg is None:
            arg, j = "{}", i + 1
        if node.kind == "sub" and sub is None:
            sub = arg
        elif node.kind == "sup" and sup is None:
            sup = arg
        else:
            break  # a double script is a TeX error; leave the rest as written
        i = j
    return sub, sup, marks, i


def _script_pieces(sub: str | None, sup: str | None, primes: str) -> list[str]:
    out = [primes] if primes else []
    if sub is not None:
        out.append("_" + sub)
    if sup is not None:
        out.append("^" + sup)
    return out
