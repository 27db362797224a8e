"""Messages screens post to ask the app to navigate: the screens never import the app.

A screen posts one of these; it bubbles up to ``PaperpalApp``, which owns the screen stack.
"""

from __future__ import annotations

from textual.message import Message


class OpenPaper(Message):
    """Open ``ref`` in the reader (back to its reader when it is open already)."""

    def __init__(self, ref: str, *, equation: str | None = None, section: str | None = None) -> None:
        super().__init__()
        self.ref = ref
        self.equation = equation
        self.section = section


class OpenLibrary(Message):
    """Show the library (the one on the stack, when there is one)."""


class OpenSearch(Message):
    """Show the search screen, optionally with a query to run."""

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query = query


class EditorClosed(Message):
    """The note editor closed: messages held back while it was open may be shown now."""
