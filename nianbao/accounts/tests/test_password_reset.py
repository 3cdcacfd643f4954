import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from nianbao.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _link(message) -> str:
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


def _request_reset(client, user):
    user.email = "editor@qczy.edu.cn"
    user.save(update_fields=["email"])
    response = client.post(reverse("accounts:password-reset"), {"email": user.email})
    assert response.status_code == 302
    return _link(mail.outbox[-1])


def test_reset_link_sets_a_new_password_once(world, client):
    user = world.users["school_editor"]
    link = _request_reset(client, user)
    assert "重设密码" in mail.outbox[-1].subject
    form = client.get(link, follow=True)
    assert form.context["validlink"]
    new = "Qc-年报-2026-新密码"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    again = client.get(link, follow=True)
    assert not again.context["validlink"]  # single use
    assert "无效或已过期" in again.content.decode()


def test_reset_link_expires(world, client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    link = _request_reset(client, world.users["school_editor"])
    time_machine.shift(settings.PASSWORD_RESET_TIMEOUT + 60)
    assert not client.get(link, follow=True).context["validlink"]


def test_unknown_address_gets_the_same_answer_and_no_mail(world, client):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.cn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert not mail.outbox


def test_lockout_after_failures_still_applies_after_a_reset(world, client):
    user = world.users["school_editor"]
    link = _request_reset(client, user)
    form = client.get(link, follow=True)
    new = "Qc-年报-2026-新密码"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    locked = client.post(reverse("accounts:login"), {"username": user.username, "password": new})
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_reset_requests_are_rate_limited(world, client):
    codes = [
        client.post(reverse("accounts:password-reset"), {"email": "x@example.cn"}).status_code
        for _ in range(6)
    ]
    assert codes == [302] * 5 + [403]
