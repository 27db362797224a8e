"""Find a LaTeX source's main file and flatten it into one text.

Owns: choosing the main file among an e-print's files (stale drafts and unused files are common),
stripping comments, following ``\\input``/``\\include``/``\\subfile``/``\\import`` (loops and
missing files become warnings), locating the paper's own ``.sty`` packages and its ``.bbl``.

Must not: read anything outside ``source_dir`` (system packages are never read), expand macros,
or read an unbounded amount: files and the flattened text are capped so a 50 MB ``.tex`` costs
a bounded time and a warning.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from paperpal.errors import UnreadablePaper

MAX_TEXT_CHARS = 2_000_000  # over ten times any real paper (the corpus's largest is ~150 kB)
MAX_FILES_SCANNED = 3_000
MAX_INCLUDE_DEPTH = 16
MAX_INCLUDES = 400
MAX_PACKAGES = 50  # the paper's own .sty/.cls files harvested for macros
_SNIFF_BYTES = 400_000

_INCLUDE = re.compile(
    r"\\(input|include|subfile)\s*(?:\{([^{}]*)\}|\s+([^\s{}\\%]+))"
    r"|\\(import|subimport|inputfrom|subinputfrom|includefrom|subincludefrom)\*?"
    r"\s*\{([^{}]*)\}\s*\{([^{}]*)\}"
)
_LOADS = re.compile(
    r"\\(usepackage|RequirePackage|documentclass|LoadClass|input)\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}"
)
_DOCCLASS = re.compile(r"\\documentclass\b")
_BEGIN_DOC = re.compile(r"\\begin\s*\{document\}")
_TEXT_SUFFIXES = (".tex", ".ltx", ".latex", ".txt", ".part", "")


@dataclass(frozen=True, slots=True)
class FlatSource:
    """A paper's LaTeX flattened into one comment-free text, with what comes with it."""

    main: Path
    text: str
    packages: tuple[tuple[str, str], ...] = ()  # (name, text) of the paper's own .sty files
    bbl: str = ""
    warnings: tuple[str, ...] = field(default=())


