"""Printing helpers shared by the command modules: JSON to stdout, messages to stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

import click


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout (non-ASCII kept readable)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def warn(message: str) -> None:
    """A warning or progress line for the user, on stderr."""
    click.echo(message, err=True)


def is_tty() -> bool:
    return sys.stdout.isatty()
