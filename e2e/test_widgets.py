"""The small widgets every page relies on, in a real browser: the type-ahead organisation
picker, Chinese file inputs, the reference picker and the live chart preview."""

import pytest

from nianbao.testing import PASSWORD, make_org

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_organisation_picker_filters_as_the_user_types(e2e_world, page):
    make_org("enterprise", "91990000MA0009X", "青川智能装备有限公司", e2e_world.secondary)
    log_in(page, "province_admin")
    page.goto("/accounts/users/new/")
    page.fill("input.picker-search", "城关")
    shown = page.eval_on_selector_all(
        "#id_organisation option:not([hidden])", "os => os.map(o => o.textContent)"
    )
    assert shown and all("城关" in text for text in shown if text and not text.startswith("-"))
    assert "找到" in page.inner_text(".picker-count")
    assert page.input_value("#id_organisation") != ""  # the first match is picked


def test_file_inputs_speak_chinese_and_name_the_chosen_file(e2e_world, page):
    log_in(page, "school_editor")
    page.goto(f"/reports/{e2e_world.report.pk}/")
    picker = page.locator("#declaration .file-picker")
    assert "选择文件" in picker.inner_text() and "未选择文件" in picker.inner_text()
    page.set_input_files(
        "#declaration input[type=file]",
        files=[{"name": "责任声明.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}],
    )
    assert "责任声明.pdf" in picker.inner_text()


def test_reference_picker_inserts_at_the_cursor_and_chart_preview_follows_the_choice(
    e2e_world, page
):
    from nianbao.submissions.services import figure_chart_save, section_save

    editor = e2e_world.users["school_editor"]
    part = "talent_cultivation"
    section = section_save(
        actor=editor, report=e2e_world.report, part_code=part, title="", body="如图所示。"
    )
    figure = figure_chart_save(
        actor=editor,
        report=e2e_world.report,
        part_code=part,
        caption="毕业生人数",
        kind="bar",
        codes=["graduates"],
    )
    log_in(page, "school_editor")
    page.goto(f"/reports/{e2e_world.report.pk}/parts/{part}/")
    area = f"#section-body-{section.pk}"
    page.evaluate(f"document.querySelector('{area}').setSelectionRange(2, 2)")
    page.select_option(f"#ref-section-body-{section.pk}", f"[[fig:{figure.key}]]")
    page.click(f"[data-ref-insert='ref-section-body-{section.pk}']")
    assert page.input_value(area) == f"如图[[fig:{figure.key}]]所示。"

    page.click("summary:has-text('添加图')")
    page.select_option("#ch-codes", ["graduates", "graduates_placed"])
    preview = page.inner_text("[data-chart-preview]")
    assert "毕业生人数（人）" in preview and "毕业去向落实人数（人）" in preview
