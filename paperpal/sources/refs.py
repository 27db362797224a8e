"""Turning what the user typed (REF) into a validated ``PaperRef``.

Owns the grammar of arXiv identifiers (new style ``1412.3555v1``, old style ``hep-th/9901001``),
arxiv.org URLs, library ids of imported papers (``local-7934ef664acb``, as ``paperpal library``
lists them), and which local files count as papers. It must not touch the network; the only
I/O is asking the file system whether a local path exists. Anything that is not clearly a paper
raises ``BadReference`` with a message listing what is accepted, so an id that is later used as
part of a path has already been checked here.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from paperpal.errors import BadReference
from paperpal.models import PaperRef

MAX_REF_LENGTH = 1000

# New-style ids: YYMM.NNNN (2007-2014) or YYMM.NNNNN (2015 onwards), optional version.
_NEW_ID = re.compile(r"(?P<id>(?P<yy>\d{2})(?P<mm>\d{2})\.\d{4,5})(?:v(?P<v>[1-9]\d{0,3}))?", re.ASCII)
# Old-style ids: archive (optionally .SUBJECT-CLASS) / YYMMNNN, optional version.
_OLD_ID = re.compile(
    r"(?P<id>(?P<archive>[a-z]+(?:-[a-z]+)*)(?:\.[A-Z]{2})?/(?P<yy>\d{2})(?P<mm>\d{2})\d{3})"
    r"(?:v(?P<v>[1-9]\d{0,3}))?",
    re.ASCII,
)
_OLD_ARCHIVES = frozenset(
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg comp-gas "
    "cond-mat cs dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph mtrl-th nlin "
    "nucl-ex nucl-th patt-sol physics plasm-ph q-alg q-bio quant-ph solv-int supr-con".split()
)
_ARXIV_HOSTS = ("arxiv.org", "www.arxiv.org", "export.arxiv.org", "xxx.lanl.gov")
_URL_KINDS = ("abs", "pdf", "e-print", "src", "format", "html")

PAPER_SUFFIXES = (".pdf", ".tex", ".tar.gz", ".tgz", ".gz")

_ACCEPTED = (
    "Use an arXiv id (1412.3555, 1412.3555v1, arXiv:1412.3555, hep-th/9901001), an arxiv.org/abs/... "
    "or /pdf/... URL, an existing local .pdf, .tex, .tar.gz or folder, or an id `paperpal library` lists."
)
# The library id of a paper imported from a local file or folder (sources/local.py makes them).
LOCAL_ID = re.compile(r"local-[0-9a-f]{12}", re.ASCII)


def match_id(text: str) -> tuple[str, int | None] | None:
    """``(id, version)`` when ``text`` is exactly an arXiv id, else None."""
    m = _NEW_ID.fullmatch(text)
    if m and 1 <= int(m["mm"]) <= 12:
        # Five-digit numbers only exist from 2015 (1501.00001) onwards.
        if len(m["id"]) == 10 and int(m["yy"]) < 15 or len(m["id"]) == 9 and int(m["yy"]) >= 15:
            return None
        return m["id"], int(m["v"]) if m["v"] else None
    m = _OLD_ID.fullmatch(text)
    if m and m["archive"] in _OLD_ARCHIVES and 1 <= int(m["mm"]) <= 12:
        return m["id"], int(m["v"]) if m["v"] else None
    return None


def _from_url(text: str) -> tuple[str, int | None] | None:
    url = text if "://" in text else "https://" + text
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if host not in _ARXIV_HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0] not in _URL_KINDS:
        return None
    rest = "/".join(segments[1:])
    if rest.endswith(".pdf"):
        rest = rest[: -len(".pdf")]
    return match_id(rest)


def _strip_prefix(text: str) -> str:
    if text[:6].lower() == "arxiv:":
        return text[6:].strip()
    return text


def is_paper_file(path: Path) -> bool:
    name = path.name.lower()
    return path.is_file() and name.endswith(PAPER_SUFFIXES)


def _folder_has_paper(folder: Path) -> bool:
    try:
        return any(is_paper_file(p) for p in folder.iterdir())
    except OSError:
        return False


def _local(text: str) -> PaperRef | None:
    try:
        path = Path(text).expanduser()
        exists = path.exists()
    except (OSError, ValueError, RuntimeError):  # RuntimeError: "~nosuchuser" cannot be expanded
        return None
    if not exists:
        return None
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise BadReference(f"{text} cannot be opened: it is a loop of symbolic links") from None
    if resolved.is_dir():
        if not _folder_has_paper(resolved):
            raise BadReference(
                f"the folder {text} holds no .tex, .pdf or .tar.gz file, so there is no paper to open. "
                + _ACCEPTED
            )
        return PaperRef(kind="local", raw=text, path=resolved)
    if is_paper_file(resolved):
        return PaperRef(kind="local", raw=text, path=resolved)
    raise BadReference(
        f"{text} is not a paper file: paperpal reads .pdf, .tex, .tar.gz, .tgz and .gz files and folders."
    )


def parse_ref(text: str) -> PaperRef:
    """Validate REF before any network use; raise ``BadReference`` saying what is accepted."""
    if not isinstance(text, str):
        raise BadReference(f"a paper reference must be text. {_ACCEPTED}")
    raw = text
    text = text.strip()
    if not text:
        raise BadReference(f"no paper given. {_ACCEPTED}")
    if len(text) > MAX_REF_LENGTH:
        raise BadReference(
            f"that reference is {len(text)} characters long, too long to be a paper. {_ACCEPTED}"
        )
    if "\x00" in text:
        raise BadReference(f"the reference contains a NUL character. {_ACCEPTED}")

    found = match_id(_strip_prefix(text))
    if found is None and ("arxiv" in text.lower() or "lanl.gov" in text.lower()):
        found = _from_url(text)
    if found is not None:
        arxiv_id, version = found
        return PaperRef(kind="arxiv", raw=raw, arxiv_id=arxiv_id, version=version)

    local = _local(text)
    if local is not None:
        return local
    if LOCAL_ID.fullmatch(text):
        # An imported paper named by its library id: it is found in the library, never on disk.
        return PaperRef(kind="local", raw=raw, library_id=text)

    shown = text if len(text) <= 80 else text[:77] + "..."
    if re.match(r"[a-z][a-z0-9+.-]*://", text, re.I):
        raise BadReference(f"{shown} is not an arxiv.org abs or pdf URL. {_ACCEPTED}")
    if text.lower().endswith(PAPER_SUFFIXES) or "/" in text or "\\" in text:
        raise BadReference(f"no such file or folder: {shown}. {_ACCEPTED}")
    raise BadReference(f"{shown!r} is not an arXiv id or an existing file. {_ACCEPTED}")


def folder_name(paper_id: str) -> str:
    """The library folder name for an id: ``hep-th/9901001`` -> ``hep-th_9901001``.

    Only ids that passed ``parse_ref`` (or local ids we made) reach here; the check is repeated
    because a path built from an unchecked id is how files end up outside the library.
    """
    if match_id(paper_id) is None and not LOCAL_ID.fullmatch(paper_id):
        raise BadReference(f"{paper_id!r} is not a valid paper id")
    return paper_id.replace("/", "_")
