"""Benchmark the report checker (年报体检): recall per rule family on the planted corpus, recall
on the hand-written corpus, error findings on clean reports, and end-to-end time on the
demo province's generated provincial report (DOCX and PDF).

Run: .venv/bin/python bench/bench_checker.py [--quick]
"""

from __future__ import annotations

import io
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from nianbao.checker import check_bytes  # noqa: E402
from nianbao.checker.tests.corpus.generator import (  # noqa: E402
    DEFECTS,
    build_report,
    render,
    to_text,
)

FORMATS = ("txt", "md", "docx")
_TYPST_SPECIAL = str.maketrans({c: "\\" + c for c in "#*_$@<>[]\\`~=+-/"})


def _hit(planted, findings) -> bool:
    return any(
        f.code == planted.code
        and planted.hint in " ".join((f.excerpt, f.message, f.location.label, *f.values))
        for f in findings
    )


def recall(seeds: range) -> None:
    per_family: dict[str, list[bool]] = defaultdict(list)
    for defect, code in DEFECTS.items():
        for kind in ("school", "province"):
            for seed in seeds:
                report = build_report(kind, seed=1000 + seed, defect=defect)
                for fmt in FORMATS:
                    content, name = render(report, fmt)
                    findings = check_bytes(content, name, data=report.data)
                    for planted in report.planted:
                        per_family[code.split(".")[0]].append(_hit(planted, findings))
    total = [h for hits in per_family.values() for h in hits]
    print("== 植入缺陷召回率（按规则族）==")
    for family, hits in sorted(per_family.items()):
        print(f"  {family:<12} {sum(hits):>4}/{len(hits):<4} {sum(hits) / len(hits):7.1%}")
    print(f"  {'合计':<10} {sum(total):>4}/{len(total):<4} {sum(total) / len(total):7.1%}")


def false_errors(seeds: range) -> None:
    reports = errors = warnings = 0
    for kind in ("school", "province"):
        for seed in seeds:
            report = build_report(kind, seed=seed)
            for fmt in FORMATS:
                content, name = render(report, fmt)
                findings = check_bytes(content, name, data=report.data)
                reports += 1
                errors += sum(1 for f in findings if f.severity == "error")
                warnings += sum(1 for f in findings if f.severity == "warning")
    print("== 无缺陷报告 ==")
    print(f"  报告 {reports} 份：错误 {errors} 条（误报），警告 {warnings} 条")


def _typst_source(report) -> str:
    lines = ['#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC"), lang: "zh", size: 11pt)',
             '#set page(paper: "a4", margin: 2.5cm)', "#set par(leading: 1em)"]  # fmt: skip
    for b in report.blocks:
        if b[0] == "h":
            lines.append("=" * b[1] + " " + b[2].translate(_TYPST_SPECIAL))
        elif b[0] == "table":
            rows = b[2]
            cells = ", ".join(f"[{c.translate(_TYPST_SPECIAL)}]" for r in rows for c in r)
            lines.append(f"#table(columns: {len(rows[0])}, {cells})")
        else:
            lines.append(b[-1].replace("\t", "  ").translate(_TYPST_SPECIAL))
        lines.append("")
    return "\n".join(lines)


def _best_of(n: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def timing() -> None:
    report = build_report("province", seed=7, scale=5)
    text = to_text(report)
    tables = sum(1 for b in report.blocks if b[0] == "table")
    print("== 省级年报端到端耗时（读取 + 全部规则）==")
    print(f"  文本 {len(text.encode()) / 1024:.0f} KB（{len(text)} 字符），表格 {tables} 个")
    files = [render(report, fmt) for fmt in FORMATS]
    try:
        import typst

        fonts = [d for d in ("/usr/share/fonts",) if Path(d).is_dir()]
        pdf = typst.compile(_typst_source(report).encode(), format="pdf", font_paths=fonts)
        from pypdf import PdfReader

        print(f"  PDF 版 {len(PdfReader(io.BytesIO(pdf)).pages)} 页")
        files.append((pdf, "report.pdf"))
    except Exception as exc:  # noqa: BLE001 - the PDF figure is optional (fonts, typst)
        print(f"  （未生成 PDF：{exc.__class__.__name__}）")
    for content, name in files:
        seconds, findings = _best_of(
            3, lambda c=content, n=name: check_bytes(c, n, data=report.data)
        )
        errors = sum(1 for f in findings if f.severity == "error")
        print(f"  {name:<12} {seconds:6.3f} s   发现 {len(findings)} 条（错误 {errors}）")


def hand_recall() -> None:
    import json

    from nianbao.checker import check_path

    corpus = Path(__file__).resolve().parent.parent / "nianbao/checker/tests/hand_corpus"
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    planted = hit = extra = 0
    for name, spec in expected.items():
        if name.startswith("_"):
            continue
        errors = [f for f in check_path(corpus / name, framework="none") if f.severity == "error"]

        def match(f, code, hint):
            return f.code == code and hint in " ".join((f.message, f.excerpt, *f.values))

        for code, hint in spec["errors"]:
            planted += 1
            hit += any(match(f, code, hint) for f in errors)
        extra += sum(1 for f in errors if not any(match(f, c, h) for c, h in spec["errors"]))
    print("== 手写语料 ==")
    print(f"  召回 {hit}/{planted}（{hit / planted:.1%}），多报错误 {extra} 条")


def platform_docx() -> None:
    """The demo province's generated provincial report (about 157 pages) as DOCX and PDF, read
    and checked end to end (the demo province is seeded first when absent, not timed)."""
    try:
        from bench_region_report import demo_provincial_document

        from nianbao.documents.render import render_docx_and_pdf

        report = demo_provincial_document()
    except Exception as exc:  # noqa: BLE001 - the figure needs the platform's settings
        print(f"  （未生成平台省级年报：{exc.__class__.__name__}：{exc}）")
        return
    docx, pdf = render_docx_and_pdf(report)
    print("== 示范省省级年报（平台生成）端到端 ==")
    for name, content in (("report.docx", docx), ("report.pdf", pdf)):
        seconds, findings = _best_of(3, lambda c=content, n=name: check_bytes(c, n))
        errors = sum(1 for f in findings if f.severity == "error")
        print(
            f"  {name:<12}{len(content) / 1024:6.0f} KB  {seconds:6.3f} s   "
            f"发现 {len(findings)} 条（错误 {errors}）"
        )


def main() -> None:
    quick = "--quick" in sys.argv
    recall(range(1 if quick else 3))
    hand_recall()
    false_errors(range(2 if quick else 5))
    platform_docx()
    timing()


if __name__ == "__main__":
    main()
