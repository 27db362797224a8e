"""Every exit code paperpal can end with is documented, in the README and in docs/hostile-input.md.

The codes come from ``paperpal.errors`` (each ``PaperpalError`` class's ``exit_code``) plus the
CLI's own: 0, 2 for usage errors, 70 for a bug, 130 for an interrupt, 129 and 143 for SIGHUP and
SIGTERM. A new error class with an undocumented code fails here.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import paperpal.errors as errors

ROOT = Path(__file__).resolve().parent.parent
CLI_CODES = {0: None, 2: None, 70: None, 129: None, 130: None, 143: None}


def error_classes() -> dict[str, int]:
    return {
        name: cls.exit_code
        for name, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.PaperpalError)
    }


def documented(path: Path) -> dict[int, str]:
    """Exit-code table rows of ``path``: code -> the rest of the row."""
    rows: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found = re.match(r"\|\s*(\d+)\s*\|(.*)\|\s*$", line)
        if found:
            rows[int(found.group(1))] = found.group(2)
    return rows


def test_every_error_class_and_code_is_documented() -> None:
    classes = error_classes()
    assert classes["PaperpalError"] == 1 and classes["WriteError"] == 11
    for doc in (ROOT / "README.md", ROOT / "docs" / "hostile-input.md"):
        rows = documented(doc)
        for name, code in classes.items():
            assert code in rows, f"exit code {code} ({name}) is missing from the table in {doc.name}"
            assert name in rows[code], f"{doc.name}: the row for exit {code} should name {name}"
        for code in CLI_CODES:
            assert code in rows, f"exit code {code} is missing from the table in {doc.name}"


def test_no_two_meanings_share_a_code_by_accident() -> None:
    # Codes are shared only where the meaning is the same kind of failure.
    shared = {2: {"BadReference", "ConfigError", "BadValue"}, 4: {"NetworkError", "CorruptDownload"}}
    by_code: dict[int, set[str]] = {}
    for name, code in error_classes().items():
        by_code.setdefault(code, set()).add(name)
    for code, names in by_code.items():
        assert len(names) == 1 or names == shared.get(code), f"exit {code} is used by {sorted(names)}"
    assert 70 not in by_code, "70 is reserved for bugs"
