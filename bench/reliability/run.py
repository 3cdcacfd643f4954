"""可靠性测试 / reliability suite on PostgreSQL. Prints its figures; exits 1 when an invariant
breaks (a lost update, a second snapshot, an upload error or a file not matching its hash, a half
state after kill -9, a server error or more than 300 MB on the hostile files).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/nianbao_reliability \\
     .venv/bin/python -m bench.reliability.run [--quick]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bench.reliability.world import ROOT, fresh_world, peak_rss_mb

# isort: split
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

import nianbao.submissions.services.workflow as workflow  # noqa: E402
from bench.reliability import hostile  # noqa: E402
from nianbao.core.exceptions import ApplicationError  # noqa: E402
from nianbao.cycles.models import Deadline  # noqa: E402
from nianbao.indicators import bulk  # noqa: E402
from nianbao.indicators.models import BulkImport, BulkImportStatus, ChangeSource, DataValue  # noqa: E402
from nianbao.indicators.selectors import table_versions  # noqa: E402
from nianbao.indicators.services import VersionConflict, data_values_save  # noqa: E402
from nianbao.reports.models import (  # noqa: E402
    AuthenticityDeclaration,
    Report,
    ReportFile,
    ReportSnapshot,
)
from nianbao.reports.services import open_cycles_reports_ensure  # noqa: E402
from nianbao.submissions import services  # noqa: E402
from nianbao.submissions.tests.conftest import docx_with_parts, tiny_png  # noqa: E402
from nianbao.testing import make_org  # noqa: E402

QUICK = "--quick" in sys.argv
FIGURES: list[tuple[str, object, bool]] = []


def figure(name: str, value, ok: bool = True) -> None:
    FIGURES.append((name, value, ok))
    print(f"  {'OK ' if ok else '失败'} {name}: {value}", flush=True)


def in_threads(n: int, work) -> list:
    """Runs work(i) in n threads released together; each returns a result or its exception."""
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        try:
            return work(i)
        except Exception as exc:  # counted by the caller
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


# --- 1. concurrent conflicting saves ---------------------------------------------------------


def conflicting_saves(w) -> None:
    rounds, width = (5, 8) if QUICK else (20, 10)
    editor = w.users["school_editor"]
    report = w.report
    part = report.framework_parts[0].code
    section = services.section_save(actor=editor, report=report, part_code=part, title="", body="x")
    case = services.case_save(
        actor=editor, report=report, part_code=part, title="案例", body="120名学生就业。"
    )
    table = services.table_save(
        actor=editor, report=report, part_code=part, caption="表", text="a|b\n1|2"
    )

    def current(kind):
        if kind == "data":
            return table_versions(report).get("scorecard", 0)
        model = {"section": section, "case": case, "table": table}[kind]
        return type(model).objects.get(pk=model.pk).version

    def save(kind, version, i):
        i += 100 * version  # every attempt writes something new: no save is a no-op
        text = f"第{i}人写的内容，{i}名学生。"
        if kind == "data":
            return data_values_save(
                actor=editor, report=report, table_code="scorecard",
                values={"graduates": str(1000 + i)}, base_version=version, source=ChangeSource.API,
            )  # fmt: skip
        if kind == "section":
            return services.section_save(
                actor=editor, report=report, part_code=part, title="", body=text,
                section=section, version=version,
            )  # fmt: skip
        if kind == "case":
            return services.case_save(
                actor=editor, report=report, part_code=part, title="案例", body=text,
                case=case, version=version,
            )  # fmt: skip
        return services.table_save(
            actor=editor, report=report, part_code=part, caption="表", text=f"a|b\n{i}|{i}",
            table=table, version=version,
        )  # fmt: skip

    for kind in ("data", "section", "case", "table"):
        start, accepted, refused, errors, lost = current(kind), 0, 0, 0, 0
        for _ in range(rounds):
            base = current(kind)
            results = in_threads(width, lambda i, b=base, k=kind: save(k, b, i))
            ok = sum(1 for r in results if not isinstance(r, Exception))
            refused += sum(1 for r in results if isinstance(r, (VersionConflict, ApplicationError)))
            errors += sum(
                1
                for r in results
                if isinstance(r, Exception)
                and not isinstance(r, (VersionConflict, ApplicationError))
            )
            accepted += ok
            lost += max(ok - 1, 0)  # two saves from one version: one overwrote the other
        lost += accepted - (current(kind) - start)
        figure(
            f"并发冲突保存 {kind}：{rounds * width} 次中接受 {accepted}、拒绝(409) {refused}、错误 {errors}，丢失更新",
            lost,
            lost == 0 and errors == 0,
        )


# --- 2. concurrent double submit ---------------------------------------------------------------


def ready(w, report, editor) -> None:
    for part in report.framework_parts:
        services.section_save(
            actor=editor, report=report, part_code=part.code, title="",
            body=f"{part.name}：2025年共有1200名学生参加。",
        )  # fmt: skip
    services.declaration_upload(
        actor=editor, report=report, filename="声明.png", content=tiny_png()
    )
    services.publication_url_set(actor=editor, report=report, url="https://www.qczy.edu.cn/nb/2025")


def double_submit(w) -> float:
    # Data quality is not the subject here: the workflow's guard sees no blocking findings.
    workflow.submission_blockers = lambda report: []
    report = w.other_report
    head = w.users["school_head"]
    report.organisation.memberships.create(user=head, role="school_head")
    ready(w, report, w.users["other_school_editor"])
    started = time.perf_counter()
    # Each request loads its own report, as real requests do (a shared instance shares its
    # open declaration file between threads).
    results = in_threads(
        6,
        lambda i: services.report_submit(actor=head, report=type(report).objects.get(pk=report.pk)),
    )
    took = time.perf_counter() - started
    snaps = ReportSnapshot.objects.filter(report=report).count()
    errors = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, ApplicationError)
    ]
    if errors:
        print("  并发重复提交的异常：", "; ".join(f"{type(e).__name__}: {e}" for e in errors))
    figure(f"并发重复提交（6 个请求，{took:.1f} 秒）：快照数", snaps, snaps == 1 and not errors)
    return took


# --- 3. concurrent uploads ----------------------------------------------------------------------


def concurrent_uploads(w) -> None:
    editor = w.users["school_editor"]
    report = w.report
    names = [p.name for p in report.framework_parts]
    docs = [docx_with_parts(names, title=f"年度报告 第{i}稿") for i in range(15)]
    scans = [tiny_png() + f"第{i}份".encode() for i in range(15)]
    trials = 1 if QUICK else 3
    errors = mismatched = 0
    for _ in range(trials):

        def upload(i):
            if i % 2:
                return services.report_file_upload(
                    actor=editor, report=report, filename=f"年报{i}.docx", content=docs[i // 2]
                )
            return services.declaration_upload(
                actor=editor, report=report, filename=f"声明{i}.png", content=scans[i // 2]
            )

        results = in_threads(30, upload)
        errors += sum(1 for r in results if isinstance(r, Exception))
        for model in (ReportFile, AuthenticityDeclaration):
            row = model.objects.get(report=report)
            try:
                with row.file.open("rb") as fh:
                    data = fh.read()
            except OSError:
                mismatched += 1
                continue
            mismatched += hashlib.sha256(data).hexdigest() != row.sha256
    figure(f"并发上传（{trials} 轮 × 30 个）：错误", errors, errors == 0)
    figure("并发上传：存储文件与记录的 SHA-256 不符", mismatched, mismatched == 0)


# --- 4. kill -9 --------------------------------------------------------------------------------


def victim(step: str, pk: int, delay: float) -> bool:
    """Starts the victim, kills it `delay` seconds after it is ready; True if it was killed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.reliability.victim", step, str(pk)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    killed = proc.poll() is None
    proc.kill()
    proc.wait()
    return killed


