"""The real provincial report material in ../shared/domain (skipped where it is absent): every
error-level finding must be a defect a reader agrees with."""

from pathlib import Path

import pytest

from nianbao.checker import check_document, check_path, read_path
from nianbao.checker.model import Caption, Heading

DOMAIN = Path(__file__).resolve().parents[3].parent / "shared" / "domain"
CHAPTERS = DOMAIN / "provincial_report_2023_chapters_4_5.txt"
FRONT = DOMAIN / "provincial_report_2023_front_matter_and_lists.txt"
APPENDIX = DOMAIN / "provincial_report_2023_appendix_tables.txt"

pytestmark = pytest.mark.skipif(not CHAPTERS.exists(), reason="../shared/domain is absent")


def _errors(findings):
    return sorted((f.code, f.values) for f in findings if f.severity == "error")


def test_real_chapters_have_no_false_error():
    findings = check_path(CHAPTERS, framework="none")
    assert _errors(findings) == []
    assert [f for f in findings if f.code.startswith("numbering")] == []


def test_real_chapters_layout_is_read():
    doc = read_path(CHAPTERS)
    chapters = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert chapters == ["4 文化传承", "5 国际合作"]
    cases = [b.number for b in doc.blocks if isinstance(b, Caption) and b.kind == "案例"]
    assert cases == [(4, n) for n in range(1, 15)] + [(5, n) for n in range(1, 8)]
    titled = {b.number: b.title for b in doc.blocks if isinstance(b, Caption) and b.kind == "案例"}
    assert titled[(4, 6)] == "“非遗+专业+产业”，传承传统文化"
    assert titled[(4, 2)] == "根植红色文化沃土，助推学校特色发展"


def test_real_front_matter_lists():
    findings = check_path(FRONT, framework="none")
    assert _errors(findings) == [("numbering.list_order", ("3.6.4",)),
                                 ("numbering.list_order", ("6-4",))]  # fmt: skip
    warnings = {f.code: f for f in findings if f.severity == "warning"}
    assert "138" in warnings["numbering.list_page"].message
    assert "资料来源" in warnings["numbering.list_entry"].message


def test_real_glued_list_page_numbers_are_split():
    doc = read_path(FRONT)
    entries = {(b.kind, b.number): b for b in doc.blocks if getattr(b, "list_kind", "") == "表"}
    assert entries[("表", (6, 2))].page == 136
    assert entries[("表", (6, 2))].title.endswith("(19 家)")


def test_real_appendix_errors_are_misnumbered_rows_and_a_partition_that_does_not_add_up():
    findings = check_path(APPENDIX, framework="none")
    assert _errors(findings) == [
        ("table.sequence_gap", ("4", "6")),
        ("table.sequence_repeat", ("4",)),
        # 1943 + 19418 + 50436 = 71797, the row says 71791
        ("table.sum_mismatch", ("71791", "1943", "19418", "50436")),
    ]


def test_real_parts_together_compare_lists_with_body():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (FRONT, CHAPTERS, APPENDIX))
    from nianbao.checker import read_bytes

    doc = read_bytes(text.encode("utf-8"), "report.txt")
    findings = check_document(doc, framework="none")
    errors = _errors(findings)
    assert ("numbering.list_mismatch", ("4-20",)) in errors
    assert len(errors) == 6
    titles = [f.message for f in findings if f.code == "numbering.list_mismatch"]
    assert any("送教入企助发展" in m and "送教入企促发展" in m for m in titles)
