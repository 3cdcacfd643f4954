"""全文检索索引: extract the text of every published report whose text is missing or from an
older submission (existing data; new publications are extracted by the background task)."""

from django.core.management.base import BaseCommand

from nianbao.portal.document_text import document_text_extract, reports_needing_text
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report


class Command(BaseCommand):
    help = "提取已发布年报的全文，供公开查询检索（只处理缺少全文或全文已过期的年报）。"

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="重新提取全部已发布年报")

    def handle(self, *args, all=False, **options):
        if all:
            reports = Report.objects.filter(status=ReportStatus.PUBLISHED).select_related(
                "cycle", "organisation"
            )
        else:
            reports = reports_needing_text()
        reports = list(reports.order_by("cycle__year", "organisation__path", "kind", "pk"))
        total = len(reports)
        if not total:
            self.stdout.write("所有已发布年报的全文均已是最新，无需提取。")
            return
        self.stdout.write(f"共 {total} 份已发布年报需要提取全文。")
        failed = 0
        for n, report in enumerate(reports, start=1):
            stored = document_text_extract(report_id=report.pk, force=all)
            head = f"[{n}/{total}] {report.cycle.year}年度 {report.organisation.name}"
            if stored is None:
                self.stdout.write(f"{head}：已不再公开或没有提交版本，跳过。")
            elif stored.text and not stored.error:
                self.stdout.write(f"{head}：已提取 {len(stored.text)} 字。")
            elif stored.text:
                self.stdout.write(f"{head}：已提取 {len(stored.text)} 字（{stored.error}）")
            else:
                failed += 1
                self.stdout.write(self.style.WARNING(f"{head}：未能提取，{stored.error}"))
        self.stdout.write(
            f"完成：{total - failed} 份已提取，{failed} 份未能提取（仍可按名称与正文检索）。"
        )
