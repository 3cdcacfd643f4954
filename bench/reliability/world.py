"""A fresh database with the shared test world, for the reliability scenarios."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.reliability.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from nianbao.testing import build_world  # noqa: E402

__all__ = ["fresh_world", "peak_rss_mb", "ROOT"]


def fresh_world():
    """Migrates, empties the database and builds the test world (cycle open, two schools)."""
    if connection.vendor != "postgresql":
        sys.exit("可靠性测试须在 PostgreSQL 上运行：请设置 DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
    return build_world()


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss it does not carry over
    the parent's peak into a child started with fork and exec)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0
