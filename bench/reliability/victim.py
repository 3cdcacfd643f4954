"""A process the reliability run kills with SIGKILL mid-work: `submit <report_id>` or
`apply <bulk_import_id>`. It prints "ready" once set up, then works slowly enough to be hit."""

from __future__ import annotations

import sys
import time

from bench.reliability import world  # noqa: F401  (sets Django up)

# isort: split
import nianbao.validation.services as validation  # noqa: E402
from nianbao.indicators import bulk  # noqa: E402
from nianbao.reports.models import Report, ReportSnapshot  # noqa: E402
from nianbao.submissions.services import report_submit  # noqa: E402


def slowly(func, seconds: float):
    def wrapper(*args, **kwargs):
        result = func(*args, **kwargs)
        time.sleep(seconds)
        return result

    return wrapper


def main(step: str, pk: int) -> None:
    if step == "submit":
        validation.submission_blockers = lambda report: []  # data quality is not the subject
        # Widen the window inside the final transaction (snapshot written, status not yet).
        ReportSnapshot.save = slowly(ReportSnapshot.save, 0.4)
        report = Report.objects.get(pk=pk)
        print("ready", flush=True)
        report_submit(
            actor=report.organisation.memberships.get(role="school_head").user, report=report
        )
    else:
        bulk.apply_changes = slowly(bulk.apply_changes, 0.1)
        print("ready", flush=True)
        bulk.bulk_import_apply(pk)
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
