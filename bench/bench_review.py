"""Benchmark the bureaus' forms and show the review queues of the demo province: builds the demo
province with its review demo in a fresh database, then prints each reviewer's queue and the
time to produce 附件2 (Excel, Word, and the 函 with 附件2) for the largest city.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/nianbao_bench .venv/bin/python bench/bench_review.py
(default: a throw-away SQLite file under var/).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-review.sqlite3'}")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count
    from django.utils import timezone

    from nianbao.accounts.models import User
    from nianbao.cycles.models import Cycle
    from nianbao.demo.province import build_demo_province
    from nianbao.demo.review import demo_reviews_seed
    from nianbao.documents import progress_forms
    from nianbao.documents.render import render_progress_summary_docx, render_progress_summary_xlsx
    from nianbao.documents.render.progress import render_progress_letter_docx
    from nianbao.organisations.models import Organisation
    from nianbao.review.selectors import review_queue

    if os.environ["DATABASE_URL"].startswith("sqlite"):
        Path(os.environ["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build_demo_province(seed=2025)
    counts = demo_reviews_seed()
    print(f"示范省与审核演示数据：{time.perf_counter() - started:.1f} 秒，{counts}")

    cycle = Cycle.objects.order_by("-year").first()
    print(f"\n== 审核队列（{cycle.name}）==")
    for user in User.objects.filter(memberships__role__in=("province_admin", "city_admin", "reviewer")
                                    ).distinct().order_by("username"):  # fmt: skip
        rows = review_queue(user, cycle)
        if not rows:
            continue
        print(f"{user.username}（{user.full_name}）：{len(rows)} 份待审核")
        for row in rows:
            flag = "（已分配：" + row.assignment.get_role_display() + "）" if row.assignment else ""
            print(f"  {row.report.organisation.name:<24} 提交 {timezone.localtime(row.report.submitted_at):%m-%d %H:%M}"
                  f"  审核截止 {row.due_on:%Y-%m-%d}（剩 {row.days_left} 天）{flag}")  # fmt: skip

    city = (
        Organisation.objects.filter(kind="city")
        .annotate(n=Count("children"))
        .order_by("-n")
        .first()
    )
    print(f"\n== 附件2：最大的地市 {city.name}（{city.n} 所学校）==")
    for label, produce in (
        ("Excel", lambda s, e: render_progress_summary_xlsx(s, e)),
        ("Word", lambda s, e: render_progress_summary_docx(s, e)),
        ("函（含附件2）", lambda s, e: render_progress_letter_docx(
            progress_forms.progress_letter_for(city, cycle, s, timezone.localdate()), s, e)),
    ):  # fmt: skip
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            summary = progress_forms.progress_summary_for(city, cycle)
            exempt = progress_forms.progress_exempt_for(city, cycle)
            content = produce(summary, exempt)
            times.append(time.perf_counter() - t0)
        print(f"  {label:<10} {len(summary.school_reports)} 所中职学校 + 地市年报，"
              f"{len(content) / 1024:.0f} KB，中位 {sorted(times)[2] * 1000:.0f} ms（5 次）")  # fmt: skip
    admin = User.objects.filter(memberships__role="province_admin").first()
    _bench_export_request(city, cycle, admin)


def _bench_export_request(city, cycle, admin) -> None:
    """The request only checks and queues (core.services); the worker renders."""
    from django.db import transaction

    from nianbao.core.exports import file_export_execute
    from nianbao.core.services import file_export_request

    params = {"city_id": city.pk, "cycle_id": cycle.pk, "fmt": "docx"}
    print("\n== 附件2（Word）作为后台导出：请求与后台任务 ==")
    request_times, task_times = [], []
    for _ in range(5):
        with transaction.atomic():  # rolled back: the immediate backend must not run the task
            t0 = time.perf_counter()
            export = file_export_request(
                actor=admin, kind="documents.progress_summary", params=params
            )
            request_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            file_export_execute(export)
            task_times.append(time.perf_counter() - t0)
            transaction.set_rollback(True)
    print(f"  请求（检查权限、排队）中位 {sorted(request_times)[2] * 1000:.1f} ms；"
          f"后台生成并保存中位 {sorted(task_times)[2] * 1000:.0f} ms（5 次）")  # fmt: skip


if __name__ == "__main__":
    main()
