"""Findings appear next to the offending inputs right after saving, with a summary that links
to the cells."""

import pytest
from django.urls import reverse

from nianbao.indicators.models import DataValue
from nianbao.validation.tests.test_services import clean_values, store


@pytest.fixture
def entry(world):
    store(world.report, clean_values()[0])
    return world


@pytest.mark.django_db(transaction=True)  # validation runs on the save's commit
def test_saving_a_child_above_its_parent_shows_the_finding_next_to_both_inputs(
    entry, login, monkeypatch
):
    from nianbao.reports.models import Report

    monkeypatch.setattr(Report, "is_editable", property(lambda self: True), raising=False)
    client = login(entry.users["school_editor"])
    url = reverse("indicators:table-entry", args=[entry.report.pk, "scorecard"])
    page = client.get(url)
    form = {"version": page.context["version"]}
    for row in page.context["rows"]:
        form[f"v_{row.spec.code}"] = row.input or ""
        form[f"n_{row.spec.code}"] = row.note or ""
    placed = int(DataValue.objects.get(report=entry.report, code="graduates_placed").number)
    form["v_graduates_further_study"] = str(placed + 7)
    response = client.post(url, form, follow=True)
    html = response.content.decode()
    assert "数据校验：错误" in html
    rows = {row.spec.code: row for row in response.context["rows"]}
    messages = [f["message"] for f in rows["graduates_further_study"].findings]
    assert any(str(placed + 7) in m and str(placed) in m for m in messages)
    summary = response.context["findings_summary"]
    assert summary[0]["severity"] == "error" and summary[0]["anchor"].startswith("row-")
    assert f'href="#{summary[0]["anchor"]}"' in html
