"""清理导出文件: deletes background downloads (文件导出) older than N days with their files."""

from django.core.management.base import BaseCommand, CommandError

from nianbao.core.services import KEEP_DAYS, file_exports_cleanup


class Command(BaseCommand):
    help = f"删除 N 天前生成的导出文件（默认 {KEEP_DAYS} 天），下载记录一并删除。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=KEEP_DAYS, help="保留最近多少天的导出")

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("保留天数至少为 1 天。")
        removed = file_exports_cleanup(days=days)
        self.stdout.write(f"已删除 {removed} 个导出文件。")
