"""附表1–6 of a report (pure): the catalog's rows of one level with their values, 调查人次 and
调查方式 as columns of the satisfaction rows, as in the published appendix."""

from __future__ import annotations

from nianbao.documents.model import DataRow, DataTable
from nianbao.indicators.formatting import display_value

__all__ = ["appendix_tables"]


def appendix_tables(catalog, values, *, year: int, group: str = "") -> tuple[DataTable, ...]:
    """附表1–6 of one level: the catalog's rows with `values` in the `year` column; `group`
    (高职/中职) when a region report prints both levels."""
    column = f"{year}年"
    tables = []
    for table in catalog.tables:
        # 附表2: 调查人次 and 调查方式 are columns of their satisfaction row, not rows of their own.
        survey = any(spec.survey for spec in table.indicators)
        columns = (column, "调查人次", "调查方式") if survey else (column,)
        rows = []
        for spec in table.indicators:
            if spec.survey_of:
                continue
            cells = [display_value(spec, values.get(spec.code))]
            if survey:
                for suffix in ("_respondents", "_method"):
                    companion = catalog.indicators.get(spec.code + suffix)
                    cells.append(
                        display_value(companion, values.get(companion.code)) if companion else ""
                    )
            rows.append(
                DataRow(
                    seq=str(spec.seq or ""),
                    name=spec.name,
                    unit=spec.unit or "",
                    values=tuple(cells),
                    depth=spec.depth,
                )
            )
        tables.append(
            DataTable(
                number=table.number,
                code=f"{catalog.level}-{table.code}" if group else table.code,
                title=table.name,
                columns=columns,
                rows=tuple(rows),
                group=group,
            )
        )
    return tuple(tables)
