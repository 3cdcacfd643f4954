"""The platform checks itself: the demo province's generated provincial and city reports pass
the report checker with no error and no warning caused by the platform's own layout."""

import datetime as dt

import pytest

from nianbao.aggregation.documents import region_report_document
from nianbao.checker import check_path
from nianbao.demo.province import build_demo_province
from nianbao.documents.render import render_docx, render_pdf
from nianbao.organisations.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# The checker's PDF reader does not yet take an unnumbered chapter title (前言, 后记: no number,
# no style in a PDF) for a heading, so it reports these framework parts as missing in the PDF
# while the DOCX of the same document passes. Reported to the checker's owner; remove this
# allowance when the reader recognises 目录 entries as headings.
PDF_UNREAD = {("framework.missing_part", "前言"), ("framework.missing_part", "后记")}


def findings(path, kind):
    return check_path(path, kind=kind, framework="2025")


@pytest.mark.parametrize(("code", "kind"), [("990000", "province"), ("990100", "city")])
def test_generated_region_report_passes_the_checker(code, kind, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    build_demo_province(seed=2025, today=dt.date(2025, 11, 1))
    document, _ = region_report_document(Organisation.objects.get(code=code), 2025)
    (tmp_path / "report.docx").write_bytes(render_docx(document))
    (tmp_path / "report.pdf").write_bytes(render_pdf(document))

    docx = findings(tmp_path / "report.docx", kind)
    assert [f for f in docx if f.severity in ("error", "warning")] == []
    pdf = findings(tmp_path / "report.pdf", kind)
    unexpected = [
        f
        for f in pdf
        if f.severity in ("error", "warning")
        and (f.code, f.message.rsplit("：", 1)[-1]) not in PDF_UNREAD
    ]
    assert unexpected == []
