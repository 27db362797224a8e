"""Failures a user can act on.

Every real failure inside paperpal is a ``PaperpalError`` subclass whose message says what went
wrong and what to do about it. The CLI prints the message (never a traceback) and exits with
``exit_code``. Fuzzy problems (one equation that will not parse) are not errors: they become
warnings in the report.

Every exit code is documented in README.md and docs/hostile-input.md; a test checks that both
tables name every class here. 70 is reserved for bugs (an exception that is not one of these),
130 for an interrupt, 128 + N for signal N (SIGHUP 129, SIGTERM 143).
"""

from __future__ import annotations


class PaperpalError(Exception):
    """Base class: ``str(err)`` is the message shown to the user. Used as it is for a request
    paperpal cannot carry out as given (an Anki deck to a terminal, an unknown export format)."""

    exit_code = 1


class BadReference(PaperpalError):
    """The REF given is not an arXiv id, an arXiv URL, or an existing local file or folder."""

    exit_code = 2


class PaperNotFound(PaperpalError):
    """arXiv (or the configured mirror) has no paper with this id, or the library lacks it."""

    exit_code = 3


class NetworkError(PaperpalError):
    """arXiv could not be reached, or answered with an error after retries."""

    exit_code = 4


class CorruptDownload(PaperpalError):
    """What arrived is not what was asked for (cut short, HTML instead of a PDF...)."""

    exit_code = 4


class UnsafeArchive(PaperpalError):
    """An e-print tried to write outside its folder or exceeded the unpacking limits."""

    exit_code = 5


class UnreadablePaper(PaperpalError):
    """Neither the LaTeX source nor the PDF yielded any text."""

    exit_code = 6


class StoreError(PaperpalError):
    """The notes database is locked, read-only, corrupt or otherwise unusable."""

    exit_code = 7


class GlossaryError(PaperpalError):
    """The glossary data (shipped or the user's overlay) is invalid."""

    exit_code = 8


class NotFoundInPaper(PaperpalError):
    """An equation number, symbol or term the user asked about is not in the paper."""

    exit_code = 9


class ConfigError(PaperpalError):
    """The configuration file or an environment setting is invalid."""

    exit_code = 2


class UnknownConcept(PaperpalError):
    """The concept or glossary entry the user named is not in the glossary."""

    exit_code = 10


class BadValue(PaperpalError):
    """A value the reader typed for "try it with numbers" is not a number, or names no symbol."""

    exit_code = 2


class WriteError(PaperpalError):
    """A file or folder paperpal was asked to write cannot be written: an ``--out`` file that
    exists (without ``--force``) or is not a regular file, a missing or unwritable folder, a
    full disk, standard output that fails, a data folder (``PAPERPAL_HOME``) that is a file."""

    exit_code = 11

    def __init__(self, message: str, *, stdout: bool = False) -> None:
        super().__init__(message)
        self.stdout = stdout  # standard output itself failed (nothing more can be printed there)
