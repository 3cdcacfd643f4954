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
    assert [f for f in pdf if f.severity in ("error", "warning")] == []
