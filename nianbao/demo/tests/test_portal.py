"""The demo's published reports (公开年报): each school's own report, written from its data values
and rendered as the platform renders any report."""

import datetime as dt
import hashlib
import re

import pytest
from django.utils import timezone

from nianbao.aggregation.narrative import number
from nianbao.checker import check_bytes, read_bytes
from nianbao.checker.services import report_data_tables
from nianbao.cycles.models import Cycle, CycleStatus
from nianbao.cycles.services import cycle_open
from nianbao.demo.portal import demo_published_reports
from nianbao.demo.samples import sample_declaration_png
from nianbao.demo.seeding import demo_values_load
from nianbao.indicators.selectors import report_catalog, report_values
from nianbao.organisations.models import Organisation
from nianbao.reports.models import ReportSnapshot

pytestmark = pytest.mark.django_db

FILLER = ("项目1", "工作举措之", "山西示范", "推动第1项改革", "总体呈稳步上升趋势")


@pytest.fixture
def published(world, settings, tmp_path):
    """The 2025 cycle closed with demo values for it and 2024, then published by the demo."""
    settings.VAR_DIR = tmp_path
    cycle_open(
        actor=None,
        year=2024,
        framework_edition="2025",
        indicator_edition="2023",
        deadlines={k: dt.date(2025, 1, 5) for k in ("school", "city", "enterprise")},
    )
    Organisation.objects.filter(kind="school").update(website="https://www.example.edu.cn")
    demo_values_load(seed=7, write_fixture=False)
    Cycle.objects.update(status=CycleStatus.CLOSED)
    reports = demo_published_reports()
    return [(r, ReportSnapshot.objects.get(report=r)) for r in reports]


def _pdf_text(pdf: bytes) -> str:
    """The PDF's text as the checker reads it, one block a line (table rows included)."""
    return "\n".join(b.text for b in read_bytes(pdf, "report.pdf").blocks)


def test_published_reports_are_the_schools_own_text_and_numbers(published):
    assert {r.organisation.level for r, _ in published} == {"higher", "secondary"}
    for report, snapshot in published:
        pdf = snapshot.document.read()
        text = _pdf_text(pdf)
        sections = " ".join(s.body for s in report.sections.all())
        for filler in FILLER:
            assert filler not in text and filler not in sections
        assert report.organisation.name in text
        assert {s.part_code for s in report.sections.all()} == {
            p.code for p in report.framework_parts
        }
        values, catalog = report_values(report), report_catalog(report)
        for code, label in (("full_time_students", "全日制在校生"),
                            ("dual_qualified_teacher_rate", "双师素质专任教师比例")):  # fmt: skip
            stated = number(values[code], catalog.indicators[code])
            assert f"{label} {stated}" in sections
            assert f"{label}{stated}".replace(" ", "") in re.sub(r"\s+", "", text)
        assert snapshot.text["sections"] and snapshot.data["full_time_students"]


def test_checker_finds_no_errors_in_the_published_reports(published):
    for report, snapshot in published:
        findings = check_bytes(
            snapshot.document.read(), "report.pdf", data=report_data_tables(report)
        )
        assert [f.message for f in findings if f.severity == "error"] == []


def test_the_declaration_names_the_school_and_its_submission_date(published):
    for report, _ in published:
        report.refresh_from_db()
        expected = sample_declaration_png(
            school=report.organisation.name,
            year=report.cycle.year,
            signed_on=timezone.localdate(report.submitted_at),
        )
        assert report.declaration.sha256 == hashlib.sha256(expected).hexdigest()
    first, second = (r.organisation.name for r, _ in published[:2])
    drawn = [
        sample_declaration_png(school=name, year=2025, signed_on=dt.date(2026, 1, 2))
        for name in (first, second)
    ]
    assert drawn[0] != drawn[1]
