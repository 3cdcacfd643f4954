from django.test import override_settings
from django.urls import reverse


def test_403_says_why_and_where_to_go(world, login):
    client = login(world.users["school_editor"])
    response = client.get(reverse("core:audit-list"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "没有访问权限" in html and "您没有执行此操作的权限" in html
    assert 'href="/"' in html and "我的年报" in html and "主导航" in html


def test_404_is_styled_with_navigation(world, login):
    response = login(world.users["school_editor"]).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "回到首页" in html and "app.css" in html


@override_settings(DEBUG=False)
def test_500_page_renders_without_a_request_context():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "服务器出错了" in html and "回到首页" in html


def test_select_placeholder_is_chinese(world, login):
    html = login(world.users["province_admin"]).get(reverse("accounts:user-create")).content
    assert b"Select an option" not in html
    assert "- 请选择角色 -".encode() in html


def test_user_form_tells_same_named_enterprises_apart_and_is_searchable(world, login):
    from nianbao.testing import make_org

    make_org("enterprise", "91990000MA0003X", "青川智能装备有限公司", world.secondary)
    html = login(world.users["province_admin"]).get(reverse("accounts:user-create")).content
    html = html.decode()
    assert "青川智能装备有限公司（合作企业 · 青川职业技术学院）" in html
    assert "青川智能装备有限公司（合作企业 · 青川市城关职业中学）" in html
    assert 'data-search="输入机构名称或代码筛选"' in html
    assert '<option value="" selected>- 请选择角色 -</option>' in html


def test_favicon_is_served_from_the_site(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")
