import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from nianbao.accounts.models import ApiToken
from nianbao.accounts.tokens import api_token_create, api_token_revoke
from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.review.choices import ReviewOutcome
from nianbao.review.models import Review

pytestmark = pytest.mark.django_db


def _token(user, scopes=("read",), days=30):
    return api_token_create(actor=user, name="同步", scopes=list(scopes), days=days)


def _get(client, url, secret=None, **params):
    headers = {"HTTP_ACCEPT": "application/json"}
    if secret:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client.get(url, params, **headers)


REPORTS = reverse("api:report-list")


def test_token_acts_within_its_users_scope(world, client):
    _t, secret = _token(world.users["school_editor"])
    body = _get(client, REPORTS, secret).json()
    assert [r["id"] for r in body["results"]] == [world.report.pk]
    other = reverse("api:report-detail", args=[world.other_report.pk])
    assert _get(client, other, secret).status_code == 404


def test_session_and_token_see_the_same(world, client):
    user = world.users["city_admin"]
    _t, secret = _token(user)
    by_token = _get(client, REPORTS, secret).json()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    by_session = _get(client, REPORTS).json()
    assert by_token == by_session
    assert {r["organisation"]["code"] for r in by_token["results"]} == {
        "990100", "1010101", "2010001"
    }  # fmt: skip


def test_read_scope_cannot_write_and_write_scope_cannot_read(world, client):
    user = world.users["school_editor"]
    _t, reader = _token(user, ["read"])
    _t, writer = _token(user, ["write"])
    url = reverse("api:table-values", kwargs={"pk": world.report.pk, "table_code": "scorecard"})
    body = json.dumps({"version": 0, "values": {"graduates": "10"}})
    denied = client.put(url, body, content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {reader}")  # fmt: skip
    assert denied.status_code == 403
    written = client.put(url, body, content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {writer}")  # fmt: skip
    assert written.status_code == 200, written.content
    assert _get(client, url, writer).status_code == 403
    assert _get(client, url, reader).json()["values"]["graduates"] == "10"


def test_revoked_expired_and_unknown_tokens_are_refused(world, client):
    user = world.users["school_editor"]
    revoked, secret_revoked = _token(user)
    api_token_revoke(actor=user, token=revoked)
    expired, secret_expired = _token(user)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    for secret in (secret_revoked, secret_expired, "nb_notatoken", "nonsense"):
        response = _get(client, REPORTS, secret)
        assert response.status_code == 401, secret
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_tokens_are_audited_and_stored_hashed(world):
    user = world.users["school_editor"]
    token, secret = _token(user)
    api_token_revoke(actor=user, token=token)
    actions = list(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))
    assert "api_token.create" in actions and "api_token.revoke" in actions
    assert secret not in json.dumps(list(ApiToken.objects.values()), default=str)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"cycle": 2025, "kind": "school"}, {"1010101", "2010001", "1020101"}),
        ({"city": "990200"}, {"990200", "1020101"}),
        ({"level": "secondary"}, {"2010001"}),
        ({"status": "published"}, set()),
        ({"cycle": 2024}, set()),
        ({"organisation": "1010101"}, {"1010101"}),
    ],
)
def test_reports_filter_by_cycle_city_level_status(world, client, params, expected):
    _t, secret = _token(world.users["province_admin"])
    body = _get(client, REPORTS, secret, **params).json()
    found = {r["organisation"]["code"] for r in body["results"] if r["kind"] != "enterprise"}
    assert found == expected


def test_bad_filter_is_a_400_in_chinese(world, client):
    _t, secret = _token(world.users["province_admin"])
    response = _get(client, REPORTS, secret, level="大学")
    assert response.status_code == 400
    assert "筛选条件" in response.json()["detail"]


