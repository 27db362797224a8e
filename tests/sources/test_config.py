"""config: where arXiv lives and how patiently we talk to it, from env, config file, defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperpal.config import DEFAULT_API_URL, DEFAULT_ARXIV_URL, arxiv_settings, arxiv_urls
from paperpal.errors import ConfigError


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ["PAPERPAL_ARXIV_URL", "PAPERPAL_ARXIV_INTERVAL", "PAPERPAL_ARXIV_TIMEOUT"]:
        monkeypatch.delenv(name, raising=False)


def write_config(home: Path, text: str) -> None:
    (home / "config.toml").write_text(text, encoding="utf-8")


def test_defaults(no_env) -> None:
    assert arxiv_urls() == (DEFAULT_ARXIV_URL, DEFAULT_API_URL)
    assert DEFAULT_API_URL == "https://export.arxiv.org/api/query"
    settings = arxiv_settings()
    assert settings.interval == 3.0, "arXiv asks for at most one API request per 3 seconds"
    assert settings.timeout > 0 and settings.retries >= 1


def test_env_puts_everything_under_the_mirror(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    write_config(home, 'arxiv_url = "https://ignored.example"\n')
    monkeypatch.setenv("PAPERPAL_ARXIV_URL", "http://127.0.0.1:8765/")
    assert arxiv_urls() == ("http://127.0.0.1:8765", "http://127.0.0.1:8765/api/query")


def test_config_file(no_env, home: Path) -> None:
    write_config(
        home, 'arxiv_url = "https://mirror.lab.example/arxiv"\nrequest_interval = 1.5\ntimeout = 7\n'
    )
    assert arxiv_urls() == ("https://mirror.lab.example/arxiv", "https://mirror.lab.example/arxiv/api/query")
    settings = arxiv_settings()
    assert settings.interval == 1.5 and settings.timeout == 7.0


def test_config_api_url_bare_host_gets_the_query_path(no_env, home: Path) -> None:
    write_config(home, 'api_url = "https://export.arxiv.org"\n')
    assert arxiv_urls() == ("https://arxiv.org", "https://export.arxiv.org/api/query")


def test_env_interval_beats_the_file(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    write_config(home, "request_interval = 9\n")
    monkeypatch.setenv("PAPERPAL_ARXIV_INTERVAL", "0")
    assert arxiv_settings().interval == 0.0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("arxiv_url = ", "not valid TOML"),
        ('arxiv_url = "ftp://arxiv.org"', "http:// or https://"),
        ("arxiv_url = 3", "must be a URL"),
        ('request_interval = "soon"', "number of seconds"),
        ("request_interval = -1", "at least 0"),
        ("timeout = 0", "at least"),
    ],
)
def test_bad_config_file(no_env, home: Path, text: str, fragment: str) -> None:
    write_config(home, text + "\n")
    with pytest.raises(ConfigError) as err:
        arxiv_settings()
    assert fragment in str(err.value) and "config.toml" in str(err.value), str(err.value)


def test_bad_env_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERPAL_ARXIV_URL", "not a url")
    with pytest.raises(ConfigError, match="PAPERPAL_ARXIV_URL"):
        arxiv_urls()
    monkeypatch.setenv("PAPERPAL_ARXIV_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("PAPERPAL_ARXIV_TIMEOUT", "forever")
    with pytest.raises(ConfigError, match="PAPERPAL_ARXIV_TIMEOUT"):
        arxiv_settings()


def test_config_is_a_folder(no_env, home: Path) -> None:
    (home / "config.toml").mkdir()
    with pytest.raises(ConfigError, match="is a folder"):
        arxiv_urls()
