"""``paperpal path``, ``paperpal know`` and ``paperpal glossary check|lookup|show|list``.

Shells over the glossary package: parse, call one core function, print (text, or ``--json``).
Nothing heavy is imported at module level; the notes database and the pipeline are imported
inside the commands that need them.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING, Any

import click

from paperpal.commands.output import print_json, style, warn

if TYPE_CHECKING:
    from paperpal.glossary.model import Glossary
    from paperpal.models import Concept, GlossarySymbol, PathStep


_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)\.\s+(?=[A-Z])")


def _first_sentence(text: str) -> str:
    # "i.e." and "e.g." do not end a sentence; a full stop before a capital does.
    found = _SENTENCE_END.search(text)
    return text if found is None else text[: found.start() + 1]


def _step_line(number: int, step: PathStep) -> str:
    mark = "✓" if step.known else " "
    name = style(step.name, bold=step.in_paper)
    if step.own:
        where = " (this paper's own term)"
    elif step.key:
        where = " (a key idea of the paper)"
    elif step.in_paper:
        where = " (in the paper)"
    else:
        where = ""
    return f"{number:3}. [{mark}] {name}{where} — {_first_sentence(step.summary)}"


def _print_path(steps: tuple[PathStep, ...], *, grouped: bool = False) -> None:
    from paperpal.glossary.paper_path import GROUP_TITLES

    if not steps:
        click.echo("Nothing to read first: no glossary concepts found, or all are known.")
        return
    group = None
    for number, step in enumerate(steps, start=1):
        if grouped and step.group != group:
            group = step.group
            click.echo(click.style(f"\n{GROUP_TITLES[group]}", underline=True))
        click.echo(_step_line(number, step))
    known = sum(s.known for s in steps)
    click.echo(f"\n{len(steps)} concepts, {known} marked known. Mark one with `paperpal know ID`.")


def _steps_json(steps: tuple[PathStep, ...]) -> list[dict[str, Any]]:
    from paperpal.report import step_to_dict

    return [step_to_dict(s) for s in steps]


def _known() -> frozenset[str]:
    from paperpal.commands.read import known_concepts

    return known_concepts()


# ---------------------------------------------------------------------------------------------
# paperpal path / know
# ---------------------------------------------------------------------------------------------


@click.command()
@click.argument("ref")
@click.option(
    "--all", "show_all", is_flag=True, help="The full path: every concept used and all it builds on."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "dot"]),
    default="text",
    show_default=True,
    help="dot: Graphviz DOT, to draw it yourself (dot -Tsvg).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (same as --format json).")
@click.option("--hide-known", is_flag=True, help="Leave out known concepts (and what only they need).")
@click.option("--link", is_flag=True, help="Also link unfamiliar phrases by meaning (loads a model).")
@click.option("--offline", is_flag=True, help="Use the library only; never touch the network.")
def path(
    ref: str, show_all: bool, fmt: str, as_json: bool, hide_known: bool, link: bool, offline: bool
) -> None:
    """What to read before REF, in steps: foundations, building blocks, the paper's own ideas.

    By default the paper's key concepts and the prerequisites you have not marked as known (at
    most about 25); --all lists every concept the paper uses and everything they build on.
    """
    from paperpal.commands.read import build_report
    from paperpal.glossary.loader import load_glossary
    from paperpal.glossary.paper_path import paper_path

    report = build_report(ref, offline=offline, link=link)
    steps = report.full_path if show_all else report.reading_path
    if hide_known:
        steps = paper_path(report.terms, load_glossary(), _known(), full=show_all, hide_known=True)
    title = report.meta.title or report.meta.id
    if as_json or fmt == "json":
        print_json(
            {
                "paper": {"id": report.meta.id, "title": report.meta.title},
                "full": show_all,
                "reading_path": _steps_json(steps),
            }
        )
        return
    if fmt == "dot":
        from paperpal.export.path_dot import render_dot

        click.echo(render_dot(steps, title=f"Reading path: {title}"), nl=False)
        return
    click.echo(style(f"Reading path for {title}", bold=True))
    _print_path(steps, grouped=True)
    if not show_all and len(report.full_path) > len(report.reading_path):
        click.echo(f"The full path has {len(report.full_path)} concepts: paperpal path {ref} --all")


@click.command()
@click.argument("concept", nargs=-1, required=True)
@click.option("--forget", is_flag=True, help="Mark the concept as not known again.")
@click.option(
    "-p",
    "--with-prerequisites",
    "with_prerequisites",
    is_flag=True,
    help="Also every concept it builds on (`know neural-network -p`: the basics are known).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def know(concept: tuple[str, ...], forget: bool, with_prerequisites: bool, as_json: bool) -> None:
    """Mark CONCEPT (an id, a name or an abbreviation) as known, or --forget it."""
    from paperpal.glossary.graph import prerequisites, requires_map
    from paperpal.glossary.loader import load_glossary
    from paperpal.store import open_store

    glossary = load_glossary()
    entry = _concept_or_fail(" ".join(concept), glossary)
    ids = prerequisites([entry.id], requires_map(glossary)) if with_prerequisites else [entry.id]
    with open_store() as store:
        store.set_known_many(ids, not forget)
    below = [glossary.concepts[cid] for cid in ids if cid != entry.id]
    if as_json:
        print_json(
            {
                "concept": entry.id,
                "name": entry.name,
                "known": not forget,
                "prerequisites": [c.id for c in below],
            }
        )
        return
    what = f"{entry.name} ({entry.id})"
    if below:
        what += f" and the {len(below)} concepts it builds on"
    if forget:
        click.echo(f"Forgot {what}: reading paths will list them as new again.")
    else:
        click.echo(f"Marked {what} as known.")
    if below:
        names = ", ".join(c.name for c in below[:12])
        more = f", and {len(below) - 12} more" if len(below) > 12 else ""
        click.echo(f"  {names}{more}")


def _concept_or_fail(text: str, glossary: Glossary) -> Concept:
    from paperpal.errors import UnknownConcept
    from paperpal.glossary.lookup import close_concepts, resolve_concept

    entry = resolve_concept(text, glossary)
    if entry is not None:
        return entry
    close = close_concepts(text, glossary)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise UnknownConcept(
        f"no concept called {text!r} in the glossary.{hint} Search with `paperpal glossary lookup WORDS`."
    )


# ---------------------------------------------------------------------------------------------
# paperpal glossary ...
# ---------------------------------------------------------------------------------------------


@click.group()
def glossary() -> None:
    """Check the glossary, look entries up, show one, list them."""


@glossary.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def check(ctx: click.Context, as_json: bool) -> None:
    """Validate the shipped glossary and your own entries; exit 1 on any problem."""
    from paperpal.glossary.check import check_report
    from paperpal.paths import user_glossary_dir

    report = check_report(None, user_glossary_dir())
    if as_json:
        print_json(
            {
                "ok": report.ok,
                "problems": list(report.problems),
                "symbols": report.symbols,
                "concepts": report.concepts,
                "files": report.files,
                "by_domain": dict(report.by_domain),
            }
        )
    else:
        for problem in report.problems:
            click.echo(problem)
        summary = f"{report.symbols} symbols, {report.concepts} concepts in {report.files} files"
        if report.ok:
            for domain, count in report.by_domain.items():
                click.echo(f"  {domain:32} {count:4}")
            click.echo(f"glossary OK: {summary}")
        else:
            warn(f"\n{len(report.problems)} problems ({summary})")
    if not report.ok:
        ctx.exit(1)


@glossary.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", "-n", default=10, show_default=True, help="At most this many entries.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def lookup(text: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search symbols (LaTeX or name) and concepts (name, alias, abbreviation, words)."""
    from paperpal.glossary.loader import load_glossary
    from paperpal.glossary.lookup import lookup as search

    hits = search(" ".join(text), load_glossary(), limit=limit)
    if as_json:
        print_json(
            [
                {
                    "kind": h.kind,
                    "id": h.id,
                    "name": h.name,
                    "summary": h.summary,
                    "score": h.score,
                    "why": h.why,
                }
                for h in hits
            ]
        )
        return
    if not hits:
        click.echo("Nothing in the glossary matches. Try fewer or other words.")
        return
    for hit in hits:
        click.echo(f"{style(hit.name, bold=True)}  [{hit.kind} {hit.id}]")
        click.echo(textwrap.indent(textwrap.fill(_first_sentence(hit.summary), 88), "    "))


