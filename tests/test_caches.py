"""Caches are data in the user cache folder: rebuilt when missing or damaged, never code.

A report memo and the parsed glossary are gzip-compressed JSON (paperpal/codec.py) under
``paths.cache_dir()``, not in the library (so backups of the data leave them out), and nothing
read from there can run code: a pickle, or JSON naming a class paperpal does not cache, is
treated as damage and the cache is rebuilt.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
from pathlib import Path

import pytest

from paperpal import codec
from paperpal.models import PaperReport


def _read(corpus: Path, paper_id: str) -> PaperReport:
    from paperpal.glossary.loader import load_glossary
    from paperpal.pipeline import read_paper

    return read_paper(str(corpus / paper_id), glossary=load_glossary(None))


def test_a_report_round_trips_through_the_cache_format(corpus: Path, tmp_path: Path) -> None:
    report = _read(corpus, "1603.07285")
    path = tmp_path / "r.json.gz"
    codec.write(path, report)
    again = codec.read(path)
    assert again == report
    assert isinstance(again.document.blocks, tuple) and isinstance(again.symbols[0].forms, tuple)


def test_the_memo_lives_in_the_cache_folder_and_is_used(corpus: Path, home: Path) -> None:
    from paperpal.paths import cache_dir, library_dir

    first = _read(corpus, "1603.07285")
    memos = list((cache_dir() / "reports").rglob("report-*.json.gz"))
    assert len(memos) == 1, memos
    assert not list(library_dir().rglob("report*")), "no memo may sit in the library (backups carry it)"
    # A memo is what is read the second time: make it say something only the memo can say.
    tree = json.loads(gzip.decompress(memos[0].read_bytes()))
    tree["document"]["title"] = "from the memo"
    memos[0].write_bytes(gzip.compress(json.dumps(tree).encode()))
    again = _read(corpus, "1603.07285")
    assert again.document.title == "from the memo", "the second read comes from the memo"
    assert again.meta == first.meta, "the paper's metadata always comes from the library"


@pytest.mark.parametrize(
    "damage",
    [
        b"not gzip at all",
        gzip.compress(b"{ truncated"),
        gzip.compress(json.dumps({"__t": "Popen", "args": ["touch", "/tmp/pwned"]}).encode()),
        gzip.compress(json.dumps({"__t": "PaperReport", "unexpected": 1}).encode()),
        pickle.dumps({"a pickle": "is not read"}),
    ],
    ids=["junk", "truncated", "foreign-class", "wrong-fields", "pickle"],
)
def test_a_damaged_or_foreign_memo_is_rebuilt_never_run(corpus: Path, home: Path, damage: bytes) -> None:
    from paperpal.paths import cache_dir

    good = _read(corpus, "1603.07285")
    (memo,) = list((cache_dir() / "reports").rglob("report-*.json.gz"))
    memo.write_bytes(damage)
    again = _read(corpus, "1603.07285")
    assert again.symbols == good.symbols
    assert isinstance(codec.read(memo), PaperReport), "the rebuilt report is written back"
    with pytest.raises(codec.DamagedCache):
        codec.load({"__t": "Popen", "args": []})


def test_the_glossary_cache_is_json_and_a_damaged_one_is_rebuilt(home: Path, tmp_path: Path) -> None:
    from paperpal.glossary import loader
    from paperpal.paths import cache_dir

    loader._cached_layer.cache_clear()
    glossary = loader.load_glossary(None)
    (cached,) = list(cache_dir().glob("glossary-*.json.gz"))
    assert json.loads(gzip.decompress(cached.read_bytes()))["symbols"], "the cache is plain JSON"
    cached.write_bytes(pickle.dumps("junk"))
    loader._cached_layer.cache_clear()
    again = loader.load_glossary(None)
    assert again.symbols.keys() == glossary.symbols.keys()
    assert again.symbol_for(r"\odot") == glossary.symbol_for(r"\odot")


def test_the_cache_folder_follows_the_platform_without_paperpal_home(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_cache_dir, user_data_dir

    from paperpal.paths import cache_dir, home

    monkeypatch.delenv("PAPERPAL_HOME")
    assert cache_dir() == Path(user_cache_dir("paperpal", appauthor=False))
    assert cache_dir() != home() and not str(cache_dir()).startswith(
        user_data_dir("paperpal", appauthor=False) + os.sep
    )
