import pytest

from nianbao.indicators.selectors import report_catalog


@pytest.fixture
def catalog(world):
    return report_catalog(world.report)


@pytest.fixture
def editor(world):
    return world.users["school_editor"]


@pytest.fixture
def first_table(catalog):
    return catalog.tables[0]


def sample_values(catalog, table_code: str) -> dict[str, str]:
    """Consistent-looking raw input for every indicator of a table (as typed in a form)."""
    out = {}
    for spec in catalog.table(table_code).indicators:
        if spec.value_type == "choice":
            out[spec.code] = spec.choices[0]
        elif spec.value_type == "text":
            out[spec.code] = "说明文字"
        elif spec.value_type == "percent":
            out[spec.code] = "85.5"
        elif spec.value_type == "count":
            out[spec.code] = str(100 // (spec.depth + 1))
        else:
            out[spec.code] = "12.5"
    return out


@pytest.fixture
def world(db):
    """The shared test world with this cycle's reports extended a year past today, so they are
    editable whatever the machine's date (the deadline lock is tested on its own)."""
    import datetime as dt

    from nianbao.testing import build_world

    w = build_world()
    until = dt.date.today() + dt.timedelta(days=365)
    w.cycle.reports.update(extended_until=until)
    for name in ("report", "other_report", "city_report"):
        getattr(w, name).refresh_from_db()
    return w
