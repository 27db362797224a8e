"""The CI gate: the shipped glossary passes ``paperpal glossary check`` and is big enough."""

from __future__ import annotations

from paperpal.glossary.check import check_report


def test_the_shipped_glossary_passes_the_check() -> None:
    report = check_report()
    shown = "\n".join(report.problems[:30])
    assert report.ok, f"{len(report.problems)} problems in the shipped glossary, first ones:\n{shown}"


def test_the_shipped_glossary_has_300_symbols_and_300_concepts() -> None:
    report = check_report()
    assert report.symbols >= 300, f"only {report.symbols} notation entries (the issue asks for 300+)"
    assert report.concepts >= 300, f"only {report.concepts} concepts (the issue asks for 300+)"
