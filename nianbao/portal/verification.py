"""年报核验 (fingerprint verification): does a file, or a pasted SHA-256, match a submitted
report? The upload is hashed chunk by chunk and never stored."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.utils import timezone

from nianbao.core.exceptions import ApplicationError
from nianbao.portal.selectors import snapshot_matching

__all__ = ["MAX_UPLOAD_BYTES", "Verdict", "sha256_of_upload", "verify_sha256"]

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


@dataclass(frozen=True)
class Verdict:
    matched: bool
    message: str
    sha256: str


def sha256_of_upload(upload) -> str:
    if upload.size == 0:
        raise ApplicationError("上传的文件为空。")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ApplicationError(
            f"文件过大（{upload.size / 1024 / 1024:.1f} MB），上限为 "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB。"
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def verify_sha256(value: str) -> Verdict:
    """The verdict for a SHA-256 given as 64 hexadecimal characters (spaces ignored)."""
    sha256 = "".join(value.split()).lower()
    if not _SHA256.match(sha256):
        raise ApplicationError("SHA-256 指纹应为 64 位十六进制字符（0–9、a–f）。")
    snapshot = snapshot_matching(sha256)
    if snapshot is None:
        return Verdict(False, "与任何已提交年报均不一致", sha256)
    report = snapshot.report
    name = report.organisation.name
    if report.compiling_school_id:
        name = f"{report.compiling_school.name}（{name}）"
    day = timezone.localtime(snapshot.created_at).date().isoformat()
    return Verdict(True, f"与 {name} {day} 提交的年报一致", sha256)
