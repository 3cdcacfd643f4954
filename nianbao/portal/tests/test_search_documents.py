"""全文检索: the public search finds words that appear only inside a published report's uploaded
DOCX/PDF, once the background task has read it."""

import hashlib
import io
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.tasks import task_backends
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from nianbao.portal import tasks
from nianbao.portal.document_text import document_text_extract
from nianbao.portal.models import PublishedDocumentText
from nianbao.portal.tests.publishing import PDF, publish
from nianbao.reports.choices import AuthoringMode, ReportStatus
from nianbao.reports.models import Report, ReportSnapshot
from nianbao.submissions.services import report_publish

pytestmark = pytest.mark.django_db

ONLY_IN_FILE = "现代学徒制"
PARAGRAPH = (
    "学校与青川智能装备有限公司共建产业学院，深入推进现代学徒制试点，"
    "2024年共有312名学生以学徒身份参与企业真实项目。"
)
FONT_DIRS = [str(p) for p in (Path("/usr/share/fonts"),) if p.is_dir()]
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _docx(paragraph: str = PARAGRAPH) -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("第二章 产教融合", level=1)
    document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(paragraph: str = PARAGRAPH) -> bytes:
    typst = pytest.importorskip("typst")
    if not any(Path(d).rglob("*CJK*") for d in FONT_DIRS):
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    source = (
        '#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC"), lang: "zh")\n'
        f"= 第二章 产教融合\n\n{paragraph}\n"
    )
    return typst.compile(source.encode(), format="pdf", font_paths=FONT_DIRS)


def _approve_with_upload(report: Report, content: bytes, extension: str) -> ReportSnapshot:
    """The state review leaves an uploaded report in: its submission snapshot holds the file."""
    snapshot = ReportSnapshot(
        report=report,
        sequence=report.snapshots.count() + 1,
        title=report.title,
        authoring_mode=AuthoringMode.UPLOAD,
        publication_url="https://www.qczy.edu.cn/nianbao/2025.html",
        document_sha256=hashlib.sha256(content).hexdigest(),
    )
    snapshot.document.save(f"report.{extension}", ContentFile(content), save=False)
    snapshot.save()
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.APPROVED,
        authoring_mode=AuthoringMode.UPLOAD,
        publication_url="https://www.qczy.edu.cn/nianbao/2025.html",
    )
    report.refresh_from_db()
    return snapshot


def _publish(world, capture, report=None) -> None:
    with capture(execute=True):
        report_publish(actor=world.users["school_head"], report=report or world.report)
    cache.clear()  # public pages are cached for a minute


def _search(client, q: str):
    return client.get(reverse("portal:public-index"), {"q": q})


def _found(client, q: str) -> list[int]:
    return [r.pk for r in _search(client, q).context["page_obj"].object_list]


@pytest.mark.parametrize(("build", "extension"), [(_pdf, "pdf"), (_docx, "docx")])
def test_an_uploaded_report_is_found_by_a_word_only_in_its_file(
    build, extension, world, client, django_capture_on_commit_callbacks
):
    _approve_with_upload(world.report, build(), extension)
    assert _found(client, ONLY_IN_FILE) == []  # approved, not yet published

    _publish(world, django_capture_on_commit_callbacks)

    stored = PublishedDocumentText.objects.get(report=world.report)
    assert ONLY_IN_FILE in stored.text and stored.error == ""
    assert _found(client, ONLY_IN_FILE) == [world.report.pk]
    assert _found(client, f"{ONLY_IN_FILE} 产业学院") == [world.report.pk]  # every word (AND)
    assert _found(client, f"{ONLY_IN_FILE} 不存在的词") == []


def test_the_excerpt_shows_the_match_highlighted_and_escaped(
    world, client, django_capture_on_commit_callbacks
):
    paragraph = "校企共建实训基地，推行<b>现代学徒制</b>，成效显著。"
    _approve_with_upload(world.report, _docx(paragraph), "docx")
    _publish(world, django_capture_on_commit_callbacks)

    response = _search(client, ONLY_IN_FILE)

    excerpt = response.context["rows"][0][1]
    assert (
        excerpt
        == f"第二章 产教融合 校企共建实训基地，推行&lt;b&gt;<mark>{ONLY_IN_FILE}</mark>&lt;/b&gt;，成效显著。"
    )
    assert excerpt in response.content.decode()
    assert "<b>" not in response.content.decode()


