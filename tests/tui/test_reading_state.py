"""The reader's state without any UI (paperpal.tui.state): one source of truth for the selection,
the notes, the known concepts and the path; how meanings are worded; where the reader was."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperpal.models import Note, SymbolInfo
from paperpal.tui.state.known import KnownConcepts
from paperpal.tui.state.places import Place, Places
from paperpal.tui.state.reading import ReadingState
from paperpal.tui.state.voice import voice


@pytest.fixture(scope="module")
def gru_report(corpus: Path):
    from paperpal.glossary.loader import load_glossary
    from paperpal.pipeline import read_paper
    from paperpal.sources.local import import_local

    # A folder REF reads the same PDF the reader opens, without arXiv or a library of its own.
    files = import_local(corpus / "1412.3555")
    glossary = load_glossary()
    return read_paper(files, glossary=glossary), glossary


def test_the_path_follows_the_known_concepts_wherever_they_are_marked(gru_report) -> None:
    report, glossary = gru_report
    known = KnownConcepts()
    state = ReadingState(report, glossary=glossary, known=known)
    other = ReadingState(report, glossary=glossary, known=known)  # a second screen on the paper
    heard: list[str] = []
    state.changed.subscribe(heard.append)
    concept = next(t.concept for t in report.terms if t.concept)
    assert not any(step.known for step in state.path())
    known.apply([concept], True)
    assert heard == ["known"]
    assert [s.concept for s in state.path() if s.known] == [concept]
    assert [s.concept for s in other.path() if s.known] == [concept]
    assert [s.concept for s in state.report_now().reading_path if s.known] == [concept]
    known.apply([concept], False)
    assert not any(step.known for step in other.path())
    state.close()
    known.apply([concept], True)
    assert heard == ["known", "known"], "a closed reader still listened"


def test_stepping_through_equations_and_passages(gru_report) -> None:
    report, glossary = gru_report
    state = ReadingState(report, glossary=glossary, known=KnownConcepts())
    equations = [i.index for i in state.items if i.kind == "equation"]
    first = state.step("equation", 1)
    assert first == equations[0]
    state.select(first)
    assert state.subject.kind == "equation" and state.subject.item == first
    assert state.step("equation", 1) == equations[1]
    assert state.step("equation", -1) == equations[-1], "[ from the first equation wraps to the last"
    # With nothing selected, ] starts from what is in view.
    fresh = ReadingState(report, glossary=glossary, known=KnownConcepts())
    assert fresh.step("equation", 1, start=equations[2]) == equations[2]
    passage = fresh.step("any", 1)
    assert passage is not None and fresh.items[passage].kind == "passage"
    assert state.equation_item("(5)") is not None and state.equation_item("5").anchor == "5"  # type: ignore[union-attr]


def test_a_term_in_the_decoder_and_back_to_the_equation(gru_report) -> None:
    report, glossary = gru_report
    state = ReadingState(report, glossary=glossary, known=KnownConcepts())
    equation = state.equation_item("5")
    assert equation is not None
    state.select(equation.index)
    term = next(t for t in report.terms if t.concept)
    state.show_term(term)
    assert state.subject.kind == "term" and state.term_concept() == term.concept
    assert state.selected == equation.index, "showing a term keeps the reader's place"
    assert state.back_to_item() and state.subject.kind == "equation"
    assert not state.back_to_item()


def test_notes_and_what_a_new_note_annotates(gru_report) -> None:
    report, glossary = gru_report
    state = ReadingState(report, glossary=glossary, known=KnownConcepts())
    equation = state.equation_item("5")
    assert equation is not None
    state.select(equation.index)
    target = state.note_target(symbol_list_focused=False)
    assert (target.kind, target.anchor) == ("equation", "5")
    state.highlight_symbol("z")
    assert state.note_target(symbol_list_focused=True).kind == "symbol"
    note = Note("n1", report.meta.id, "Mixing.", anchor_kind="equation", anchor="5")
    state.set_notes([note, Note("n2", report.meta.id, "gone", deleted=True)])
    assert state.subject_notes() == [note], "a deleted note is not shown"
    passage = next(i for i in state.items if i.kind == "passage" and "update gate" in i.text)
    state.select(passage.index)
    target = state.note_target(symbol_list_focused=False)
    assert target.kind == "quote" and target.quote and target.quote in passage.text


def test_the_voice_of_a_meaning_follows_how_sure_it_is() -> None:
    def symbol(**fields: object) -> SymbolInfo:
        return SymbolInfo(latex="x", text="x", kind="identifier", **fields)  # type: ignore[arg-type]

    said = voice(symbol(meaning="The activation", source="paper", confidence=0.95, certain=True))
    assert (said.tag, said.label, said.meaning) == ("paper", "the paper says", "The activation")
    unsure = voice(symbol(meaning="The activation", source="paper", confidence=0.4, certain=False))
    assert unsure.label == "probably" and unsure.meaning == "probably the activation"
    assert "the paper says" not in (unsure.label, unsure.note)
    low = voice(symbol(meaning="A matrix", source="glossary", confidence=0.2, certain=False))
    assert low.tone == "uncertain" and low.meaning == "commonly a matrix"
    assert voice(symbol(meaning=None, source=None)).label == "not explained"
    sourceless = voice(symbol(meaning="Something", source=None))
    assert sourceless.tone != "paper" and sourceless.meaning != "Something", (
        "a meaning with no source is never stated as fact"
    )


def test_places_survive_a_restart_and_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "places.json"
    places = Places(path)
    places.remember("1412.3555", Place("sec-3", "eq-5"))
    places.save()
    assert Places(path).get("1412.3555") == Place("sec-3", "eq-5")
    path.write_text("{not json", encoding="utf-8")
    assert Places(path).get("1412.3555") is None
    path.write_text('{"1412.3555": {"top": 3, "selected": ["x"]}}', encoding="utf-8")
    assert Places(path).get("1412.3555") == Place(None, None)
