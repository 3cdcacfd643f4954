"""End-to-end browser tests: headless Chromium (Debian packages `chromium`, `chromium-driver`)
driven by Playwright for Python against Django's live server. Skipped when no Chromium is
installed. Screenshots go to test-output/e2e/."""

import datetime as dt
import os
import shutil

import pytest
import time_machine

from nianbao.paths import REPO_ROOT

CHROMIUM = os.environ.get("NIANBAO_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = REPO_ROOT / "test-output" / "e2e"
# Before the test world's 2025年度 school deadline (2026-01-05).
BEFORE_DEADLINE = dt.datetime(2025, 12, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip("未安装 Chromium（Debian 软件包 chromium），跳过端到端测试")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="未安装 Playwright for Python（pip install playwright）"
    )
    # Playwright's sync API refuses to start inside a running asyncio loop; Django's async-unsafe
    # guard must also allow the ORM calls the fixtures make while it runs.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def clock():
    with time_machine.travel(BEFORE_DEADLINE, tick=True) as traveller:
        yield traveller


@pytest.fixture
def e2e_world(clock, transactional_db):
    from nianbao.submissions.tests.conftest import pin_deadlines
    from nianbao.testing import build_world

    world = build_world()
    pin_deadlines(world.cycle)
    return world


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
