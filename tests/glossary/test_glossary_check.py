"""``check_glossary`` finds each class of problem in small, deliberately broken glossaries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from paperpal.glossary.check import check_glossary, check_report


def _problems_with(make_glossary: Callable[..., Path], files: dict[str, str], needle: str) -> list[str]:
    problems = check_glossary(make_glossary(files))
    matching = [p for p in problems if needle in p]
    assert matching, f"expected a problem mentioning {needle!r}, got: {problems}"
    return matching


def test_the_good_fixture_is_valid_and_counted(make_glossary: Callable[..., Path]) -> None:
    report = check_report(make_glossary())
    assert report.problems == (), f"the good fixture should pass, got: {report.problems}"
    assert (report.symbols, report.concepts, report.files) == (2, 9, 3)


def test_a_prerequisite_cycle_is_reported(make_glossary: Callable[..., Path]) -> None:
    cycle = """
    [chicken]
    name = "chicken"
    summary = "Comes from an egg."
    requires = ["egg", "number"]

    [egg]
    name = "egg"
    summary = "Comes from a chicken."
    requires = ["chicken"]
    """
    found = _problems_with(make_glossary, {"concepts/farm.toml": cycle}, "cycle")
    assert "chicken" in found[0] and "egg" in found[0], found


def test_a_dangling_reference_is_reported(make_glossary: Callable[..., Path]) -> None:
    dangling = """
    [attention]
    name = "attention"
    summary = "Weighted look-up."
    requires = ["softmax"]
    see_also = ["transformer"]
    """
    found = _problems_with(make_glossary, {"concepts/attn.toml": dangling}, "does not resolve")
    assert any("softmax" in p for p in found) and any("transformer" in p for p in found), found


def test_a_symbol_denoting_a_missing_concept_is_reported(make_glossary: Callable[..., Path]) -> None:
    bad = """
    [nabla]
    latex = ['\\nabla']
    name = "nabla"
    read_as = "nabla"
    kind = "operator"
    meaning = "Gradient."
    denotes = "gradient"
    example = "nabla f"
    """
    _problems_with(make_glossary, {"symbols/calc.toml": bad}, "denotes 'gradient'")


def test_an_unknown_key_is_reported_with_file_and_id(make_glossary: Callable[..., Path]) -> None:
    bad = """
    [softmax]
    name = "softmax"
    summary = "Turns scores into probabilities."
    requires = ["function"]
    prerequisites = ["function"]
    """
    found = _problems_with(make_glossary, {"concepts/extra.toml": bad}, "unknown key 'prerequisites'")
    assert "extra.toml" in found[0] and "[softmax]" in found[0], found


def test_a_missing_required_key_is_reported(make_glossary: Callable[..., Path]) -> None:
    bad = """
    [softmax]
    name = "softmax"
    requires = ["function"]
    """
    _problems_with(make_glossary, {"concepts/extra.toml": bad}, "missing required key 'summary'")


def test_a_duplicate_id_across_files_is_reported(make_glossary: Callable[..., Path]) -> None:
    duplicate = """
    [vector]
    name = "vector again"
    summary = "A second entry with an id already used."
    requires = ["number"]
    """
    _problems_with(make_glossary, {"concepts/more.toml": duplicate}, "duplicate id")


def test_a_symbol_and_concept_sharing_an_id_is_a_duplicate(make_glossary: Callable[..., Path]) -> None:
    clash = """
    [sigma]
    name = "sigma"
    summary = "A concept that takes a symbol's id."
    requires = ["number"]
    """
    _problems_with(make_glossary, {"concepts/clash.toml": clash}, "duplicate id")


def test_untokenizable_latex_is_reported(make_glossary: Callable[..., Path]) -> None:
    bad = """
    [hat]
    latex = ['\\hat{x']
    name = "hat"
    read_as = "x hat"
    kind = "accent"
    meaning = "An estimate."
    example = "x hat = 3"
    """
    _problems_with(make_glossary, {"symbols/accents.toml": bad}, "does not tokenize")


def test_latex_claimed_by_two_symbols_is_reported(make_glossary: Callable[..., Path]) -> None:
    twice = """
    [circle]
    latex = ['\\circ']
    name = "composition"
    read_as = "after"
    kind = "operator"
    meaning = "Apply one function after another."
    example = "(f circ g)(x) = f(g(x))"
    """
    _problems_with(make_glossary, {"symbols/more.toml": twice}, "already claimed by [odot]")


def test_an_unreachable_concept_is_reported(make_glossary: Callable[..., Path]) -> None:
    island = """
    [island]
    name = "island"
    summary = "Needs only its neighbour."
    requires = ["neighbour"]

    [neighbour]
    name = "neighbour"
    summary = "Needs only the island."
    requires = ["island"]
    """
    found = _problems_with(make_glossary, {"concepts/sea.toml": island}, "not reachable from the foundations")
    assert any("[island]" in p for p in found), found


def test_empty_requires_outside_foundations_is_reported(make_glossary: Callable[..., Path]) -> None:
    root = """
    [softmax]
    name = "softmax"
    summary = "Turns scores into probabilities."
    requires = []
    """
    _problems_with(make_glossary, {"concepts/extra.toml": root}, "only concepts/foundations.toml")


def test_invalid_toml_is_reported_not_raised(make_glossary: Callable[..., Path]) -> None:
    _problems_with(make_glossary, {"concepts/broken.toml": "[oops\nname = 1"}, "not valid TOML")


def test_a_user_overlay_is_checked_with_the_shipped_entries(
    make_glossary: Callable[..., Path], tmp_path: Path
) -> None:
    shipped = make_glossary()
    user = make_glossary(
        {"concepts/mine.toml": '[my-idea]\nname = "my idea"\nsummary = "Mine."\nrequires = ["gru"]\n'},
        base=False,
    )
    problems = check_glossary(shipped, user)
    assert any("my-idea" in p and "'gru'" in p for p in problems), problems
    # Replacing a shipped entry by id is allowed (that is what an overlay is for).
    replace = make_glossary(
        {"concepts/mine.toml": '[vector]\nname = "vector"\nsummary = "My words."\nrequires = ["number"]\n'},
        base=False,
    )
    assert check_glossary(shipped, replace) == []


_SENSES = """
[letter-z]
latex = ['z']
name = "z"
read_as = "z"
kind = "letter"
example = 'z = 0.8 keeps most of the new state'
senses = [
  {{ context = "a gate in a recurrent network", meaning = "The update gate.", {extra} }},
  {{ context = "anything else", meaning = "A variable." }},
]
"""


def test_sense_fields_must_be_arxiv_categories(make_glossary: Callable[..., Path]) -> None:
    bad = _SENSES.format(extra="cues = ['gate'], fields = ['cs.LG', 'machine learning']")
    found = _problems_with(make_glossary, {"symbols/z.toml": bad}, "arXiv archive or category")
    assert len(found) == 1 and "'machine learning'" in found[0], found


def test_sense_concepts_must_resolve(make_glossary: Callable[..., Path]) -> None:
    bad = _SENSES.format(extra="concepts = ['no-such-concept']")
    found = _problems_with(make_glossary, {"symbols/z.toml": bad}, "is not a concept")
    assert "no-such-concept" in found[0], found


def test_a_specific_sense_names_its_evidence(make_glossary: Callable[..., Path]) -> None:
    bad = _SENSES.format(extra="specific = true")
    found = _problems_with(make_glossary, {"symbols/z.toml": bad}, "specific sense needs the evidence")
    assert "sense 1" in found[0], found
    wrong_type = _SENSES.format(extra="cues = ['gate'], specific = 'yes'")
    _problems_with(make_glossary, {"symbols/z.toml": wrong_type}, "'specific' must be true or false")


def test_a_well_formed_specific_sense_is_accepted(make_glossary: Callable[..., Path]) -> None:
    good = _SENSES.format(extra="cues = ['gate'], fields = ['cs.LG', 'stat'], specific = true")
    problems = [p for p in check_glossary(make_glossary({"symbols/z.toml": good})) if "letter-z" in p]
    assert problems == [], problems


def test_cues_that_repeat_the_concepts_own_name_or_a_word_twice_are_reported(
    make_glossary: Callable[..., Path],
) -> None:
    bad = """
    [kernel]
    name = "kernel"
    aliases = ["convolution kernel"]
    summary = "The small grid a convolution slides."
    requires = ["number"]
    cues = ["convolution", "Convolution Kernel", "stride", "stride", ""]
    """
    found = _problems_with(make_glossary, {"concepts/conv.toml": bad}, "cues")
    joined = " ".join(found)
    assert "own names ['Convolution Kernel']" in joined, found
    assert "a word twice" in joined and "an empty entry" in joined, found
    good = bad.replace(
        'cues = ["convolution", "Convolution Kernel", "stride", "stride", ""]',
        "cues = [\"stride\", '\\\\ast']",
    )
    assert not [p for p in check_glossary(make_glossary({"concepts/conv.toml": good})) if "cues" in p]
