"""Fetching a publication URL for the 发布网址检测: bounded in time, redirects and size.
Plain Python (stdlib urllib), no Django."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from dataclasses import dataclass

__all__ = ["FetchResult", "fetch", "classify"]

TIMEOUT_SECONDS = 10
MAX_BYTES = 30 * 1024 * 1024
MAX_REDIRECTS = 5
DOCUMENT_MAGIC = (b"%PDF", b"PK\x03\x04")


@dataclass(frozen=True)
class FetchResult:
    ok: bool
    http_status: int | None = None
    final_url: str = ""
    sha256: str = ""
    is_document: bool = False
    detail: str = ""


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES) -> FetchResult:
    if not url.startswith(("http://", "https://")):
        return FetchResult(False, detail="网址须以 http:// 或 https:// 开头")
    opener = urllib.request.build_opener(_LimitedRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": "nianbao-url-check/1.0"})  # noqa: S310 (scheme checked above)
    try:
        with opener.open(request, timeout=timeout) as response:
            digest, size, head = hashlib.sha256(), 0, b""
            while chunk := response.read(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    return FetchResult(False, response.status, response.url,
                                       detail=f"内容超过 {max_bytes // 1024 // 1024} MB，未下载完")  # fmt: skip
                head = head or chunk[:8]
                digest.update(chunk)
            return FetchResult(
                True,
                response.status,
                response.url,
                digest.hexdigest(),
                head.startswith(DOCUMENT_MAGIC),
            )
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            return FetchResult(False, exc.code, url, detail=f"重定向超过 {MAX_REDIRECTS} 次")
        return FetchResult(False, exc.code, url, detail=f"服务器返回 HTTP {exc.code}")
    except (TimeoutError, OSError) as exc:  # URLError is an OSError; so are refused connections
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            return FetchResult(False, detail=f"{timeout:g} 秒内无响应")
        return FetchResult(False, detail=f"无法连接：{reason}"[:300])


def classify(result: FetchResult, submitted_sha256: str) -> tuple[str, str]:
    """(status, detail): reachable / unreachable / differs from the submitted document."""
    if not result.ok:
        return "unreachable", result.detail
    if result.sha256 == submitted_sha256:
        return "reachable", "网址上的文件与提交的文件一致"
    if result.is_document:
        return "differs", "网址上的文件与提交的文件不一致（SHA-256 不同）"
    return "reachable", "网页可访问（不是文件本身，未比对指纹）"
