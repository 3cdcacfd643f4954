"""Every zipped upload passes one inspection before any parser sees it (zip bombs refused)."""

import io
import zipfile

import pytest

from nianbao.core.exceptions import ApplicationError
from nianbao.core.files import DOCX, PDF, XLSX, inspect_archive, inspect_xlsx, require_upload


def bomb(marker: str, *, megabytes: int = 20, extra: dict | None = None) -> bytes:
    """A small zip whose `marker` part inflates to `megabytes` of zeros (written in chunks, so
    building it costs no memory); `extra` parts are added as they are."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
        with zf.open(marker, "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
    return buffer.getvalue()


def many_members(n: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        for i in range(n):
            zf.writestr(f"word/media/{i}.txt", "x")
    return buffer.getvalue()


def test_docx_zip_bomb_is_refused_before_any_parser():
    content = bomb("word/document.xml")
    assert len(content) < 100_000
    with pytest.raises(ApplicationError) as caught:
        require_upload(content, allowed=(DOCX, PDF), max_bytes=50 << 20, what="年报全文")
    assert any("压缩炸弹" in r for r in caught.value.reasons)


def test_archive_with_too_many_members_is_refused():
    with pytest.raises(ApplicationError, match="内部文件"):
        inspect_archive(many_members(2100))


def test_xlsx_inspection_uses_the_same_limits():
    content = bomb("xl/workbook.xml")
    with pytest.raises(ApplicationError, match="压缩炸弹"):
        inspect_xlsx(content, what="数据表", max_bytes=10 << 20, max_uncompressed=200 << 20)


def test_an_ordinary_docx_passes():
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    assert require_upload(buffer.getvalue(), allowed=(DOCX,), max_bytes=1 << 20, what="x") == DOCX
    assert XLSX != DOCX


@pytest.mark.django_db
def test_checker_upload_refuses_a_zip_bomb(monkeypatch):
    from nianbao.checker.services import check_run_create
    from nianbao.testing import build_world

    world = build_world(with_cycle=False)
    with pytest.raises(ApplicationError, match="压缩炸弹"):
        check_run_create(
            actor=None,
            content=bomb("word/document.xml"),
            filename="年报.docx",
            organisation=world.school,
            background=False,
        )
