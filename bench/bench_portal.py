"""Page timings of the public portal under concurrent anonymous clients (loopback only).

Seeds the demo province and its published reports into the database named by DATABASE_URL
(which must be empty or a throw-away database: it is flushed), serves the project with a
threaded WSGI server on 127.0.0.1, and lets N clients fetch the portal pages for a bounded
number of rounds. Prints per-page median, 95th percentile and maximum in milliseconds.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/nianbao_bench \\
     .venv/bin/python bench/bench_portal.py [--clients 20] [--rounds 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402

from nianbao.demo.province import build_demo_province  # noqa: E402
from nianbao.reports.models import Report  # noqa: E402


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _seed(reuse: bool) -> list:
    call_command("migrate", verbosity=0)
    published = list(Report.objects.filter(status="published").order_by("pk"))
    if reuse and published:
        return published
    call_command("flush", interactive=False, verbosity=0)
    build_demo_province(seed=2025)  # publishes three reports of the closed cycle
    return list(Report.objects.filter(status="published").order_by("pk"))


def _pages(reports) -> dict[str, str]:
    first = reports[0]
    report = f"/public/reports/{first.cycle.year}/{first.organisation.code}/"
    return {
        "列表": "/public/",
        "筛选（年度+层次）": f"/public/?year={first.cycle.year}&level=higher",
        "搜索“职业”": "/public/?q=" + quote("职业"),
        "年报页": report,
        "PDF 下载": report + "download/",
        "核验页": "/public/verify/",
    }


def _fetch(url: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback)
            size = len(response.read())
            status = response.status
    except urllib.error.HTTPError as exc:
        size, status = 0, exc.code
    return (time.perf_counter() - started) * 1000, status, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15, help="page sets per client")
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    args = parser.parse_args()
    # Timing, not the limiter: every client shares 127.0.0.1, so lift the per-address limits.
    settings.PORTAL_RATE_LIMITS = {"portal-search": "100000/m", "portal-verify": "100000/m"}

    started = time.perf_counter()
    reports = _seed(args.reuse)
    # The server below starts a thread per request: a persistent connection per thread would
    # pile up on the shared PostgreSQL, so each request closes its own.
    connection.settings_dict["CONN_MAX_AGE"] = 0
    print(f"database ready: demo province and {len(reports)} published reports, "
          f"{time.perf_counter() - started:.1f} s ({settings.DATABASES['default']['ENGINE']})")  # fmt: skip
    server = make_server("127.0.0.1", 0, get_wsgi_application(), _Server, _QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    pages = _pages(reports)
    cold = {name: _fetch(base + path)[0] for name, path in pages.items()}

    def client(_n: int) -> list[tuple[str, float, int]]:
        out = []
        for _ in range(args.rounds):
            for name, path in pages.items():
                ms, status, _size = _fetch(base + path)
                out.append((name, ms, status))
        return out

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        results = [r for batch in pool.map(client, range(args.clients)) for r in batch]
    wall = time.perf_counter() - started
    server.shutdown()

    print(f"\n{args.clients} concurrent anonymous clients × {args.rounds} rounds × "
          f"{len(pages)} pages = {len(results)} requests in {wall:.1f} s "
          f"({len(results) / wall:.0f} req/s)")  # fmt: skip
    print(f"{'page':<18}{'cold ms':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  statuses")
    for name in pages:
        times = sorted(ms for n, ms, _s in results if n == name)
        statuses = sorted({s for n, _ms, s in results if n == name})
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"{name:<18}{cold[name]:>9.0f}{statistics.median(times):>9.0f}{p95:>9.0f}"
              f"{times[-1]:>9.0f}  {statuses}")  # fmt: skip


if __name__ == "__main__":
    main()
