"""数据反馈报告 on the demo province: every school gets one, and its numbers equal an
independent computation (numpy over the stored values)."""

import subprocess
from collections import defaultdict

import numpy as np
import pytest
from django.urls import reverse

from nianbao.accounts.models import User
from nianbao.cycles.models import Cycle
from nianbao.demo.province import build_demo_province
from nianbao.documents.render import render_pdf
from nianbao.indicators.models import DataTableRevision, DataValue
from nianbao.indicators.services import data_values_save
from nianbao.organisations.models import Organisation
from nianbao.portal.feedback import generation
from nianbao.portal.feedback.document import feedback_document
from nianbao.portal.feedback.services import feedback_run_start
from nianbao.portal.feedback.stats import KEY_INDICATORS
from nianbao.portal.models import FeedbackReport, FeedbackRun
from nianbao.reports.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def demo(db, monkeypatch):
    build_demo_province(seed=7)
    rendered = []

    def fake_render(doc):  # the real renderer is exercised once below; 300 renders take minutes
        rendered.append(doc.organisation_code)
        return b"%PDF-1.7 " + doc.title.encode()

    monkeypatch.setattr(generation, "render_pdf", fake_render)
    return rendered


def _independent(cycle):
    """{(school id, code): (own, city [q1, med, q3, pct], province [...])} from raw rows."""
    schools = {
        o.pk: o
        for o in Organisation.objects.filter(kind="school", must_file_report=True)
        if Report.objects.filter(cycle=cycle, organisation=o, kind="school").exists()
    }
    rows = DataValue.objects.filter(
        report__cycle=cycle, report__kind="school", code__in=KEY_INDICATORS, number__isnull=False
    ).values_list("report__organisation_id", "code", "number")
    value = {(org, code): float(n) for org, code, n in rows if org in schools}
    level = {pk: ("secondary" if o.level == "secondary" else "higher") for pk, o in schools.items()}
    groups = defaultdict(list)
    for (org, code), v in value.items():
        groups[(level[org], None, code)].append(v)
        groups[(level[org], schools[org].parent_id, code)].append(v)

    def stats(values, own):
        arr = np.array(values)
        q1, med, q3 = np.percentile(arr, [25, 50, 75])
        pct = (
            None if own is None else 100 * ((arr < own).sum() + 0.5 * (arr == own).sum()) / len(arr)
        )
        return [q1, med, q3, pct]

    out = {}
    for pk in schools:
        for code in KEY_INDICATORS:
            own = value.get((pk, code))
            out[(pk, code)] = (
                own,
                stats(groups[(level[pk], schools[pk].parent_id, code)], own),
                stats(groups[(level[pk], None, code)], own),
            )
    return out, schools


def _stored(row, scope):
    s = row[scope]
    return [s["q1"], s["median"], s["q3"], s["percentile"]]


def _generate(cycle, capture):
    with capture(execute=True):  # the task runs on commit (immediate backend in tests)
        run = feedback_run_start(actor=User.objects.get(username="sheng_admin"), cycle=cycle)
    run.refresh_from_db()
    return run


def test_every_demo_school_gets_a_report_whose_numbers_equal_an_independent_computation(
    demo, client, django_capture_on_commit_callbacks
):
    cycle = Cycle.objects.order_by("-year").first()
    run = _generate(cycle, django_capture_on_commit_callbacks)
    expected, schools = _independent(cycle)
    assert run.status == "done" and run.done == run.total == len(schools) > 250
    reports = {f.school_id: f for f in FeedbackReport.objects.filter(cycle=cycle)}
    assert set(reports) == set(schools)
    assert all(f.pdf for f in reports.values())
    checked = 0
    for pk, report in reports.items():
        for row in report.figures["rows"]:
            own, city, province = expected[(pk, row["code"])]
            assert row["own"] == pytest.approx(own)
            assert _stored(row, "city") == pytest.approx(city)
            assert _stored(row, "province") == pytest.approx(province)
            checked += 1
    assert checked == len(schools) * len(KEY_INDICATORS)
    years = reports[next(iter(reports))].figures["years"]
    assert years == sorted(Cycle.objects.values_list("year", flat=True))[-5:]

    # A second run renders nothing again: the figures did not change.
    again = _generate(cycle, django_capture_on_commit_callbacks)
    assert again.status == "done" and again.rendered == 0

    # The real PDF of one school, and its page.
    user = User.objects.get(username="xiao01_tianbao")
    school = user.memberships.get().organisation
    figures = reports[school.pk].figures
    pdf = render_pdf(feedback_document(figures))
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert f"{school.name}{cycle.year}年度数据反馈报告" in text.replace(" ", "")
    assert "关键指标与同类学校比较" in text
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("portal:feedback-report", args=[school.pk])).content.decode()
    first = figures["rows"][0]["province"]
    assert f'style="width: {round(first["percentile"])}%"' in page  # the percentile chart
    median = first["median"]
    assert f"{median:,.2f}".rstrip("0").rstrip(".") in page


def test_a_data_change_regenerates_the_affected_reports(demo, django_capture_on_commit_callbacks):
    cycle = Cycle.objects.order_by("-year").first()
    _generate(cycle, django_capture_on_commit_callbacks)
    editor = User.objects.get(username="xiao01_tianbao")
    report = Report.objects.get(cycle=cycle, organisation=editor.memberships.get().organisation)
    Report.objects.filter(pk=report.pk).update(extended_until=None, status="drafting")
    version = DataTableRevision.objects.get(report=report, table_code="scorecard").version
    demo.clear()
    with django_capture_on_commit_callbacks(execute=True):
        data_values_save(
            actor=editor, report=report, table_code="scorecard",
            values={"monthly_income": "9999"}, base_version=version,
        )  # fmt: skip
    assert FeedbackRun.objects.filter(cycle=cycle).count() == 2
    latest = FeedbackRun.objects.filter(cycle=cycle).first()
    assert latest.status == "done" and latest.requested_by is None
    assert report.organisation.code in demo  # its own report was rendered again
    assert 0 < latest.rendered < latest.total  # secondary schools did not change
    mine = FeedbackReport.objects.get(cycle=cycle, school=report.organisation)
    income = next(r for r in mine.figures["rows"] if r["code"] == "monthly_income")
    assert income["own"] == 9999
