"""What changed between the returned submission and the resubmission."""

from nianbao.review.diff import snapshot_changes
from nianbao.review.tests.helpers import snapshot_text


def _snap(**kw):
    base = {"text": snapshot_text(), "data": {"a": "1"}, "attachments": {}, "publication_url": "u"}
    return {**base, **kw}


def test_identical_submissions_have_no_changes():
    assert snapshot_changes(_snap(), _snap()) == []


def test_changed_section_added_case_data_and_url_are_listed():
    after = _snap(
        text=snapshot_text(
            body="2025年共有1300名学生参加。", cases=(("c1", "产教融合案例", "正文"),)
        ),
        data={"a": "2", "b": "5"},
        publication_url="v",
    )
    changes = snapshot_changes(_snap(), after)
    kinds = {(c.area, c.kind) for c in changes}
    assert ("正文", "changed") in kinds and ("案例", "added") in kinds
    assert (
        ("数据", "changed") in kinds and ("数据", "added") in kinds and ("网址", "changed") in kinds
    )
    section = next(c for c in changes if c.area == "正文")
    assert "-2025年共有1200名学生参加。" in section.diff_lines
    assert "+2025年共有1300名学生参加。" in section.diff_lines


def test_removed_table_and_replaced_declaration():
    before = _snap(
        text={**snapshot_text(), "tables": [{"part": "p", "order": 0, "key": "t1", "caption": "表一",
                                             "columns": ["a"], "rows": [["1"]]}]},
        attachments={"declaration": {"filename": "a.pdf", "sha256": "1"}},
    )  # fmt: skip
    after = _snap(attachments={"declaration": {"filename": "b.pdf", "sha256": "2"}})
    changes = snapshot_changes(before, after)
    assert [(c.area, c.label, c.kind) for c in changes] == [
        ("表", "表一", "removed"),
        ("附件", "内容真实性责任声明", "changed"),
    ]


def test_data_changes_are_labelled_with_the_indicator_name():
    (change,) = snapshot_changes(_snap(), _snap(data={"a": "2"}), {"a": "毕业生人数"})
    assert (change.area, change.label, change.before, change.after) == (
        "数据",
        "毕业生人数",
        "1",
        "2",
    )
