"""Control characters in untrusted text: the one definition of what a terminal must never see.

Titles, authors, abstracts, LaTeX, PDF metadata and shared notes can carry terminal escape
sequences (clear the screen, retitle the window, write the clipboard with OSC 52, draw hidden
links with OSC 8) and raw control characters (NUL, carriage return, backspace, the C1 range).
``strip_controls`` removes every one of them except newline and tab; whole escape sequences go,
not just their ESC, so no ``[2J`` debris is left behind. ``escape_json_controls`` keeps JSON
lossless instead: it writes the characters ``json.dumps`` leaves raw (DEL and C1) as ``\\u``
escapes.

This module only defines the rule. The sinks apply it, each in one place: the CLI's terminal
streams (``commands/output.py``), the text export formats, the reader's widgets. Core modules
hand plain strings to those sinks and never strip or escape themselves.
"""

from __future__ import annotations

import re

# ESC [ or the C1 CSI (U+009B), parameters, intermediates, one final byte (absent when cut off).
_CSI = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
# OSC, DCS, SOS, PM, APC (7-bit and C1 forms), up to BEL or ST; an unterminated one stops at the
# end of its line so it cannot swallow the lines after it.
_STRING = r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
# Any other escape: ESC, intermediates, one final byte (charset designation, RIS, keypad modes).
_OTHER_ESC = r"\x1b[\x20-\x2f]*[\x30-\x7e]?"
# What is left: C0 except tab and newline, DEL, C1.
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"

_UNSAFE = re.compile(f"{_CSI}|{_STRING}|{_OTHER_ESC}|{_CONTROL}")
_JSON_RAW = re.compile(r"[\x7f-\x9f]")


def has_controls(text: str) -> bool:
    """True when ``text`` holds anything ``strip_controls`` would remove."""
    return _UNSAFE.search(text) is not None


def strip_controls(text: str) -> str:
    """``text`` without control characters and escape sequences; newline and tab are kept."""
    if not text or _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub("", text)


def escape_json_controls(json_text: str) -> str:
    """JSON from ``json.dumps(..., ensure_ascii=False)`` with DEL and C1 written as ``\\u`` escapes.

    ``json.dumps`` escapes C0 but passes DEL and U+0080-U+009F through raw; they occur only
    inside strings, where the escape means the same character, so the data is unchanged.
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
