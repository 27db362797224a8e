"""``paperpal show`` and ``paperpal explain``: the paper's outline and its decoded notation.

Both build one ``PaperReport`` through ``pipeline.read_paper`` and print it, as text or as the
JSON report (``paperpal.report``). Nothing heavy is imported at module level.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import click

from paperpal.commands.output import print_json, warn
from paperpal.errors import NotFoundInPaper

if TYPE_CHECKING:
    from paperpal.models import EquationInfo, PaperReport, SymbolInfo

SOURCE_LABEL = {
    "paper": "the paper",
    "glossary": "glossary",
    "convention": "convention",
}


def known_concepts() -> frozenset[str]:
    """Concepts the reader marked as known; none when the notes database cannot be read.

    Only reads: no notes database is created for it, and a read-only one is read as it is.
    """
    from paperpal.errors import PaperpalError
    from paperpal.store import read_known_concepts

    try:
        return read_known_concepts()
    except PaperpalError as err:
        warn(f"paperpal: could not read known concepts ({err}); showing the full path")
        return frozenset()


def build_report(ref: str, *, offline: bool = False, link: bool = False) -> PaperReport:
    """The report for REF with the reader's known concepts; progress goes to stderr."""
    from paperpal.pipeline import read_paper, resolve_paper

    # The paper first: a REF that is refused, or a paper that cannot be had, touches nothing else.
    files = resolve_paper(ref, offline=offline, progress=warn)
    embedder = None
    if link:
        from paperpal.embeddings import shared_embedder

        embedder = shared_embedder()
    return read_paper(files, known=known_concepts(), embedder=embedder, offline=offline, progress=warn)


def _header(report: PaperReport) -> list[str]:
    meta = report.meta
    version = f"v{meta.version}" if meta.version else ""
    where = f"arXiv:{meta.id}{version}" if meta.origin == "arxiv" else meta.id
    source = "LaTeX source" if report.document.source == "latex" else "PDF"
    lines = [click.style(meta.title or report.document.title or meta.id, bold=True)]
    if meta.authors:
        lines.append(", ".join(meta.authors))
    lines.append(f"{where} · read from the {source}")
    for warning in report.warnings:
        lines.append(click.style(f"warning: {warning}", fg="yellow"))
    return lines


@click.command()
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--all", "show_all", is_flag=True, help="List unnumbered equations too.")
@click.option(
    "--link", is_flag=True, help="Also link unfamiliar terms to the glossary by meaning (loads a model)."
)
@click.option("--offline", is_flag=True, help="Use the library only; never touch the network.")
def show(ref: str, as_json: bool, show_all: bool, link: bool, offline: bool) -> None:
    """Print REF's outline: sections, and each numbered equation in Unicode.

    With --json, the full report: sections, equations, symbols with their meanings, the jargon
    and the reading path (the shape is documented in paperpal/report.py).
    """
    report = build_report(ref, offline=offline, link=link)
    if as_json:
        from paperpal.report import report_to_dict

        print_json(report_to_dict(report))
        return
    from paperpal.models import Equation, Section

    infos = {info.equation.id: info for info in report.equations}
    lines = _header(report)
    lines.append("")
    for block in report.document.blocks:
        if isinstance(block, Section):
            indent = "  " * max(block.level - 1, 0)
            number = f"{block.number} " if block.number else ""
            lines.append(click.style(f"{indent}{number}{block.title}", bold=block.level <= 1))
        elif isinstance(block, Equation) and (block.number or show_all):
            info = infos.get(block.id)
            text = info.text if info else block.latex
            label = f"({block.number})" if block.number else "     "
            lines.append(f"      {label:>7}  {text}")
    click.echo("\n".join(lines))


