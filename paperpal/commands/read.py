"""``paperpal show`` and ``paperpal explain``: the paper's outline and its decoded notation.

Both build one ``PaperReport`` through ``pipeline.read_paper`` and print it, as text or as the
JSON report (``paperpal.report``). Nothing heavy is imported at module level.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import click

from paperpal.commands.output import print_json, style, warn
from paperpal.errors import NotFoundInPaper

if TYPE_CHECKING:
    from paperpal.models import EquationInfo, PaperReport, SymbolInfo, Trial

_FROM_PDF_HELP = "Read the PDF even when the LaTeX source is in the library (slower: not cached)."

SOURCE_LABEL = {
    "paper": "the paper says",
    "glossary": "standard notation",
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


def build_report(
    ref: str, *, offline: bool = False, link: bool = False, from_pdf: bool = False
) -> PaperReport:
    """The report for REF with the reader's known concepts; progress goes to stderr.

    ``from_pdf``: read the PDF even when the LaTeX source is there (to compare the two readings,
    or when the source reads badly). That reading is not memoised, so the usual one stays cached.
    """
    from dataclasses import replace

    from paperpal.errors import UnreadablePaper
    from paperpal.pipeline import read_paper, resolve_paper

    # The paper first: a REF that is refused, or a paper that cannot be had, touches nothing else.
    files = resolve_paper(ref, offline=offline, progress=warn)
    if from_pdf:
        if files.pdf is None or not files.pdf.is_file():
            raise UnreadablePaper(
                f"{ref if files.meta.origin == 'local' else files.meta.id} has no PDF, only its LaTeX source; "
                "leave out --from-pdf"
            )
        files = replace(files, source_dir=None)
    embedder = None
    if link:
        from paperpal.embeddings import shared_embedder

        embedder = shared_embedder()
    return read_paper(
        files,
        known=known_concepts(),
        embedder=embedder,
        offline=offline,
        use_cache=not from_pdf,
        progress=warn,
    )


def _header(report: PaperReport) -> list[str]:
    meta = report.meta
    version = f"v{meta.version}" if meta.version else ""
    where = f"arXiv:{meta.id}{version}" if meta.origin == "arxiv" else meta.id
    source = "LaTeX source" if report.document.source == "latex" else "PDF"
    lines = [style(meta.title or report.document.title or meta.id, bold=True)]
    if meta.authors:
        lines.append(", ".join(meta.authors))
    lines.append(f"{where} · read from the {source}")
    for warning in report.warnings:
        lines.append(style(f"warning: {warning}", fg="yellow"))
    return lines


@click.command()
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
# Before unnumbered displays had names, --all listed them; every display is listed now, and the
# flag stays (hidden) so scripts that pass it keep working.
@click.option("--all", "show_all", is_flag=True, hidden=True, help="Every display is listed anyway.")
@click.option(
    "--link", is_flag=True, help="Also link unfamiliar terms to the glossary by meaning (loads a model)."
)
@click.option("--offline", is_flag=True, help="Use the library only; never touch the network.")
@click.option("--from-pdf", is_flag=True, help=_FROM_PDF_HELP)
def show(ref: str, as_json: bool, show_all: bool, link: bool, offline: bool, from_pdf: bool) -> None:
    """Print REF's outline: sections, and each display equation in Unicode.

    A numbered equation shows its number, (5); an unnumbered display shows the name to type for
    it, [5+1] for the first after (5) (explain --equation 5+1). Its key terms come first, most
    central first, each with where its explanation comes from. With --json, the full report:
    sections, equations, symbols with their meanings, every term ranked, and the reading path
    (the shape is documented in paperpal/report.py).
    """
    report = build_report(ref, offline=offline, link=link, from_pdf=from_pdf)
    if as_json:
        from paperpal.report import report_to_dict

        print_json(report_to_dict(report))
        return
    from paperpal.extract.equation_names import display_label
    from paperpal.models import Equation, Section

    infos = {info.equation.id: info for info in report.equations}
    lines = _header(report)
    lines.extend(_key_term_lines(report))
    lines.append("")
    for block in report.document.blocks:
        if isinstance(block, Section):
            indent = "  " * max(block.level - 1, 0)
            number = f"{block.number} " if block.number else ""
            lines.append(style(f"{indent}{number}{block.title}", bold=block.level <= 1))
        elif isinstance(block, Equation) and (block.display or show_all):
            info = infos.get(block.id)
            text = info.text if info else block.latex
            lines.append(f"      {display_label(block):>7}  {text}")
    click.echo("\n".join(lines))


@click.command()
@click.argument("ref")
@click.option(
    "--equation",
    "-e",
    "equation",
    metavar="N",
    help="One equation: its number (5), or for an unnumbered display its name from show (5+1).",
)
@click.option(
    "--symbol", "-s", "symbol", metavar="LATEX", help=r"One symbol, by its LaTeX: 'z_t', '\tilde{h}'."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--offline", is_flag=True, help="Use the library only; never touch the network.")
@click.option("--try", "try_it", is_flag=True, help="With --equation: try it with small example numbers.")
@click.option(
    "--value",
    "values",
    multiple=True,
    metavar="SYM=VAL",
    help="With --try: your own value for a symbol ('z_t=0.8', 'e=1,2,0.5'); repeatable.",
)
@click.option("--from-pdf", is_flag=True, help=_FROM_PDF_HELP)
def explain(
    ref: str,
    equation: str | None,
    symbol: str | None,
    as_json: bool,
    offline: bool,
    try_it: bool,
    values: tuple[str, ...],
    from_pdf: bool,
) -> None:
    """Decode REF's notation: each equation's symbols, their meanings, and the equation in words.

    Meanings come, in order of authority, from the paper's own sentences, the glossary, or a
    naming convention; a symbol nothing explains says so. With --equation N --try, the
    equation is worked through with small example numbers (yours, with --value, or defaults
    chosen by what each symbol is); an equation that cannot be evaluated says why.
    """
    from paperpal.errors import BadValue

    if (try_it or values) and equation is None:
        raise BadValue("--try works on one equation: add --equation N")
    if values and not try_it:
        raise BadValue("--value gives numbers to --try: add --try")
    from paperpal.notation.tryit.present import typed_values

    given: dict[str, str] = {}
    for item in values:
        given.update(typed_values(item))
    from paperpal.report import (
        equation_to_dict,
        find_equation,
        find_symbol,
        symbol_to_dict,
    )

    report = build_report(ref, offline=offline, from_pdf=from_pdf)
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
            from paperpal.extract.equation_names import equation_name

            names = [equation_name(e.equation) for e in report.equations if e.equation.display]
            listed = ", ".join(names[:30]) + (", …" if len(names) > 30 else "") or "none"
            raise NotFoundInPaper(f"no equation {equation!r} in {report.meta.id} (its equations: {listed})")
        if try_it:
            from paperpal.notation.tryit import try_equation
            from paperpal.report import trial_to_dict

            trial = try_equation(info, report.symbols, given)
            if as_json:
                print_json(trial_to_dict(trial))
            else:
                click.echo("\n".join(_trial_lines(info, trial)))
            return
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


def _key_term_lines(report: PaperReport) -> list[str]:
    """The paper's key terms, most central first, each with where its explanation comes from."""
    key = [t for t in report.terms if t.key]
    if not key:
        return []
    lines = ["", style("Key terms", bold=True)]
    for term in key:
        name = f"{term.name} ({term.abbreviation})" if term.abbreviation else term.name
        if term.match == "defined":
            source = f"the paper, confidence {term.confidence:.2f}" if term.confidence else "the paper"
        elif term.match == "embedding":
            source = (
                f"glossary by meaning, similarity {term.confidence:.2f}" if term.confidence else "glossary"
            )
        elif term.concept:
            source = "glossary"
        else:
            source = ""
        explanation = (
            _first_sentence(term.explanation) if term.explanation else click.style("not explained", fg="red")
        )
        where = f" [{source}]" if source else ""
        lines.extend(
            textwrap.wrap(
                f"{term.rank:>2}. {click.style(name, bold=True)}{where} — {explanation}",
                width=100,
                subsequent_indent="      ",
            )
        )
    rest = len(report.terms) - len(key)
    if rest > 0:
        lines.append(f"    … and {rest} more terms: paperpal show REF --json lists them all, ranked.")
    return lines


