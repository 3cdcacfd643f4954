"""Marks bulk imports whose task died (kill -9, power loss) failed, so they can be retried."""

from django.core.management.base import BaseCommand

from nianbao.indicators.bulk import bulk_imports_recover


class Command(BaseCommand):
    help = "把处理进程已中断的批量导入标记为失败（之后可在页面上重试）"

    def handle(self, *args, **options):
        count = bulk_imports_recover()
        self.stdout.write(f"已标记 {count} 个中断的批量导入为失败。")
