"""Benchmark the generated provincial report (省级年报) of the demo province end to end, against
LibreOffice converting the same DOCX to PDF.

Run: .venv/bin/python bench/bench_region_report.py [--year 2026]

Set-up (not timed): LibreOffice is installed with apt-get when `soffice` is missing (Debian
package libreoffice-writer-nogui; needs root), and the demo province is seeded into a temporary
SQLite database unless DATABASE_URL names one that has it. Timed: aggregation, the document
model, charts, DOCX and PDF. Then LibreOffice (headless, profile warmed up on a one-page file)
converts the DOCX alone. Goal: generation ≤ 0.5 × the conversion. The total is the wall-clock
time of the generation as the platform runs it (DOCX and PDF concurrently); each step is also
timed alone, one after another, for information.
"""

from __future__ import annotations

import argparse
import atexit
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORK = Path(tempfile.mkdtemp(prefix="nianbao-bench-region-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("VAR_DIR", str(WORK / "var"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from docx import Document  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from nianbao.aggregation.report import PartSpec, build_region_document  # noqa: E402
from nianbao.aggregation.selectors import region_figures  # noqa: E402
from nianbao.cycles.models import Cycle  # noqa: E402
from nianbao.demo.province import PROVINCE, build_demo_province  # noqa: E402
from nianbao.documents import charts  # noqa: E402
from nianbao.documents.model import Figure, TableBlock  # noqa: E402
from nianbao.documents.render import render_docx, render_docx_and_pdf, render_pdf  # noqa: E402
from nianbao.organisations.models import Organisation  # noqa: E402


def ensure_libreoffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    print("安装 LibreOffice（libreoffice-writer-nogui）……")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt = ["apt-get", "install", "-y", "--no-install-recommends", "libreoffice-writer-nogui"]
    subprocess.run(apt, check=True, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    found = shutil.which("soffice")
    if not found:
        sys.exit("未找到 soffice：请先安装 LibreOffice（Debian 软件包 libreoffice-writer-nogui）")
    return found


def ensure_demo() -> Organisation:
    call_command("migrate", verbosity=0, interactive=False)
    province = Organisation.objects.filter(code=PROVINCE[0]).first()
    if province is None:
        print("生成示范省演示数据（不计时）……")
        build_demo_province(seed=2025)
        province = Organisation.objects.get(code=PROVINCE[0])
    return province


def demo_provincial_document(year: int | None = None):
    """The demo province's generated provincial report (seeded first when absent)."""
    province = ensure_demo()
    year = year or Cycle.objects.order_by("-year").values_list("year", flat=True)[0]
    parts = [
        PartSpec(p.code, p.name) for p in Cycle.objects.get(year=year).framework.parts("province")
    ]
    return build_region_document(region_figures(province, year), parts=parts)


def convert(soffice: str, docx: Path, profile: Path) -> float:
    start = time.perf_counter()
    subprocess.run(  # noqa: S603
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent / "lo"),
            str(docx),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, help="年度（默认最新）")
    args = parser.parse_args()
    soffice = ensure_libreoffice()
    province = ensure_demo()
    year = args.year or Cycle.objects.order_by("-year").values_list("year", flat=True)[0]
    cycle = Cycle.objects.get(year=year)
    parts = [PartSpec(p.code, p.name) for p in cycle.framework.parts("province")]

    # Timed: the generation as the platform runs it (DOCX and PDF are rendered concurrently).
    times: dict[str, float] = {}

    def timed(label, func, *a, **kw):
        start = time.perf_counter()
        result = func(*a, **kw)
        times[label] = time.perf_counter() - start
        return result

    charts.clear_cache()
    figures = timed("汇总（读取数据并计算）", region_figures, province, year)
    doc = timed("文档模型", build_region_document, figures, parts=parts)
    docx, pdf = timed("统计图 + DOCX + PDF", render_docx_and_pdf, doc)
    total = sum(times.values())
    specs = [b.chart for c in doc.chapters for b in c.blocks if isinstance(b, Figure) and b.chart]

    # Not in the total: each step alone, one after another, from cold caches.
    charts.clear_cache()
    steps: dict[str, float] = {}
    for label, func, arg in (
        ("统计图 SVG", lambda s: [charts.render_svg(x) for x in s], specs),
        ("统计图 PNG（Word 用）", charts.prerender_charts, specs),
        ("DOCX（含插图）", render_docx, doc),
        ("PDF（矢量图）", render_pdf, doc),
    ):
        start = time.perf_counter()
        func(arg)
        steps[label] = time.perf_counter() - start

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    tables = sum(1 for c in doc.chapters for b in c.blocks if isinstance(b, TableBlock))
    word_tables = len(Document(io.BytesIO(docx)).tables)
    docx_path = WORK / "report.docx"
    docx_path.write_bytes(docx)
    profile = WORK / "lo-profile"
    warm = WORK / "warm.docx"
    document = Document()
    document.add_paragraph("预热")
    document.save(warm)
    convert(soffice, warm, profile)  # the first start creates the profile: not timed
    libreoffice = convert(soffice, docx_path, profile)
    lo_pages = len(PdfReader(WORK / "lo" / "report.pdf").pages)

    print(f"示范省 {year}年度 省级年报：{pages} 页，{len(specs)} 幅统计图，"
          f"{tables} 张正文表格 + {len(doc.appendix)} 张附表（DOCX 共 {word_tables} 个表格）")  # fmt: skip
    for label, seconds in times.items():
        print(f"  {label:<16}{seconds:7.2f} 秒")
    print(f"  {'合计（生成）':<16}{total:7.2f} 秒")
    print("各步骤单独依次运行（不计入合计）：")
    for label, seconds in steps.items():
        print(f"  {label:<16}{seconds:7.2f} 秒")
    print(f"LibreOffice 无界面转换同一 DOCX：{libreoffice:7.2f} 秒（{lo_pages} 页）")
    print(f"比值（生成 ÷ 转换）：{total / libreoffice:.2f}（目标 ≤ 0.5）")


if __name__ == "__main__":
    main()