@glossary.command()
@click.argument("entry_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show(entry_id: str, as_json: bool) -> None:
    """Print one entry in full; for a concept, its prerequisites and its own reading path."""
    from paperpal.errors import UnknownConcept
    from paperpal.glossary.loader import load_glossary
    from paperpal.glossary.lookup import close_concepts, resolve_concept, resolve_symbol

    glossary = load_glossary()
    symbol = resolve_symbol(entry_id, glossary)
    concept = None if symbol else resolve_concept(entry_id, glossary)
    if symbol is not None:
        _show_symbol(symbol, glossary, as_json)
    elif concept is not None:
        _show_concept(concept, glossary, as_json)
    else:
        close = close_concepts(entry_id, glossary)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise UnknownConcept(
            f"no glossary entry {entry_id!r}.{hint} Search with `paperpal glossary lookup WORDS`."
        )


def symbol_to_dict(symbol: GlossarySymbol) -> dict[str, Any]:
    return {
        "kind": "symbol",
        "id": symbol.id,
        "name": symbol.name,
        "latex": list(symbol.latex),
        "read_as": symbol.read_as,
        "symbol_kind": symbol.kind,
        "senses": [
            {
                "meaning": s.meaning,
                "context": s.context,
                "denotes": s.denotes,
                "cues": list(s.cues),
                "applied": s.applied,
            }
            for s in symbol.senses
        ],
        "example": symbol.example,
        "notes": symbol.notes,
        "domain": symbol.domain,
        "origin": symbol.origin,
    }


def concept_to_dict(concept: Concept) -> dict[str, Any]:
    return {
        "kind": "concept",
        "id": concept.id,
        "name": concept.name,
        "summary": concept.summary,
        "aliases": list(concept.aliases),
        "abbreviations": list(concept.abbreviations),
        "requires": list(concept.requires),
        "see_also": list(concept.see_also),
        "example": concept.example,
        "domain": concept.domain,
        "origin": concept.origin,
    }


def _show_symbol(symbol: GlossarySymbol, glossary: Glossary, as_json: bool) -> None:
    if as_json:
        print_json(symbol_to_dict(symbol))
        return
    click.echo(f"{style(symbol.name or symbol.id, bold=True)}  [{symbol.id}, {symbol.kind}]")
    click.echo(f"LaTeX:    {'  '.join(symbol.latex)}")
    click.echo(f"Read as:  {symbol.read_as}")
    for number, sense in enumerate(symbol.senses, start=1):
        label = f"Sense {number}" if len(symbol.senses) > 1 else "Meaning"
        click.echo(f"{label}:" + (f" ({sense.context})" if sense.context else ""))
        click.echo(textwrap.indent(textwrap.fill(sense.meaning, 88), "    "))
        denoted = glossary.concept(sense.denotes) if sense.denotes else None
        if denoted:
            click.echo(f"    concept: {denoted.name} ({denoted.id})")
    if symbol.example:
        click.echo(f"Example:  {symbol.example}")
    if symbol.notes:
        click.echo("Notes:\n" + textwrap.indent(textwrap.fill(symbol.notes, 88), "    "))


def _show_concept(concept: Concept, glossary: Glossary, as_json: bool) -> None:
    from paperpal.glossary.graph import reading_path

    steps = reading_path([concept.id], glossary, known=_known())
    if as_json:
        print_json({**concept_to_dict(concept), "reading_path": _steps_json(steps)})
        return
    click.echo(f"{style(concept.name, bold=True)}  [{concept.id}, {concept.domain}]")
    forms = (*concept.abbreviations, *concept.aliases)
    if forms:
        click.echo(f"Also:     {', '.join(forms)}")
    click.echo(textwrap.fill(concept.summary, 92))
    if concept.example:
        click.echo(f"Example:  {concept.example}")

    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(glossary.concepts[i].name if i in glossary.concepts else i for i in ids)

    click.echo(f"Needs:    {names(concept.requires) or '(nothing: a starting point)'}")
    if concept.see_also:
        click.echo(f"See also: {names(concept.see_also)}")
    if len(steps) > 1:
        click.echo(style("\nReading path", bold=True))
        _print_path(steps)


@glossary.command(name="list")
@click.option("--kind", type=click.Choice(["all", "symbols", "concepts"]), default="all", show_default=True)
@click.option("--domain", help="Only entries from this file (e.g. neural-networks).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(kind: str, domain: str | None, as_json: bool) -> None:
    """List glossary entries: id, name, domain."""
    from paperpal.glossary.loader import load_glossary

    glossary = load_glossary()
    rows: list[dict[str, Any]] = []
    if kind in ("all", "symbols"):
        rows += [
            {"kind": "symbol", "id": s.id, "name": s.name, "domain": s.domain, "latex": s.latex[0]}
            for s in glossary.symbols.values()
            if domain is None or s.domain == domain
        ]
    if kind in ("all", "concepts"):
        rows += [
            {"kind": "concept", "id": c.id, "name": c.name, "domain": c.domain}
            for c in glossary.concepts.values()
            if domain is None or c.domain == domain
        ]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        extra = f"  {row['latex']}" if row["kind"] == "symbol" else ""
        click.echo(f"{row['kind']:8} {row['domain']:18} {row['id']:36} {row['name']}{extra}")
    click.echo(f"{len(rows)} entries", err=True)
