"""Benchmark the data-table Excel round-trip on the demo province.

Run: .venv/bin/python bench/bench_excel.py [--keep]

Builds the demo province in a throw-away SQLite database (a temporary var directory), then times:
the template download for one school, upload + dry run of one school's edited workbook, and the
bulk dry run of a zip holding every school's workbook (~300). Targets on a 2-core machine:
< 0.5 s per workbook each way, < 60 s for the province.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
VAR = tempfile.mkdtemp(prefix="nianbao-bench-")
os.environ["NIANBAO_VAR_DIR"] = VAR
os.environ["DATABASE_URL"] = f"sqlite:///{VAR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from nianbao.cycles.models import Cycle  # noqa: E402
from nianbao.demo.province import build_demo_province  # noqa: E402
from nianbao.indicators import bulk  # noqa: E402
from nianbao.indicators.models import BulkImport  # noqa: E402
from nianbao.indicators.uploads import workbook_check, workbook_for_report  # noqa: E402
from nianbao.organisations.models import Organisation  # noqa: E402

ROUNDS = 10


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def edited(content: bytes) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[1]
    ws.cell(4, 5, (ws.cell(4, 5).value or 0) + 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main() -> None:
    print("数据表 Excel 往返基准（示范省）")
    call_command("migrate", verbosity=0)
    _, seed_time = timed(build_demo_province, seed=2025)
    print(f"  生成示范省（含两个年度的数据表）：{seed_time:.1f} s")
    cycle = Cycle.objects.order_by("-year").first()
    reports = list(
        cycle.reports.filter(kind="school").select_related("cycle", "organisation").order_by("id")
    )
    sample = next(r for r in reports if r.organisation.report_level == "higher")

    downloads = [timed(workbook_for_report, sample)[1] for _ in range(ROUNDS)]
    content = workbook_for_report(sample)
    changed = edited(content)
    checks = []
    for _ in range(ROUNDS):
        check, seconds = timed(workbook_check, report=sample, content=changed)
        checks.append(seconds)
    assert check.ok and len(check.changes) == 1, check.problems
    print(
        f"  下载一所学校的工作簿：中位 {statistics.median(downloads):.3f} s，最长 {max(downloads):.3f} s（{len(content) / 1024:.0f} KB）"
    )
    print(
        f"  上传并检查一所学校的工作簿：中位 {statistics.median(checks):.3f} s，最长 {max(checks):.3f} s"
    )

    start = time.perf_counter()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for report in reports:
            z.writestr(f"{report.organisation.code}.xlsx", workbook_for_report(report))
    build_zip = time.perf_counter() - start
    print(
        f"  生成全省 {len(reports)} 所学校的工作簿压缩包：{build_zip:.1f} s（{archive.tell() / 1048576:.1f} MB）"
    )

    province = Organisation.objects.get(kind="province")
    job = BulkImport(cycle=cycle, organisation=province, original_name="province.zip")
    job.file.save("province.zip", ContentFile(archive.getvalue()), save=False)
    job.save()
    job, bulk_time = timed(bulk.bulk_import_check, job.pk)
    result = job.result
    print(
        f"  全省批量导入检查（{result['school_count']} 个工作簿）：{bulk_time:.1f} s，"
        f"平均每校 {bulk_time / max(1, result['school_count']):.3f} s；"
        f"有问题 {result['bad_count']} 所，变化 {result['change_count']} 项"
    )
    for school in [s for s in result["schools"] if not s["ok"]][:8]:
        print(f"    未通过：{school['school_name']}：{school['problems'][0]}")
    print("  （未通过的是埋设了错误的学校：平台外录入的错误值在上传检查时被拦下）")
    print("  目标：每个工作簿 < 0.5 s（下载、上传各自），全省 < 60 s")
    if "--keep" not in sys.argv:
        import shutil

        shutil.rmtree(VAR, ignore_errors=True)


if __name__ == "__main__":
    main()