def kill_during_submission(w, submit_seconds: float) -> None:
    report = w.report
    ready(w, report, w.users["school_editor"])
    trials = 4 if QUICK else 10
    half, killed, submitted = 0, 0, 0
    for _ in range(trials):
        killed += victim("submit", report.pk, random.uniform(0.1, max(1.0, submit_seconds / 3)))
        report.refresh_from_db()
        snaps = ReportSnapshot.objects.filter(report=report).count()
        is_submitted = report.status == "submitted"
        submitted += is_submitted
        half += snaps != (1 if is_submitted else 0)
        with connection.cursor() as cursor:  # back to 编制中 for the next trial
            cursor.execute(
                "DELETE FROM submissions_reportsnapshot WHERE report_id = %s", [report.pk]
            )
        Report.objects.filter(pk=report.pk).update(status="drafting", submitted_at=None)
    figure(
        f"提交中 kill -9（{trials} 次，{killed} 次在完成前被杀，{submitted} 次已提交）：半完成状态",
        half,
        half == 0,
    )


def kill_during_bulk_import(w) -> None:
    schools = [w.school] + [
        make_org("school", f"19{n:05d}", f"可靠性测试职业学院{n}", w.city, level="higher")
        for n in range(30)
    ]
    open_cycles_reports_ensure(pks=[s.pk for s in schools])
    rows = "".join(f"{s.code},graduates,{800 + i}\n" for i, s in enumerate(schools))
    admin = w.users["province_admin"]
    trials = 1 if QUICK else 3
    half = unrecovered = 0
    for _ in range(trials):
        DataValue.objects.filter(code="graduates").delete()
        job = bulk.bulk_import_start(
            actor=admin,
            cycle=w.cycle,
            name="全省.csv",
            content=("学校代码,指标代码,填报值\n" + rows).encode(),
        )
        job.refresh_from_db()
        assert job.status == BulkImportStatus.CHECKED and job.result["ok"], job.result
        BulkImport.objects.filter(pk=job.pk).update(status=BulkImportStatus.APPLYING)
        victim("apply", job.pk, random.uniform(0.5, 2.5))
        half += DataValue.objects.filter(code="graduates").count() not in (0, len(schools))
        # Two minutes later: the job is found dead, marked failed and retried.
        BulkImport.objects.filter(pk=job.pk).update(
            heartbeat_at=timezone.now() - dt.timedelta(minutes=10)
        )
        job.refresh_from_db()
        if job.status == BulkImportStatus.APPLYING:
            bulk.bulk_import_retry(actor=admin, job=job)
            job.refresh_from_db()
            bulk.bulk_import_confirm(actor=admin, job=job)
            job.refresh_from_db()
        done = DataValue.objects.filter(code="graduates").count()
        if job.status != BulkImportStatus.APPLIED or done != len(schools):
            unrecovered += 1
            print(f"    任务状态 {job.status}，已写入 {done} 校：{job.result.get('error', '')}")
    figure(f"批量导入中 kill -9（{trials} 次，{len(schools)} 校）：半完成状态", half, half == 0)
    figure("批量导入中 kill -9：重试后仍未完成的任务", unrecovered, unrecovered == 0)


def main() -> int:
    print(
        f"==> 可靠性测试（{connection.settings_dict['NAME']}{'，快速' if QUICK else ''}）",
        flush=True,
    )
    started = time.perf_counter()
    w = fresh_world()
    Deadline.objects.filter(cycle=w.cycle).update(
        due_on=timezone.localdate() + dt.timedelta(days=60)
    )
    conflicting_saves(w)
    took = double_submit(w)
    concurrent_uploads(w)
    kill_during_submission(w, took)
    kill_during_bulk_import(w)
    errors, peak = hostile.run(w)
    figure("恶意文件集：服务器错误（5xx）", errors, errors == 0)
    figure("恶意文件集：进程内存峰值（MB）", round(peak), peak < 300)
    figure("本进程内存峰值（MB）", round(peak_rss_mb()))
    print(f"==> 用时 {time.perf_counter() - started:.0f} 秒", flush=True)
    failed = [name for name, _, ok in FIGURES if not ok]
    if failed:
        print("可靠性测试未通过：" + "；".join(failed))
        return 1
    print("可靠性测试全部通过")
    return 0


if __name__ == "__main__":
    sys.exit(main())
