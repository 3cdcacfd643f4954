import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nianbao.portal.tests.publishing import PDF, publish
from nianbao.reports.models import ReportSection

pytestmark = pytest.mark.django_db

INDEX = "portal:public-index"


def _index(client, **params):
    return client.get(reverse(INDEX), params)


def test_anonymous_visitor_sees_published_reports_but_not_drafts(world, client):
    publish(world.report)
    html = _index(client).content.decode()
    assert world.report.title in html
    assert world.other_report.title not in html  # still 编制中


def test_a_draft_answers_404_at_its_public_address(world, client):
    url = reverse("portal:public-report", args=[world.cycle.year, world.other_school.code])
    assert client.get(url).status_code == 404
    download = reverse("portal:public-report-download", args=[2025, world.other_school.code])
    assert client.get(download).status_code == 404


def test_public_pages_carry_no_internal_report_id(world, client):
    publish(world.report)
    world.other_report.title = "编制中的年报"
    html = (
        _index(client).content.decode()
        + client.get(
            reverse("portal:public-report", args=[2025, world.school.code])
        ).content.decode()
    )
    assert f"/reports/{world.report.pk}/" not in html
    assert f"/reports/{world.other_report.pk}/" not in html


def test_search_finds_school_name_title_and_report_text(world, client):
    publish(world.report)
    publish(world.other_report)
    ReportSection.objects.create(
        report=world.report, part_code="talent", title="育人", body="学校建成智能制造实训基地。"
    )
    both = _index(client, q="职业").context["page_obj"].object_list
    assert {r.pk for r in both} == {world.report.pk, world.other_report.pk}
    by_text = _index(client, q="实训基地").context["page_obj"].object_list
    assert [r.pk for r in by_text] == [world.report.pk]
    by_name = _index(client, q="云州 职业").context["page_obj"].object_list
    assert [r.pk for r in by_name] == [world.other_report.pk]
    assert not _index(client, q="不存在的词").context["page_obj"].object_list


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"city": "990100"}, {"report", "city_report"}),
        ({"city": "990200"}, {"other_report"}),
        ({"city": "nonexistent"}, set()),
        ({"level": "higher"}, {"report", "other_report"}),
        ({"level": "secondary"}, set()),
        ({"kind": "city"}, {"city_report"}),
        ({"kind": "school", "year": "2025"}, {"report", "other_report"}),
        ({"year": "2024"}, set()),
    ],
)
def test_filters_by_city_level_kind_and_year(world, client, params, expected):
    for name in ("report", "other_report", "city_report"):
        publish(getattr(world, name))
    found = {r.pk for r in _index(client, **params).context["page_obj"].object_list}
    assert found == {getattr(world, name).pk for name in expected}


def test_download_gives_the_submitted_document(world, client):
    publish(world.report, PDF + b"%unique")
    response = client.get(reverse("portal:public-report-download", args=[2025, "1010101"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF + b"%unique"
    assert "attachment" in response["Content-Disposition"]


def test_report_page_shows_publication_url_and_fingerprint(world, client):
    snapshot = publish(world.report, url="https://www.qczy.edu.cn/nb2025.pdf")
    html = client.get(reverse("portal:public-report", args=[2025, "1010101"])).content.decode()
    assert "https://www.qczy.edu.cn/nb2025.pdf" in html
    assert snapshot.document_sha256 in html


def test_pages_are_cached(world, client):
    first = _index(client)
    assert world.report.title not in first.content.decode()
    publish(world.report)
    assert world.report.title not in _index(client).content.decode()  # served from the cache


def _verify(client, **data):
    return client.post(reverse("portal:public-verify"), data)


def test_verify_upload_matches_the_submitted_report(world, client):
    snapshot = publish(world.report)
    response = _verify(client, file=SimpleUploadedFile("a.pdf", PDF))
    verdict = response.context["verdict"]
    day = snapshot.created_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    assert verdict.matched
    assert verdict.message == f"与 青川职业技术学院 {day.isoformat()} 提交的年报一致"
    assert verdict.message in response.content.decode()


def test_verify_modified_copy_matches_nothing(world, client):
    publish(world.report)
    response = _verify(client, file=SimpleUploadedFile("a.pdf", PDF + b" "))
    assert response.context["verdict"].message == "与任何已提交年报均不一致"


def test_verify_by_pasted_sha256(world, client):
    publish(world.report)
    digest = hashlib.sha256(PDF).hexdigest().upper()
    assert _verify(client, sha256=f" {digest} ").context["verdict"].matched


@pytest.mark.parametrize("data", [{}, {"sha256": "abc"}, {"sha256": "g" * 64}])
def test_verify_explains_bad_input(world, client, data):
    response = _verify(client, **data)
    assert response.status_code == 200
    assert response.context["verdict"] is None
    assert response.context["form"].errors


def test_verify_is_rate_limited(world, client, settings):
    settings.PORTAL_RATE_LIMITS = {"portal-verify": "3/m"}
    codes = [_verify(client, sha256="0" * 64).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "请求过于频繁" in _verify(client, sha256="0" * 64).content.decode()


def test_search_is_rate_limited_but_browsing_is_not(world, client, settings):
    settings.PORTAL_RATE_LIMITS = {"portal-search": "2/m"}
    assert [_index(client, q="职业").status_code for _ in range(3)] == [200, 200, 429]
    assert _index(client).status_code == 200


def test_public_pages_stay_open_under_the_login_required_middleware(world, client, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    publish(world.report)
    for url in (
        reverse(INDEX),
        reverse("portal:public-verify"),
        reverse("portal:public-report", args=[2025, world.school.code]),
        reverse("portal:public-report-download", args=[2025, world.school.code]),
    ):
        assert client.get(url).status_code == 200, url
    home = client.get(reverse("portal:home"))  # the home page sends anonymous visitors here
    assert home.status_code == 302 and home["Location"] == reverse(INDEX)
    denied = client.get(reverse("submissions:report-list"))  # the rest still needs a login
    assert denied.status_code == 302 and "/accounts/login/" in denied["Location"]


def test_the_list_page_costs_a_fixed_number_of_queries(
    world, client, django_assert_max_num_queries
):
    for report in (world.report, world.other_report, world.city_report):
        publish(report)
    # 6, plus per word the document-text match (on PostgreSQL in a savepoint with SET LOCAL:
    # 4) and the page's excerpts: 11, however many reports.
    with django_assert_max_num_queries(11):
        response = _index(client, q="职业")
    assert len(response.context["page_obj"].object_list) == 3  # all titles say 职业教育