def test_lists_are_paged(world, client):
    _t, secret = _token(world.users["province_admin"])
    first = _get(client, reverse("api:organisation-list"), secret, page_size=3).json()
    assert len(first["results"]) == 3 and first["next"]
    assert first["count"] == 8  # the province, 2 cities, 3 schools, 2 enterprises
    last = _get(client, reverse("api:organisation-list"), secret, page_size=3, page=3).json()
    assert len(last["results"]) == 2 and last["next"] is None


def test_report_fields_and_grade_from_closed_reviews(world, client):
    _t, secret = _token(world.users["province_admin"])
    url = reverse("api:report-detail", args=[world.report.pk])
    body = _get(client, url, secret).json()
    assert body["status"] == "drafting" and body["cycle"] == 2025
    assert body["city"] == "990100"
    assert body["due_on"] == world.report.extended_until.isoformat()
    assert body["grade"] is None

    # A closed review with a grade: the API reports it, and an open one is not yet a result.
    Review.objects.create(
        report=world.report, sequence=1, reviewer=world.users["province_admin"],
        score=88, maximum=100, grade="B", outcome=ReviewOutcome.APPROVED,
        closed_at=timezone.now(),
    )  # fmt: skip
    Review.objects.create(
        report=world.report, sequence=2, reviewer=world.users["province_admin"]
    )
    assert _get(client, url, secret).json()["grade"] == "B"
    review = _get(client, reverse("api:report-review-results", args=[world.report.pk]), secret)
    (only,) = review.json()["reviews"]
    assert (only["grade"], only["score"], only["outcome"]) == ("B", 88, "approved")


def test_organisation_by_code_and_cycles(world, client):
    _t, secret = _token(world.users["school_editor"])
    school = _get(client, reverse("api:organisation-detail", args=["1010101"]), secret).json()
    assert school["city"] == "990100" and school["parent"] == "990100"
    assert (
        _get(client, reverse("api:organisation-detail", args=["1020101"]), secret).status_code
        == 404
    )
    cycles = _get(client, reverse("api:cycle-list"), secret).json()["results"]
    assert cycles[0]["year"] == 2025
    assert {d["kind"] for d in cycles[0]["deadlines"]} == {"school", "city", "enterprise"}


def test_findings_endpoints(world, client):
    world.report.checker_findings = [
        {"code": "C1", "severity": "error", "message": "数字矛盾", "location": {"label": "前言"},
         "excerpt": "", "values": []}
    ]  # fmt: skip
    world.report.save(update_fields=["checker_findings"])
    _t, secret = _token(world.users["school_editor"])
    checker = _get(client, reverse("api:report-checker-findings", args=[world.report.pk]), secret)
    assert checker.json()["findings"][0]["code"] == "C1"
    validation = _get(
        client, reverse("api:report-validation-findings", args=[world.report.pk]), secret
    ).json()
    assert validation["counts"] == {"error": 0, "warning": 0, "info": 0}


def test_token_page_shows_the_secret_once_and_revokes(world, client):
    user = world.users["school_editor"]
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("accounts:token-list"), {"name": "教务系统", "scopes": ["read"], "days": 30}
    )
    secret = response.context["secret"]
    assert secret.startswith("nb_") and secret in response.content.decode()
    assert secret not in client.get(reverse("accounts:token-list")).content.decode()
    token = ApiToken.objects.get(user=user)
    client.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert _get(client, REPORTS, secret).status_code == 401
    client.force_login(
        world.users["school_head"], backend="django.contrib.auth.backends.ModelBackend"
    )
    assert client.post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 404


def test_token_creation_explains_bad_input(world):
    with pytest.raises(ApplicationError) as err:
        api_token_create(actor=world.users["school_editor"], name=" ", scopes=["admin"], days=999)
    assert len(err.value.reasons) == 3


def test_report_list_costs_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    _t, secret = _token(world.users["province_admin"])
    with django_assert_max_num_queries(10):
        body = _get(client, REPORTS, secret).json()
    assert body["count"] >= 4
