"""Public search over the full text of published reports (全文检索).

Seeds a province with ~300 published reports, each with ~100 KB of extracted document text,
into the database named by DATABASE_URL (which must be empty or a throw-away database: it is
flushed), then times the search the public list page runs (count + first page + excerpts) for
a few queries. On PostgreSQL it times them again without the trigram index, to show what the
index buys. Prints median and maximum in milliseconds.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/nianbao_bench_search \\
     .venv/bin/python bench/bench_portal_search.py [--reports 300] [--kb 100] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from nianbao.cycles.services import cycle_open  # noqa: E402
from nianbao.organisations.models import Organisation  # noqa: E402
from nianbao.portal.models import PublishedDocumentText  # noqa: E402
from nianbao.portal.selectors import PublicFilters, document_excerpts, published_reports  # noqa: E402
from nianbao.reports.choices import ReportStatus  # noqa: E402
from nianbao.reports.models import Report, ReportSnapshot  # noqa: E402

RARE = "现代学徒制"  # in one report in ten
SENTENCES = [
    "{school}坚持立德树人根本任务，全年开展思想政治教育主题活动{n}场，覆盖学生{m}人次。",
    "学校现有专任教师{n}人，其中“双师型”教师占比{p}%，较上年提高{q}个百分点。",
    "{year}届毕业生{m}人，初次就业率{p}%，本地就业比例{q}%。",
    "学校与{n}家企业共建实训基地，年接收学生顶岗实习{m}人次。",
    "全年面向社会开展职业技能培训{m}人次，培训收入{n}万元。",
    "学生在职业院校技能大赛中获得省级以上奖项{n}项，其中一等奖{q}项。",
    "学校主持或参与制定专业教学标准{q}项，建成精品在线开放课程{n}门。",
    "生均教学科研仪器设备值{n}元，生均实践场所面积{q}平方米。",
    "学校开设专业{n}个，其中省级重点专业{q}个，招生计划完成率{p}%。",
    "对口帮扶地区职业学校{q}所，派出支教教师{n}人次，培训当地教师{m}人次。",
]


def _text(school: str, seed: int, size_kb: int, rare: bool) -> str:
    parts, n, size = [], seed, 0
    while size < size_kb * 1024:
        n = (n * 1103515245 + 12345) % 2**31
        sentence = SENTENCES[n % len(SENTENCES)]
        parts.append(
            sentence.format(
                school=school,
                year=2024,
                n=n % 500 + 3,
                m=n % 9000 + 100,
                p=n % 60 + 40,
                q=n % 20 + 1,
            )
        )
        size += len(parts[-1].encode())
    if rare:  # near the end: the scan reads most of the text before it
        parts.insert(len(parts) * 9 // 10, f"学校深入推进{RARE}试点，与合作企业联合招生招工。")
    return "".join(parts)


def _seed(reports: int, size_kb: int) -> int:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    with transaction.atomic():
        province = Organisation.objects.create(kind="province", code="990000", name="示范省教育厅")
        cities = [
            Organisation.objects.create(
                kind="city", code=f"99{c + 1:02d}00", name=f"第{c + 1}市教育局", parent=province
            )
            for c in range(10)
        ]
        for s in range(reports - len(cities)):
            level = "higher" if s % 3 == 0 else "secondary"
            Organisation.objects.create(
                kind="school", code=f"{1000000 + s}", name=f"示范第{s + 1}职业技术学校",
                parent=cities[s % len(cities)], level=level,
            )  # fmt: skip
        cycle = cycle_open(
            actor=None, year=2025, framework_edition="2025", indicator_edition="2023",
            deadlines={"school": dt.date(2026, 1, 5), "city": dt.date(2026, 1, 12),
                       "enterprise": dt.date(2026, 1, 5)}, audit=False,
        )  # fmt: skip
        rows = list(cycle.reports.select_related("organisation").order_by("pk"))
        Report.objects.filter(cycle=cycle).update(status=ReportStatus.PUBLISHED)
        now = timezone.now()
        for i, report in enumerate(rows):
            text = _text(report.organisation.name, i + 1, size_kb, rare=i % 10 == 0)
            sha = hashlib.sha256(text.encode()).hexdigest()
            snapshot = ReportSnapshot.objects.create(
                report=report, sequence=1, title=report.title, authoring_mode="upload",
                publication_url="", document_sha256=sha,
            )  # fmt: skip
            PublishedDocumentText.objects.create(
                report=report, snapshot=snapshot, sha256=sha, text=text, extracted_at=now
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return len(rows)


def _search(q: str) -> tuple[float, int]:
    """What the list page does: count, the first page of 30, the excerpts of that page."""
    started = time.perf_counter()
    qs = published_reports(PublicFilters(q=q))
    count = qs.count()
    page = list(qs[:30])
    document_excerpts([r.pk for r in page], q)
    return (time.perf_counter() - started) * 1000, count


def _run(queries: list[str], repeat: int, label: str) -> None:
    print(f"\n{label}")
    print(f"{'query':<24}{'hits':>6}{'p50 ms':>9}{'max ms':>9}")
    for q in queries:
        _search(q)  # warm
        times, hits = [], 0
        for _ in range(repeat):
            ms, hits = _search(q)
            times.append(ms)
        print(f"{q:<24}{hits:>6}{statistics.median(times):>9.0f}{max(times):>9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--kb", type=int, default=100, help="text per report, KB (UTF-8)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    count = _seed(args.reports, args.kb)
    size = sum(
        len(t.encode()) for t in PublishedDocumentText.objects.values_list("text", flat=True)
    )
    print(f"{count} published reports, {size / 1024 / 1024:.1f} MB of text, seeded in "
          f"{time.perf_counter() - started:.1f} s ({settings.DATABASES['default']['ENGINE']})")  # fmt: skip
    queries = [RARE, f"{RARE} 合作企业", "不存在的词语", "职业", "顶岗实习 双师型"]
    _run(queries, args.repeat, "search (as deployed)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS portal_doctext_trgm")
        _run(queries, args.repeat, "search without the trigram index")


if __name__ == "__main__":
    main()
