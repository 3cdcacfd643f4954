import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.urls import reverse

from nianbao.testing import PASSWORD


def test_passwords_are_stored_hashed(world):
    user = world.users["school_editor"]
    assert user.password != PASSWORD
    assert identify_hasher(user.password) is not None


def test_login_with_the_right_password_lands_on_the_home_page(world, client):
    response = client.post(
        reverse("accounts:login"), {"username": "school_editor", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")


def test_wrong_password_shows_a_chinese_error(world, client):
    response = client.post(
        reverse("accounts:login"), {"username": "school_editor", "password": "wrong"}
    )
    assert "用户名或密码不正确" in response.content.decode()


def test_login_is_locked_after_repeated_failures_even_with_the_right_password(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "school_editor", "password": "wrong"})
    response = client.post(
        reverse("accounts:login"), {"username": "school_editor", "password": PASSWORD}
    )
    assert response.status_code in (403, 429)
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_post_without_csrf_token_is_rejected(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "school_editor", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_sessions_expire(world):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_pages_carry_a_content_security_policy_header(world, client):
    response = client.get(reverse("accounts:login"))
    header = response.get("Content-Security-Policy-Report-Only") or response.get(
        "Content-Security-Policy"
    )
    assert header and "default-src 'self'" in header


@pytest.mark.parametrize("url_name", ["organisations:organisation-list", "submissions:report-list"])
def test_anonymous_users_are_sent_to_login(db, client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
