"""paperpal.fileio: capped reads and atomic writes of the files a user names.

The CLI tests (tests/hostile/test_hostile_output_cli.py) cover the rules end to end; here, what
cannot be arranged from outside: a disk that fills up halfway through a write.
"""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from paperpal.errors import ConfigError, WriteError
from paperpal.fileio import parse_json, read_limited, read_stream_limited, write_file


def test_a_full_disk_never_leaves_half_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backup = tmp_path / "backup.json"
    backup.write_text('{"notes": ["a good backup"]}\n', encoding="utf-8")
    real_write = os.write
    calls = {"n": 0}

    def filling_up(fd: int, data: bytes | memoryview) -> int:
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, bytes(data[:10]))  # a partial write first, then the disk is full

    monkeypatch.setattr(os, "write", filling_up)
    with pytest.raises(WriteError, match="No space left on device"):
        write_file(backup, b'{"notes": ["a much longer new export"]}\n', replace=True)
    monkeypatch.undo()
    assert backup.read_text(encoding="utf-8") == '{"notes": ["a good backup"]}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"], "the temporary file was left behind"


def test_replace_is_asked_only_for_an_existing_file(tmp_path: Path) -> None:
    asked: list[Path] = []

    def no(path: Path) -> bool:
        asked.append(path)
        return False

    target = tmp_path / "new.md"
    write_file(target, b"first\n", replace=no)
    assert asked == [] and target.read_bytes() == b"first\n"
    with pytest.raises(WriteError, match="exists"):
        write_file(target, b"second\n", replace=no)
    assert asked == [target] and target.read_bytes() == b"first\n"


def test_reads_are_capped_and_bad_json_is_one_error(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(ConfigError, match="larger than 1024 bytes"):
        read_limited(big, 1024, what="the config file", error=ConfigError)
    with pytest.raises(FileNotFoundError):
        read_limited(tmp_path / "missing", 1024, what="the config file", error=ConfigError)
    with pytest.raises(ConfigError, match="is a folder"):
        read_limited(tmp_path, 1024, what="the config file", error=ConfigError)
    assert read_stream_limited(io.BytesIO(b"abc"), 3, what="stdin", error=ConfigError) == b"abc"
    assert parse_json(b'\xef\xbb\xbf{"a": 1}', what="x", error=ConfigError) == {"a": 1}
    with pytest.raises(ConfigError, match="not JSON"):
        parse_json(b"{nope", what="x", error=ConfigError)
