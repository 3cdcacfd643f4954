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
    header = response.get("Content-Security-Policy")
    assert header and "default-src 'self'" in header and "script-src 'self'" in header
    assert "Content-Security-Policy-Report-Only" not in response  # enforced, not just reported


def _fail(client, username, times=1, **extra):
    for _ in range(times):
        client.post(reverse("accounts:login"), {"username": username, "password": "wrong"}, **extra)


def _login_status(client, username="school_editor", **extra):
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": PASSWORD}, **extra
    )
    logged_in = "_auth_user_id" in client.session
    client.logout()
    return response.status_code, logged_in


def test_failures_of_one_user_lock_that_user_from_that_address_only(world, client):
    _fail(client, "school_editor", settings.AXES_FAILURE_LIMIT)
    assert _login_status(client)[0] in (403, 429)
    assert _login_status(client, REMOTE_ADDR="10.1.2.3") == (302, True)  # another address
    assert _login_status(client, "school_head") == (302, True)  # a colleague on that address


def test_colleagues_on_one_address_do_not_lock_each_other_out(world, client):
    from nianbao.testing import make_user

    for name in ("colleague1", "colleague2", "colleague3"):
        make_user(name)
        _fail(client, name, settings.AXES_FAILURE_LIMIT)  # each locks only themself
    assert _login_status(client) == (302, True)


def test_password_spraying_from_one_address_is_locked_across_usernames(world, client):
    from nianbao.testing import make_user

    per_address = settings.LOGIN_FAILURE_LIMITS["ip_address"]
    assert settings.AXES_FAILURE_LIMIT < per_address <= 30
    users = [make_user(f"spray{i}").username for i in range(per_address)]
    for username in users[:-1]:
        _fail(client, username)  # one guess per account
    assert _login_status(client) == (302, True)  # one failure short of the address's limit
    _fail(client, users[-1])
    # Now even a right password from that address is refused, for any account.
    status, logged_in = _login_status(client)
    assert status in (403, 429) and not logged_in
    assert _login_status(client, REMOTE_ADDR="10.1.2.3") == (302, True)


def test_a_user_with_an_initial_password_must_change_it_first(world, client):
    from nianbao.accounts.services import user_create

    user = user_create(
        actor=world.users["province_admin"], username="new_editor", full_name="新用户",
        password="Chu-shi-2025!", organisation=world.school, role="school_editor",
    )  # fmt: skip
    assert user.must_change_password
    client.post(reverse("accounts:login"), {"username": "new_editor", "password": "Chu-shi-2025!"})
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:password-change"
    )
    assert client.get(reverse("accounts:password-change")).status_code == 200
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "Chu-shi-2025!",
            "new_password": "Xin-mi-ma-2026",
            "confirm": "Xin-mi-ma-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("Xin-mi-ma-2026")
    assert client.get(reverse("portal:home")).status_code == 200


def test_debug_tracebacks_are_only_for_this_machine(rf):
    from nianbao.core.middleware import LoopbackDebugMiddleware

    middleware = LoopbackDebugMiddleware(lambda request: None)
    remote = rf.get("/", REMOTE_ADDR="10.1.2.3")
    response = middleware.process_exception(remote, RuntimeError("secret settings"))
    assert response.status_code == 500 and b"secret settings" not in response.content
    local = rf.get("/", REMOTE_ADDR="127.0.0.1")
    assert middleware.process_exception(local, RuntimeError("x")) is None


def test_the_production_server_is_a_dependency():
    import gunicorn  # noqa: F401  (the README's production section runs it)


@pytest.mark.parametrize("url_name", ["organisations:organisation-list", "submissions:report-list"])
def test_anonymous_users_are_sent_to_login(db, client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
