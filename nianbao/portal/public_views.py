"""公开页面: anonymous, read-only pages over published reports, and 年报核验. Each view is marked
`login_not_required`, the one exception to the platform's login requirement; pages are cached
and search and verification are rate-limited per client address."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from nianbao.core.exceptions import ApplicationError
from nianbao.core.views import paginate
from nianbao.cycles.models import ReportKind
from nianbao.organisations.choices import SchoolLevel
from nianbao.portal import selectors
from nianbao.portal.public_documents import published_documents
from nianbao.portal.verification import MAX_UPLOAD_BYTES, sha256_of_upload, verify_sha256
from nianbao.rankings.selectors import published_list
from nianbao.review.selectors import published_notice

CACHE_SECONDS = 60


def _rate(name: str, default: str) -> str:
    return getattr(settings, "PORTAL_RATE_LIMITS", {}).get(name, default)


def rate_limited(group: str, default_rate: str, *, when=lambda request: True):
    """Refuses with 429 a client address past `rate` for `group`; wraps the cache too, so a
    cached answer still counts."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if when(request) and is_ratelimited(
                request, group=group, key="ip", rate=_rate(group, default_rate), increment=True
            ):
                return render(request, "portal/public/limited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _searching(request) -> bool:
    return bool(request.GET.get("q", "").strip())


@login_not_required
@require_GET
@rate_limited("portal-search", "30/m", when=_searching)
@cache_page(CACHE_SECONDS)
def public_index(request):
    filters = selectors.PublicFilters.from_params(request.GET)
    context = paginate(request, selectors.published_reports(filters), per_page=30)
    reports = list(context["page_obj"].object_list)
    excerpts = selectors.document_excerpts([r.pk for r in reports], filters.q)
    context.update(
        rows=[(r, excerpts.get(r.pk)) for r in reports],
        filters=filters,
        years=selectors.public_years(),
        cities=selectors.public_cities(),
        levels=SchoolLevel.choices,
        kinds=ReportKind.choices,
        documents=published_documents(),
    )
    return render(request, "portal/public/index.html", context)


def _report(year: int, code: str, request):
    return selectors.published_report(
        year=year, code=code, school_code=request.GET.get("school", "").strip()
    )


@login_not_required
@require_GET
@cache_page(CACHE_SECONDS)
def public_report(request, year: int, code: str):
    report = _report(year, code, request)
    parts = {p.code: p.name for p in report.framework_parts}
    sections = report.sections.order_by("part_code", "order", "id").only("part_code", "title")
    context = {
        "report": report,
        "snapshot": selectors.latest_snapshot(report),
        "contents": [(parts.get(s.part_code, s.part_code), s.title) for s in sections],
    }
    return render(request, "portal/public/report.html", context)


@login_not_required
@require_GET
def public_report_download(request, year: int, code: str):
    report = _report(year, code, request)
    snapshot = selectors.latest_snapshot(report)
    if snapshot is None or not snapshot.document:
        raise Http404("该年报没有可下载的文件。")
    extension = snapshot.document.name.rsplit(".", 1)[-1]
    return FileResponse(
        snapshot.document.open("rb"),
        as_attachment=True,
        filename=f"{report.title}.{extension}",
    )


@login_not_required
@require_GET
@cache_page(CACHE_SECONDS)
def public_ranking(request, pk: int, kind: str):
    """A published 公示 candidate list or final list: rank, school, score, rank interval."""
    return render(request, "portal/public/ranking.html", {"document": published_list(pk, kind)})


@login_not_required
@require_GET
def public_notice_download(request, pk: int):
    notice = published_notice(pk)
    return FileResponse(
        notice.file.open("rb"),
        as_attachment=True,
        filename=f"{notice.cycle.year}年度职业教育质量年报评价结果通报.{notice.file_format}",
    )


class VerifyForm(forms.Form):
    file = forms.FileField(label="年报文件（PDF）", required=False)
    sha256 = forms.CharField(label="或粘贴 SHA-256 指纹", required=False, max_length=100)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("sha256") or "").strip():
            raise forms.ValidationError("请上传年报文件，或粘贴其 SHA-256 指纹。")
        return data


def _posting(request) -> bool:
    return request.method == "POST"


@login_not_required
@require_http_methods(["GET", "POST"])
@rate_limited("portal-verify", "10/m", when=_posting)
def public_verify(request):
    posted = request.method == "POST"
    form = VerifyForm(request.POST if posted else None, request.FILES if posted else None)
    verdict = None
    if posted and form.is_valid():
        try:
            upload = form.cleaned_data.get("file")
            sha256 = sha256_of_upload(upload) if upload else form.cleaned_data["sha256"]
            verdict = verify_sha256(sha256)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    context = {"form": form, "verdict": verdict, "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024}
    return render(request, "portal/public/verify.html", context)
