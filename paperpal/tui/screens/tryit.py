"""Try the selected equation with numbers (``=`` in the reader): example values, the working, the
result; the reader types their own values and sees the working again.

The computing is ``notation.tryit.try_equation`` (it imports sympy: about a second the first
time), run in a worker thread so the screen answers meanwhile. Values the reader types are
checked there; a problem is shown in words under the box and the last good working stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from paperpal.tui.widgets.safe import assemble

if TYPE_CHECKING:
    from paperpal.models import EquationInfo, SymbolInfo, Trial

_STYLE = {
    "heading": "bold",
    "value": "",
    "step": "bold $text-accent",
    "note": "dim",
    "cannot": "italic $text-warning",
}


class TryScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, info: EquationInfo, symbols: list[SymbolInfo]) -> None:
        super().__init__()
        self.info = info
        self.symbols = symbols
        self.trial: Trial | None = None

    def compose(self) -> ComposeResult:
        from paperpal.extract.equation_names import display_label

        with VerticalScroll(id="try", classes="modal"):
            yield Static(
                assemble(
                    ("Try it with numbers\n", "bold underline"),
                    (f"{display_label(self.info.equation)}  {self.info.text}", "bold"),
                ),
                id="try-equation",
            )
            yield Static(assemble(("Working it out…", "dim")), id="try-working")
            yield Input(placeholder="Your values, e.g. z_t=0.8  h_{t-1}=0.5  (Enter)", id="try-values")
            yield Static("", id="try-message")

    def on_mount(self) -> None:
        self.query_one("#try-values", Input).focus()
        self._compute({})

    @on(Input.Submitted, "#try-values")
    def _submitted(self, event: Input.Submitted) -> None:
        from paperpal.errors import BadValue
        from paperpal.notation.tryit.present import typed_values

        try:
            values = typed_values(event.value)
        except BadValue as err:
            self._message(str(err))
            return
        self._message("")
        self._compute(values)

    @work(thread=True, exclusive=True, group="try")
    def _compute(self, values: dict[str, str]) -> None:
        from paperpal.errors import BadValue
        from paperpal.notation.tryit import try_equation

        try:
            trial = try_equation(self.info, self.symbols, values)
        except BadValue as err:
            self.app.call_from_thread(self._message, str(err))
            return
        self.app.call_from_thread(self._show, trial)

    def _show(self, trial: Trial) -> None:
        from paperpal.notation.tryit.present import trial_lines

        self.trial = trial
        parts: list[str | tuple[str, str]] = []
        for kind, text in trial_lines(trial):
            indent = "  " if kind in ("value", "step") else ""
            parts.append((f"{indent}{text}\n", _STYLE[kind]))
        self.query_one("#try-working", Static).update(assemble(*parts))
        if not trial.evaluable:
            self.query_one("#try-values", Input).display = False

    def _message(self, text: str) -> None:
        self.query_one("#try-message", Static).update(assemble((text, "italic $text-error")) if text else "")

    def action_close(self) -> None:
        self.dismiss(None)

    def text(self) -> str:
        """What the screen shows, as plain text (for tests)."""
        return "\n".join(str(w.render()) for w in self.query(Static))
