"""`paperpal show/explain --from-pdf`: the PDF reading of a paper whose source is in the library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from paperpal.cli import cli
from paperpal.errors import UnreadablePaper
from tests.conftest import CORPUS


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_from_pdf_reads_the_pdf_and_leaves_the_latex_reading_alone(home: Path) -> None:
    folder = str(CORPUS / "1711.00123")
    pdf = run("show", folder, "--from-pdf", "--json")
    assert pdf.exit_code == 0, pdf.output
    report = json.loads(pdf.stdout)
    assert report["paper"]["source"] == "pdf"
    nine = next(e for e in report["equations"] if e["number"] == "9")
    assert nine["latex"].startswith(r"\hat{g}_{\mathrm{A2C}}=\sum_{t=1}^T\frac{"), nine["latex"]
    latex = run("show", folder, "--json")
    assert latex.exit_code == 0, latex.output
    assert json.loads(latex.stdout)["paper"]["source"] == "latex"


def test_explain_from_pdf_decodes_an_equation_of_the_pdf(home: Path) -> None:
    ran = run("explain", str(CORPUS / "1711.00123"), "--from-pdf", "--equation", "9", "--json")
    assert ran.exit_code == 0, ran.output
    symbols = {s["latex"] for s in json.loads(ran.stdout)["symbol_details"]}
    assert {r"\pi", r"\theta", "r"} <= symbols, symbols


def test_from_pdf_without_a_pdf_says_so(home: Path) -> None:
    """Through the real entry point: one line on stderr, the documented exit code, no traceback."""
    env = {**os.environ, "PAPERPAL_HOME": str(home), "PAPERPAL_CONFIG": str(home / "config.toml")}
    ran = subprocess.run(
        [sys.executable, "-m", "paperpal", "show", str(CORPUS / "1605.09410"), "--from-pdf"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert ran.returncode == UnreadablePaper.exit_code, ran.stderr
    message = ran.stderr.strip().splitlines()[-1]
    assert message.startswith("paperpal: ") and "1605.09410 has no PDF, only its LaTeX source" in message, (
        message
    )
    assert "leave out --from-pdf" in message and "Traceback" not in ran.stderr, ran.stderr
