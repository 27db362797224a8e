"""The glossary's TOML schema: which keys an entry may have, and turning a table into a value.

This module owns the rules of glossary/README.md for one entry at a time (required keys, unknown
keys, types, id spelling) and the conversion to ``GlossarySymbol`` / ``Concept``. It must not
read files or look across entries: references, uniqueness and the prerequisite graph belong to
``check`` and ``graph``. Problems are returned as strings so that ``check`` can list them all;
the loader turns the first one into a ``GlossaryError``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from paperpal.models import Concept, GlossarySymbol, Sense

Origin = Literal["shipped", "user"]

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

SYMBOL_KINDS = frozenset(
    {"letter", "operator", "function", "relation", "set", "accent", "font", "delimiter", "constant"}
)

# key -> (required, expected type description, checker)
_STR = "a string"
_STR_LIST = "a list of strings"

SYMBOL_KEYS: dict[str, bool] = {
    "latex": True,
    "name": True,
    "read_as": True,
    "kind": True,
    "meaning": False,  # exactly one of meaning / senses
    "senses": False,
    "denotes": False,
    "example": True,
    "notes": False,
}
SENSE_KEYS: dict[str, bool] = {
    "context": True,
    "meaning": True,
    "denotes": False,
    "cues": False,
    "applied": False,
    "fields": False,
    "concepts": False,
    "specific": False,
}
CONCEPT_KEYS: dict[str, bool] = {
    "name": True,
    "summary": True,
    "requires": True,
    "aliases": False,
    "abbreviations": False,
    "see_also": False,
    "example": False,
    "cues": False,
}
_LIST_KEYS = frozenset(
    {"latex", "cues", "requires", "aliases", "abbreviations", "see_also", "fields", "concepts"}
)
_BOOL_KEYS = frozenset({"applied", "specific"})
# An arXiv archive or category: "cs", "cs.LG", "stat.ML", "eess.AS", "q-bio.NC", "physics.comp-ph".
FIELD_PATTERN = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Za-z][A-Za-z\-]*)?$")


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _type_problems(where: str, table: Mapping[str, Any], allowed: Mapping[str, bool]) -> list[str]:
    problems: list[str] = []
    for key in table:
        if key not in allowed:
            known = ", ".join(allowed)
            problems.append(f"{where}: unknown key {key!r} (allowed: {known})")
    for key, required in allowed.items():
        if required and key not in table:
            problems.append(f"{where}: missing required key {key!r}")
    for key, value in table.items():
        if key not in allowed or key == "senses" or key in _BOOL_KEYS:
            continue
        if key in _LIST_KEYS:
            if not _is_str_list(value):
                problems.append(f"{where}: {key!r} must be {_STR_LIST}")
        elif not isinstance(value, str):
            problems.append(f"{where}: {key!r} must be {_STR}")
        elif not value.strip() and allowed[key]:
            problems.append(f"{where}: {key!r} is empty")
    return problems


def id_problems(where: str, entry_id: str) -> list[str]:
    if ID_PATTERN.match(entry_id):
        return []
    return [f"{where}: the id {entry_id!r} is not kebab-case (lower-case words joined by '-')"]


def symbol_problems(where: str, entry_id: str, table: Any) -> list[str]:
    """Everything wrong with one symbol table on its own (``where`` names file and id)."""
    if not isinstance(table, dict):
        return [f"{where}: must be a table ([{entry_id}] followed by keys)"]
    problems = id_problems(where, entry_id)
    problems += _type_problems(where, table, SYMBOL_KEYS)
    if isinstance(table.get("latex"), list) and not table["latex"]:
        problems.append(f"{where}: 'latex' needs at least one spelling")
    kind = table.get("kind")
    if isinstance(kind, str) and kind not in SYMBOL_KINDS:
        problems.append(f"{where}: kind {kind!r} is not one of {', '.join(sorted(SYMBOL_KINDS))}")
    has_meaning, has_senses = "meaning" in table, "senses" in table
    if has_meaning == has_senses:
        problems.append(f"{where}: give exactly one of 'meaning' (one sense) or 'senses' (several)")
    if has_senses and "denotes" in table:
        problems.append(f"{where}: 'denotes' belongs inside each sense when 'senses' is used")
    if has_senses:
        senses = table["senses"]
        if not isinstance(senses, list) or not senses:
            problems.append(f"{where}: 'senses' must be a non-empty list of inline tables")
        else:
            for number, sense in enumerate(senses, start=1):
                problems += _sense_problems(f"{where} sense {number}", sense)
    return problems


def _sense_problems(where: str, sense: Any) -> list[str]:
    if not isinstance(sense, dict):
        return [f"{where}: must be an inline table {{ context = ..., meaning = ... }}"]
    problems = _type_problems(where, sense, SENSE_KEYS)
    for key in _BOOL_KEYS:
        if key in sense and not isinstance(sense[key], bool):
            problems.append(f"{where}: {key!r} must be true or false")
    for field in sense.get("fields", ()) if _is_str_list(sense.get("fields")) else ():
        if not FIELD_PATTERN.match(field):
            problems.append(
                f"{where}: field {field!r} is not an arXiv archive or category (cs, cs.LG, stat.ML)"
            )
    if sense.get("specific") is True and not (sense.get("cues") or sense.get("concepts")):
        problems.append(
            f"{where}: a specific sense needs the evidence that selects it ('cues' or 'concepts')"
        )
    return problems


def concept_problems(where: str, entry_id: str, table: Any) -> list[str]:
    """Everything wrong with one concept table on its own."""
    if not isinstance(table, dict):
        return [f"{where}: must be a table ([{entry_id}] followed by keys)"]
    problems = id_problems(where, entry_id)
    problems += _type_problems(where, table, CONCEPT_KEYS)
    cues = table.get("cues", [])
    if _is_str_list(cues):
        if any(not cue.strip() for cue in cues):
            problems.append(f"{where}: 'cues' has an empty entry")
        forms = {str(table.get("name", "")).lower()}
        for key in ("aliases", "abbreviations"):
            if _is_str_list(table.get(key, [])):
                forms.update(f.lower() for f in table.get(key, []))
        own = sorted(cue for cue in cues if cue.lower() in forms)
        if own:
            problems.append(
                f"{where}: 'cues' lists the concept's own names {own}: a cue is other words nearby"
            )
        if len({c.lower() for c in cues}) != len(cues):
            problems.append(f"{where}: 'cues' lists a word twice")
    return problems


def to_symbol(entry_id: str, table: Mapping[str, Any], *, domain: str, origin: Origin) -> GlossarySymbol:
    """Build the value from a table that ``symbol_problems`` accepted."""
    if "senses" in table:
        senses = tuple(
            Sense(
                meaning=s["meaning"].strip(),
                context=s.get("context", "").strip(),
                denotes=s.get("denotes"),
                cues=tuple(s.get("cues", ())),
                applied=s.get("applied"),
                fields=tuple(s.get("fields", ())),
                concepts=tuple(s.get("concepts", ())),
                specific=bool(s.get("specific", False)),
            )
            for s in table["senses"]
        )
    else:
        senses = (Sense(meaning=table["meaning"].strip(), denotes=table.get("denotes")),)
    return GlossarySymbol(
        id=entry_id,
        latex=tuple(table["latex"]),
        read_as=table["read_as"].strip(),
        kind=table["kind"],
        senses=senses,
        example=table.get("example", "").strip(),
        name=table.get("name", "").strip(),
        notes=table.get("notes", "").strip(),
        domain=domain,
        origin=origin,
    )


def to_concept(entry_id: str, table: Mapping[str, Any], *, domain: str, origin: Origin) -> Concept:
    """Build the value from a table that ``concept_problems`` accepted."""
    return Concept(
        id=entry_id,
        name=table["name"].strip(),
        summary=" ".join(table["summary"].split()),
        aliases=tuple(table.get("aliases", ())),
        abbreviations=tuple(table.get("abbreviations", ())),
        requires=tuple(table.get("requires", ())),
        see_also=tuple(table.get("see_also", ())),
        example=table.get("example", "").strip(),
        domain=domain,
        origin=origin,
        cues=tuple(table.get("cues", ())),
    )
