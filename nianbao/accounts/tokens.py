"""个人 API 令牌: create, revoke, and resolve a presented secret. Every change is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from nianbao.accounts.models import ApiToken, TokenScope, User
from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError

__all__ = [
    "MAX_DAYS",
    "TOKEN_PREFIX",
    "api_token_create",
    "api_token_revoke",
    "api_token_resolve",
    "api_tokens_of",
]

TOKEN_PREFIX = "nb_"
MAX_DAYS = 365
MAX_ACTIVE = 20


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_tokens_of(user: User):
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def api_token_create(
    *, actor: User, name: str, scopes: list[str], days: int
) -> tuple[ApiToken, str]:
    """A new token for the actor themself; returns it with the secret (shown only now)."""
    name = (name or "").strip()
    reasons = []
    if not name:
        reasons.append("请填写令牌名称（例如“教务系统同步”）")
    scopes = sorted(set(scopes))
    if not scopes or not set(scopes) <= set(TokenScope.values):
        reasons.append("请至少选择一项权限范围（读取、写入数据）")
    if not 1 <= days <= MAX_DAYS:
        reasons.append(f"有效期须在 1–{MAX_DAYS} 天之间")
    now = timezone.now()
    active = ApiToken.objects.filter(user=actor, revoked_at__isnull=True, expires_at__gt=now)
    if active.count() >= MAX_ACTIVE:
        reasons.append(f"有效令牌已达上限 {MAX_ACTIVE} 个，请先撤销不用的令牌")
    if reasons:
        raise ApplicationError("无法创建令牌", reasons=reasons)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=actor,
        name=name[:60],
        prefix=secret[:10],
        key_hash=_hash(secret),
        scopes=scopes,
        expires_at=now + dt.timedelta(days=days),
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="api_token.create",
        obj=token,
        after={"name": token.name, "scopes": scopes, "expires_at": token.expires_at},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """撤销: the owner revokes their own token; it stops working at once."""
    if token.user_id != actor.pk:
        raise ApplicationError("只能撤销自己的令牌。", status=403)
    if token.revoked_at is not None:
        raise ApplicationError("该令牌已撤销。", status=409)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at},
    )
    return token


def api_token_resolve(secret: str) -> ApiToken | None:
    """The usable token for a presented secret (not revoked, not expired, active user)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.filter(key_hash=_hash(secret), user__is_active=True)
        .select_related("user")
        .first()
    )
    return token if token is not None and token.is_usable(timezone.now()) else None
