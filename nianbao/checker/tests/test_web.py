"""The platform side of the checker: upload, background run, findings page, JSON, scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nianbao.checker.models import CheckRun, CheckStatus

REPORT = """# 青川职业技术学院高等职业教育质量年度报告（2025）

## 1 人才培养

### 1.1 师资队伍

学校现有专任教师 4300 人，其中双师素质教师 2100 人，占专任教师总数的 41.20%。

## 2 服务贡献

学校开展技术服务，到款额 1200 万元。
"""


CAPTURE = None


@pytest.fixture(autouse=True)
def _commit_hooks(django_capture_on_commit_callbacks):
    global CAPTURE
    CAPTURE = django_capture_on_commit_callbacks


def upload(client, world, content: bytes, name: str, edition: str = "2025"):
    """Posts the file; the background check is enqueued on commit, so run it as the request ends."""
    with CAPTURE(execute=True):
        return client.post(
            reverse("checker:check-upload"),
            {
                "file": SimpleUploadedFile(name, content),
                "framework_edition": edition,
                "organisation": world.school.pk,
            },
        )


def test_uploaded_markdown_is_checked_and_the_wrong_percentage_is_shown_at_its_place(world, login):
    client = login(world.users["school_editor"])
    response = upload(client, world, REPORT.encode(), "年报.md")
    run = CheckRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "checker:run-detail", args=[run.pk]
    )
    assert run.status == CheckStatus.DONE and run.error_count >= 1
    percentage = next(f for f in run.findings if any("41.20" in v for v in f["values"]))
    assert percentage["severity"] == "error" and "48.84" in percentage["message"]
    page = client.get(response["Location"]).content.decode()
    block = percentage["location"]["block"]
    assert f'href="#b{block}"' in page and f'id="b{block}"' in page
    # Each missing framework part is its own finding (only two of the seven are present).
    missing = {f["message"] for f in run.findings if f["code"] == "framework.missing_part"}
    assert len(missing) == 5 and any("面临挑战" in m for m in missing)


def test_an_excerpt_is_checked_without_the_framework(world, login):
    client = login(world.users["school_editor"])
    upload(client, world, REPORT.encode(), "节选.md", edition="none")
    run = CheckRun.objects.get()
    assert run.status == CheckStatus.DONE
    assert [f for f in run.findings if f["code"].startswith("framework")] == []
    assert any(f["code"] == "percent.mismatch" for f in run.findings)


def test_json_has_summary_and_findings_in_the_cli_format(world, login):
    client = login(world.users["school_editor"])
    upload(client, world, REPORT.encode(), "年报.md")
    data = client.get(reverse("checker:run-json", args=[CheckRun.objects.get().pk])).json()
    assert set(data) >= {"file", "summary", "findings"}
    assert set(data["findings"][0]) >= {
        "code",
        "severity",
        "message",
        "location",
        "excerpt",
        "values",
    }


def test_binary_garbage_is_refused_with_a_chinese_message(world, login):
    response = upload(
        login(world.users["school_editor"]), world, b"\x00\xff\xfe garbage", "年报.docx"
    )
    assert response.status_code == 200
    assert "无法识别的文件格式" in response.content.decode()
    assert not CheckRun.objects.exists()


def test_old_word_format_is_refused_with_advice(world, login):
    response = upload(
        login(world.users["school_editor"]), world, b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "年报.doc"
    )
    assert "另存为 .docx" in response.content.decode()


def test_a_school_cannot_open_another_schools_check(world, login):
    upload(login(world.users["school_editor"]), world, REPORT.encode(), "年报.md")
    run = CheckRun.objects.get()
    response = login(world.users["other_school_editor"]).get(
        reverse("checker:run-detail", args=[run.pk])
    )
    assert response.status_code == 404


def test_a_school_cannot_upload_in_the_name_of_another_school(world, login):
    client = login(world.users["school_editor"])
    response = client.post(
        reverse("checker:check-upload"),
        {
            "file": SimpleUploadedFile("a.md", REPORT.encode()),
            "framework_edition": "2025",
            "organisation": world.other_school.pk,
        },
    )
    assert response.status_code == 200 and not CheckRun.objects.exists()
