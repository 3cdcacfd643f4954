"""Text helpers for in-platform writing (在线编写): character counts, quantitative evidence,
Markdown to safe HTML, uploaded-file sniffing and URL checks. Pure Python (no ORM)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import markdown as md
import nh3
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from nianbao.core.files import DOCX, JPEG, PDF, PNG, sniff_media

__all__ = [
    "CASE_MAX_CHARS",
    "count_chars",
    "has_quantitative_evidence",
    "markdown_to_html",
    "sniff_image",
    "sniff_declaration",
    "sniff_report",
    "url_problem",
    "url_on_site",
    "parse_table_text",
]

CASE_MAX_CHARS = 500
_WHITESPACE = re.compile(r"\s+")
# Arabic digits, or Chinese numerals followed by a measure word/percent sign.
_NUMBER = re.compile(
    r"\d|[一二三四五六七八九十百千万亿两]+(?:个|名|人|项|家|所|门|次|万|亿|%|％|倍|年|届|期|篇|本|套)"
)
_MARKDOWN_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code",
    "pre", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def count_chars(text: str) -> int:
    """字数 as the notices count it: every character except whitespace."""
    return len(_WHITESPACE.sub("", text or ""))


def has_quantitative_evidence(text: str) -> bool:
    """A case should prove its effect with numbers (人数、比例、金额 …)."""
    return bool(_NUMBER.search(text or ""))


def markdown_to_html(text: str) -> str:
    """Markdown rendered and sanitised: no scripts, no event handlers, no raw HTML."""
    html = md.markdown(text or "", extensions=["tables"], output_format="html")
    return nh3.clean(html, tags=_MARKDOWN_TAGS, attributes={}, link_rel=None)


def sniff_image(data: bytes) -> str | None:
    """image/png or image/jpeg by magic bytes, else None."""
    media = sniff_media(data)
    return media if media in (PNG, JPEG) else None


def sniff_declaration(data: bytes) -> str | None:
    """The declaration scan: PDF, PNG or JPEG by content (the file name does not count)."""
    media = sniff_media(data)
    return media if media in (PDF, PNG, JPEG) else None


def sniff_report(data: bytes) -> str | None:
    """A finished report: "pdf" or "docx" by content, else None."""
    return {PDF: "pdf", DOCX: "docx"}.get(sniff_media(data))


URL_MAX_CHARS = 500  # Report.publication_url's max_length
_url_validator = URLValidator(schemes=["http", "https"])


def url_problem(url: str) -> str | None:
    """Why a publication URL is unusable (Chinese), or None when it is a well-formed http(s) URL."""
    url = (url or "").strip()
    if not url:
        return "未填写年报发布网址"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "年报发布网址须以 http:// 或 https:// 开头"
    if len(url) > URL_MAX_CHARS:
        return f"年报发布网址过长（{len(url)} 个字符，上限 {URL_MAX_CHARS}）"
    try:
        host = parts.hostname or ""
    except ValueError:
        host = ""
    if not host or "." not in host or any(c.isspace() for c in url):
        return "年报发布网址格式不正确"
    try:
        _url_validator(url)
    except ValidationError:
        return "年报发布网址格式不正确（请检查域名拼写，域名中不能有下划线或以“-”开头）"
    return None


def _registrable(host: str) -> str:
    """The site part of a host name: the last three labels for *.edu.cn / *.gov.cn style
    domains, else the last two (www.qczy.edu.cn and nianbao.qczy.edu.cn share qczy.edu.cn)."""
    labels = host.lower().rstrip(".").split(".")
    if labels[0] == "www":
        labels = labels[1:]
    second_level = {"edu", "gov", "com", "org", "net", "ac"}
    n = 3 if len(labels) >= 3 and labels[-2] in second_level else 2
    return ".".join(labels[-n:])


def url_on_site(url: str, website: str) -> bool:
    """Is `url` on the organisation's own site (same registrable domain)? True when unknown."""
    if not website:
        return True
    host = urlsplit(url).hostname or ""
    site = urlsplit(website if "//" in website else f"//{website}").hostname or ""
    if not host or not site:
        return False
    return _registrable(host) == _registrable(site)


TABLE_MAX_BYTES = 64 * 1024
TABLE_MAX_ROWS = 200
TABLE_MAX_COLUMNS = 20
TABLE_MAX_CELL_CHARS = 500


def table_text_problems(text: str) -> list[str]:
    """Why a typed table is too large to save (empty: it is fine). Checked on the raw text
    before it is split, so a hostile paste costs no more than its length."""
    text = text or ""
    if len(text.encode()) > TABLE_MAX_BYTES:
        return [
            f"表格内容过长（{len(text.encode()) // 1024} KB），上限为 {TABLE_MAX_BYTES // 1024} KB"
        ]
    header, body = parse_table_text(text)
    reasons = []
    if len(body) > TABLE_MAX_ROWS:
        reasons.append(f"表格有 {len(body)} 行，上限为 {TABLE_MAX_ROWS} 行")
    if len(header) > TABLE_MAX_COLUMNS:
        reasons.append(f"表格有 {len(header)} 列，上限为 {TABLE_MAX_COLUMNS} 列")
    longest = max((len(c) for r in [header, *body] for c in r), default=0)
    if longest > TABLE_MAX_CELL_CHARS:
        reasons.append(f"有单元格长达 {longest} 字，上限为 {TABLE_MAX_CELL_CHARS} 字")
    return reasons


def parse_table_text(text: str) -> tuple[list[str], list[list[str]]]:
    """A table typed as lines, cells split by tab or `|`; the first line is the header.
    Short rows are padded so every row has as many cells as the header."""
    lines = [ln.strip().strip("|") for ln in (text or "").splitlines() if ln.strip()]
    lines = [ln for ln in lines if not re.fullmatch(r"[\s|:\-]+", ln)]  # Markdown separators
    if not lines:
        return [], []
    split = [[c.strip() for c in re.split(r"\t|\|", ln)] for ln in lines]
    header, body = split[0], split[1:]
    width = max(len(r) for r in split)
    header += [""] * (width - len(header))
    body = [r + [""] * (width - len(r)) for r in body]
    return header, body
