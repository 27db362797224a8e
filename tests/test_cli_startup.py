"""`paperpal --help` must stay instant: the CLI never imports the heavy libraries at start-up."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("torch", "sentence_transformers", "textual", "pymupdf", "fitz", "sympy", "transformers")


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return [m for m in out.stdout.strip().split(",") if m]


def test_importing_the_cli_loads_nothing_heavy() -> None:
    assert _loaded_after("import paperpal.cli") == [], "import paperpal.cli pulled in heavy modules"


def test_every_command_module_is_light_at_import() -> None:
    code = (
        "import click\n"
        "from paperpal.cli import cli, COMMANDS\n"
        "ctx = click.Context(cli)\n"
        "for name in COMMANDS:\n"
        "    assert cli.get_command(ctx, name) is not None, name\n"
    )
    assert _loaded_after(code) == [], "a command module imports a heavy library at its top level"


def test_help_runs_and_lists_every_command() -> None:
    from paperpal.cli import COMMANDS

    out = subprocess.run(
        [sys.executable, "-m", "paperpal", "--help"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    for name in COMMANDS:
        assert name in out.stdout, f"`paperpal --help` does not list {name}"


def test_each_command_has_help() -> None:
    from click.testing import CliRunner

    from paperpal.cli import COMMANDS, cli

    runner = CliRunner()
    for name in COMMANDS:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, f"`paperpal {name} --help` failed: {result.output}"
        assert "Usage:" in result.output
