"""Deletes the stored files of upload jobs that ended (applied, failed, checked with problems)
or were abandoned (checked but never confirmed, or lost by their worker) more than N days ago.
A job still being checked or applied keeps its files. Run it daily (cron)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nianbao.accounts.import_jobs import USER_IMPORT
from nianbao.core.upload_jobs import jobs_cleanup
from nianbao.indicators import upload_jobs
from nianbao.indicators.bulk import bulk_import_files_cleanup
from nianbao.organisations.import_jobs import ORGANISATION_IMPORT

# Staged uploads by folder; `imports` held the user import's sheets before it was staged.
STAGED = {
    USER_IMPORT.prefix: "批量创建用户",
    ORGANISATION_IMPORT.prefix: "批量导入组织机构",
    upload_jobs.PREFIX: "数据表工作簿上传",
    "imports": "批量创建用户（旧版）",
}


class Command(BaseCommand):
    help = "清理已结束或已放弃的上传任务留下的文件（默认早于 7 天的）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days", type=int, default=7, help="只清理最后一次变化早于这么多天的任务"
        )

    def handle(self, *args, older_than_days, **options):
        if older_than_days < 0:
            raise CommandError("--older-than-days 不能为负数。")
        older_than, now = dt.timedelta(days=older_than_days), timezone.now()
        lines, total = [], 0
        for prefix, label in STAGED.items():
            for token, reason, size in jobs_cleanup(prefix, older_than=older_than, now=now):
                lines.append(f"  {label} {token}（{reason}）")
                total += size
        for job, size in bulk_import_files_cleanup(older_than=older_than, now=now):
            lines.append(f"  批量导入 #{job.pk} {job.original_name}（{job.get_status_display()}）")
            total += size
        if not lines:
            self.stdout.write(
                f"没有需要清理的上传文件（已结束或已放弃且早于 {older_than_days} 天）。"
            )
            return
        self.stdout.write(
            f"已清理 {len(lines)} 个上传任务的文件"
            f"（早于 {older_than_days} 天，共释放 {total / 1048576:.1f} MB）："
        )
        self.stdout.write("\n".join(lines))
