"""Every aggregate of the demo province equals an independent recomputation: a pandas groupby
over the raw stored values, written here without the engine, for every indicator of both levels,
every cycle, the province and each city."""

import datetime as dt

import pandas as pd
import pytest

from nianbao.aggregation.selectors import region_figures
from nianbao.demo.province import build_demo_province
from nianbao.indicators.catalog import load_catalog
from nianbao.indicators.models import DataValue
from nianbao.organisations.models import Organisation
from nianbao.validation.models import ValidationResult

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

COUNTED = {"submitted", "approved", "published"}


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    build_demo_province(seed=2025, today=dt.date(2025, 11, 1))


def raw_frame() -> pd.DataFrame:
    rows = DataValue.objects.filter(report__kind="school").values_list(
        "report_id",
        "report__cycle__year",
        "report__status",
        "report__organisation__level",
        "report__organisation__parent__short_name",
        "code",
        "number",
        "text",
    )
    frame = pd.DataFrame(
        list(rows), columns=["report", "year", "status", "level", "city", "code", "number", "text"]
    )
    frame["level"] = frame["level"].replace({"bachelor": "higher"})
    errors = {
        (report_id, code)
        for report_id, findings in ValidationResult.objects.values_list("report_id", "findings")
        for f in findings
        if f["severity"] == "error"
        for code in f.get("indicators") or ()
    }
    frame = frame[frame["status"].isin(COUNTED)]
    keep = [(r, c) not in errors for r, c in zip(frame["report"], frame["code"], strict=True)]
    return frame[keep]


def expected_values(frame: pd.DataFrame, catalog) -> dict[str, float | str | None]:
    numbers = frame.dropna(subset=["number"]).assign(number=lambda f: f["number"].astype(float))
    by_code = numbers.pivot_table(index="report", columns="code", values="number", aggfunc="first")
    texts = frame[frame["text"] != ""]
    out: dict = {}
    for spec in catalog:
        kind, _, arg = spec.aggregate.partition(":")
        column = by_code.get(spec.code)
        if spec.code.endswith("_method"):
            counts = texts[texts["code"] == spec.code]["text"].value_counts()
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            out[spec.code] = "、".join(k for k, _ in ordered) or None
        elif kind == "sum":
            out[spec.code] = None if column is None else column.dropna().sum()
        elif kind == "max":
            out[spec.code] = None if column is None else column.dropna().max()
        elif kind == "weighted":
            both = by_code[[spec.code, arg]].dropna() if column is not None else None
            both = both[both[arg] > 0] if both is not None else None
            out[spec.code] = (
                None
                if both is None or both.empty
                else (both[spec.code] * both[arg]).sum() / both[arg].sum()
            )
        elif kind == "recompute":
            students = by_code["full_time_students"].dropna().sum()
            teachers = by_code["full_time_teachers"].dropna().sum()
            out[spec.code] = students / teachers
    return out


def assert_matches(actual, expected, catalog, where):
    for spec in catalog:
        if spec.code not in expected:
            continue
        want, got = expected[spec.code], actual.values.get(spec.code)
        if isinstance(want, str) or want is None:
            assert got == want, f"{where} {spec.code}: {got} != {want}"
            continue
        assert got is not None, f"{where} {spec.code}: blank, expected {want}"
        tolerance = 0.51 * 10 ** (-spec.decimals) + 1e-6 * abs(want)
        assert abs(float(got) - want) <= tolerance, f"{where} {spec.code}: {got} != {want}"


def test_province_aggregates_equal_independent_recomputation(demo):
    province = Organisation.objects.get(kind="province")
    figures = region_figures(province, 2025)
    frame = raw_frame()
    assert sorted(figures.years) == [2021, 2022, 2023, 2024, 2025]
    for level in ("higher", "secondary"):
        catalog = load_catalog("2023", level)
        for year, aggregates in figures.years.items():
            subset = frame[(frame["year"] == year) & (frame["level"] == level)]
            assert_matches(aggregates[level], expected_values(subset, catalog), catalog, year)
        current = frame[(frame["year"] == 2025) & (frame["level"] == level)]
        for city, by_level in figures.cities.items():
            expected = expected_values(current[current["city"] == city], catalog)
            assert_matches(by_level[level], expected, catalog, city)


def test_coverage_counts_submitted_reports_of_schools_that_must_report(demo):
    province = Organisation.objects.get(kind="province")
    current = region_figures(province, 2025).current
    must = Organisation.objects.filter(kind="school", must_file_report=True)
    assert current["higher"].coverage.expected == must.exclude(level="secondary").count()
    assert current["secondary"].coverage.expected == must.filter(level="secondary").count()
    assert 0 < current["secondary"].coverage.reporting < current["secondary"].coverage.expected
