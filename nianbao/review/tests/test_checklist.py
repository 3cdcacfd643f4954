"""The edition checklists load, pre-fill from facts, take the reviewer's overrides and grade."""

import pytest

from nianbao.review import checklist as cl

ALL_PASS = {
    "framework_parts": (True, ""),
    "checker_errors": (True, ""),
    "validation_errors": (True, ""),
    "unresolved_warnings": (True, ""),
    "declaration": (True, ""),
    "url_own_site": (True, ""),
    "on_time": (True, ""),
    "enterprise_quota": (True, ""),
}


@pytest.mark.parametrize("edition", ["2023", "2024", "2025"])
def test_every_edition_checklist_loads_with_the_three_headings(edition):
    checklist = cl.load_checklist(edition)
    assert {i.heading for i in checklist.items} == set(cl.HEADINGS)
    assert sum(i.points for i in checklist.items) == 100


def test_missing_edition_is_a_clear_error():
    with pytest.raises(cl.ChecklistError, match="没有 1999 版的审核清单"):
        cl.load_checklist("1999")


@pytest.mark.parametrize(
    ("failed", "kind", "grade", "score"),
    [
        ((), "school", "A", 100),
        (("url_own_site",), "school", "A", 92),  # 92 ≥ 90
        (("url_own_site", "on_time"), "school", "B", 85),
        (("framework_parts", "declaration"), "school", "C", 70),
        ((), "city", "A", 95),  # the enterprise quota applies to school reports only
    ],
)
def test_score_and_grade_follow_the_facts(failed, kind, grade, score):
    facts = {**ALL_PASS, **{f: (False, "") for f in failed}}
    _, got, maximum, got_grade = cl.evaluate(cl.load_checklist("2025"), kind, facts, {})
    assert (got, got_grade) == (score, grade)
    assert maximum == (100 if kind == "school" else 95)


def test_reviewer_override_replaces_the_prefill_and_is_flagged():
    marks = {"framework_parts": {"passed": False, "note": "缺少面临挑战"}}
    results, score, _, grade = cl.evaluate(cl.load_checklist("2025"), "school", ALL_PASS, marks)
    item = next(r for r in results if r.item.code == "framework_parts")
    assert (item.prefilled, item.passed, item.overridden, item.note) == (
        True, False, True, "缺少面临挑战",
    )  # fmt: skip
    assert (score, grade) == (80, "B")


def test_an_item_without_a_fact_is_not_prefilled_as_passed():
    results, score, _, _ = cl.evaluate(cl.load_checklist("2025"), "school", {}, {})
    assert all(r.prefilled is None and not r.passed for r in results) and score == 0


def test_d_grade_where_the_edition_has_it():
    checklist = cl.load_checklist("2023")
    assert checklist.grade_names == ("A", "B", "C", "D") and checklist.grade_for(59.9) == "D"
    assert cl.load_checklist("2025").grade_names == ("A", "B", "C")


def test_malformed_checklist_is_refused(tmp_path, monkeypatch):
    (tmp_path / "2099.yaml").write_text(
        "edition: '2099'\nheadings:\n  - name: 其他\n    items: []\ngrades: []\n", encoding="utf-8"
    )
    monkeypatch.setattr(cl, "CHECKLIST_DIR", tmp_path)
    with pytest.raises(cl.ChecklistError, match="审核维度"):
        cl.load_checklist.__wrapped__("2099")
