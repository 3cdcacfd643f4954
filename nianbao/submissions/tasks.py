"""Background work of reports: the 年报体检 reads uploaded files, which never happens in a request."""

from __future__ import annotations

from django.tasks import task

from nianbao.checker.models import CheckRun
from nianbao.core.tasks import limit_task_memory
from nianbao.reports.models import Report
from nianbao.submissions.services.checking import report_check


@task()
def check_report(*, report_id: int) -> int:
    limit_task_memory()
    report = Report.objects.select_related("cycle", "organisation").get(pk=report_id)
    try:
        return len(report_check(report=report))
    except (FileNotFoundError, CheckRun.NotUpdated):
        return 0  # replaced by a newer upload or check meanwhile; its own check follows
