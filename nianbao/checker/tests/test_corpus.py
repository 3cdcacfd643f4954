"""The generated corpus: every planted defect is found, clean reports have no error."""

import pytest

from nianbao.checker import check_bytes
from nianbao.checker.tests.corpus.generator import DEFECTS, build_report, render

FORMATS = ("txt", "md", "docx")


def found(report, findings) -> list[bool]:
    hits = []
    for planted in report.planted:
        hits.append(any(
            f.code == planted.code
            and planted.hint in " ".join((f.excerpt, f.message, f.location.label, *f.values))
            for f in findings
        ))  # fmt: skip
    return hits


@pytest.mark.parametrize("kind", ["school", "province"])
def test_planted_defects_are_found_with_recall_at_least_95_percent(kind):
    hits: list[bool] = []
    for i, defect in enumerate(DEFECTS):
        report = build_report(kind, seed=100 + i, defect=defect)
        assert report.planted, defect
        content, name = render(report, FORMATS[i % len(FORMATS)])
        hits.extend(found(report, check_bytes(content, name, data=report.data)))
    assert sum(hits) / len(hits) >= 0.95


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", ["school", "province"])
def test_clean_reports_produce_no_error(kind, fmt):
    for seed in range(3):
        report = build_report(kind, seed=seed)
        content, name = render(report, fmt)
        findings = check_bytes(content, name, data=report.data)
        assert [f for f in findings if f.severity == "error"] == []
