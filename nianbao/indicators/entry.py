"""Rows of a data-table entry page: what the template shows for each indicator."""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.indicators.formatting import display_value, value_text


@dataclass
class EntryRow:
    spec: object
    input: str
    previous: str
    note: str
    error: str = ""
    theirs: str | None = None  # the stored value when a save conflicted
    history_count: int = 0
    evidence_count: int = 0
    findings: list = field(default_factory=list)  # filled by the validation engine later

    @property
    def indent(self) -> int:
        return self.spec.depth


def entry_rows(
    table,
    *,
    values,
    previous,
    notes,
    raw_input=None,
    raw_notes=None,
    errors=None,
    theirs=None,
    history_counts=None,
    evidence_counts=None,
    findings_by_code=None,
) -> list[EntryRow]:
    rows = []
    for spec in table.indicators:
        code = spec.code
        rows.append(
            EntryRow(
                spec=spec,
                input=raw_input[code]
                if raw_input and code in raw_input
                else value_text(values.get(code)),
                previous=display_value(spec, previous.get(code)) if code in previous else "—",
                note=raw_notes[code] if raw_notes and code in raw_notes else notes.get(code, ""),
                error=(errors or {}).get(code, ""),
                theirs=(theirs or {}).get(code, "") if theirs is not None else None,
                history_count=(history_counts or {}).get(code, 0),
                evidence_count=(evidence_counts or {}).get(code, 0),
                findings=(findings_by_code or {}).get(code, []),
            )
        )
    return rows


def table_progress(catalog, values) -> list[dict]:
    """Filled / total per table, for the table list."""
    out = []
    for table in catalog.tables:
        total = len(table.indicators)
        filled = sum(1 for spec in table.indicators if values.get(spec.code) is not None)
        out.append(
            {
                "table": table,
                "filled": filled,
                "total": total,
                "percent": int(100 * filled / total) if total else 0,
            }
        )
    return out
