import datetime as dt
import json

import pytest
from django.db.models import Sum

from nianbao.cycles.services import cycle_open
from nianbao.demo.seeding import demo_values_load, planted_errors
from nianbao.indicators.models import DataTableRevision, DataValue
from nianbao.indicators.selectors import previous_report_values, report_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cycles(world):
    cycle_open(
        actor=None,
        year=2024,
        framework_edition="2025",
        indicator_edition="2023",
        deadlines={k: dt.date(2025, 1, 5) for k in ("school", "city", "enterprise")},
    )
    return world


def test_every_school_report_of_both_cycles_gets_values(two_cycles, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    world = two_cycles
    planted = demo_values_load(seed=7)
    for report in world.cycle.reports.filter(kind="school"):
        current = report_values(report)
        assert current["graduates"] > 0
        assert previous_report_values(report)["graduates"] > 0
    assert DataTableRevision.objects.filter(report=world.report).count() == 6
    assert json.loads((tmp_path / "demo" / "planted_errors.json").read_text()) == planted
    assert planted_errors() == planted
    assert all(p["kind"] and p["indicator_codes"] for p in planted)


def test_city_reports_get_no_school_values(two_cycles, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    demo_values_load(seed=7)
    assert not DataValue.objects.filter(report=two_cycles.city_report).exists()


@pytest.mark.slow
def test_demo_province_totals_land_near_the_appendix(settings, tmp_path, db):
    from nianbao.demo.province import build_demo_province

    settings.VAR_DIR = tmp_path
    build_demo_province(seed=2025, today=dt.date(2025, 11, 1))
    current = DataValue.objects.filter(report__cycle__year=2025, code="full_time_students")
    higher = current.exclude(report__organisation__level="secondary").aggregate(n=Sum("number"))[
        "n"
    ]
    secondary = current.filter(report__organisation__level="secondary").aggregate(n=Sum("number"))[
        "n"
    ]
    assert 409_000 * 0.9 < higher < 409_000 * 1.1
    assert 331_000 * 0.85 < secondary < 331_000 * 1.1  # a few 中职 are exempt from filing
    planted = planted_errors()
    schools = DataValue.objects.filter(report__cycle__year=2025).values("report").distinct().count()
    assert 0.05 * schools <= len(planted) <= 0.15 * schools
    # The published reports' own text is extracted for the portal's search, as after publishing.
    from nianbao.portal.models import PublishedDocumentText

    texts = PublishedDocumentText.objects.filter(error="", report__status="published")
    assert texts.count() == 3
    assert all(len(t.text) > 2000 and "人才培养" in t.text for t in texts)
