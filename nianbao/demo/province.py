"""示范省: a fictional demo province shaped like a real one (11 cities, ~50 高职 of which 2 职业本科,
~270 中职, ~100 enterprises, users for every role). Deterministic for a given seed."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from nianbao.accounts.models import Membership, User
from nianbao.core.roles import Role
from nianbao.cycles.models import Cycle, CycleStatus
from nianbao.cycles.services import cycle_open
from nianbao.demo.cases import demo_cases_pick, demo_cases_seed
from nianbao.demo.portal import demo_published_reports
from nianbao.demo.rankings import demo_rankings_seed
from nianbao.demo.review import demo_reports_submit, demo_reviews_seed
from nianbao.demo.seeding import HISTORY, demo_values_load
from nianbao.organisations.models import Organisation
from nianbao.portal.document_text import document_text_extract
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report
from nianbao.submissions.services import enterprise_report_create
from nianbao.validation.services import reports_validate

DEMO_PASSWORD = "nianbao2025"
PROVINCE = ("990000", "示范省教育厅", "示范省")
CITIES = ["青川", "云州", "石门", "临河", "安平", "北岭", "东湖", "西山", "南原", "丰泽", "白沙"]
HIGHER_SUFFIXES = [
    "职业技术学院",
    "工业职业技术学院",
    "交通职业技术学院",
    "财贸职业技术学院",
    "医学高等专科学校",
    "信息职业技术学院",
    "建筑职业技术学院",
    "农业职业技术学院",
    "旅游职业学院",
    "机电职业技术学院",
    "化工职业技术学院",
    "师范高等专科学校",
    "能源职业技术学院",
    "艺术职业学院",
    "电力职业技术学院",
]
SECONDARY_SUFFIXES = [
    "职业中等专业学校",
    "机电工程学校",
    "职业高级中学",
    "卫生学校",
    "财经学校",
    "旅游学校",
    "农业学校",
    "交通职业学校",
    "艺术学校",
    "信息工程学校",
    "建筑工程学校",
    "商贸学校",
]
COUNTIES = [
    "城关",
    "河东",
    "河西",
    "新城",
    "古镇",
    "红旗",
    "长乐",
    "永安",
    "清水",
    "平川",
    "金山",
    "柳林",
]
INDUSTRIES = [
    "智能装备",
    "新能源",
    "现代物流",
    "数字科技",
    "精细化工",
    "医药健康",
    "轨道交通",
    "绿色建材",
    "文旅发展",
    "现代农业",
]
HIGHER_PER_CITY = [9, 5, 5, 4, 4, 4, 4, 4, 4, 4, 3]  # 50 in all; the capital has most
SECONDARY_PER_CITY = [36, 28, 27, 25, 25, 24, 24, 22, 21, 20, 18]  # 270


@dataclass
class DemoLogin:
    username: str
    role: str
    organisation: str


@transaction.atomic
def build_demo_province(*, seed: int = 2025, today: dt.date | None = None) -> list[DemoLogin]:
    """Creates the demo tree, users, four closed cycles with approved reports and the open one."""
    rng = random.Random(seed)
    password = make_password(DEMO_PASSWORD)
    logins: list[DemoLogin] = []

    def org(kind, code, name, parent, **extra) -> Organisation:
        return Organisation.objects.create(kind=kind, code=code, name=name, parent=parent, **extra)

    def user(username, full_name, role, organisation) -> None:
        u = User.objects.create(username=username, full_name=full_name, password=password)
        Membership.objects.create(user=u, organisation=organisation, role=role)
        logins.append(DemoLogin(username, Role(role).label, organisation.name))

    province = org("province", PROVINCE[0], PROVINCE[1], None, short_name=PROVINCE[2])
    user("sheng_admin", "省级管理员", Role.PROVINCE_ADMIN, province)
    user("pingshen", "省级评审专家", Role.REVIEWER, province)

    schools: list[Organisation] = []
    bachelor_left = 2
    for ci, city_name in enumerate(CITIES, start=1):
        city = org(
            "city",
            f"99{ci:02d}00",
            f"{city_name}市教育局",
            province,
            short_name=f"{city_name}市",
            website=f"https://jyj.{_pinyinish(ci)}.gov.example.cn",
        )
        user(f"shi{ci:02d}_admin", f"{city_name}市管理员", Role.CITY_ADMIN, city)
        for hi in range(HIGHER_PER_CITY[ci - 1]):
            is_bachelor = bachelor_left > 0 and hi == 0 and ci <= 2
            if is_bachelor:
                bachelor_left -= 1
                name = f"{city_name}职业技术大学"
            else:
                name = f"{city_name}{HIGHER_SUFFIXES[(hi + ci) % len(HIGHER_SUFFIXES)]}"
            schools.append(
                org(
                    "school",
                    f"1{ci:02d}{hi:02d}01",
                    name,
                    city,
                    level="bachelor" if is_bachelor else "higher",
                    ownership="private" if rng.random() < 0.18 else "public",
                    affiliation="provincial" if rng.random() < 0.7 else "municipal",
                    website=f"https://www.s1{ci:02d}{hi:02d}.edu.example.cn",
                )
            )
        for si in range(SECONDARY_PER_CITY[ci - 1]):
            county = COUNTIES[si % len(COUNTIES)]
            suffix = SECONDARY_SUFFIXES[(si // len(COUNTIES) + si) % len(SECONDARY_SUFFIXES)]
            extra = {}
            if si == 7:  # a school with no graduates this year
                extra = {"must_file_report": False, "exemption_reason": "no_graduates"}
            elif si == 11 and ci % 3 == 0:
                extra = {"must_file_report": False, "exemption_reason": "attached_class"}
            schools.append(
                org(
                    "school",
                    f"2{ci:02d}{si:03d}",
                    f"{city_name}市{county}{suffix}",
                    city,
                    level="secondary",
                    ownership="private" if rng.random() < 0.12 else "public",
                    affiliation="municipal" if rng.random() < 0.85 else "provincial",
                    website=f"https://www.z{ci:02d}{si:03d}.edu.example.cn",
                    **extra,
                )
            )

    # One school closed during the current cycle: still in 2025年度, gone from later cycles.
    closed = schools[-1]
    closed.closed_on = dt.date(current_cycle_year(today or dt.date.today()), 6, 30)
    closed.save(update_fields=["closed_on"])

    enterprises = []
    higher = [s for s in schools if s.level != "secondary"]
    for ei in range(100):
        school = (
            higher[ei % len(higher)]
            if ei < 70
            else schools[len(higher) + (ei * 7) % (len(schools) - len(higher))]
        )
        city_name = school.parent.short_name.removesuffix("市")
        enterprises.append(
            org(
                "enterprise",
                f"91990000MA{ei:04d}X",
                f"{city_name}{INDUSTRIES[ei % len(INDUSTRIES)]}{'集团' if ei % 4 == 0 else ''}有限公司",
                school,
            )
        )

    first_higher, first_secondary = higher[0], next(s for s in schools if s.level == "secondary")
    for n, school in enumerate((first_higher, first_secondary, higher[5]), start=1):
        user(f"xiao{n:02d}_tianbao", f"{school.name}填报员", Role.SCHOOL_EDITOR, school)
        user(f"xiao{n:02d}_fuze", f"{school.name}负责人", Role.SCHOOL_HEAD, school)
    ent = next(e for e in enterprises if e.parent_id == first_higher.pk)
    user("qiye01", f"{ent.name}联系人", Role.ENTERPRISE_EDITOR, ent)
    user(
        "shi01_pingshen",
        "青川市评审专家",
        Role.REVIEWER,
        province.children.order_by("path").first(),
    )

    current = current_cycle_year(today or dt.date.today())
    for year in range(current - HISTORY + 1, current + 1):
        cycle_open(
            actor=None,
            year=year,
            framework_edition="2025" if year >= 2025 else "2024",
            indicator_edition="2023",
            audit=False,
            deadlines={
                "school": dt.date(year + 1, 1, 5),
                "city": dt.date(year + 1, 1, 12),
                "enterprise": dt.date(year + 1, 1, 5),
            },
        )
    Cycle.objects.filter(year__lt=current).update(status=CycleStatus.CLOSED)
    planted = demo_values_load(seed=seed)  # data tables of every cycle, planted errors in var/demo/
    writing = {login.organisation for login in logins if login.role == Role.SCHOOL_EDITOR.label}
    demo_cases_seed(seed=seed, years=[current - 1, current], exclude_names=writing)
    _demo_report_statuses(current, {p["school_code"] for p in planted}, logins)
    demo_cases_pick(year=current)  # the bureaus' picks from their case libraries
    # One enterprise report under way, so the enterprise contact's home page has work on it.
    enterprise_report_create(
        actor=User.objects.get(username="xiao01_fuze"),
        cycle=Cycle.objects.get(year=current),
        school=first_higher,
        enterprise=ent,
    )
    # Validate the open cycle so schools and admins see findings from the start.
    reports_validate(Report.objects.filter(cycle__year=current, kind="school"))
    demo_rankings_seed(seed=seed)  # the closed cycle's lists, one through 公示 to its final list
    # Three published reports of the closed cycle on the public portal, their text searchable
    # as after a real publication.
    for report in demo_published_reports():
        document_text_extract(report_id=report.pk)
    return logins


def _demo_report_statuses(current: int, planted: set[str], logins: list[DemoLogin]) -> None:
    """Closed cycles: every school report approved. The open cycle: a sample is submitted and
    reviewed (审核演示); then every other school without a planted error submits too, except
    those whose demo users still have a report to write. Each submission is frozen in a snapshot,
    so reviewers can open every report in their queue."""
    Report.objects.filter(cycle__year__lt=current, kind="school").update(
        status=ReportStatus.APPROVED, submitted_at=timezone.now()
    )
    writing = {login.organisation for login in logins if login.role == Role.SCHOOL_EDITOR.label}
    demo_reviews_seed(exclude_codes=planted, exclude_names=writing)
    remaining = (
        Report.objects.filter(cycle__year=current, kind="school", status=ReportStatus.DRAFTING)
        .exclude(organisation__code__in=planted)
        .exclude(organisation__name__in=writing)
    )
    demo_reports_submit(remaining)


def current_cycle_year(today: dt.date) -> int:
    """年度 being compiled on `today`: its data period ends on 31 August of that year."""
    return today.year if today.month >= 9 else today.year - 1


def _pinyinish(i: int) -> str:
    return ["qc", "yz", "sm", "lh", "ap", "bl", "dh", "xs", "ny", "fz", "bs"][i - 1]
