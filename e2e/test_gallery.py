"""The screenshot gallery and the accessibility run: every page of the permission matrices, for
every role allowed to open it, at desktop width and at 375 px (a phone), over demo-like data.

- Screenshots and an index page go to test-output/gallery/ (gitignored).
- axe-core (shipped inside the PyPI package axe-playwright-python, injected from disk: no CDN)
  checks each page once per width; violations of serious or critical impact fail the test.
- At 375 px no page may be wider than the screen (tables scroll inside their card).
- The text the browser shows (after scripts ran) holds no platform identifier.
All problems are collected and reported together, each naming page, role and width."""

from __future__ import annotations

import html
import json
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from nianbao.demo.tests.pages import demo_like, matrix_pages
from nianbao.demo.tests.plain_language import offending_tokens, platform_codes
from nianbao.paths import REPO_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GALLERY = REPO_ROOT / "test-output" / "gallery"
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}
BLOCKING_IMPACT = {"serious", "critical"}


try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the browser fixture skips the test without Playwright
    PlaywrightError = Exception


def axe_source() -> str:
    axe = pytest.importorskip("axe_playwright_python", reason="未安装 axe-playwright-python")
    return (Path(axe.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def session_cookie(user, live_server_url: str) -> dict:
    """A logged-in session for `user` without going through the login form for every role."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": session.session_key,
        "url": live_server_url,
    }


def run_axe(page, source: str) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
    )
    return [v for v in result if v["impact"] in BLOCKING_IMPACT]


def write_index(entries: list[dict]) -> None:
    rows = "\n".join(
        f"<figure><figcaption>{html.escape(e['page'])} · {html.escape(e['role'])} · "
        f"{e['width']}</figcaption><a href='{e['file']}'><img src='{e['file']}' loading='lazy' "
        f"alt='{html.escape(e['page'])}'></a></figure>"
        for e in entries
    )
    (GALLERY / "index.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>页面截图</title><style>"
        "body{font-family:sans-serif} figure{display:inline-block;width:300px;margin:8px;"
        "vertical-align:top} img{width:100%;border:1px solid #ccc}</style>"
        f"<h1>页面截图（{len(entries)} 张）</h1>{rows}",
        encoding="utf-8",
    )
    (GALLERY / "index.json").write_text(json.dumps(entries, ensure_ascii=False, indent=1))


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="页面截图与无障碍检查只在 SQLite 这一轮运行（与数据库无关，避免 CI 重复耗时）",
)
def test_every_page_for_every_role_at_two_widths(e2e_world, browser, live_server):
    pages = matrix_pages(e2e_world)
    demo_like(e2e_world)
    codes = platform_codes()
    source = axe_source()
    GALLERY.mkdir(parents=True, exist_ok=True)
    for old in GALLERY.glob("*.png"):
        old.unlink()
    started = time.monotonic()
    entries, problems, checked_axe = [], [], set()
    roles = sorted({r for _, _, allowed in pages for r in allowed} - {"anonymous"})
    for role in [*roles, "anonymous"]:
        for width, viewport in WIDTHS.items():
            # bypass_csp: axe-core is injected by the test; the pages keep their enforced policy.
            context = browser.new_context(
                locale="zh-CN", base_url=live_server.url, viewport=viewport, bypass_csp=True
            )
            if role != "anonymous":
                context.add_cookies([session_cookie(e2e_world.users[role], live_server.url)])
            page = context.new_page()
            page.set_default_timeout(20000)
            for url_name, url, allowed in pages:
                if role not in allowed:
                    continue
                try:
                    response = page.goto(url)
                except PlaywrightError as exc:  # a file download, not a page
                    if "Download is starting" in str(exc):
                        continue
                    raise
                if response is None or response.status != 200:
                    continue
                if "text/html" not in (response.headers.get("content-type") or ""):
                    continue
                where = f"{url_name} ({url}) as {role} at {width}"
                name = f"{url_name.replace(':', '-')}--{role}--{width}.png"
                page.screenshot(path=str(GALLERY / name), full_page=True)
                entries.append(
                    {"page": url_name, "url": url, "role": role, "width": width, "file": name}
                )
                tokens = offending_tokens(page.inner_text("body"), codes)
                if tokens:
                    problems.append(f"{where}: platform identifiers {', '.join(tokens)}")
                if width == "phone":
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                    )
                    if overflow > 1:
                        problems.append(f"{where}: page is {overflow}px wider than the screen")
                # One axe run per page and width: roles see the same markup with other data.
                if (url_name, width) not in checked_axe:
                    checked_axe.add((url_name, width))
                    for v in run_axe(page, source):
                        problems.append(
                            f"{where}: axe {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
                        )
            context.close()
    write_index(entries)
    seconds = time.monotonic() - started
    print(f"\ngallery: {len(entries)} screenshots, {len(checked_axe)} axe runs, {seconds:.0f} s")
    assert len(entries) > 60, f"only {len(entries)} pages captured"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
