import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from nianbao.core.tests.exports import download_export
from nianbao.indicators import tasks, upload_jobs, uploads
from nianbao.indicators.excel_layout import FIRST_ROW
from nianbao.indicators.models import (
    BulkImport,
    BulkImportStatus,
    DataValue,
    DataValueChange,
    Evidence,
)
from nianbao.indicators.selectors import report_values, table_versions
from nianbao.indicators.services import data_values_save
from nianbao.indicators.uploads import workbook_for_report
from nianbao.submissions.views import data_tables as data_table_views

pytestmark = pytest.mark.django_db


def entry_url(world, table="scorecard"):
    return reverse("indicators:table-entry", kwargs={"pk": world.report.pk, "table_code": table})


def form_data(catalog, table="scorecard", version=0, **values):
    data = {f"v_{s.code}": "" for s in catalog.table(table).indicators}
    data.update({f"n_{s.code}": "" for s in catalog.table(table).indicators})
    data.update({f"v_{code}": value for code, value in values.items()})
    data["version"] = str(version)
    return data


def test_table_list_shows_six_tables_with_progress(world, login, django_assert_max_num_queries):
    data_values_save(
        actor=world.users["school_editor"],
        report=world.report,
        table_code="scorecard",
        values={"graduates": "100", "graduates_placed": "90"},
        base_version=0,
    )
    client = login(world.users["city_admin"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("indicators:table-list", kwargs={"pk": world.report.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("附表") >= 6
    assert "2 / 12" in html
    assert "上传填好的工作簿" not in html  # the city reads only


def test_entry_page_shows_units_definitions_previous_values_and_indented_children(
    world, login, catalog, django_assert_max_num_queries
):
    client = login(world.users["school_editor"])
    with django_assert_max_num_queries(16):
        response = client.get(entry_url(world, "satisfaction"))
    assert "网络问卷调查" in response.content.decode()  # 调查方式 is a choice list
    response = client.get(entry_url(world))
    html = response.content.decode()
    assert response.status_code == 200
    child = catalog.indicators["graduates_further_study"]
    assert f'class="depth-{child.depth}' in html
    assert catalog.indicators["graduates"].definition in html
    assert 'name="v_graduates"' in html and 'name="version" value="0"' in html
    assert 'class="findings" data-code="graduates"' in html
    assert "entry.js" in html


def test_post_saves_a_draft_and_redirects(world, login, catalog):
    client = login(world.users["school_editor"])
    response = client.post(entry_url(world), form_data(catalog, graduates="1,500"))
    assert response.status_code == 302
    assert report_values(world.report)["graduates"] == Decimal("1500")
    page = client.get(entry_url(world)).content.decode()
    assert 'name="version" value="1"' in page
    assert "已保存草稿" in page


def test_bad_input_is_kept_and_every_error_shown(world, login, catalog):
    client = login(world.users["school_editor"])
    response = client.post(
        entry_url(world),
        form_data(catalog, graduates="120人", graduates_placed="无", monthly_income="3500"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="120人"' in html and 'value="3500"' in html  # nothing the user typed is lost
    assert html.count('class="errorlist"') == 2
    assert not DataValue.objects.exists()


def test_second_editor_on_the_same_version_is_refused_and_sees_both_versions(world, login, catalog):
    first = login(world.users["school_editor"])
    first.post(entry_url(world), form_data(catalog, graduates="1000"))
    second = login(world.users["school_head"])
    response = second.post(entry_url(world), form_data(catalog, graduates="2000", version=0))
    html = response.content.decode()
    assert response.status_code == 409
    assert "保存被拒绝" in html
    assert re.search(r"<td class=\"num\">2000</td><td class=\"num\">1000</td>", html)
    assert report_values(world.report)["graduates"] == Decimal("1000")
    assert 'name="version" value="1"' in html  # resubmitting after review is a deliberate choice


def test_readers_cannot_post(world, login, catalog):
    response = login(world.users["city_admin"]).post(
        entry_url(world), form_data(catalog, graduates="1")
    )
    assert response.status_code == 403


def test_reader_sees_values_without_inputs(world, login):
    html = login(world.users["reviewer"]).get(entry_url(world)).content.decode()
    assert 'name="v_graduates"' not in html and "不能修改" in html


def test_history_page_lists_each_change(world, login):
    for version, value in enumerate(["10", "12"]):
        data_values_save(
            actor=world.users["school_editor"],
            report=world.report,
            table_code="scorecard",
            values={"graduates": value},
            base_version=version,
        )
    url = reverse("indicators:value-history", kwargs={"pk": world.report.pk, "code": "graduates"})
    html = login(world.users["province_admin"]).get(url).content.decode()
    assert "（空）" in html and ">10<" in html and ">12<" in html
    assert html.count("网页填报") == 2


def test_evidence_upload_download_and_delete(world, login):
    client = login(world.users["school_editor"])
    url = reverse("indicators:evidence-list", kwargs={"pk": world.report.pk, "code": "graduates"})
    upload = SimpleUploadedFile("毕业证明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(url, {"file": upload}).status_code == 302
    evidence = Evidence.objects.get()
    download = client.get(reverse("indicators:evidence-download", kwargs={"pk": evidence.pk}))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    fake = SimpleUploadedFile("x.pdf", b"GIF89a", content_type="application/pdf")
    assert "不符" in client.post(url, {"file": fake}).content.decode()
    delete = reverse("indicators:evidence-delete", kwargs={"pk": evidence.pk})
    assert login(world.users["city_admin"]).post(delete).status_code == 403
    assert login(world.users["school_editor"]).post(delete).status_code == 302
    assert not Evidence.objects.exists()


def test_excel_download_is_a_prefilled_workbook(world, login):
    data_values_save(
        actor=world.users["school_editor"],
        report=world.report,
        table_code="scorecard",
        values={"graduates": "321"},
        base_version=0,
    )
    response = download_export(
        login(world.users["city_admin"]),
        reverse("indicators:excel-download", kwargs={"pk": world.report.pk}),
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.worksheets[1].cell(FIRST_ROW, 5).value == 321


def _edited_workbook(world, value):
    wb = load_workbook(io.BytesIO(workbook_for_report(world.report)))
    wb.worksheets[1].cell(FIRST_ROW, 5, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, world, content, capture, *, run=True):
    """Posts the workbook; with `run` the queued background check runs (immediate backend)."""
    url = reverse("indicators:excel-upload", kwargs={"pk": world.report.pk})
    with capture(execute=run):
        response = client.post(url, {"file": SimpleUploadedFile("data.xlsx", content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_excel_upload_dry_run_in_background_then_confirm(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.users["school_editor"])
    status_url = _upload(
        client, world, _edited_workbook(world, 777), django_capture_on_commit_callbacks
    )
    html = client.get(status_url).content.decode()
    assert "检查通过" in html and "777" in html and "nianbao-refresh" not in html
    assert not DataValue.objects.exists()  # a dry run saves nothing
    token = re.search(r'name="confirm" value="(\w+)"', html).group(1)
    url = reverse("indicators:excel-upload", kwargs={"pk": world.report.pk})
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, {"confirm": token})
    assert response["Location"] == status_url
    assert not DataValue.objects.exists()  # queued, not applied in the request
    html = client.get(status_url).content.decode()
    assert "正在后台保存" in html and 'name="nianbao-refresh" content="2"' in html
    world.report.refresh_from_db()
    # The worker's turn (what the queued task does), then the page shows the outcome.
    upload_jobs.workbook_upload_apply(token)
    assert report_values(world.report)["graduates"] == Decimal("777")
    assert DataValueChange.objects.get().source == "excel"
    assert "已导入：1 张表共 1 项数据有变化" in client.get(status_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": token})  # a second confirm is refused, nothing twice
    assert DataValueChange.objects.count() == 1


def test_excel_upload_request_never_parses(
    world, login, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise AssertionError("parsed inside the request")

    assert not hasattr(data_table_views, "parse_workbook")
    assert not hasattr(data_table_views, "workbook_check")
    monkeypatch.setattr(uploads, "parse_workbook", refuse)
    client = login(world.users["school_editor"])
    status_url = _upload(
        client, world, _edited_workbook(world, 5), django_capture_on_commit_callbacks, run=False
    )
    html = client.get(status_url).content.decode()
    assert "正在后台检查" in html and '<meta name="nianbao-refresh" content="2">' in html
    monkeypatch.undo()
    token = status_url.rstrip("/").rsplit("/", 1)[1]
    tasks.data_upload_check_task.enqueue(token)  # the worker
    assert "检查通过：共 1 项将被修改" in client.get(status_url).content.decode()


def test_excel_upload_lost_in_the_worker_stops_reloading(
    world, login, django_capture_on_commit_callbacks, time_machine
):
    client = login(world.users["school_editor"])
    status_url = _upload(
        client, world, _edited_workbook(world, 5), django_capture_on_commit_callbacks, run=False
    )
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=20))
    html = client.get(status_url).content.decode()
    assert "后台任务长时间未完成" in html and "nianbao-refresh" not in html
    assert "重新上传" in html


def test_excel_upload_refuses_a_hostile_file_in_the_request(world, login):
    client = login(world.users["school_editor"])
    url = reverse("indicators:excel-upload", kwargs={"pk": world.report.pk})
    bomb = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"0" * 30_000_000})
    response = client.post(url, {"file": SimpleUploadedFile("d.xlsx", bomb)})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()  # the form shows why; nothing stored


def test_excel_upload_with_problems_cannot_be_confirmed(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.users["school_editor"])
    status_url = _upload(
        client, world, _edited_workbook(world, "无"), django_capture_on_commit_callbacks
    )
    html = client.get(status_url).content.decode()
    assert "检查未通过" in html and 'name="confirm"' not in html
    url = reverse("indicators:excel-upload", kwargs={"pk": world.report.pk})
    token = status_url.rstrip("/").rsplit("/", 1)[1]
    for forged in (token, "forged"):
        response = client.post(url, {"confirm": forged}, follow=True)
        assert "上传的文件已失效，请重新上传" in response.content.decode()
    assert not DataValue.objects.exists()


def test_excel_upload_status_of_another_report_is_not_found(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.users["school_editor"])
    status_url = _upload(
        client, world, _edited_workbook(world, 9), django_capture_on_commit_callbacks
    )
    token = status_url.rstrip("/").rsplit("/", 1)[1]
    assert client.get(status_url.replace(str(world.report.pk), "999999", 1)).status_code == 404
    assert client.get(status_url.replace(token, "nosuchjob")).status_code == 404


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


def _bulk(client, content, name, capture):
    with capture(execute=True):
        response = client.post(
            reverse("indicators:bulk-import-list"), {"file": SimpleUploadedFile(name, content)}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return BulkImport.objects.get()


def test_bulk_zip_is_checked_in_the_background_then_applied(
    world, login, django_capture_on_commit_callbacks
):
    content = _zip(
        {
            "a/青川.xlsx": _edited_workbook(world, 55),
            "a/云州.xlsx": workbook_for_report(world.other_report),
        }
    )
    client = login(world.users["province_admin"])
    job = _bulk(client, content, "all.zip", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == BulkImportStatus.CHECKED
    assert job.result["ok"] and job.result["school_count"] == 2
    assert job.result["change_count"] == 1
    assert not DataValue.objects.exists()
    detail = reverse("indicators:bulk-import-detail", kwargs={"pk": job.pk})
    assert "确认导入" in client.get(detail).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail)
    job.refresh_from_db()
    assert job.status == BulkImportStatus.APPLIED, job.result
    assert report_values(world.report)["graduates"] == Decimal("55")
    assert DataValueChange.objects.get().source == "import"


def test_bulk_csv_reports_problems_per_school_and_row(
    world, login, django_capture_on_commit_callbacks
):
    csv_text = (
        "学校代码,指标代码,填报值,备注\n"
        f"{world.school.code},graduates,1200,\n"
        f"{world.school.code},graduates_placed,无,\n"
        f"{world.other_school.code},graduates,9%,\n"
        "9999999,graduates,1,\n"
    )
    client = login(world.users["province_admin"])
    job = _bulk(client, csv_text.encode("gb18030"), "all.csv", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == BulkImportStatus.CHECKED
    assert not job.result["ok"] and job.result["bad_count"] == 3
    by_label = {s["label"]: s for s in job.result["schools"]}
    assert "第 3 行" in by_label[world.school.code]["problems"][0]
    assert "9999999" in by_label["9999999"]["problems"][0]
    html = client.get(
        reverse("indicators:bulk-import-detail", kwargs={"pk": job.pk})
    ).content.decode()
    assert "检查未通过" in html and "确认导入" not in html


def test_bulk_csv_clean_file_applies_all_schools(world, login, django_capture_on_commit_callbacks):
    csv_text = (
        "学校代码,指标代码,填报值\n"
        f"{world.school.code},graduates,1200\n"
        f"{world.other_school.code},graduates,800\n"
    )
    client = login(world.users["province_admin"])
    job = _bulk(client, csv_text.encode(), "all.csv", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("indicators:bulk-import-detail", kwargs={"pk": job.pk}))
    job.refresh_from_db()
    assert job.status == BulkImportStatus.APPLIED
    assert report_values(world.other_report)["graduates"] == Decimal("800")
    assert table_versions(world.report) == {"scorecard": 1}


def test_bulk_apply_is_refused_when_data_changed_after_the_check(
    world, login, django_capture_on_commit_callbacks
):
    csv_text = f"学校代码,指标代码,填报值\n{world.school.code},graduates,1200\n"
    client = login(world.users["province_admin"])
    job = _bulk(client, csv_text.encode(), "all.csv", django_capture_on_commit_callbacks)
    data_values_save(
        actor=world.users["school_editor"],
        report=world.report,
        table_code="scorecard",
        values={"graduates": "5"},
        base_version=0,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("indicators:bulk-import-detail", kwargs={"pk": job.pk}))
    job.refresh_from_db()
    assert job.status == BulkImportStatus.FAILED
    assert "未保存任何数据" in job.result["error"]
    assert report_values(world.report)["graduates"] == Decimal("5")


def test_bulk_import_refuses_a_non_archive(world, login):
    response = login(world.users["province_admin"]).post(
        reverse("indicators:bulk-import-list"),
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 200
    assert "请上传 .zip" in response.content.decode()
    assert not BulkImport.objects.exists()


def test_a_bulk_import_whose_task_died_is_marked_failed_and_can_be_retried(
    world, login, django_capture_on_commit_callbacks, time_machine
):
    csv_text = f"学校代码,指标代码,填报值\n{world.school.code},graduates,1200\n"
    client = login(world.users["province_admin"])
    job = _bulk(client, csv_text.encode(), "all.csv", django_capture_on_commit_callbacks)
    # The worker took the job and was killed (kill -9): "applying 0/1" with no more beats.
    BulkImport.objects.filter(pk=job.pk).update(status=BulkImportStatus.APPLYING, done=0)
    detail = reverse("indicators:bulk-import-detail", kwargs={"pk": job.pk})
    assert "重试" not in client.get(detail).content.decode()  # still within its heartbeat
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=5))
    assert "已超过 2 分钟没有进展" in client.get(detail).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail, {"action": "retry"})
    job.refresh_from_db()
    assert job.status == BulkImportStatus.CHECKED and job.result["ok"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail)
    job.refresh_from_db()
    assert job.status == BulkImportStatus.APPLIED
    assert report_values(world.report)["graduates"] == Decimal("1200")


def test_recovery_marks_only_silent_jobs_failed(world, time_machine):
    from nianbao.indicators.bulk import bulk_imports_recover
    from nianbao.indicators.tests.permission_matrix import bulk_job

    job = BulkImport.objects.get(pk=bulk_job(world)["pk"])
    BulkImport.objects.filter(pk=job.pk).update(status=BulkImportStatus.APPLYING)
    assert bulk_imports_recover() == 0
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=3))
    assert bulk_imports_recover() == 1
    job.refresh_from_db()
    assert job.status == BulkImportStatus.FAILED and "可以重试" in job.result["error"]
