"""Review demo (审核演示): in the open cycle, some 中职 reports of the first cities and some 高职
reports are submitted with text written from their own data values; the bureaus then review
them through the review services — some approved with a grade, one returned per city with an
anchored comment, the rest waiting in the queues (one assigned to the province's expert).

The submission snapshot here carries no rendered document (rendering hundreds of PDFs would make
the seed slow); its fingerprint is the SHA-256 of the frozen content instead."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from nianbao.accounts.models import User
from nianbao.cycles.models import Cycle, CycleStatus
from nianbao.demo.samples import sample_declaration_png
from nianbao.indicators.selectors import report_values
from nianbao.organisations.models import Organisation
from nianbao.reports.models import (
    AuthenticityDeclaration,
    Report,
    ReportSection,
    ReportSnapshot,
)
from nianbao.review import services
from nianbao.review.models import ReviewSettings
from nianbao.validation.models import ValidationResult

__all__ = ["demo_reports_submit", "demo_reviews_seed"]

CITIES = 3  # the first cities take part
PER_CITY = 8  # 中职 reports submitted per city
HIGHER = 4  # 高职 reports submitted in the province


def _n(values: dict, code: str) -> str:
    value = values.get(code)
    if value is None:
        return "—"
    return f"{value:.1f}" if isinstance(value, Decimal) and value % 1 else f"{int(value)}"


def _sections(school: Organisation, values: dict, year: int) -> list[tuple[str, str, str]]:
    """(part, title, body) for each framework part, from the school's own figures."""
    v = lambda code: _n(values, code)  # noqa: E731 (a short local alias)
    return [
        ("talent_cultivation", "学生发展",
         f"{year}年，学校全日制在校生{v('full_time_students')}人，毕业生{v('graduates')}人，"
         f"其中就业{v('graduates_employed')}人，毕业生本省去向落实率{v('in_province_placement_rate')}%。"),
        ("service_contribution", "服务区域发展",
         f"毕业生面向三次产业就业{v('employed_by_sector')}人，用人单位满意度{v('employer_satisfaction')}%。"),
        ("cultural_heritage", "文化育人",
         f"学校将劳动教育和工匠精神融入课程，在校生满意度{v('student_satisfaction')}%，"
         f"家长满意度{v('parent_satisfaction')}%。"),
        ("international_cooperation", "国际交流",
         f"专任教师赴国外指导和开展培训{v('teacher_days_abroad')}人日，"
         f"在国外组织担任职务的专任教师{v('teachers_in_international_organisations')}人。"),
        ("industry_education_integration", "校企合作",
         f"学校与合作企业共同制订人才培养方案，毕业生满意度{v('graduate_satisfaction')}%。"),
        ("development_support", "师资与保障",
         f"双师素质专任教师比例{v('dual_qualified_teacher_rate')}%，高级专业技术职务专任教师比例"
         f"{v('senior_title_teacher_rate')}%，教职工满意度{v('staff_satisfaction')}%。"),
        ("challenges", "面临挑战",
         f"双师素质专任教师比例为{v('dual_qualified_teacher_rate')}%，专业课教师结构仍需优化；"
         "学校将加大企业兼职教师引进力度。"),
    ]  # fmt: skip


def _submit(report: Report, when: dt.datetime, url: str) -> None:
    values = report_values(report)
    school = report.organisation
    declaration = sample_declaration_png(
        school=school.name, year=report.cycle.year, signed_on=timezone.localdate(when)
    )
    for order, (part, title, body) in enumerate(_sections(school, values, report.cycle.year)):
        ReportSection.objects.create(report=report, part_code=part, order=order, title=title,
                                     body=body)  # fmt: skip
    stored = AuthenticityDeclaration(report=report, filename="内容真实性责任声明.png",
                                     media_type="image/png", size=len(declaration),
                                     sha256=hashlib.sha256(declaration).hexdigest())  # fmt: skip
    stored.file.save(f"declaration-{report.pk}.png", ContentFile(declaration), save=False)
    stored.save()
    text = {"sections": [{"part": s.part_code, "order": s.order, "title": s.title, "body": s.body}
                         for s in report.sections.all()],
            "cases": [{"part": c.part_code, "order": c.order, "key": c.key, "title": c.title,
                       "body": c.body} for c in report.cases.all()],
            "figures": [], "tables": []}  # fmt: skip
    data = {k: (None if x is None else str(x)) for k, x in values.items()}
    result = ValidationResult.objects.filter(report=report).first()
    content = json.dumps({"text": text, "data": data}, ensure_ascii=False, sort_keys=True)
    ReportSnapshot.objects.create(
        report=report, sequence=1, title=report.title,
        authoring_mode="platform", publication_url=url, data=data, text=text,
        attachments={"declaration": {"filename": stored.filename, "sha256": stored.sha256}},
        validation_findings=list(result.findings) if result else [],
        document_sha256=hashlib.sha256(content.encode()).hexdigest(),
    )  # fmt: skip
    Report.objects.filter(pk=report.pk).update(status="submitted", submitted_at=when,
                                               publication_url=url)  # fmt: skip
    report.refresh_from_db()


