"""Read API: organisations, cycles, reports, validation and checker findings, review results.
Every list is filtered through the caller's permission scope (session or token alike), paged,
and addressed by stable codes (organisation code, cycle year)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from nianbao.api import serializers as s
from nianbao.api import serializers_read as r
from nianbao.api.pagination import Pagination
from nianbao.api.views import BrowserLoginMixin
from nianbao.cycles.models import Cycle
from nianbao.cycles.selectors import cycles_list
from nianbao.organisations.choices import OrganisationKind
from nianbao.organisations.models import Organisation
from nianbao.organisations.selectors import organisations_visible_to
from nianbao.reports.selectors import report_for_view, reports_visible_to
from nianbao.review.selectors import report_grades, report_review_results
from nianbao.validation.models import ValidationResult

ERRORS = {400: s.ErrorSerializer, 401: s.ErrorSerializer, 403: s.ErrorSerializer}
NOT_FOUND = {404: s.ErrorSerializer}


def _filters(serializer_class, request) -> dict:
    params = serializer_class(data=request.query_params)
    if not params.is_valid():
        raise ValidationError({"detail": "筛选条件不正确。", "errors": params.errors})
    return {k: v for k, v in params.validated_data.items() if v not in ("", None)}


def _in_city(qs, code: str, path_field: str):
    """Rows under the city with this code (none when no city has it)."""
    city = Organisation.objects.filter(code=code, kind=OrganisationKind.CITY).first()
    return qs.filter(**{f"{path_field}__startswith": city.path}) if city else qs.none()


class _CityCodes:
    """Organisation id → the code of its city (the second level of the tree), loaded once."""

    def __init__(self):
        self.codes = dict(
            Organisation.objects.filter(kind=OrganisationKind.CITY).values_list("pk", "code")
        )

    def of(self, org: Organisation) -> str | None:
        ids = org.ancestor_ids()
        return self.codes.get(ids[1]) if len(ids) > 1 else None


def organisation_json(org: Organisation, cities: _CityCodes) -> dict:
    return {
        "code": org.code,
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "level": org.level,
        "parent": org.parent.code if org.parent_id else None,
        "city": cities.of(org),
        "website": org.website,
        "must_file_report": org.must_file_report,
    }


def report_json(report, cities: _CityCodes, grades: dict) -> dict:
    org = report.organisation
    return {
        "id": report.pk,
        "cycle": report.cycle.year,
        "kind": report.kind,
        "title": report.title,
        "organisation": {"code": org.code, "name": org.name, "level": org.level},
        "city": cities.of(org),
        "compiling_school": report.compiling_school.code if report.compiling_school_id else None,
        "status": report.status,
        "submitted_at": report.submitted_at,
        "due_on": report.due_on,
        "publication_url": report.publication_url,
        "grade": grades.get(report.pk),
    }


class OrganisationListView(BrowserLoginMixin, ListAPIView):
    pagination_class = Pagination
    serializer_class = r.OrganisationSerializer

    @extend_schema(
        summary="组织机构列表 / List organisations",
        description="当前用户（或令牌所属用户）有权查看的机构，按树的顺序。"
        " / Organisations in the caller's scope, in tree order.",
        parameters=[r.OrganisationFilterSerializer],
        responses={200: r.OrganisationSerializer(many=True), **ERRORS},
        tags=["组织机构 Organisations"],
    )
    def get(self, request):
        filters = _filters(r.OrganisationFilterSerializer, request)
        qs = organisations_visible_to(
            request.user, kind=filters.get("kind", ""), level=filters.get("level", "")
        )
        if "city" in filters:
            qs = _in_city(qs, filters["city"], "path")
        page = self.paginate_queryset(qs)
        cities = _CityCodes()
        return self.get_paginated_response([organisation_json(o, cities) for o in page])


class OrganisationDetailView(BrowserLoginMixin, GenericAPIView):
    @extend_schema(
        summary="组织机构详情 / One organisation",
        description="按机构代码读取。 / By its organisation code.",
        responses={200: r.OrganisationSerializer, **ERRORS, **NOT_FOUND},
        tags=["组织机构 Organisations"],
    )
    def get(self, request, code: str):
        org = organisations_visible_to(request.user).filter(code=code).first()
        if org is None:
            raise Http404("机构不存在或无权查看。")
        return Response(organisation_json(org, _CityCodes()))


class CycleListView(BrowserLoginMixin, ListAPIView):
    pagination_class = Pagination
    serializer_class = r.CycleSerializer

    @extend_schema(
        summary="年度列表 / List cycles",
        description="全部年度及各类年报截止日期，新年度在前。 / All cycles with deadlines, newest first.",
        responses={200: r.CycleSerializer(many=True), **ERRORS},
        tags=["年度 Cycles"],
    )
    def get(self, request):
        page = self.paginate_queryset(cycles_list())
        return self.get_paginated_response([_cycle_json(c) for c in page])


def _cycle_json(cycle: Cycle) -> dict:
    return {
        "year": cycle.year,
        "name": cycle.name,
        "status": cycle.status,
        "data_period_start": cycle.data_period_start,
        "data_period_end": cycle.data_period_end,
        "framework_edition": cycle.framework_edition,
        "indicator_edition": cycle.indicator_edition,
        "deadlines": [
            {"kind": d.report_kind, "due_on": d.due_on}
            for d in sorted(cycle.deadlines.all(), key=lambda d: d.report_kind)
        ],
    }


class ReportListView(BrowserLoginMixin, ListAPIView):
    pagination_class = Pagination
    serializer_class = r.ReportSerializer

    @extend_schema(
        summary="年报列表 / List reports",
        description="可按年度、地市、办学层次、状态、类型和编制单位筛选；等级由合规性审核给出，"
        "未评定时为 null。 / Filter by cycle, city, level, status, kind and organisation; "
        "`grade` is null until the compliance review gives one.",
        parameters=[r.ReportFilterSerializer],
        responses={200: r.ReportSerializer(many=True), **ERRORS},
        tags=["年报 Reports"],
    )
    def get(self, request):
        filters = _filters(r.ReportFilterSerializer, request)
        qs = reports_visible_to(request.user).prefetch_related("cycle__deadlines")
        if "cycle" in filters:
            qs = qs.filter(cycle__year=filters["cycle"])
        for key in ("status", "kind"):
            if key in filters:
                qs = qs.filter(**{key: filters[key]})
        if "level" in filters:
            qs = qs.filter(organisation__level=filters["level"])
        if "organisation" in filters:
            qs = qs.filter(organisation__code=filters["organisation"])
        if "city" in filters:
            qs = _in_city(qs, filters["city"], "organisation__path")
        page = self.paginate_queryset(qs.order_by("-cycle__year", "organisation__path", "pk"))
        cities, grades = _CityCodes(), report_grades(page)
        return self.get_paginated_response([report_json(x, cities, grades) for x in page])


class ReportDetailView(BrowserLoginMixin, GenericAPIView):
    @extend_schema(
        summary="年报详情 / One report",
        description="状态、日期、发布网址和等级。 / Status, dates, publication URL and grade.",
        responses={200: r.ReportSerializer, **ERRORS, **NOT_FOUND},
        tags=["年报 Reports"],
    )
    def get(self, request, pk: int):
        report = report_for_view(request.user, pk)
        return Response(report_json(report, _CityCodes(), report_grades([report])))


class ValidationFindingsView(BrowserLoginMixin, GenericAPIView):
    @extend_schema(
        summary="数据校验结果 / Validation findings",
        description="最近一次数据校验的结果（错误、预警、提示）。 / The latest validation of the "
        "report's data tables.",
        responses={200: r.ValidationFindingsSerializer, **ERRORS, **NOT_FOUND},
        tags=["年报 Reports"],
    )
    def get(self, request, pk: int):
        report = report_for_view(request.user, pk)
        result = ValidationResult.objects.filter(report=report).first()
        findings = list(result.findings) if result else []
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in findings:
            counts[f.get("severity", "info")] = counts.get(f.get("severity", "info"), 0) + 1
        return Response(
            {
                "report": report.pk,
                "validated_at": result.updated_at if result else None,
                "counts": counts,
                "findings": findings,
            }
        )


class CheckerFindingsView(BrowserLoginMixin, GenericAPIView):
    @extend_schema(
        summary="年报体检结果 / Checker findings",
        description="最近一次年报体检发现的问题。 / Problems found by the last report check.",
        responses={200: r.CheckerFindingsSerializer, **ERRORS, **NOT_FOUND},
        tags=["年报 Reports"],
    )
    def get(self, request, pk: int):
        report = report_for_view(request.user, pk)
        return Response(
            {
                "report": report.pk,
                "checked_at": report.checked_at,
                "findings": list(report.checker_findings or []),
            }
        )


class ReviewResultsView(BrowserLoginMixin, GenericAPIView):
    @extend_schema(
        summary="审核结果 / Review results",
        description="审核状态、退回原因、等级与合规性审核记录。 / Review status, return reason, "
        "grade and compliance review records.",
        responses={200: r.ReviewResultSerializer, **ERRORS, **NOT_FOUND},
        tags=["年报 Reports"],
    )
    def get(self, request, pk: int):
        report = report_for_view(request.user, pk)
        return Response(
            {
                "report": report.pk,
                "status": report.status,
                "return_reason": report.return_reason,
                "grade": report_grades([report]).get(report.pk),
                "reviews": report_review_results(report),
            }
        )
