"""发送截止提醒: e-mail and notify the writers of reports due in 3 days or 1 day. Idempotent:
reminders already sent are recorded and not sent again."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from nianbao.submissions.services import send_deadline_reminders


class Command(BaseCommand):
    help = "发送年报截止提醒（截止前 3 天和 1 天），重复运行不会重复发送。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按该日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"日期格式不正确：{today}（应为 YYYY-MM-DD）")
        sent = send_deadline_reminders(today=day)
        for report, key in sent:
            self.stdout.write(f"已提醒：{report.title}（{key}）")
        self.stdout.write(f"共发送 {len(sent)} 份年报的截止提醒。")