def test_no_excerpt_when_the_words_match_only_the_name(
    world, client, django_capture_on_commit_callbacks
):
    _approve_with_upload(world.report, _docx(), "docx")
    _publish(world, django_capture_on_commit_callbacks)
    response = _search(client, "青川职业技术学院")
    assert response.context["rows"] == [(world.report, None)]
    assert "<mark>" not in response.content.decode()


def test_a_broken_file_records_why_and_the_report_stays_findable_by_name(
    world, client, django_capture_on_commit_callbacks
):
    _approve_with_upload(world.report, b"PK\x03\x04 not really a word file", "docx")
    _publish(world, django_capture_on_commit_callbacks)

    stored = PublishedDocumentText.objects.get(report=world.report)
    assert stored.text == "" and "无法" in stored.error
    response = _search(client, "青川职业技术学院")
    assert response.status_code == 200
    assert [r.pk for r in response.context["page_obj"].object_list] == [world.report.pk]
    assert _search(client, ONLY_IN_FILE).status_code == 200


def test_a_pdf_without_a_text_layer_records_why(world):
    publish(world.report, PDF)
    stored = document_text_extract(report_id=world.report.pk)
    assert stored.text == "" and stored.error


def test_extraction_runs_in_the_task_not_in_the_publishing_request(
    world, django_capture_on_commit_callbacks
):
    _approve_with_upload(world.report, _docx(), "docx")
    with override_settings(TASKS=DUMMY_TASKS):
        _publish(world, django_capture_on_commit_callbacks)
        enqueued = task_backends["default"].results
        assert [(r.task.name, r.kwargs) for r in enqueued] == [
            (tasks.extract_document_text.name, {"report_id": world.report.pk})
        ]
    assert not PublishedDocumentText.objects.exists()  # nothing read while publishing

    tasks.extract_document_text.call(report_id=world.report.pk)
    assert ONLY_IN_FILE in PublishedDocumentText.objects.get(report=world.report).text


def test_searching_never_writes_nor_extracts(world, client):
    publish(world.report, _docx())  # published without the task: no text yet
    with CaptureQueriesContext(connection) as queries:
        assert _found(client, ONLY_IN_FILE) == []
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert not PublishedDocumentText.objects.exists()


def test_a_newer_submission_is_extracted_again_and_the_old_text_no_longer_matches(world, client):
    publish(world.report, _docx())
    first = document_text_extract(report_id=world.report.pk)
    assert document_text_extract(report_id=world.report.pk).extracted_at == first.extracted_at
    publish(world.report, _docx("学校新建智慧农业实训中心，服务乡村振兴。"))
    cache.clear()

    second = document_text_extract(report_id=world.report.pk)

    assert second.snapshot.sequence == 2 and "智慧农业" in second.text
    assert _found(client, "智慧农业") == [world.report.pk]
    assert _found(client, ONLY_IN_FILE) == []


def test_an_unpublished_report_is_neither_extracted_nor_found(world, client):
    publish(world.report, _docx())
    document_text_extract(report_id=world.report.pk)
    Report.objects.filter(pk=world.report.pk).update(status=ReportStatus.APPROVED)
    cache.clear()
    assert _found(client, ONLY_IN_FILE) == []
    PublishedDocumentText.objects.all().delete()
    assert document_text_extract(report_id=world.report.pk) is None


def test_the_command_extracts_missing_and_stale_text_with_progress(world):
    publish(world.report, _docx())
    publish(world.other_report, b"%PDF-1.4 broken")
    out = io.StringIO()

    call_command("portal_index_documents", stdout=out)

    printed = out.getvalue()
    assert "共 2 份" in printed and "[1/2]" in printed and "[2/2]" in printed
    assert "未能提取" in printed and "已提取" in printed
    assert ONLY_IN_FILE in PublishedDocumentText.objects.get(report=world.report).text
    again = io.StringIO()
    call_command("portal_index_documents", stdout=again)
    assert "无需提取" in again.getvalue()


def test_a_file_over_the_limits_records_why(world, monkeypatch):
    publish(world.report, _docx())
    monkeypatch.setattr("nianbao.portal.document_text.MAX_DOCUMENT_BYTES", 100)
    assert "文件过大" in document_text_extract(report_id=world.report.pk).error

    def endless(content, filename):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr("nianbao.portal.document_text.MAX_DOCUMENT_BYTES", 50 * 1024 * 1024)
    monkeypatch.setattr("nianbao.portal.document_text.read_bytes", endless)
    stored = document_text_extract(report_id=world.report.pk, force=True, time_limit=0.2)
    assert stored.text == "" and "提取超时" in stored.error
