"""Exports a filled-in school report (every framework part written, cases, a figure, a table,
the declaration) to PDF and DOCX and prints page count, size and time. Uses a throw-away
SQLite database. Run: .venv/bin/python bench/export_school_report.py"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

import time_machine  # noqa: E402
from django.core.management import call_command  # noqa: E402
from pypdf import PdfReader  # noqa: E402

call_command("migrate", verbosity=0)

from nianbao.documents.builder import build_report_document  # noqa: E402
from nianbao.documents.render import render_docx, render_pdf  # noqa: E402
from nianbao.submissions import services  # noqa: E402
from nianbao.submissions.tests.conftest import tiny_png  # noqa: E402
from nianbao.testing import build_world  # noqa: E402

PARAGRAPH = (
    "学校坚持立德树人根本任务，深化产教融合、校企合作，本年度毕业生 3,215 人，就业率 95.6%，"
    "其中到中小微企业就业 2,108 人，占比 65.6%。"
)

with time_machine.travel(dt.datetime(2025, 12, 20, 10, tzinfo=dt.UTC)):
    world = build_world()
    report, editor = world.report, world.users["school_editor"]
    for part in report.framework_parts:
        for n in range(1, 4):
            services.section_save(
                actor=editor, report=report, part_code=part.code, title=f"小节{n}",
                body="\n\n".join([PARAGRAPH] * 4),
            )  # fmt: skip
        services.case_save(
            actor=editor, report=report, part_code=part.code, title=f"{part.name}典型案例",
            body=PARAGRAPH * 3,
        )  # fmt: skip
        services.figure_image_save(
            actor=editor, report=report, part_code=part.code, caption="图示", content=tiny_png()
        )
        services.table_save(
            actor=editor, report=report, part_code=part.code, caption="主要指标",
            text="指标|2024年|2025年\n毕业生数|3102|3215\n就业率|94.8%|95.6%",
        )  # fmt: skip
    services.declaration_upload(actor=editor, report=report, filename="d.png", content=tiny_png())
    report.refresh_from_db()

    started = time.perf_counter()
    doc = build_report_document(report)
    built = time.perf_counter() - started
    started = time.perf_counter()
    pdf = render_pdf(doc)
    pdf_time = time.perf_counter() - started
    started = time.perf_counter()
    docx = render_docx(doc)
    docx_time = time.perf_counter() - started

pages = len(PdfReader(io.BytesIO(pdf)).pages)
print(f"build document: {built * 1000:.0f} ms")
print(f"PDF:  {pages} pages, {len(pdf) / 1024:.0f} KiB, {pdf_time:.2f} s")
print(f"DOCX: {len(docx) / 1024:.0f} KiB, {docx_time:.2f} s")
print(f"appendix tables: {len(doc.appendix)} (0 when the indicator catalog is not installed)")
