"""``load_glossary`` reads real TOML files strictly and overlays the reader's own entries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from paperpal.errors import GlossaryError
from paperpal.glossary import load_glossary
from paperpal.glossary.loader import shipped_root


def test_entries_become_values(make_glossary: Callable[..., Path]) -> None:
    glossary = load_glossary(None, root=make_glossary())
    gru = glossary.concepts["gated-recurrent-unit"]
    assert gru.requires == ("recurrent-neural-network",) and gru.abbreviations == ("GRU",)
    assert gru.domain == "ml" and gru.origin == "shipped"
    sigma = glossary.symbols["sigma"]
    assert [s.denotes for s in sigma.senses] == ["function", None], sigma.senses
    assert sigma.senses[0].applied is True and sigma.senses[1].cues == ("\\mu",)
    odot = glossary.symbol_for("\\circ")
    assert odot is not None and odot.id == "odot", "a second LaTeX spelling should find its entry"
    assert odot.senses[0].denotes == "matrix-vector-product", "single-meaning symbols get one sense"
    assert glossary.concept_named("GRU") is gru


def test_an_unknown_key_raises_naming_file_and_entry(make_glossary: Callable[..., Path]) -> None:
    root = make_glossary(
        {"concepts/bad.toml": '[x-y]\nname = "x"\nsummary = "s"\nrequires = ["number"]\ncolour = "red"\n'}
    )
    with pytest.raises(GlossaryError) as err:
        load_glossary(None, root=root)
    message = str(err.value)
    assert "bad.toml" in message and "[x-y]" in message and "'colour'" in message, message


def test_a_duplicate_id_raises(make_glossary: Callable[..., Path]) -> None:
    root = make_glossary(
        {"concepts/again.toml": '[matrix]\nname = "m"\nsummary = "s"\nrequires = ["number"]\n'}
    )
    with pytest.raises(GlossaryError, match="already used"):
        load_glossary(None, root=root)


def test_user_entries_replace_and_extend_the_shipped_ones(make_glossary: Callable[..., Path]) -> None:
    shipped = make_glossary()
    user = make_glossary(
        {
            "concepts/mine.toml": """
            [vector]
            name = "vector"
            summary = "My own words for a vector."
            requires = ["number"]

            [my-idea]
            name = "my idea"
            summary = "Something only I call this."
            requires = ["vector"]
            """
        },
        base=False,
    )
    glossary = load_glossary(user, root=shipped)
    assert glossary.concepts["vector"].summary == "My own words for a vector."
    assert glossary.concepts["vector"].origin == "user"
    assert glossary.concepts["my-idea"].origin == "user"
    assert glossary.concepts["matrix"].origin == "shipped", "untouched shipped entries stay"
    assert load_glossary(None, root=shipped).concepts["vector"].summary == "An ordered list of numbers."


def test_the_default_overlay_is_the_readers_glossary_folder(
    make_glossary: Callable[..., Path], home: Path
) -> None:
    shipped = make_glossary()
    make_glossary(
        {"concepts/mine.toml": '[mine]\nname = "mine"\nsummary = "s"\nrequires = ["number"]\n'}, base=False
    )
    user_root = home / "glossary"
    (user_root / "concepts").mkdir(parents=True)
    (user_root / "concepts" / "mine.toml").write_text(
        '[mine]\nname = "mine"\nsummary = "s"\nrequires = ["number"]\n'
    )
    assert "mine" in load_glossary(root=shipped).concepts


def test_a_broken_user_file_names_the_users_file(make_glossary: Callable[..., Path]) -> None:
    user = make_glossary({"concepts/mine.toml": "[broken\n"}, base=False)
    with pytest.raises(GlossaryError, match="your glossary entry is invalid"):
        load_glossary(user, root=make_glossary())


def test_the_shipped_glossary_is_found_and_parsed_once_per_process() -> None:
    root = shipped_root()
    assert (root / "concepts").is_dir(), f"shipped glossary folder without concepts/: {root}"
    first = load_glossary(None)
    assert load_glossary(None) is first, "the shipped glossary should be cached, not re-read"
