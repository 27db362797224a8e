"""The ``path``, ``know`` and ``glossary`` commands, run through paperpal's real CLI entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paperpal.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_lookup_finds_a_concept_by_abbreviation_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "glossary", "lookup", "GRU", "--json")
    hits = json.loads(out)
    assert code == 0 and hits, f"no hits for GRU: {out}"
    assert hits[0]["id"] == "gated-recurrent-unit", f"best hit should be the GRU concept: {hits[:3]}"


def test_lookup_finds_a_symbol_by_latex(capsys: pytest.CaptureFixture[str]) -> None:
    from paperpal.glossary import load_glossary

    assert load_glossary(None).symbol_for("\\sigma") is not None, "the shipped glossary must explain sigma"
    code, out, _ = run(capsys, "glossary", "lookup", "\\sigma", "--json")
    hits = json.loads(out)
    assert hits[0]["kind"] == "symbol" and hits[0]["why"] == "latex", hits[:3]


def test_show_prints_a_concept_with_its_own_reading_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "glossary", "show", "GRU", "--json")
    entry = json.loads(out)
    assert code == 0 and entry["id"] == "gated-recurrent-unit"
    path = [step["concept"] for step in entry["reading_path"]]
    assert path[-1] == "gated-recurrent-unit", f"the concept itself comes last: {path[-5:]}"
    assert set(entry["requires"]) <= set(path), "every direct prerequisite is on its path"
    code, out, _ = run(capsys, "glossary", "show", "gated-recurrent-unit")
    assert code == 0 and "Needs:" in out and "Reading path" in out, out[:500]


def test_know_marks_and_forgets_a_concept_by_name(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run(capsys, "know", "LSTM", "--json")
    assert code == 0 and json.loads(out) == {
        "concept": "long-short-term-memory",
        "name": json.loads(out)["name"],
        "known": True,
        "prerequisites": [],
    }
    from paperpal.store import open_store

    with open_store() as store:
        assert "long-short-term-memory" in store.known_concepts(), "know must write the notes database"
    _, out, _ = run(capsys, "glossary", "show", "long-short-term-memory", "--json")
    last = json.loads(out)["reading_path"][-1]
    assert last["concept"] == "long-short-term-memory" and last["known"], f"marked known on its path: {last}"
    code, _, _ = run(capsys, "know", "long short-term memory", "--forget")
    with open_store() as store:
        assert "long-short-term-memory" not in store.known_concepts(), "--forget must unmark it"


def test_know_with_prerequisites_marks_the_basics_at_once(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    """`know neural-network -p` is "I know the basics": it and everything under it are known."""
    from paperpal.glossary import load_glossary
    from paperpal.glossary.graph import prerequisites, requires_map
    from paperpal.store import open_store

    glossary = load_glossary(None)
    below = set(prerequisites(["neural-network"], requires_map(glossary))) - {"neural-network"}
    assert {"function", "matrix"} <= below, sorted(below)
    code, out, _ = run(capsys, "know", "neural network", "--with-prerequisites", "--json")
    data = json.loads(out)
    assert code == 0 and data["concept"] == "neural-network" and set(data["prerequisites"]) == below
    with open_store() as store:
        assert store.known_concepts() == below | {"neural-network"}
    _, out, _ = run(capsys, "glossary", "show", "GRU", "--json")
    steps = {step["concept"]: step["known"] for step in json.loads(out)["reading_path"]}
    assert steps["matrix"] and steps["neural-network"] and not steps["gated-recurrent-unit"], steps

    code, out, _ = run(capsys, "know", "neural-network", "-p", "--forget")
    assert code == 0 and "Forgot" in out and "it builds on" in out, out
    with open_store() as store:
        assert store.known_concepts() == frozenset(), "--forget -p unmarks all of them"


def test_know_an_unknown_concept_suggests_close_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "know", "recurent neural network")
    assert code != 0, "an unknown concept must fail"
    assert "Did you mean" in err and "recurrent neural network" in err, err
    assert "Traceback" not in err


def test_check_fails_on_a_broken_user_entry_and_passes_without_it(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    mine = home / "glossary" / "concepts"
    mine.mkdir(parents=True)
    (mine / "mine.toml").write_text(
        '[my-idea]\nname = "my idea"\nsummary = "Mine."\nrequires = ["no-such"]\n'
    )
    code, out, _ = run(capsys, "glossary", "check", "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"], "a dangling reference in the overlay must fail the check"
    assert any("my-idea" in p and "no-such" in p for p in report["problems"]), report["problems"]
    assert report["concepts"] > 0 and report["files"] > 1, report


def test_list_filters_by_kind_and_domain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "glossary", "list", "--kind", "concepts", "--domain", "foundations", "--json")
    rows = json.loads(out)
    assert code == 0 and rows and all(r["kind"] == "concept" and r["domain"] == "foundations" for r in rows)


def test_glossary_commands_do_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from paperpal.cli import main\n"
        "try:\n    main(['glossary', 'lookup', 'softmax'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'textual', 'pymupdf') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]", f"glossary lookup imported heavy modules: {out[-200:]}"
