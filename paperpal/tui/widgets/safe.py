"""The reader's one door for untrusted text: paper titles, authors, LaTeX, notes, tags.

Textual parses markup in plain strings handed to most widgets (``Static``, ``Label``,
``OptionList`` prompts, ``DataTable`` cells, ``Tree`` labels, notifications), so an author named
``[@click=app.quit]x[/]`` would be a live action and a tag ``[/b]`` a crash. Every piece of data
shown by the reader is turned into a ``Content`` (or, for the widgets that take Rich objects, a
Rich ``Text``) here, as literal text; terminal control characters (escape sequences that would
set the window title, write the clipboard, clear the screen) are removed on the way.

Must not: be bypassed: no widget gets a string built from data.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.content import Content

# C0 controls but tab and newline, DEL, C1 controls; and the bidi overrides that would make a
# line read differently from what it holds.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """``text`` without terminal control characters (tab and newline kept)."""
    return _CONTROLS.sub("", text)


def plain(text: str, style: str = "") -> Content:
    """Data as literal, styled ``Content`` (``style`` is ours, never data)."""
    content = Content(clean(text))
    return content.stylize(style) if style else content


def plain_text(text: str, style: str = "") -> Text:
    """Data as a literal Rich ``Text``, for widgets that take Rich objects (tables, trees)."""
    return Text(clean(text), style=style)


def assemble(*parts: str | tuple[str, str] | Content) -> Content:
    """``Content`` from pieces of data, each optionally with a style of ours (``Content``
    pieces were made safe already)."""
    return Content.assemble(
        *[
            p if isinstance(p, Content) else clean(p) if isinstance(p, str) else (clean(p[0]), p[1])
            for p in parts
        ]
    )
