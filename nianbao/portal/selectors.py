"""Public reads (公开查询): only published reports, addressed by year and organisation code so
that no internal id of an unpublished report ever appears; anything else answers 404."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Greatest, StrIndex, Substr, Upper
from django.http import Http404
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from nianbao.cycles.models import ReportKind
from nianbao.organisations.choices import OrganisationKind, SchoolLevel
from nianbao.organisations.models import Organisation
from nianbao.portal.models import PublishedDocumentText
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Case, Report, ReportSection, ReportSnapshot

__all__ = [
    "PublicFilters",
    "document_excerpts",
    "public_cities",
    "public_years",
    "published_report",
    "published_reports",
    "report_public_kwargs",
    "latest_snapshot",
    "snapshot_matching",
]

MAX_QUERY_LENGTH = 50


@dataclass(frozen=True)
class PublicFilters:
    """What a visitor may filter by: 年度, 地市 (code), 办学层次, 年报类型 and a text query."""

    year: int | None = None
    city: str = ""
    level: str = ""
    kind: str = ""
    q: str = ""

    @classmethod
    def from_params(cls, params) -> PublicFilters:
        year = params.get("year", "")
        level = params.get("level", "")
        kind = params.get("kind", "")
        return cls(
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            city=params.get("city", "").strip()[:32],
            level=level if level in SchoolLevel.values else "",
            kind=kind if kind in ReportKind.values else "",
            q=" ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH],
        )


def _published() -> QuerySet[Report]:
    return Report.objects.filter(status=ReportStatus.PUBLISHED)


def published_reports(filters: PublicFilters) -> QuerySet[Report]:
    """Published reports matching the filters; the query searches school name, title, the
    report's own text (sections and cases) and the text of its published document, every word
    of it (AND)."""
    qs = _published().select_related("cycle", "organisation", "compiling_school")
    if filters.year:
        qs = qs.filter(cycle__year=filters.year)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.level:
        qs = qs.filter(
            Q(organisation__level=filters.level)
            | Q(kind=ReportKind.ENTERPRISE, compiling_school__level=filters.level)
        )
    if filters.city:
        city = Organisation.objects.filter(code=filters.city, kind=OrganisationKind.CITY).first()
        qs = qs.filter(organisation__path__startswith=city.path) if city else qs.none()
    words = filters.q.split(" ") if filters.q else []
    for word, in_documents in zip(words, _document_matches(words), strict=True):
        in_text = Exists(
            ReportSection.objects.filter(report=OuterRef("pk"), body__icontains=word)
        ) | Exists(
            Case.objects.filter(report=OuterRef("pk")).filter(
                Q(body__icontains=word) | Q(title__icontains=word)
            )
        )
        qs = qs.filter(
            Q(organisation__name__icontains=word)
            | Q(organisation__short_name__icontains=word)
            | Q(title__icontains=word)
            | in_text
            | Q(pk__in=in_documents)
        )
    return qs.order_by("-cycle__year", "organisation__path", "kind", "compiling_school__path")


@contextmanager
def _index_scans():
    """On PostgreSQL, lets the text search use the trigram index: the planner does not see
    that each row's text lies in TOAST (about 100 KB read and upper-cased per row), so it takes
    a sequential scan of the small table for cheap. Read-only: SET LOCAL ends with the block."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def _document_matches(words: list[str]) -> list[list[int]]:
    """For each word, the reports whose document text contains it (one query a word)."""
    with _index_scans():
        return [
            list(
                PublishedDocumentText.objects.filter(text__icontains=word).values_list(
                    "report_id", flat=True
                )
            )
            for word in words
        ]


def public_years() -> list[int]:
    return sorted(set(_published().values_list("cycle__year", flat=True)), reverse=True)


def public_cities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.CITY).order_by("path")


def report_public_kwargs(report: Report) -> dict:
    """The public address of a report: year and organisation code (plus the compiling school
    for an enterprise report, which one enterprise may write with several schools)."""
    kwargs = {"year": report.cycle.year, "code": report.organisation.code}
    if report.kind == ReportKind.ENTERPRISE:
        kwargs["school_code"] = report.compiling_school.code
    return kwargs


def published_report(*, year: int, code: str, school_code: str = "") -> Report:
    """The published report at a public address; 404 for drafts and everything unpublished."""
    qs = _published().select_related("cycle", "organisation", "compiling_school")
    qs = qs.filter(cycle__year=year, organisation__code=code)
    if school_code:
        qs = qs.filter(kind=ReportKind.ENTERPRISE, compiling_school__code=school_code)
    else:
        qs = qs.exclude(kind=ReportKind.ENTERPRISE)
    report = qs.first()
    if report is None:
        raise Http404("未找到已发布的年报。")
    return report


def latest_snapshot(report: Report) -> ReportSnapshot | None:
    """The last submitted version: what was approved and published."""
    return ReportSnapshot.objects.filter(report=report).order_by("-sequence").first()


def snapshot_matching(sha256: str) -> ReportSnapshot | None:
    """年报核验: the submission whose document has this SHA-256 (the earliest, if repeated)."""
    return (
        ReportSnapshot.objects.filter(document_sha256=sha256.lower())
        .select_related("report__organisation", "report__cycle", "report__compiling_school")
        .order_by("created_at", "id")
        .first()
    )


EXCERPT_BEFORE = 30
EXCERPT_LENGTH = 100


def _highlight(text: str, words: list[str]) -> SafeString:
    """`text` escaped, each occurrence of a word (any case) in <mark>."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters change length in lower case
        lowered = text
    out, at = [], 0
    while at < len(text):
        hits = [(lowered.find(w, at), w) for w in words]
        hits = [(i, w) for i, w in hits if i >= 0]
        if not hits:
            break
        start, word = min(hits, key=lambda hit: (hit[0], -len(hit[1])))
        end = start + len(word)
        out.append(f"{escape(text[at:start])}<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def document_excerpts(report_ids: list[int], q: str) -> dict[int, SafeString]:
    """For each report whose document text contains a word of the query: a short excerpt
    around the earliest such word, highlighted. Only the excerpts leave the database (one
    query), never the whole text."""
    words = [w for w in q.split(" ") if w][:10]
    if not report_ids or not words:
        return {}
    annotations = {}
    for n, word in enumerate(words):
        position = StrIndex(Upper("text"), Upper(Value(word)))
        annotations[f"at{n}"] = position
        annotations[f"near{n}"] = Substr(
            "text", Greatest(position - EXCERPT_BEFORE, 1), EXCERPT_LENGTH + len(word)
        )
    rows = (
        PublishedDocumentText.objects.filter(report_id__in=report_ids)
        .annotate(**annotations)
        .values("report_id", *annotations)
    )
    excerpts = {}
    for row in rows:
        found = [(row[f"at{n}"], n) for n in range(len(words)) if row[f"at{n}"]]
        if not found:
            continue
        at, n = min(found)
        near = row[f"near{n}"]
        lead = "…" if at > EXCERPT_BEFORE + 1 else ""
        tail = "…" if len(near) >= EXCERPT_LENGTH + len(words[n]) else ""
        snippet = lead + " ".join(near.split()) + tail
        excerpts[row["report_id"]] = _highlight(snippet, [w.lower() for w in words])
    return excerpts
