"""Load run: 50 users for 60 s against gunicorn (the README's production server) on PostgreSQL.
Prints requests, errors and p50/p95 per page and overall (no timing limits); exits 1 on any
error response.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/nianbao_reliability \\
     .venv/bin/python -m bench.reliability.load [--users 50] [--seconds 60] [--workers 4]
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict

from bench.reliability.world import ROOT, fresh_world

# isort: split
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password  # noqa: E402
from django.utils import timezone  # noqa: E402

from nianbao.core.roles import Role  # noqa: E402
from nianbao.cycles.models import Deadline  # noqa: E402
from nianbao.reports.models import Report  # noqa: E402
from nianbao.reports.services import open_cycles_reports_ensure  # noqa: E402
from nianbao.testing import PASSWORD, make_org, make_user  # noqa: E402

PORT = 8765


class Browser:
    """One user's session over HTTP (cookies and the CSRF token kept by hand: the production
    settings mark cookies Secure, which a plain cookie jar would not send to 127.0.0.1)."""

    def __init__(self):
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://localhost{path}"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data


def seed(users: int) -> list[tuple[str, int]]:
    """One school per user, each with a school editor; returns (username, report id)."""
    w = fresh_world()
    Deadline.objects.filter(cycle=w.cycle).update(
        due_on=timezone.localdate() + timezone.timedelta(days=60)
    )
    schools = [
        make_org("school", f"18{n:05d}", f"负载测试职业学院{n}", w.city, level="higher")
        for n in range(users)
    ]
    open_cycles_reports_ensure(pks=[s.pk for s in schools])
    # The production settings verify with PBKDF2 only: one real hash, shared by the load users.
    hashed = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    out = []
    for n, school in enumerate(schools):
        user = make_user(f"load{n}", Role.SCHOOL_EDITOR, school)
        type(user).objects.filter(pk=user.pk).update(password=hashed)
        out.append((f"load{n}", Report.objects.get(organisation=school, cycle=w.cycle).pk))
    return out


def user_loop(username: str, report_id: int, until: float, samples, errors) -> None:
    """One user's session; a timeout or a dropped connection counts as an error of its page."""
    page = ["登录"]
    try:
        _session(username, report_id, until, samples, errors, page)
    except OSError:
        errors[page[0]] += 1


def _session(username, report_id, until, samples, errors, page) -> None:
    browser = Browser()
    browser.request("GET", "/accounts/login/")
    status, _ = browser.request(
        "POST", "/accounts/login/", {"username": username, "password": PASSWORD}
    )
    if status != 302:
        errors["登录"] += 1
        return
    pages = [
        ("首页", "/"),
        ("年报列表", "/reports/"),
        ("年报概览", f"/reports/{report_id}/"),
        ("数据表", f"/data/reports/{report_id}/tables/scorecard/"),
        ("校验结果", f"/validation/reports/{report_id}/"),
    ]
    version = 0
    n = 0
    while time.time() < until:
        n += 1
        page[0] = "保存数据表" if n % 6 == 0 else pages[n % len(pages)][0]
        if n % 6 == 0:  # a save of the data table now and then
            name, path = "保存数据表", f"/data/reports/{report_id}/tables/scorecard/"
            form = {"version": str(version), "v_graduates": str(1000 + n)}
            started = time.perf_counter()
            status, _ = browser.request("POST", path, form)
            if status == 302:
                version += 1
        else:
            name, path = pages[n % len(pages)]
            started = time.perf_counter()
            status, _ = browser.request("GET", path)
        samples[name].append(time.perf_counter() - started)
        if status >= 400:
            errors[name] += 1


def pct(values: list[float], p: float) -> float:
    values = sorted(values) or [0.0]
    return values[min(len(values) - 1, int(p * len(values)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    accounts = seed(args.users)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-run-" + "x" * 50),
        "ALLOWED_HOSTS": "localhost",
        "SECURE_SSL_REDIRECT": "0",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(args.workers), "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(60):
            try:
                Browser().request("GET", "/accounts/login/")
                break
            except OSError:
                time.sleep(0.5)
        samples: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, int] = defaultdict(int)
        until = time.time() + args.seconds
        threads = [
            threading.Thread(target=user_loop, args=(u, r, until, samples, errors))
            for u, r in accounts
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait()
    total = [s for v in samples.values() for s in v]
    print(
        f"==> 负载测试：{args.users} 个用户，{args.seconds} 秒，gunicorn {args.workers} 个进程，PostgreSQL"
    )
    print(f"{'页面':<10}{'请求':>8}{'错误':>6}{'p50 ms':>10}{'p95 ms':>10}")
    for name in sorted(set(samples) | set(errors)):
        values = samples.get(name, [])
        print(
            f"{name:<10}{len(values):>8}{errors.get(name, 0):>6}{pct(values, 0.5):>10.0f}{pct(values, 0.95):>10.0f}"
        )
    print(
        f"{'合计':<10}{len(total):>8}{sum(errors.values()):>6}"
        f"{pct(total, 0.5):>10.0f}{pct(total, 0.95):>10.0f}  "
        f"（{len(total) / args.seconds:.1f} 请求/秒）"
    )
    return 1 if sum(errors.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
