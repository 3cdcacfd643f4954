"""The hostile-file set, posted to every upload page as their users would: zip bombs (DOCX,
XLSX, a zip of 5,000 parts), broken and disguised files, an oversized table, a 200 MB body,
formula text, huge numbers, bad URLs and ids. Run in its own process so its memory is its own:
prints "errors <n> peak_mb <m>"."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from bench.reliability.world import ROOT, fresh_world, peak_rss_mb

# isort: split
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from nianbao.core.tests.test_files import bomb, many_members  # noqa: E402
from nianbao.cycles.models import Deadline  # noqa: E402

MB = 1024 * 1024


def files() -> dict[str, bytes]:
    return {
        "bomb.docx": bomb("word/document.xml", megabytes=1024),  # 1 GiB document.xml
        "bomb.xlsx": bomb(
            "xl/worksheets/sheet1.xml", megabytes=512, extra={"xl/workbook.xml": "<workbook/>"}
        ),
        "parts.docx": many_members(5000),
        "truncated.docx": many_members(10)[:300],
        "fake.pdf": b"%PDF-1.7\n" + b"\x00garbage" * 5000,
        "random.docx": bytes(range(256)) * 400,
        "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096,
        "empty.pdf": b"",
    }


def posts(w):
    """(user, url name, url kwargs, data-or-files) for every upload and input endpoint."""
    report, editor = w.report, "school_editor"
    part = report.framework_parts[0].code
    uploads = []
    for name, content in files().items():

        def f(n=name, c=content):
            return SimpleUploadedFile(n, c)

        uploads += [
            (editor, "submissions:report-upload", {"pk": report.pk}, lambda f=f: {"file": f()}),
            (editor, "submissions:declaration-upload", {"pk": report.pk}, lambda f=f: {"file": f()}),
            (editor, "submissions:figure-save", {"pk": report.pk, "part": part},
             lambda f=f: {"caption": "图", "image": f()}),
            (editor, "indicators:excel-upload", {"pk": report.pk}, lambda f=f: {"file": f()}),
            (editor, "indicators:evidence-list", {"pk": report.pk, "code": "graduates"},
             lambda f=f: {"file": f()}),
            (editor, "checker:check-upload", {}, lambda f=f: {"file": f()}),
            ("province_admin", "organisations:organisation-import", {}, lambda f=f: {"file": f()}),
            ("province_admin", "indicators:bulk-import-list", {}, lambda f=f: {"file": f()}),
        ]  # fmt: skip
    wide = "\n".join("|".join(f"c{c}" for c in range(2000)) for _ in range(200))
    uploads += [
        (editor, "submissions:table-save", {"pk": report.pk, "part": part},
         lambda: {"caption": "大表", "text": wide}),
        (editor, "submissions:case-save", {"pk": report.pk, "part": part},
         lambda: {"title": '=HYPERLINK("http://x")', "body": "=1+1" * 300}),
        (editor, "submissions:publication-url", {"pk": report.pk},
         lambda: {"url": "https://www.exam_ple.edu.cn/" + "x" * 600}),
        (editor, "validation:explanation-save", {"pk": report.pk},
         lambda: {"rule_id": "r" * 200, "text": "说明五个字以上"}),
        (editor, "indicators:table-entry", {"pk": report.pk, "table_code": "scorecard"},
         lambda: {"version": "9" * 40, "v_graduates": "9" * 60, "n_graduates": "=cmd|' /C calc'!A0"}),
    ]  # fmt: skip
    return uploads


def main() -> None:
    w = fresh_world()
    Deadline.objects.filter(cycle=w.cycle).update(
        due_on=timezone.localdate() + dt.timedelta(days=60)
    )
    client = Client(raise_request_exception=False)
    errors, statuses = 0, []
    for user, name, kwargs, data in posts(w):
        client.force_login(w.users[user], backend="django.contrib.auth.backends.ModelBackend")
        response = client.post(reverse(name, kwargs=kwargs), data())
        statuses.append(response.status_code)
        if "--trace" in sys.argv:
            print(f"    {name} {response.status_code} {peak_rss_mb():.0f} MB", file=sys.stderr)
        if response.status_code >= 500:
            errors += 1
            print(f"    5xx: {name}", file=sys.stderr)
    big = client.post(
        reverse("submissions:report-upload", kwargs={"pk": w.report.pk}),
        {"x": "1"},
        CONTENT_LENGTH=str(200 * MB),
    )
    errors += big.status_code >= 500
    statuses.append(big.status_code)
    for query in ({"city": "9" * 40}, {"cycle": "²"}, {"city": "-1"}):
        client.force_login(
            w.users["province_admin"], backend="django.contrib.auth.backends.ModelBackend"
        )
        response = client.get(reverse("validation:scope-findings"), query)
        errors += response.status_code >= 500
        statuses.append(response.status_code)
    print(json.dumps({"errors": errors, "peak_mb": peak_rss_mb(), "requests": len(statuses)}))


def run(w) -> tuple[int, float]:
    """Runs the set in a child process (its own memory) on the same database, last: the child
    starts from a fresh world."""
    connection.close()
    out = subprocess.run(
        [sys.executable, "-m", "bench.reliability.hostile"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        print(out.stderr[-3000:], file=sys.stderr)
        return 1, 0.0
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"  （恶意文件集：{result['requests']} 个请求）", flush=True)
    return result["errors"], result["peak_mb"]


if __name__ == "__main__":
    main()
