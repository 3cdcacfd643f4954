"""用户与成员关系: a role on an organisation applies to that organisation's subtree."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from nianbao.accounts.choices import Role
from nianbao.core.models import TimeStampedModel


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
