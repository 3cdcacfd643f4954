"""组织机构树: province → city → school → enterprise."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from nianbao.core.models import TimeStampedModel
from nianbao.organisations.choices import (
    Affiliation,
    ExemptionReason,
    OrganisationKind,
    Ownership,
    SchoolLevel,
)


class OrganisationQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> OrganisationQuerySet:
        """Organisations that existed on `day` (opened on or before it, not yet closed)."""
        return self.filter(
            Q(opened_on__isnull=True) | Q(opened_on__lte=day),
            Q(closed_on__isnull=True) | Q(closed_on__gt=day),
        )

    def active_during(self, start: dt.date, end: dt.date) -> OrganisationQuerySet:
        """Organisations that existed at any time in [start, end]: a school closed this year
        still belongs to this year's cycle."""
        return self.filter(
            Q(opened_on__isnull=True) | Q(opened_on__lte=end),
            Q(closed_on__isnull=True) | Q(closed_on__gt=start),
        )

    def subtree_of(self, org: Organisation) -> OrganisationQuerySet:
        return self.filter(path__startswith=org.path)


class Organisation(TimeStampedModel):
    """组织机构: 教育厅, 市教育局, 学校 or 企业. `path` is a materialised path of zero-padded
    ids ("000001.000004.") so a subtree is one indexed prefix query."""

    kind = models.CharField("类型", max_length=16, choices=OrganisationKind.choices)
    code = models.CharField(
        "机构代码", max_length=32, unique=True, help_text="学校代码、行政区划代码或统一社会信用代码"
    )
    name = models.CharField("全称", max_length=120)
    short_name = models.CharField("简称", max_length=60, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    level = models.CharField("办学层次", max_length=16, choices=SchoolLevel.choices, blank=True)
    ownership = models.CharField("举办性质", max_length=16, choices=Ownership.choices, blank=True)
    affiliation = models.CharField(
        "隶属关系", max_length=16, choices=Affiliation.choices, blank=True
    )
    website = models.URLField("官方网站", blank=True)
    must_file_report = models.BooleanField("须编制年报", default=True)
    exemption_reason = models.CharField(
        "不编制原因", max_length=32, choices=ExemptionReason.choices, blank=True
    )
    exemption_note = models.CharField("说明", max_length=200, blank=True)
    opened_on = models.DateField("设立日期", null=True, blank=True)
    closed_on = models.DateField("撤销/停办日期", null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = "组织机构"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="school") | Q(level__in=SchoolLevel.values),
                name="school_has_level",
            ),
            models.CheckConstraint(
                condition=Q(must_file_report=True) | ~Q(exemption_reason=""),
                name="exempt_organisation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count(".")

    @property
    def is_school(self) -> bool:
        return self.kind == OrganisationKind.SCHOOL

    @property
    def report_level(self) -> str:
        """The data-table level: 职业本科 files the 高职 tables."""
        return SchoolLevel.HIGHER if self.level == SchoolLevel.BACHELOR else self.level

    def is_active_on(self, day: dt.date) -> bool:
        return (self.opened_on is None or self.opened_on <= day) and (
            self.closed_on is None or self.closed_on > day
        )

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.split(".") if part]

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if not self.path:  # a new organisation: its path needs its own id
            self.path = self.compute_path()
            super().save(update_fields=["path"])

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.pk:06d}."
