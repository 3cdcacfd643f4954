"""用户与成员关系: a role on an organisation applies to that organisation's subtree."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from nianbao.core.models import TimeStampedModel
from nianbao.core.roles import Role


class User(AbstractUser):
    """平台用户."""

    full_name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    must_change_password = models.BooleanField(
        "须修改初始密码", default=False, help_text="Set when an admin chose the password."
    )

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class Membership(TimeStampedModel):
    """成员关系: a user holds `role` on `organisation` (and thereby on its subtree)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "成员关系"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class TokenScope(models.TextChoices):
    READ = "read", "读取"
    WRITE = "write", "写入数据"


class ApiToken(TimeStampedModel):
    """个人 API 令牌: acts for its user within the user's own permissions, limited further by
    its scopes; only a SHA-256 of the secret is stored, the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=60)
    prefix = models.CharField("前缀", max_length=12, help_text="Shown to tell tokens apart.")
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField("权限范围", default=list)
    expires_at = models.DateTimeField("有效期至")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_labels(self) -> list[str]:
        return [TokenScope(s).label for s in self.scopes if s in TokenScope.values]

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now