@click.command()
@click.argument("ref")
@click.option("--equation", "-e", "equation", metavar="N", help="One equation, by its number (5) or id.")
@click.option(
    "--symbol", "-s", "symbol", metavar="LATEX", help=r"One symbol, by its LaTeX: 'z_t', '\tilde{h}'."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--offline", is_flag=True, help="Use the library only; never touch the network.")
def explain(ref: str, equation: str | None, symbol: str | None, as_json: bool, offline: bool) -> None:
    """Decode REF's notation: each equation's symbols, their meanings, and the equation in words.

    Meanings come, in order of authority, from the paper's own sentences, the glossary, or a
    naming convention; a symbol nothing explains says so.
    """
    from paperpal.report import (
        equation_to_dict,
        find_equation,
        find_symbol,
        symbol_to_dict,
    )

    report = build_report(ref, offline=offline)
    by_key = {s.latex: s for s in report.symbols}

    if symbol is not None:
        found = find_symbol(report, symbol)
        if found is None:
            raise NotFoundInPaper(
                f"no symbol {symbol!r} in {report.meta.id}; `paperpal explain {ref} --json` lists them all"
            )
        if as_json:
            print_json(symbol_to_dict(found))
        else:
            click.echo("\n".join(_symbol_lines(found, detailed=True)))
        return

    if equation is not None:
        info = find_equation(report, equation)
        if info is None:
            numbers = [e.equation.number for e in report.equations if e.equation.number]
            listed = ", ".join(numbers[:30]) or "none"
            raise NotFoundInPaper(
                f"no equation {equation!r} in {report.meta.id} (numbered equations: {listed})"
            )
        if as_json:
            data = equation_to_dict(info)
            data["symbol_details"] = [symbol_to_dict(by_key[k]) for k in info.symbols if k in by_key]
            print_json(data)
        else:
            click.echo("\n".join(_equation_lines(info, by_key)))
        return

    if as_json:
        from paperpal.report import report_to_dict

        data = report_to_dict(report)
        print_json({"paper": data["paper"], "equations": data["equations"], "symbols": data["symbols"]})
        return
    lines = _header(report)
    for info in report.equations:
        lines.append("")
        lines.extend(_equation_lines(info, by_key))
    if not report.equations:
        lines.append("")
        lines.append("No display equations were found in this paper.")
    click.echo("\n".join(lines))


def _equation_lines(info: EquationInfo, by_key: dict[str, SymbolInfo]) -> list[str]:
    eq = info.equation
    label = f"({eq.number})" if eq.number else f"[{eq.id}]"
    lines = [click.style(f"{label}  {info.text}", bold=True)]
    if info.pretty:
        lines.extend("      " + row for row in info.pretty.splitlines())
    if info.literal:
        lines.extend(_wrap("Read aloud: ", info.literal))
    if info.spoken_meaning:
        lines.extend(_wrap("In words:   ", info.spoken_meaning))
    symbols = [by_key[k] for k in info.symbols if k in by_key]
    if symbols:
        lines.append("  Symbols:")
        for sym in symbols:
            lines.extend("    " + row for row in _symbol_lines(sym, detailed=False))
    return lines


def _symbol_lines(sym: SymbolInfo, *, detailed: bool) -> list[str]:
    meaning = sym.meaning or click.style("not explained", fg="red")
    where = f" [{SOURCE_LABEL.get(sym.source or '', sym.source)}]" if sym.source else ""
    lines = [f"{sym.text:<10} {meaning}{where}"]
    if sym.evidence:
        from paperpal.notation.inline import render_inline_math

        evidence = render_inline_math(sym.evidence)
        lines.extend(
            textwrap.wrap(f"“{evidence}”", width=88, initial_indent=" " * 11, subsequent_indent=" " * 12)
        )
    if detailed or not sym.meaning:
        for convention in sym.conventions:
            lines.append(" " * 11 + f"convention: {convention}")
    if detailed:
        if sym.read_as:
            lines.append(f"{'':11}read as: {sym.read_as}")
        if sym.forms:
            lines.append(f"{'':11}written as: {', '.join(sym.forms)}")
        if sym.equations:
            lines.append(f"{'':11}in equations: {', '.join(sym.equations)}")
        if sym.glossary_id:
            lines.append(f"{'':11}glossary: {sym.glossary_id} (paperpal glossary show {sym.glossary_id})")
    return lines


def _wrap(prefix: str, text: str) -> list[str]:
    return textwrap.wrap(
        text, width=96, initial_indent="  " + prefix, subsequent_indent=" " * (2 + len(prefix))
    )
