"""``paperpal open [REF]``: the reader, or the library when no REF is given."""

from __future__ import annotations

import click


@click.command(name="open")
@click.argument("ref", required=False)
@click.option("--offline", is_flag=True, help="Use the library only; never touch the network.")
def open_(ref: str | None, offline: bool) -> None:
    """Open REF in the reader (fetching it first if needed), or your library with no REF.

    Keys: F1 help, ctrl+p every action, ] and [ move between equations, n adds a note,
    p shows the reading path, / searches, x exports, ctrl+q quits.
    """
    if ref is not None:
        # A malformed REF is refused here, before the screen is taken over.
        from paperpal.sources import parse_ref

        parse_ref(ref)
    from paperpal.tui.app import run

    run(ref, offline=offline)
