import pytest
from django.urls import reverse

from nianbao.accounts.models import User
from nianbao.demo.province import build_demo_province


@pytest.fixture
def demo(db):
    build_demo_province(seed=7)


def test_province_home_shows_counts_by_city_with_a_bounded_number_of_queries(
    demo, client, django_assert_max_num_queries
):
    client.force_login(
        User.objects.get(username="sheng_admin"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    # Counts by city, the bureau overview (rates, rows behind) and the review queue: fixed.
    with django_assert_max_num_queries(24):
        response = client.get(reverse("portal:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "青川市教育局" in html and "白沙市教育局" in html
    province = response.context["province"]
    assert len(province["rows"]) == 11
    assert province["totals"]["higher"] == 50 and province["totals"]["bachelor"] == 2
    assert 260 <= province["totals"]["secondary"] <= 275
    assert province["enterprises"] == 100


def test_school_user_sees_only_its_own_report_with_a_countdown(world, client):
    client.force_login(
        world.users["school_editor"], backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.get(reverse("portal:home"))
    rows = response.context["own_reports"]
    assert [r["report"] for r in rows] == [world.report]
    assert rows[0]["days_left"] is not None


def test_city_admin_sees_its_schools_and_not_other_cities(world, client):
    client.force_login(
        world.users["city_admin"], backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.get(reverse("portal:home"))
    html = response.content.decode()
    assert "青川职业技术学院" in html and "云州职业技术学院" not in html


def test_city_home_has_rates_the_rows_behind_and_the_forms(world, client):
    client.force_login(
        world.users["city_admin"], backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.get(reverse("portal:home"))
    bureau = response.context["bureau"]
    # The city report and its two schools must report; none has been submitted.
    assert (bureau["rates"]["required"], bureau["rates"]["completeness"]) == (3, 0.0)
    html = response.content.decode()
    assert "函（含附件2）" in html and "附件5 报送年报中职学校名单" in html and "进度总览" in html


def test_report_list_is_filtered_by_scope(world, client):
    client.force_login(
        world.users["school_editor"], backend="django.contrib.auth.backends.ModelBackend"
    )
    reports = list(client.get(reverse("submissions:report-list")).context["page_obj"])
    assert reports == [world.report]


def test_reviewer_home_shows_the_review_queue_even_when_empty(world, client):
    client.force_login(world.users["reviewer"], backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("portal:home")).content.decode()
    assert "待审核年报" in html and "暂无已提交、待审核的年报" in html


def test_enterprise_contact_without_reports_is_told_who_creates_them(world, client):
    client.force_login(
        world.users["enterprise_editor"], backend="django.contrib.auth.backends.ModelBackend"
    )
    html = client.get(reverse("portal:home")).content.decode()
    assert "企业年报由合作学校（青川职业技术学院）为贵企业创建" in html


def test_demo_enterprise_contact_has_a_report_to_write(demo, client):
    client.force_login(
        User.objects.get(username="qiye01"), backend="django.contrib.auth.backends.ModelBackend"
    )
    rows = client.get(reverse("portal:home")).context["own_reports"]
    assert [r["report"].kind for r in rows] == ["enterprise"]


NAV = {
    "审核": "review:queue",
    "进度总览": "review:overview",
    "数据反馈报告": "portal:feedback-runs",
}


@pytest.mark.parametrize(
    ("actor", "shown"),
    [
        ("province_admin", {"审核", "进度总览", "数据反馈报告"}),
        ("city_admin", {"审核", "进度总览"}),
        ("reviewer", {"审核"}),
        ("school_editor", set()),
    ],
)
def test_navigation_offers_the_pages_of_the_users_roles(world, login, actor, shown):
    response = login(world.users[actor]).get(reverse("portal:home"))
    nav = dict(response.context["nav_items"])
    assert {label for label in NAV if label in nav} == shown
    for label in shown:
        assert nav[label] == reverse(NAV[label])
        assert login(world.users[actor]).get(nav[label]).status_code == 200  # no dead link
    html = response.content.decode()
    assert f'href="{reverse("accounts:token-list")}"' in html and "API 令牌" in html


def test_an_anonymous_visitor_is_sent_to_the_public_portal_which_links_the_login(world, client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:public-index")
    html = client.get(response["Location"]).content.decode()
    assert f'href="{reverse("accounts:login")}"' in html and "登录" in html
