from django.core.management.base import BaseCommand, CommandError

from nianbao.accounts.models import User
from nianbao.demo import province as demo
from nianbao.organisations.models import Organisation


class Command(BaseCommand):
    help = "生成示范省演示数据（固定随机种子）"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--if-empty", action="store_true", help="数据库已有数据时跳过")

    def handle(self, *args, seed: int, if_empty: bool, **options):
        if Organisation.objects.exists():
            if if_empty:
                self.stdout.write("数据库已有数据，跳过演示数据生成。")
                self._print_logins(None)
                return
            raise CommandError("数据库已有数据；请使用空数据库，或加 --if-empty 跳过。")
        logins = demo.build_demo_province(seed=seed)
        self.stdout.write(
            self.style.SUCCESS(f"已生成示范省：{Organisation.objects.count()} 个机构。")
        )
        self._print_logins(logins)

    def _print_logins(self, logins):
        self.stdout.write(f"\n演示账号（密码均为 {demo.DEMO_PASSWORD}）：")
        if logins is None:
            rows = [
                (u.username, ", ".join(m.get_role_display() for m in u.memberships.all()), "")
                for u in User.objects.prefetch_related("memberships").order_by("id")[:20]
            ]
        else:
            rows = [
                (login.username, login.role, login.organisation)
                for login in logins
                if not login.username.startswith("shi")
                or login.username in ("shi01_admin", "shi01_pingshen")
            ]
        for username, role, org in rows:
            self.stdout.write(f"  {username:<16} {role:<8} {org}")
