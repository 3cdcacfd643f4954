import datetime as dt
import hashlib
import io
import struct
import zlib

import pytest
import time_machine

from nianbao.core.roles import Role
from nianbao.testing import make_user


def tiny_png() -> bytes:
    """A valid 1×1 PNG."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def docx_with_parts(names: list[str], title: str = "年度报告") -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, 0)
    for i, name in enumerate(names, start=1):
        document.add_heading(f"{i} {name}", 1)
        document.add_paragraph(f"本部分介绍{name}情况，2025年毕业生就业率达95.2%。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fake_render(doc, fmt: str) -> bytes:
    """Deterministic stand-in for the renderers: same document, same bytes."""
    digest = hashlib.sha256(repr(doc).encode()).hexdigest()
    return (b"%PDF-1.7 fake " if fmt == "pdf" else b"PK\x03\x04 fake ") + digest.encode()


SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# The test world's 2025年度 school deadline is 2026-01-05: tests run on a day before it.
BEFORE_DEADLINE = dt.datetime(2025, 12, 20, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(BEFORE_DEADLINE, tick=False) as traveller:
        yield traveller


DEADLINES = {
    "school": dt.date(2026, 1, 5),
    "city": dt.date(2026, 1, 12),
    "enterprise": dt.date(2026, 1, 5),
}


def pin_deadlines(cycle) -> None:
    """The notice's dates, whatever the shared test world uses: tests here freeze the clock
    relative to them."""
    from nianbao.cycles.models import Deadline

    for kind, due in DEADLINES.items():
        Deadline.objects.filter(cycle=cycle, report_kind=kind).update(due_on=due)


@pytest.fixture
def world(db, clock):
    from nianbao.testing import build_world

    w = build_world()
    pin_deadlines(w.cycle)
    return w


@pytest.fixture(autouse=True)
def fast_renderer(monkeypatch):
    """Submission renders the PDF synchronously; tests use a fast stand-in (the real renderer
    has its own tests and one end-to-end check in test_workflow)."""
    monkeypatch.setattr("nianbao.submissions.services.workflow.render", fake_render)


@pytest.fixture
def blockers(monkeypatch):
    """Controls `submission_blockers` (the validation service): set `.reasons`."""

    class Blockers:
        reasons: list[str] = []
        calls = 0

    def fake(report):
        Blockers.calls += 1
        return list(Blockers.reasons)

    monkeypatch.setattr("nianbao.submissions.services.workflow.submission_blockers", fake)
    return Blockers


@pytest.fixture
def head(world):
    return world.users["school_head"]


@pytest.fixture
def editor(world):
    return world.users["school_editor"]


@pytest.fixture
def ready_report(world, editor, blockers):
    """The 高职 school's report with every part written, a declaration and a URL."""
    from nianbao.submissions import services

    report = world.report
    for part in report.framework_parts:
        services.section_save(
            actor=editor,
            report=report,
            part_code=part.code,
            title="",
            body=f"{part.name}：2025年共有1200名学生参加。",
        )
    services.declaration_upload(
        actor=editor, report=report, filename="声明.png", content=tiny_png()
    )
    services.publication_url_set(actor=editor, report=report, url="https://www.qczy.edu.cn/nb/2025")
    report.refresh_from_db()
    return report


@pytest.fixture
def enterprise_head(world):
    """A school head is needed to submit enterprise reports of the school."""
    return world.users["school_head"]


@pytest.fixture
def city_admin_user(world):
    return world.users["city_admin"]


@pytest.fixture
def second_head(world):
    return make_user("second_head", Role.SCHOOL_HEAD, world.school)
