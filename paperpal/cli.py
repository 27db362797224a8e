"""The ``paperpal`` command line: parse arguments, call one core function, print.

Commands live in ``paperpal/commands/<module>.py`` and are imported only when invoked (or when
``--help`` lists them), so start-up stays instant: nothing here, nor in any command module's
top level, may import torch, sentence-transformers, textual or pymupdf. A test proves it.

Data goes to stdout, progress and warnings to stderr. Failures are ``PaperpalError``s: their
message is printed without a traceback and the process exits with the error's code.
"""

from __future__ import annotations

import importlib
import io
import os
import signal
import sys
import threading
from typing import Any

import click

from paperpal import __version__
from paperpal.errors import PaperpalError, WriteError

# command name -> (module, attribute, one-line help shown in `paperpal --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "fetch": ("paperpal.commands.library", "fetch", "Download a paper into the library."),
    "library": ("paperpal.commands.library", "library", "List the papers in the library."),
    "open": ("paperpal.commands.open", "open_", "Open a paper (or the library) in the reader."),
    "show": ("paperpal.commands.read", "show", "Print a paper's outline and equations."),
    "explain": ("paperpal.commands.read", "explain", "Decode a paper's equations and symbols."),
    "path": ("paperpal.commands.glossary", "path", "The reading path a paper needs."),
    "know": ("paperpal.commands.glossary", "know", "Mark a concept as known (or --forget it)."),
    "glossary": ("paperpal.commands.glossary", "glossary", "Look up and check the glossary."),
    "note": ("paperpal.commands.notes", "note", "Add, edit, remove and restore notes."),
    "notes": ("paperpal.commands.notes", "notes", "List notes; export and import them."),
    "search": ("paperpal.commands.search", "search", "Search notes and papers by words and meaning."),
    "export": ("paperpal.commands.export", "export", "Write reading-group notes for papers."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module_name, attr, _ = spec
        module = importlib.import_module(module_name)
        command: click.Command = getattr(module, attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing help from the table keeps `paperpal --help` from importing every module.
        rows = [(name, spec[2]) for name, spec in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="paperpal")
def cli() -> None:
    """paperpal: read math-heavy machine-learning papers in the terminal.

    REF is an arXiv id (1412.3555, 1412.3555v1, arXiv:1412.3555, hep-th/9901001), an arxiv.org
    URL, or a local .pdf, .tex, .tar.gz or folder.

    Settings: PAPERPAL_HOME (where the library and notes live), PAPERPAL_ARXIV_URL (an arXiv
    mirror), PAPERPAL_CONFIG (config file).
    """


class Stopped(SystemExit):
    """SIGTERM or SIGHUP arrived: unwind (cleaning staging folders and temporary files on the
    way, as their ``finally`` blocks do) and exit with 128 + the signal's number.

    A ``SystemExit`` so that it also leaves the reader's event loop, which swallows most
    other exceptions raised inside its callbacks.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def _stop(signum: int, _frame: object) -> None:
    # A second signal while the first one unwinds must not cut the clean-up short.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    raise Stopped(signum)


def _catch_signals() -> dict[int, Any]:
    """Install ``_stop`` for SIGTERM and SIGHUP; return the handlers it replaced."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    replaced: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            number = getattr(signal, name)
            replaced[number] = signal.signal(number, _stop)
    return replaced


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning paperpal's errors into a message and an exit code.

    Everything runs behind the terminal boundary (``commands.output``): nothing printed,
    not even an error message, reaches the terminal with control characters in it.
    """
    from paperpal.commands.output import terminal_boundary

    replaced = _catch_signals()
    try:
        with terminal_boundary():
            code = _run(argv)
    finally:
        for number, handler in replaced.items():
            signal.signal(number, handler)
    if code:
        sys.exit(code)


def _run(argv: list[str] | None) -> int:
    from paperpal.commands.output import discard_stdout, warn

    try:
        result: Any = cli.main(args=argv, prog_name="paperpal", standalone_mode=False)
    except Stopped as stop:
        name = {129: "SIGHUP", 143: "SIGTERM"}.get(int(stop.code or 0), f"signal {stop.signum}")
        warn(f"paperpal: stopped by {name}")
        return int(stop.code or 1)
    except WriteError as err:
        if err.stdout:
            discard_stdout()
        warn(f"paperpal: {err}")
        return err.exit_code
    except PaperpalError as err:
        warn(f"paperpal: {err}")
        return err.exit_code
    except click.exceptions.Abort:
        warn("paperpal: aborted")
        return 130
    except click.ClickException as err:
        shown = io.StringIO()
        err.show(file=shown)
        warn(shown.getvalue().rstrip("\n"))
        return err.exit_code
    except KeyboardInterrupt:
        warn("paperpal: interrupted")
        return 130
    except BrokenPipeError:
        # `paperpal show X | head`: the reader closed the pipe; that is not an error.
        discard_stdout()
        return 0
    except Exception as err:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("PAPERPAL_DEBUG"):
            raise
        warn(
            f"paperpal: internal error: {type(err).__name__}: {err}\n"
            "This is a bug in paperpal. Run again with PAPERPAL_DEBUG=1 for the details."
        )
        return 70
    if isinstance(result, int) and result:
        return result
    return 0
