"""`manage.py build_region_report --org <code> --cycle <year> --out <dir>`: the generated
city or provincial report as report.docx, report.pdf and the aggregates as aggregate.json."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nianbao.aggregation.documents import region_report_document
from nianbao.cycles.models import Cycle
from nianbao.documents.render import render_docx_and_pdf
from nianbao.organisations.models import Organisation


class Command(BaseCommand):
    help = "生成地市级或省级职业教育质量年度报告（DOCX、PDF 和汇总数据 JSON）"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="市教育局或教育厅的组织代码")
        parser.add_argument("--cycle", required=True, type=int, help="年度，例如 2025")
        parser.add_argument("--out", required=True, help="输出目录")

    def handle(self, *args, org, cycle, out, **options):
        organisation = Organisation.objects.filter(code=org, kind__in=["city", "province"]).first()
        if organisation is None:
            raise CommandError(f"没有代码为 {org} 的市教育局或教育厅")
        if not Cycle.objects.filter(year=cycle).exists():
            raise CommandError(f"没有 {cycle} 年度的年报周期")
        document, figures = region_report_document(organisation, cycle)
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        docx, pdf = render_docx_and_pdf(document)
        (directory / "report.docx").write_bytes(docx)
        (directory / "report.pdf").write_bytes(pdf)
        (directory / "aggregate.json").write_text(
            json.dumps(figures.as_json(), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        self.stdout.write(f"已生成 {directory}/report.docx、report.pdf、aggregate.json")
