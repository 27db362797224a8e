"""``i`` in the reader: how the paper was read, for the curious.

The first screen keeps to what a reader can act on (the paper header shows warnings); what is
only of interest (a macro paperpal could not expand, a file of the e-print it skipped, how many
equations a PDF gave) is listed here (``PaperReport.details``), with where the text came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from paperpal.tui.widgets.safe import assemble

if TYPE_CHECKING:
    from paperpal.models import PaperReport


def details_parts(report: PaperReport) -> list[str | tuple[str, str]]:
    source = "its LaTeX source" if report.document.source == "latex" else "its PDF"
    parts: list[str | tuple[str, str]] = [
        ("How this paper was read\n\n", "bold underline"),
        f"Read from {source}: {len(report.equations)} equations, {len(report.symbols)} symbols, "
        f"{len(report.terms)} terms.\n",
    ]
    if report.warnings:
        parts.append(("\nWarnings\n", "bold"))
        parts.extend((f"  ⚠ {w}\n", "$text-warning") for w in report.warnings)
    parts.append(("\nDetails\n", "bold"))
    if report.details:
        parts.extend(f"  · {d}\n" for d in report.details)
    else:
        parts.append(("  Nothing to report: everything was read as expected.\n", "dim"))
    return parts


class DetailsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("i", "close", "Close", show=False),
    ]

    def __init__(self, report: PaperReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="details", classes="modal"):
            yield Static(assemble(*details_parts(self.report)), id="details-text")

    def action_close(self) -> None:
        self.dismiss(None)
