import time

import pytest
from django.urls import reverse

from nianbao.documents.models import DocumentExport, ExportStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "fake_renderer")]


def test_export_runs_in_the_background_and_is_downloadable(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.users["school_editor"])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("documents:export-create", args=[world.report.pk]), {"format": "pdf"}
        )
    assert r.status_code == 302
    export = DocumentExport.objects.get()
    assert export.status == ExportStatus.DONE and export.size > 0 and len(export.sha256) == 64
    status = client.get(reverse("documents:export-status", args=[export.pk])).json()
    assert status["status"] == "done" and status["download"]
    download = client.get(status["download"])
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_failed_export_keeps_the_error(
    world, login, monkeypatch, django_capture_on_commit_callbacks
):
    from nianbao.documents.model import DocumentError

    def broken(doc, fmt):
        raise DocumentError("引用了不存在的图：fig:x")

    monkeypatch.setattr("nianbao.documents.exporting.render", broken)
    client = login(world.users["school_editor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:export-create", args=[world.report.pk]), {"format": "docx"})
    export = DocumentExport.objects.get()
    assert export.status == ExportStatus.FAILED and "fig:x" in export.error
    page = client.get(reverse("documents:export-list", args=[world.report.pk])).content.decode()
    assert "导出失败" in page


def test_unknown_format_is_refused(world, login):
    client = login(world.users["school_editor"])
    r = client.post(
        reverse("documents:export-create", args=[world.report.pk]), {"format": "odt"}, follow=True
    )
    assert "只能导出为 DOCX 或 PDF" in r.content.decode()
    assert not DocumentExport.objects.exists()


@pytest.mark.slow
def test_real_renderers_export_a_written_report(ready_report, editor, monkeypatch):
    """The actual DOCX and PDF renderers on a report written in the platform."""
    render_mod = pytest.importorskip("nianbao.documents.render")
    from pypdf import PdfReader

    from nianbao.documents.builder import build_report_document
    from nianbao.submissions import services
    from nianbao.submissions.tests.conftest import tiny_png

    services.case_save(
        actor=editor, report=ready_report, part_code="talent_cultivation", title="订单班",
        body="120名学生进入合作企业就业。",
    )  # fmt: skip
    services.figure_image_save(
        actor=editor, report=ready_report, part_code="talent_cultivation", caption="实训",
        content=tiny_png(),
    )  # fmt: skip
    ready_report.refresh_from_db()
    doc = build_report_document(ready_report)
    started = time.perf_counter()
    pdf = render_mod.render_pdf(doc)
    elapsed = time.perf_counter() - started
    import io

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    docx = render_mod.render_docx(doc)
    assert pdf.startswith(b"%PDF") and pages >= 3
    assert docx.startswith(b"PK")
    print(f"\nPDF: {pages} pages, {len(pdf)} bytes, {elapsed:.2f} s")
