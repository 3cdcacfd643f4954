"""The hand-written corpus: short excerpts in the patterns of real reports (both levels side by
side, several competitions, named denominators, years side by side, glued page numbers,
bold-run captions). Each file has its expected findings and its expected silence."""

import json
from pathlib import Path

import pytest

from nianbao.checker import check_path

CORPUS = Path(__file__).parent / "hand_corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FILES = sorted(k for k in EXPECTED if not k.startswith("_"))


def _matches(finding, code: str, hint: str) -> bool:
    text = " ".join((finding.message, finding.excerpt, *finding.values))
    return finding.code == code and hint in text


def test_corpus_has_at_least_twelve_excerpts():
    assert len(FILES) >= 12
    assert {p.name for p in CORPUS.glob("*.txt")} == set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_expected_findings_and_silence(name):
    spec = EXPECTED[name]
    findings = check_path(CORPUS / name, framework="none")
    errors = [f for f in findings if f.severity == "error"]
    for code, hint in spec["errors"]:
        assert any(_matches(f, code, hint) for f in errors), (code, hint)
    for f in errors:
        assert any(_matches(f, c, h) for c, h in spec["errors"]), f"unexpected error: {f.message}"
    for code, hint in spec["warnings"]:
        assert any(_matches(f, code, hint) for f in findings), (code, hint)
    for code in spec["silent"]:
        assert [f.message for f in findings if f.code == code] == []


def test_same_measure_is_one_finding_listing_every_place():
    findings = check_path(CORPUS / "06_same_measure_three_ways.txt", framework="none")
    (f,) = [f for f in findings if f.code == "consistency.value_mismatch"]
    for value, place in (("412", "1.2 办学条件"), ("409", "3.1 服务行业企业"), ("415", "附表 3")):
        assert value in f.message and place in f.message


def test_named_denominator_finding_shows_its_arithmetic_and_source():
    findings = check_path(CORPUS / "05_named_denominator.txt", framework="none")
    f = next(f for f in findings if "12591" in f.message)
    assert "5200 人 ÷ 12591 人 = 41.3%" in f.message and "1 基本情况" in f.message


def test_recall_on_hand_corpus_is_complete():
    expected = hit = 0
    for name in FILES:
        findings = check_path(CORPUS / name, framework="none")
        for code, hint in EXPECTED[name]["errors"]:
            expected += 1
            hit += any(_matches(f, code, hint) for f in findings if f.severity == "error")
    assert expected >= 10 and hit == expected