def _bureau_admin(org: Organisation) -> User:
    return User.objects.filter(memberships__organisation=org, memberships__role__in=(
        "city_admin", "province_admin")).order_by("pk").first()  # fmt: skip


def _review(admin: User, report: Report, kind: str) -> None:
    if kind == "return":
        services.review_comment_add(actor=admin, report=report, anchor_kind="section",
                                    anchor_key="challenges#6", anchor_label="面临挑战",
                                    text="面临挑战只写了师资一项，请结合数据补充专业建设、实训条件方面的问题和举措。")  # fmt: skip
        services.review_return(actor=admin, report=report)
        return
    marks = {}
    if kind == "late_paper":
        marks["on_time"] = {"passed": False, "note": "纸质盖章材料逾期报送"}
    if kind == "thin":
        marks["framework_parts"] = {"passed": False, "note": "文化传承、国际合作部分内容单薄"}
        marks["url_own_site"] = {"passed": False, "note": "发布页面无法从学校首页进入"}
    services.review_marks_save(actor=admin, report=report, marks=marks)
    services.review_approve(actor=admin, report=report)


def demo_reports_submit(reports) -> int:
    """Submits each report (text from its own figures, declaration, snapshot) a few days before
    now, with a publication URL on the school's own site; returns how many."""
    now = timezone.now()
    n = 0
    for n, report in enumerate(reports.select_related("organisation", "cycle"), start=1):
        url = f"{report.organisation.website}/nianbao/{report.cycle.year}"
        _submit(report, now - dt.timedelta(days=2 + n % 9, hours=n % 7), url)
    return n


@transaction.atomic
def demo_reviews_seed(*, exclude_codes=(), exclude_names=()) -> dict[str, int]:
    """Submits and reviews a sample of the open cycle's reports (not those of the schools
    excluded); returns counts by outcome."""
    cycle = Cycle.objects.filter(status=CycleStatus.OPEN).order_by("-year").first()
    if cycle is None:
        return {}
    ReviewSettings.objects.get_or_create(cycle=cycle, defaults={"enterprise_quota": 1,
                                                                "review_days": 10})  # fmt: skip
    province = Organisation.objects.get(kind="province")
    deadline = cycle.deadline_for("school") or dt.date(cycle.year + 1, 1, 5)
    now = timezone.now()
    counts = {"submitted": 0, "approved": 0, "returned": 0}
    plan = ["approve", "late_paper", "thin", "return", "wait", "wait", "wait", "wait"]
    for city in Organisation.objects.filter(kind="city").order_by("path")[:CITIES]:
        admin = _bureau_admin(city)
        reports = list(
            Report.objects.filter(cycle=cycle, kind="school", organisation__parent=city,
                                  organisation__level="secondary", status="drafting",
                                  organisation__must_file_report=True)
            .exclude(organisation__affiliation="provincial")
            .exclude(organisation__code__in=exclude_codes)
            .exclude(organisation__name__in=exclude_names)
            .select_related("organisation", "cycle").order_by("organisation__code")[:PER_CITY]
        )  # fmt: skip
        for i, (report, kind) in enumerate(zip(reports, plan, strict=False)):
            school = report.organisation
            url = (
                f"{school.website}/nianbao/{cycle.year}"
                if i % 5 != 2
                else f"{city.website}/nb/{school.code}"
            )
            _submit(report, now - dt.timedelta(days=PER_CITY - i, hours=3), url)
            counts["submitted"] += 1
            if kind != "wait":
                _review(admin, report, kind)
                counts["returned" if kind == "return" else "approved"] += 1
    admin = _bureau_admin(province)
    higher = list(
        Report.objects.filter(cycle=cycle, kind="school", status="drafting",
                              organisation__level__in=("higher", "bachelor"))
        .exclude(organisation__code__in=exclude_codes)
        .exclude(organisation__name__in=exclude_names)
        .select_related("organisation", "cycle").order_by("organisation__code")[:HIGHER]
    )  # fmt: skip
    for i, report in enumerate(higher):
        school = report.organisation
        url = f"{school.website}/nianbao/{cycle.year}"
        _submit(report, now - dt.timedelta(days=HIGHER - i, hours=5), url)
        counts["submitted"] += 1
        if i < 2:
            _review(admin, report, "approve" if i == 0 else "thin")
            counts["approved"] += 1
    expert = User.objects.filter(username="pingshen").first()
    if expert and len(higher) > 2:
        services.review_assign(actor=admin, report=higher[2], reviewer=expert, role="primary",
                               due_on=max(deadline, now.date()) + dt.timedelta(days=10))  # fmt: skip
    return counts
