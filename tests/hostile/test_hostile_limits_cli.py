"""Bounded work: deadlines and size caps on the network, redirects, signals, and files paperpal reads.

Against the fake arXiv (tests/fake_arxiv.py), through the real CLI in a child process: a server
that drips a byte at a time is cut off at the total deadline, an endless metadata answer at its
size cap, a redirect to another host is refused unless configured; SIGTERM and SIGHUP leave no
staging folder behind, and a builder killed outright is cleaned up by the next run. Every file
read on the user's behalf (config, user glossary, notes to import) has a cap, and bad bytes or
endless nesting in it are a one-line message, never "internal error".
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_support import expect_failure, expect_success, library_papers, run_cli, stray_files

from paperpal.errors import ConfigError, CorruptDownload, GlossaryError, NetworkError, StoreError

PAPER = "1603.07285"


def assert_nothing_cached(home: Path) -> None:
    assert library_papers(home) == [], f"a failed fetch left a paper in the library: {library_papers(home)}"
    assert stray_files(home) == [], f"a failed fetch left partial files: {stray_files(home)}"


# -- the network --------------------------------------------------------------------------------


def test_a_dripping_download_stops_at_the_total_deadline(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail("/e-print/", drip=0.3, times=-1)  # each read is quick: only a deadline helps
    ran = run_cli(
        "fetch", PAPER, home=home, env={"PAPERPAL_ARXIV_DEADLINE": "3", "PAPERPAL_ARXIV_RETRIES": "1"}
    )
    expect_failure(ran, NetworkError.exit_code, "no complete answer within 3 s")
    assert ran.seconds < 12, f"a 3 s deadline held paperpal for {ran.seconds:.1f} s"
    assert_nothing_cached(home)


def test_a_dripping_api_answer_stops_at_its_deadline(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail("/api/query", drip=0.3, times=-1)
    ran = run_cli("fetch", PAPER, home=home, env={"PAPERPAL_ARXIV_API_DEADLINE": "2"})
    expect_failure(ran, NetworkError.exit_code, "no complete answer within 2 s", "metadata request")
    assert ran.seconds < 10
    assert_nothing_cached(home)


def test_an_endless_metadata_answer_stops_at_the_size_cap(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail("/api/query", endless=b"<feed>" + b"<entry>" * 9000, times=-1)
    ran = run_cli("fetch", PAPER, home=home)
    expect_failure(ran, CorruptDownload.exit_code, "more than 8 MB")
    assert ran.peak_mb < 250, f"reading the endless answer took {ran.peak_mb:.0f} MB"
    assert_nothing_cached(home)


def test_a_redirect_to_another_host_is_refused_unless_configured(fake_arxiv, home: Path) -> None:
    other_host = f"http://localhost:{fake_arxiv.port}/pdf/{PAPER}v1"  # same server, another name
    fake_arxiv.fail("/e-print/", status=404, times=-1)
    fake_arxiv.fail(f"/pdf/{PAPER}v1", redirect=other_host, times=1)
    ran = run_cli("fetch", PAPER, home=home)
    expect_failure(ran, NetworkError.exit_code, f"redirected to another host, localhost:{fake_arxiv.port}")
    assert_nothing_cached(home)

    (home / "config.toml").write_text('redirect_hosts = ["localhost"]\n', encoding="utf-8")
    fake_arxiv.fail(f"/pdf/{PAPER}v1", redirect=other_host, times=1)
    ran = run_cli("fetch", PAPER, "--json", home=home)
    expect_success(ran)
    assert json.loads(ran.out)["files"] == ["pdf"]


def test_a_redirect_within_the_host_is_followed(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail(f"/e-print/{PAPER}v1", redirect=f"{fake_arxiv.url}/src/{PAPER}v1", times=1)
    ran = run_cli("fetch", PAPER, "--json", home=home)
    expect_success(ran)
    assert json.loads(ran.out)["files"] == ["pdf", "source"]


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_during_a_download_leaves_no_staging_behind(
    fake_arxiv, home: Path, sig: signal.Signals, code: int
) -> None:
    fake_arxiv.fail("/e-print/", drip=0.2, times=-1)
    proc = _start("fetch", PAPER, home=home)
    _wait_for_staging(home, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert f"stopped by {sig.name}" in err and "Traceback" not in err, err
    assert_nothing_cached(home)


def test_a_builder_killed_outright_is_cleaned_up_by_the_next_run(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail("/e-print/", drip=0.2, times=1)
    proc = _start("fetch", PAPER, home=home)
    _wait_for_staging(home, proc)
    proc.kill()
    proc.communicate(timeout=30)
    assert stray_files(home), "SIGKILL cannot be caught: the staging folder is still there"
    expect_success(run_cli("fetch", PAPER, home=home))
    assert stray_files(home) == [], "the next run should remove a staging folder whose process is gone"


def _start(*args: str, home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PAPERPAL_HOME": str(home), "PAPERPAL_CONFIG": str(home / "config.toml")}
    env.pop("PAPERPAL_DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "paperpal", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for_staging(home: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if stray_files(home):
            time.sleep(0.3)  # well inside the download
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the download never started")


# -- files paperpal reads -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (None, "larger than 1 MB"),  # PAPERPAL_CONFIG=/dev/zero
        (b"request_interval = 1e300\n", "at most"),
        (b"timeout = nan\n", "at most"),
        (b"retries = 1000000\n", "at most 20"),
        (b"x = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nests too deeply"),
        (b'redirect_hosts = "evil.example"\n', "list of host names"),
        (b"\xff\xfe not text", "not UTF-8"),
    ],
    ids=["dev-zero", "huge-number", "nan", "many-retries", "deep-nesting", "hosts-not-a-list", "not-utf8"],
)
def test_bad_config_files_are_one_line_errors(
    fake_arxiv, home: Path, content: bytes | None, fragment: str
) -> None:
    env = {"PAPERPAL_ARXIV_INTERVAL": ""}  # the fake arXiv fixture sets it; let the file speak
    if content is None:
        env["PAPERPAL_CONFIG"] = "/dev/zero"
    if content is not None:
        (home / "config.toml").write_bytes(content)
    ran = run_cli("fetch", PAPER, home=home, env=env)
    expect_failure(ran, ConfigError.exit_code, fragment)
    assert ran.peak_mb < 200 and ran.seconds < 20, ran.describe()


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("huge.toml", None, "larger than 8 MB"),
        ("deep.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n", "nests too deeply"),
    ],
    ids=["dev-zero", "deep-nesting"],
)
def test_bad_user_glossary_files_are_one_line_errors(
    home: Path, name: str, content: str | None, fragment: str
) -> None:
    folder = home / "glossary" / "concepts"
    folder.mkdir(parents=True)
    if content is None:
        (folder / name).symlink_to("/dev/zero")
    else:
        (folder / name).write_text(content, encoding="utf-8")
    ran = run_cli("glossary", "lookup", "sigma", home=home)
    expect_failure(ran, GlossaryError.exit_code, fragment)
    assert ran.peak_mb < 200, ran.describe()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'{"notes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
        (b'{"notes": [{"body": "caf\xe9"}]}', "not UTF-8"),
        (b'{"notes": [{"id": "abcdef12", "paper_id": "1412.3555", "body": "\\ud800"}]}', "lone surrogate"),
    ],
    ids=["deep-nesting", "not-utf8", "lone-surrogate"],
)
def test_bad_notes_files_are_one_line_errors(
    home: Path, tmp_path: Path, content: bytes, fragment: str
) -> None:
    shared = tmp_path / "shared.json"
    shared.write_bytes(content)
    ran = run_cli("notes", "import", str(shared), home=home)
    expect_failure(ran, StoreError.exit_code, fragment)


def test_a_notes_file_has_a_size_cap(home: Path) -> None:
    ran = run_cli("notes", "import", "/dev/zero", home=home)
    expect_failure(ran, StoreError.exit_code, "larger than 64 MB")
    assert ran.peak_mb < 300, ran.describe()


def test_meta_json_through_a_symlink_is_never_read(tmp_path: Path, home: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({"title": "SECRET TITLE", "abstract": "private words"}), encoding="utf-8")
    folder = tmp_path / "paper"
    folder.mkdir()
    (folder / "main.tex").write_text(
        "\\documentclass{article}\\title{Own Title}\\begin{document}Text.\\end{document}\n", encoding="utf-8"
    )
    (folder / "meta.json").symlink_to(secret)
    ran = run_cli("show", str(folder), "--json", home=home)
    expect_success(ran)
    data = json.loads(ran.out)
    assert data["paper"]["title"] == "Own Title", "the title came through the link"
    assert "private words" not in ran.out and "SECRET" not in json.dumps(data)
    assert any("symbolic link" in w for w in data["paper"]["warnings"]), data["paper"]["warnings"]