def _first_sentence(text: str) -> str:
    from paperpal.linking.explain import first_sentence

    return first_sentence(" ".join(text.split()))


def _equation_lines(info: EquationInfo, by_key: dict[str, SymbolInfo]) -> list[str]:
    from paperpal.extract.equation_names import display_label

    eq = info.equation
    lines = [style(f"{display_label(eq)}  {info.text}", bold=True)]
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


def _trial_lines(info: EquationInfo, trial: Trial) -> list[str]:
    from paperpal.extract.equation_names import display_label
    from paperpal.notation.tryit.present import trial_lines

    lines = [style(f"{display_label(info.equation)}  {info.text}", bold=True)]
    indent = {"heading": "  ", "value": "    ", "step": "    ", "note": "  ", "cannot": "  "}
    lines.extend(indent[kind] + text for kind, text in trial_lines(trial))
    return lines


def _symbol_lines(sym: SymbolInfo, *, detailed: bool) -> list[str]:
    from paperpal.notation.claims import voice
    from paperpal.notation.prose import to_screen

    said = voice(sym)
    if not sym.meaning:
        meaning, where = style("not explained", fg="red"), ""
    elif said.certain:
        meaning = said.text
        where = f" [{SOURCE_LABEL.get(sym.source or '', sym.source)}]" if sym.source else ""
    else:
        meaning, where = style(said.text, dim=True), ""
    lines = [f"{sym.text:<10} {meaning}{where}"]
    if sym.evidence:
        evidence = to_screen(sym.evidence)
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
