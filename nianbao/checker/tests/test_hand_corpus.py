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


PDF_SOURCE = r"""
#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC"), lang: "zh", size: 11pt)
#set page(paper: "a5", margin: 2cm,
  header: align(center)[山西省职业教育质量年度报告（2023）],
  footer: context align(center)[#counter(page).display()])
#set par(leading: 1em)

= 1 基本情况

== 1.1 院校规模

PARAGRAPHS

== 1.2 办学条件

全省高职院校建有校内实训基地 412 个。

= 2 人才培养

== 2.1 师资

全省高职院校专任教师 14223 人。全省高职院校建有校内实训基地 415 个。
"""
PARAGRAPH = (
    "全省高职院校在校生 40.9 万人，中职学校在校生 33.1 万人。全省高职院校专任教师 14223 人，"
    "其中“双师型”教师 8912 人，占专任教师总数的 62.66%。职业院校持续深化产教融合，推进校企合作。"
)


def test_pdf_excerpt_with_running_header_and_sentences_broken_by_pages():
    typst = pytest.importorskip("typst")
    source = PDF_SOURCE.replace("PARAGRAPHS", "\n\n".join([PARAGRAPH] * 6))
    try:
        pdf = typst.compile(source.encode(), format="pdf", font_paths=["/usr/share/fonts"])
    except Exception as exc:  # noqa: BLE001 - no CJK fonts on this machine
        pytest.skip(f"typst could not compile: {exc}")
    from nianbao.checker import check_bytes, read_bytes

    doc = read_bytes(pdf, "excerpt.pdf")
    assert not any("质量年度报告" in getattr(b, "text", "") for b in doc.blocks)
    errors = [f for f in check_bytes(pdf, "excerpt.pdf", framework="none") if f.severity == "error"]
    assert [f.code for f in errors] == ["consistency.value_mismatch"]
    assert "412" in errors[0].message and "415" in errors[0].message
