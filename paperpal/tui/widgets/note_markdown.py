"""Notes as the reader wrote them: Markdown, with ``$math$`` shown in Unicode.

Notes are Markdown (see the F1 help), rendered with Textual's ``Markdown`` widget. Its parser is
markdown-it with the dollar-math plugin, set to the same rule as ``notation.inline`` (no space
inside the dollars, no digit after the closing one: "it costs $5 and $10" stays prose); each
math token becomes plain text in Unicode before Textual sees it. Links are shown but never
followed by a click (a note may come from a stranger's shared file). ``markdown_line`` gives one
line of a note (the notes table) with its emphasis rendered and its markers gone.

Must not: hand a note's text to anything that parses Textual markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widgets import Markdown

from paperpal.tui.widgets.safe import clean

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore


def _math_as_text(state: StateCore) -> None:
    """Core rule: math tokens become text (inline) or a paragraph of text (display)."""
    from markdown_it.token import Token

    from paperpal.notation.render import to_unicode

    tokens: list[Any] = []
    for token in state.tokens:
        if token.type == "math_block" or token.type == "math_block_label":
            tokens.append(Token("paragraph_open", "p", 1, block=True))
            inline = Token("inline", "", 0, block=True, content=token.content)
            inline.children = [Token("text", "", 0, content=to_unicode(token.content.strip()))]
            tokens.append(inline)
            tokens.append(Token("paragraph_close", "p", -1, block=True))
            continue
        if token.type == "inline" and token.children:
            for child in token.children:
                if child.type in ("math_inline", "math_inline_double"):
                    child.type = "text"
                    child.content = to_unicode(child.content)
        tokens.append(token)
    state.tokens = tokens


def note_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    parser = MarkdownIt("gfm-like")
    dollarmath_plugin(parser, allow_space=False, allow_digits=False, double_inline=True)
    parser.core.ruler.push("paperpal_math_as_text", _math_as_text)
    return parser


class NoteMarkdown(Markdown):
    """One note's body, rendered. Links are inert: a click only shows where they lead."""

    def __init__(self, body: str, **kwargs: Any) -> None:
        super().__init__(clean(body), parser_factory=note_parser, open_links=False, **kwargs)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.notify(f"This note links to {clean(event.href)}", title="Link", markup=False)


def markdown_line(text: str) -> Content:
    """The first line of a note, its Markdown rendered inline: **bold**, *italic*, `code`,
    $math$ in Unicode, links as their text; block markers (#, >, -) dropped."""
    from markdown_it.token import Token

    line = next((ln.strip() for ln in clean(text).splitlines() if ln.strip()), "")
    tokens = note_parser().parse(line)
    parts: list[str | tuple[str, str]] = []
    styles: list[str] = []
    for token in tokens:
        children: list[Token] = token.children or []
        if token.type == "inline":
            for child in children:
                kind = child.type
                if kind in ("strong_open", "em_open", "s_open"):
                    styles.append({"strong_open": "bold", "em_open": "italic", "s_open": "strike"}[kind])
                elif kind in ("strong_close", "em_close", "s_close") and styles:
                    styles.pop()
                elif kind in ("text", "code_inline", "html_inline"):
                    style = " ".join(styles + (["reverse"] if kind == "code_inline" else []))
                    parts.append((child.content, style) if style else child.content)
                elif kind in ("softbreak", "hardbreak"):
                    parts.append(" ")
        elif token.type == "fence" or token.type == "code_block":
            parts.append((token.content.strip(), "reverse"))
    return Content.assemble(*parts)
