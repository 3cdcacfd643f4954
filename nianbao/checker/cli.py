"""`nianbao check FILE [--json] [--framework EDITION|none] [--data TABLES.json] [--kind KIND]`:
report checker (年报体检) on the command line. Exit 0 without errors, 1 with errors, 2 for bad
input."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nianbao.checker.engine import check_document, summarize
from nianbao.checker.model import Finding
from nianbao.checker.readers import ReadError, read_path

_SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep the message Chinese
        print(f"参数错误：{message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="nianbao check", description="年报体检：检查质量年报中的数据矛盾与编号错误")
    p.add_argument("file", help="报告文件（DOCX、PDF、Markdown、TXT）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.add_argument(
        "--framework", metavar="EDITION", help="报告框架版本（默认最新；none 表示节选，不核对框架）"
    )
    p.add_argument("--data", metavar="TABLES.json", help="报送的数据表（JSON）")
    p.add_argument("--kind", default="school", choices=["school", "city", "province", "enterprise"],
                   help="年报类型（默认 school）")  # fmt: skip
    return p


def _plain(path: str, findings: list[Finding]) -> str:
    summary = summarize(findings)
    lines = [f"年报体检：{path}",
             f"共 {summary['total']} 条：错误 {summary['error']}，警告 {summary['warning']}，"
             f"提示 {summary['info']}"]  # fmt: skip
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append("")
        lines.append(f"【{_SEVERITY_NAMES[severity]}】{len(group)} 条")
        for f in group:
            lines.append(f"- [{f.code}] {f.message}")
            lines.append(f"  位置：{f.location.label}")
            if f.excerpt:
                excerpt = f.excerpt if len(f.excerpt) <= 120 else f.excerpt[:119] + "…"
                lines.append(f"  原文：{excerpt}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    data = None
    if args.data:
        try:
            data = json.loads(Path(args.data).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"无法读取数据表文件 {args.data}：{exc}", file=sys.stderr)
            return 2
        if not isinstance(data, dict):
            print("数据表文件应为 JSON 对象", file=sys.stderr)
            return 2
    try:
        doc = read_path(args.file)
        findings = check_document(doc, framework=args.framework, data=data, kind=args.kind)
    except ReadError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except ValueError as exc:  # FrameworkError: unknown edition or kind
        print(str(exc), file=sys.stderr)
        return 2
    if args.json:
        out = {"file": args.file, "summary": summarize(findings),
               "findings": [f.to_dict() for f in findings]}  # fmt: skip
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(_plain(args.file, findings))
    return 1 if any(f.severity == "error" for f in findings) else 0
