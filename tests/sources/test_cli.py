"""`paperpal fetch` and `paperpal library` end to end, against the fake arXiv."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperpal.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paperpal", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )


def test_fetch_and_library_json(fake_arxiv, corpus: Path, home: Path) -> None:
    fetched = run("fetch", "1412.3555", "--json")
    assert fetched.returncode == 0, f"fetch failed: {fetched.stderr}"
    data = json.loads(fetched.stdout)
    meta = json.loads((corpus / "1412.3555" / "meta.json").read_text())
    assert data["id"] == "1412.3555" and data["version"] == 1 and data["title"] == meta["title"]
    assert data["first_author"] == "Junyoung Chung" and data["files"] == ["pdf"]
    assert data["from_cache"] is False
    assert any("no LaTeX source" in w for w in data["warnings"])
    assert "warning:" in fetched.stderr and "downloading" in fetched.stderr, "progress belongs on stderr"
    assert Path(data["pdf"]).is_file() and Path(data["folder"]).parent == home / "library"

    assert run("fetch", "arXiv:1603.07285").returncode == 0
    listed = run("library", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["files"]) for r in rows] == [
        ("1412.3555", ["pdf"]),
        ("1603.07285", ["pdf", "source"]),
    ]
    assert rows[1]["first_author"] == "Vincent Dumoulin" and rows[1]["version"] == 1

    text = run("library")
    assert "1603.07285v1" in text.stdout and "pdf+source" in text.stdout and "Dumoulin" in text.stdout


def test_fetch_again_is_from_cache(fake_arxiv, capsys: pytest.CaptureFixture[str]) -> None:
    main(["fetch", "1603.07285"])
    first = capsys.readouterr()
    assert "fetched: pdf, source" in first.out, first.out
    before = fake_arxiv.count()
    main(["fetch", "1603.07285", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["from_cache"] is True and data["files"] == ["pdf", "source"]
    assert fake_arxiv.count() == before, "a cached paper made requests"


def test_empty_library(capsys: pytest.CaptureFixture[str]) -> None:
    main(["library", "--json"])
    assert json.loads(capsys.readouterr().out) == []
    main(["library"])
    assert "empty" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["fetch", "../../no/such/paper.pdf"], 2, "no such file or folder"),
        (["fetch", "2101.00001"], 3, "arXiv has no paper 2101.00001"),
        (["fetch", "1706.03762", "--offline"], 4, "offline"),
    ],
)
def test_errors_are_messages_not_tracebacks(
    fake_arxiv, capsys: pytest.CaptureFixture[str], args: list[str], code: int, fragment: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    err = capsys.readouterr().err
    assert exit_.value.code == code, f"exit code {exit_.value.code} for {args}: {err}"
    assert fragment in err and "Traceback" not in err, err


def test_a_file_that_is_not_a_paper_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Stands in for something like /etc/passwd: a real file, but no paper in it. It is made
    # here so the test does not depend on the folder the suite runs from.
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\n")
    with pytest.raises(SystemExit) as exit_:
        main(["fetch", str(passwd)])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "not a paper file" in err and "Traceback" not in err, err


def test_unreachable_arxiv_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # conftest points arXiv at a closed port; the real 3 s API pace applies, but a refused
    # connection never reached arXiv, so it must not make the reader wait.
    monkeypatch.setenv("PAPERPAL_ARXIV_BACKOFF", "0.05")
    start = time.monotonic()
    with pytest.raises(SystemExit) as exit_:
        main(["fetch", "1706.03762"])
    err = capsys.readouterr().err
    assert exit_.value.code == 4 and "could not be reached" in err and "local file" in err, err
    assert time.monotonic() - start < 2.5, "an unreachable arXiv should be reported quickly"