def read_text(path: Path, limit: int = MAX_TEXT_CHARS) -> tuple[str, bool]:
    """Decode a file (UTF-8, else Latin-1) up to ``limit`` bytes; True when it was cut short.

    A file that cannot be read (permissions, a vanished file) reads as empty.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError:
        return "", False
    truncated = len(data) > limit
    data = data[:limit]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    # NULs and other control bytes only come from binary junk; TeX would reject them too.
    if "\r" in text:  # Windows and old Mac line ends: TeX reads them as one end of line
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "").replace("\x01", ""), truncated


def looks_binary(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return True
    if not head:
        return False
    if b"\x00" in head:
        return True
    odd = sum(1 for b in head if b < 9 or 13 < b < 32)
    return odd > len(head) // 20


def strip_comments(text: str) -> str:
    """Drop ``%`` comments (not ``\\%``) the way TeX does: the comment eats its line end."""
    if "%" not in text:
        return text
    pieces: list[str] = []
    after_comment = False
    for line in text.split("\n"):
        index = _comment_start(line)
        if index >= 0:
            pieces.append(line[:index])
            after_comment = True
            continue
        if after_comment and not line.strip():
            pieces.append("\n\n")  # a blank line after a comment still ends the paragraph
        else:
            pieces.append(line + "\n")
        after_comment = False
    return "".join(pieces)


_CONDITIONAL = re.compile(
    r"\\(iffalse|iftrue|ifx|ifnum|ifdim|ifodd|ifdefined|ifcsname|ifcat|ifmmode|ifcase|if|else|fi)"
    r"(?![A-Za-z@])"
)


def drop_iffalse(text: str) -> str:
    """Remove ``\\iffalse ... \\fi`` blocks (keeping an ``\\else`` branch): authors' way to hide text.

    A block without its ``\\fi`` is left alone: better to read too much than to lose the paper.
    """
    pieces: list[str] = []
    done = 0  # text[:done] is settled
    start = text.find("\\iffalse")
    while start >= 0:
        depth = 0
        else_end = -1
        for match in _CONDITIONAL.finditer(text, start):
            word = match.group(1)
            if word == "fi":
                depth -= 1
                if depth == 0:
                    pieces.append(text[done:start])
                    if else_end >= 0:
                        pieces.append(text[else_end : match.start()])
                    done = match.end()
                    if text.startswith("\n", done) and text[:start].endswith("\n"):
                        done += 1  # the block's own lines go, without making a blank line
                    break
            elif word == "else":
                if depth == 1 and else_end < 0:
                    else_end = match.end()
            else:
                depth += 1
        else:
            break
        start = text.find("\\iffalse", done)
    pieces.append(text[done:])
    return "".join(pieces)


def _comment_start(line: str) -> int:
    start = 0
    while True:
        index = line.find("%", start)
        if index < 0:
            return -1
        backslashes = 0
        j = index - 1
        while j >= 0 and line[j] == "\\":
            backslashes += 1
            j -= 1
        if backslashes % 2 == 0:
            return index
        start = index + 1


def find_main(source_dir: Path, title_hint: str = "") -> tuple[Path, list[str]]:
    """The file with ``\\documentclass`` and ``\\begin{document}`` most likely to be the paper."""
    warnings: list[str] = []
    if source_dir.is_file():
        return source_dir, warnings
    if not source_dir.is_dir():
        raise UnreadablePaper(f"the LaTeX source folder {source_dir} does not exist")
    candidates: list[tuple[float, Path]] = []
    weak: list[tuple[float, Path]] = []
    root = source_dir.resolve()
    # Links that leave the folder are not the paper's (and must not be read).
    listed = itertools.islice(source_dir.rglob("*"), MAX_FILES_SCANNED * 10)
    files = sorted(p for p in listed if p.is_file() and p.resolve().is_relative_to(root))
    files = files[:MAX_FILES_SCANNED]
    included = _included_names(files)
    hint_words = {w for w in re.findall(r"[a-z]{4,}", title_hint.lower())}
    for path in files:
        if path.suffix.lower() not in _TEXT_SUFFIXES or looks_binary(path):
            continue
        head, _ = read_text(path, _SNIFF_BYTES)
        head = strip_comments(head)
        has_class = bool(_DOCCLASS.search(head))
        has_begin = bool(_BEGIN_DOC.search(head))
        if not (has_class or has_begin):
            continue
        score = 0.0
        if re.search(r"\\documentclass\s*(?:\[[^\]]*\])?\s*\{standalone\}", head):
            score -= 5  # a figure compiled on its own
        if path.stem in included:
            score -= 5  # \input by another file: a part, not the whole
        if path.with_suffix(".bbl").exists():
            score += 2  # compiled with bibtex: the file that was built
        if path.stem.lower() in ("main", "ms", "paper", "article"):
            score += 1
        if re.search(r"supp|appendi|rebuttal|response|cover|reply|poster|slides", path.stem.lower()):
            score -= 3  # the paper's companion, not the paper
        if hint_words:
            # \title, or a template's own (\icmltitle, \aistatstitle, \twocolumn[\icmltitle{..}])
            title = re.search(r"\\[A-Za-z]*title\s*(?:\[[^\]]*\])?\s*\{(.{0,400})", head, re.DOTALL)
            if title:
                words = set(re.findall(r"[a-z]{4,}", title.group(1).lower()))
                score += 3 * len(words & hint_words) / len(hint_words)
        score -= len(path.relative_to(source_dir).parts) * 0.5  # prefer the top folder
        score += min(len(head), 200_000) / 1_000_000  # then the bigger file
        (candidates if has_class and has_begin else weak).append((score, path))
    pool = candidates or weak
    if not pool:
        raise UnreadablePaper(
            f"no LaTeX main file in {source_dir}: no file has \\documentclass and "
            "\\begin{document}; read the PDF instead"
        )
    pool.sort(key=lambda item: (-item[0], str(item[1])))
    if not candidates:
        warnings.append(f"no complete main file; reading {pool[0][1].name}, which looks closest")
    return pool[0][1], warnings


def _included_names(files: list[Path]) -> set[str]:
    names: set[str] = set()
    for path in files:
        try:
            if path.suffix.lower() != ".tex" or path.stat().st_size > _SNIFF_BYTES:
                continue
        except OSError:
            continue
        text, _ = read_text(path, _SNIFF_BYTES)
        for match in _INCLUDE.finditer(strip_comments(text)):
            target = match.group(2) or match.group(3) or match.group(6) or ""
            names.add(Path(target.strip()).stem if target.endswith(".tex") else target.strip())
            names.add(Path(target.strip()).name)
    return names


def flatten(source_dir: Path, title_hint: str = "") -> FlatSource:
    """Read the main file with every ``\\input`` inlined; see the module docstring."""
    main, warnings = find_main(source_dir, title_hint)
    root = main.parent if source_dir.is_file() else source_dir
    state = _Flattening(root=root.resolve(), warnings=warnings)
    text = state.read(main.resolve(), depth=0)
    if state.truncated:
        warnings.append(
            f"the LaTeX source is larger than {MAX_TEXT_CHARS // 1_000_000} MB of text; "
            "only its beginning was read"
        )
    packages = _local_packages(text, root, main.parent, warnings)
    bbl_path = main.with_suffix(".bbl")
    bbl = read_text(bbl_path)[0] if bbl_path.is_file() else ""
    return FlatSource(main, text, tuple(packages), bbl, tuple(warnings))


@dataclass
class _Flattening:
    root: Path
    warnings: list[str]
    size: int = 0
    includes: int = 0
    truncated: bool = False
    active: list[Path] = field(default_factory=list)

    def read(self, path: Path, depth: int) -> str:
        budget = MAX_TEXT_CHARS - self.size
        if budget <= 0:
            self.truncated = True
            return ""
        raw, cut = read_text(path, budget)
        self.truncated |= cut
        text = strip_comments(raw)
        if "\\iffalse" in text:
            text = drop_iffalse(text)
        self.size += len(text)
        self.active.append(path)
        try:
            return _INCLUDE.sub(lambda m: self.include(m, path, depth), text)
        finally:
            self.active.pop()

    def include(self, match: re.Match[str], current: Path, depth: int) -> str:
        if match.group(1):
            name = (match.group(2) or match.group(3) or "").strip()
            folders = [self.root, current.parent]
        else:
            folder, name = match.group(5).strip(), match.group(6).strip()
            folders = [self.root / folder, current.parent / folder]
        target = self.resolve(name, folders)
        if target is None:
            if not name.endswith((".sty", ".cls", ".bbl")) and not _is_system_input(name):
                self.warnings.append(f"\\input{{{name}}}: no such file in the source; skipped")
            return ""
        if target in self.active:
            self.warnings.append(f"\\input{{{name}}} includes itself (a loop); skipped")
            return ""
        if depth >= MAX_INCLUDE_DEPTH or self.includes >= MAX_INCLUDES:
            self.warnings.append(f"\\input{{{name}}}: too many nested inputs; skipped")
            return ""
        if looks_binary(target):
            self.warnings.append(f"\\input{{{name}}} is not a text file; skipped")
            return ""
        self.includes += 1
        text = self.read(target, depth + 1)
        begin = _BEGIN_DOC.search(text)
        if begin:  # a \subfile (or a standalone part) is a document of its own: keep its body
            end = text.find("\\end{document}", begin.end())
            text = text[begin.end() : end if end >= 0 else len(text)]
        # The surrounding newlines keep an input from gluing onto the text before it.
        return "\n" + text + "\n"

    def resolve(self, name: str, folders: list[Path]) -> Path | None:
        if not name:
            return None
        for folder in folders:
            for candidate in (folder / name, folder / (name + ".tex")):
                try:
                    resolved = candidate.resolve()
                except (OSError, RuntimeError):
                    continue
                if resolved.is_file() and resolved.is_relative_to(self.root):
                    return resolved
        return None


def _is_system_input(name: str) -> bool:
    return "/" not in name and name in {"epsf", "psfig", "mathcommands", "glyphtounicode"}


def _local_packages(text: str, root: Path, main_dir: Path, warnings: list[str]) -> list[tuple[str, str]]:
    """The paper's own packages and class, in loading order: ``\\documentclass`` and
    ``\\usepackage`` in the preamble, then what those load in turn (``\\RequirePackage``,
    ``\\LoadClass``, ``\\input``), as long as the files are in the source folder."""
    preamble = text.split("\\begin{document}", 1)[0]
    found: list[tuple[str, str]] = []
    seen: set[Path] = set()
    queue: list[tuple[str, str]] = _loads(preamble)
    while queue and len(found) < MAX_PACKAGES:
        name, suffix = queue.pop(0)
        for folder in (main_dir, root):
            path = (folder / (name if name.endswith(suffix) else name + suffix)).resolve()
            if path.is_file() and path.is_relative_to(root.resolve()) and path not in seen:
                seen.add(path)
                if not looks_binary(path):
                    package = strip_comments(read_text(path)[0])
                    found.append((name, package))
                    queue.extend(_loads(package))
                break
    return found


def _loads(text: str) -> list[tuple[str, str]]:
    """(name, suffix) of every package, class or file ``text`` loads, in order."""
    loads: list[tuple[str, str]] = []
    for match in _LOADS.finditer(text):
        command, names = match.group(1), match.group(2)
        suffix = {"documentclass": ".cls", "LoadClass": ".cls", "input": ".tex"}.get(command, ".sty")
        loads.extend((name.strip(), suffix) for name in names.split(",") if name.strip())
    return loads
