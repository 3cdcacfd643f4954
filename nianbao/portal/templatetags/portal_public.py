from urllib.parse import urlencode

from django import template
from django.urls import reverse

from nianbao.cycles.models import ReportKind

register = template.Library()


@register.filter
def public_url(report, name: str = "public-report") -> str:
    """The public address of a published report (or its download with name="…-download")."""
    url = reverse(f"portal:{name}", args=[report.cycle.year, report.organisation.code])
    if report.kind == ReportKind.ENTERPRISE:
        url += "?" + urlencode({"school": report.compiling_school.code})
    return url
