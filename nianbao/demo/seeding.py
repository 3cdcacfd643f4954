"""Loading demo values (演示数据) into the demo province: every school's tables for the latest
cycles (up to `HISTORY` of them, so five-year trends have data), with the planted errors of the
current cycle saved where tests and the validation list find them."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from nianbao.cycles.models import Cycle, ReportKind
from nianbao.demo.values import DemoSchool, demo_school_sizes, generate_demo_dataset
from nianbao.indicators.catalog import load_catalog
from nianbao.indicators.models import DataTableRevision, DataValue
from nianbao.organisations.models import Organisation
from nianbao.reports.models import Report

__all__ = ["demo_values_load", "planted_errors_path", "planted_errors"]

BATCH = 5000
HISTORY = 5


def planted_errors_path() -> Path:
    return Path(settings.VAR_DIR) / "demo" / "planted_errors.json"


def planted_errors() -> list[dict]:
    """The errors planted by the last demo seed (empty if none was run)."""
    path = planted_errors_path()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def _demo_schools(seed: int) -> list[DemoSchool]:
    """Sizes from the generator's realistic spread; the 职业本科 schools take the two largest.
    Schools exempt from filing get no data (and no planted error)."""
    schools = list(
        Organisation.objects.filter(kind="school", must_file_report=True).order_by("path")
    )
    higher = sorted(
        (s for s in schools if s.report_level == "higher"), key=lambda s: s.level != "bachelor"
    )
    secondary = [s for s in schools if s.report_level == "secondary"]
    sizes = demo_school_sizes(len(higher), len(secondary), seed)
    return [
        DemoSchool(code=s.code, level=s.report_level, size=size)
        for s, size in zip([*higher, *secondary], sizes, strict=True)
    ]


@transaction.atomic
def demo_values_load(*, seed: int = 2025, write_fixture: bool = True) -> list[dict]:
    """Fills every school report of the latest cycles; returns the planted errors."""
    cycles = list(Cycle.objects.order_by("-year")[:HISTORY])
    if not cycles:
        return []
    dataset = generate_demo_dataset(_demo_schools(seed), seed=seed, cycles=max(2, len(cycles)))
    by_year = {cycle.year: values for cycle, values in zip(cycles, dataset.history, strict=False)}
    reports = Report.objects.filter(
        cycle__in=cycles, kind=ReportKind.SCHOOL, organisation__kind="school"
    ).values_list("pk", "cycle__year", "organisation__code", "organisation__level")
    tables = {
        level: [t.code for t in load_catalog(cycles[0].indicator_edition, level).tables]
        for level in ("higher", "secondary")
    }
    values, revisions = [], []
    for report_id, year, code, level in reports:
        school_values = by_year.get(year, {}).get(code)
        if not school_values:
            continue
        for indicator, value in school_values.items():
            if value is None:
                continue
            is_number = isinstance(value, Decimal)
            values.append(
                DataValue(
                    report_id=report_id,
                    code=indicator,
                    number=value if is_number else None,
                    text="" if is_number else str(value),
                )
            )
        level_key = "secondary" if level == "secondary" else "higher"
        revisions += [
            DataTableRevision(report_id=report_id, table_code=t, version=1)
            for t in tables[level_key]
        ]
    DataValue.objects.bulk_create(values, batch_size=BATCH)
    DataTableRevision.objects.bulk_create(revisions, batch_size=BATCH)
    planted = [
        {**asdict(p), "indicator_codes": list(p.indicator_codes), "year": cycles[0].year}
        for p in dataset.planted
    ]
    if write_fixture:
        path = planted_errors_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(planted, ensure_ascii=False, indent=1), encoding="utf-8")
    return planted
