"""Opening an annual cycle: it fixes the data period, deadlines, framework and indicator editions,
and creates the reports every organisation that must file owes."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from nianbao.core.audit import audit_record, snapshot
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require
from nianbao.cycles.frameworks import FrameworkError, load_framework
from nianbao.cycles.models import Cycle, CycleStatus, Deadline, ReportKind
from nianbao.cycles.signals import cycle_opened

__all__ = [
    "cycle_open",
    "cycle_close",
    "default_data_period",
    "deadline_set",
]


def default_data_period(year: int) -> tuple[dt.date, dt.date]:
    """统计时段: 9月1日 of the previous year to 8月31日 of the cycle year."""
    return dt.date(year - 1, 9, 1), dt.date(year, 8, 31)


@transaction.atomic
def cycle_open(
    *,
    actor,
    year: int,
    deadlines: dict[str, dt.date],
    framework_edition: str,
    indicator_edition: str,
    data_period: tuple[dt.date, dt.date] | None = None,
    audit: bool = True,
) -> Cycle:
    """Creates and opens the cycle and one report per school that must file and per city."""
    if actor is not None:
        require(actor, Action.MANAGE_CYCLES)
    if Cycle.objects.filter(year=year).exists():
        raise ApplicationError(f"{year}年度已经存在。")
    try:
        framework = load_framework(framework_edition)
    except FrameworkError as exc:
        raise ApplicationError(str(exc)) from None
    missing = [ReportKind(k).label for k in ("school", "city", "enterprise") if k not in deadlines]
    if missing:
        raise ApplicationError("请填写截止日期", reasons=missing)
    start, end = data_period or default_data_period(year)
    if start >= end:
        raise ApplicationError("数据统计起始日期必须早于截止日期。")
    for kind, due in deadlines.items():
        if due <= end:
            raise ApplicationError(
                f"{ReportKind(kind).label}的截止日期须晚于数据统计截止日 {end}。"
            )
    cycle = Cycle.objects.create(
        year=year,
        name=f"{year}年度",
        data_period_start=start,
        data_period_end=end,
        framework_edition=framework.edition,
        indicator_edition=indicator_edition,
        status=CycleStatus.OPEN,
        opened_at=timezone.now(),
    )
    Deadline.objects.bulk_create(
        Deadline(cycle=cycle, report_kind=kind, due_on=due) for kind, due in deadlines.items()
    )
    # The reports app creates the reports owed; cycles knows nothing of reports.
    created = sum(n for _, n in cycle_opened.send(sender=Cycle, cycle=cycle) if isinstance(n, int))
    if audit:
        audit_record(
            actor=actor,
            action="cycle.open",
            obj=cycle,
            after={**snapshot(cycle), "deadlines": deadlines, "reports_created": created},
        )
    return cycle


@transaction.atomic
def deadline_set(*, actor, cycle: Cycle, report_kind: str, due_on: dt.date) -> Deadline:
    require(actor, Action.MANAGE_CYCLES)
    deadline, _ = Deadline.objects.get_or_create(
        cycle=cycle, report_kind=report_kind, defaults={"due_on": due_on}
    )
    before = snapshot(deadline, ["due_on"])
    deadline.due_on = due_on
    deadline.save()
    audit_record(
        actor=actor,
        action="deadline.set",
        obj=deadline,
        before=before,
        after=snapshot(deadline, ["due_on"]),
    )
    return deadline


@transaction.atomic
def cycle_close(*, actor, cycle: Cycle) -> Cycle:
    require(actor, Action.MANAGE_CYCLES)
    if cycle.status != CycleStatus.OPEN:
        raise ApplicationError("只有编制中的年度可以结束。")
    before = snapshot(cycle, ["status"])
    cycle.status = CycleStatus.CLOSED
    cycle.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="cycle.close",
        obj=cycle,
        before=before,
        after=snapshot(cycle, ["status"]),
    )
    return cycle
