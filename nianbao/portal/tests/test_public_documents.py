"""Published rankings (公示 candidate list, final list) and the province's 通报 on the public
portal: anonymous pages, 404 until published, and what they show."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from nianbao.rankings.models import Ranking
from nianbao.review.models import EvaluationNotice
from nianbao.review.services import notice_publish

pytestmark = pytest.mark.django_db

ROWS = [
    {"key": 11, "name": "辽宁示范职业技术学院", "score": 87.456, "rank": 1, "median_rank": 1,
     "rank_p5": 1, "rank_p95": 2, "p_places": 0.99},
    {"key": 12, "name": "沈阳示范工程职业学院", "score": 80.0, "rank": 2, "median_rank": 2,
     "rank_p5": 1, "rank_p95": 4, "p_places": 0.9},
]  # fmt: skip


def _ranking(world, **fields) -> Ranking:
    return Ranking.objects.create(
        cycle=world.cycle, code="outcomes", name="育人成效50强", edition="2023",
        result={"schools": [], "candidates": 2, "places": 1, "draws": 1000}, **fields,
    )  # fmt: skip


def _in_notice(world, starts_on=None) -> Ranking:
    today = timezone.localdate()
    starts_on = starts_on or today
    return _ranking(world, status="notice", candidates=ROWS, notice_starts_on=starts_on,
                    notice_ends_on=starts_on + dt.timedelta(days=7))  # fmt: skip


def _url(ranking, kind):
    return reverse("portal:public-ranking", args=[ranking.pk, kind])


def _front(client) -> str:
    cache.clear()
    return client.get(reverse("portal:public-index")).content.decode()


def test_a_list_in_verification_is_not_public(world, client):
    ranking = _ranking(world)
    assert client.get(_url(ranking, "candidate_list")).status_code == 404
    assert client.get(_url(ranking, "final_list")).status_code == 404
    assert "育人成效50强" not in _front(client)


def test_a_notice_that_starts_tomorrow_is_not_public_yet(world, client):
    ranking = _in_notice(world, starts_on=timezone.localdate() + dt.timedelta(days=1))
    assert client.get(_url(ranking, "candidate_list")).status_code == 404
    assert "育人成效50强" not in _front(client)


def test_the_candidate_list_is_public_during_its_notice(world, client):
    ranking = _in_notice(world)
    response = client.get(_url(ranking, "candidate_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "辽宁示范职业技术学院" in html and "87.46" in html and "1–4" in html
    assert "公示期内如有异议" in html and "随机变动 1000 次" in html
    assert client.get(_url(ranking, "final_list")).status_code == 404  # not confirmed yet
    assert client.get(_url(ranking, "other")).status_code == 404
    front = _front(client)
    assert "【公示名单】" in front and _url(ranking, "candidate_list") in front
    assert "【榜单】" not in front


def test_after_its_notice_period_the_candidate_list_stays_public(world, client):
    ranking = _in_notice(world, starts_on=timezone.localdate() - dt.timedelta(days=10))
    html = client.get(_url(ranking, "candidate_list")).content.decode()
    assert "公示已结束，名单待确定" in html and "公示期内如有异议" not in html
    assert client.get(_url(ranking, "final_list")).status_code == 404


def test_the_confirmed_list_shows_the_final_places(world, client):
    ranking = _in_notice(world, starts_on=timezone.localdate() - dt.timedelta(days=20))
    ranking.status, ranking.confirmed_at = "confirmed", timezone.now()
    ranking.final = [{**ROWS[0], "place": 1}]
    ranking.save()
    html = client.get(_url(ranking, "final_list")).content.decode()
    assert "辽宁示范职业技术学院" in html and "沈阳示范工程职业学院" not in html
    assert "公示已结束" in client.get(_url(ranking, "candidate_list")).content.decode()
    front = _front(client)
    assert "【榜单】" in front and _url(ranking, "final_list") in front


def _notice(world, file_format="pdf") -> EvaluationNotice:
    notice = EvaluationNotice(cycle=world.cycle, file_format=file_format, status="done")
    notice.file.save(f"n.{file_format}", ContentFile(b"%PDF-1.4 notice\n%%EOF\n"), save=False)
    notice.save()
    return notice


def test_the_notice_is_downloadable_only_once_published(world, client):
    notice = _notice(world)
    url = reverse("portal:public-notice-download", args=[notice.pk])
    assert client.get(url).status_code == 404
    assert "【通报】" not in _front(client)
    notice_publish(actor=world.users["province_admin"], notice=notice)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4 notice")
    assert "attachment" in response["Content-Disposition"]
    front = _front(client)
    assert "【通报】" in front and url in front and "评价结果的通报（PDF）" in front


def test_public_documents_stay_open_under_the_login_required_middleware(world, client, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    ranking = _in_notice(world)
    notice = _notice(world, "docx")
    notice_publish(actor=world.users["province_admin"], notice=notice)
    assert client.get(_url(ranking, "candidate_list")).status_code == 200
    assert client.get(reverse("portal:public-notice-download", args=[notice.pk])).status_code == 200
