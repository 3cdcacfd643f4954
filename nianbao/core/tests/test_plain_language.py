"""Every page speaks the user's language: each page of the permission matrices, opened by each
role allowed to open it over demo-like data, shows no platform identifier (snake_case codes,
validation rule ids, indicator and table codes, English choice labels)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from nianbao.core.tests.plain_language import offending_tokens, platform_codes, visible_text
from nianbao.core.tests.test_permission_matrix import MATRIX
from nianbao.demo.seeding import demo_values_load
from nianbao.indicators.models import DataValue
from nianbao.validation.services import report_validate

# Pages for developers rather than clerks: the API's own documentation names its fields.
EXEMPT = {"api:schema", "api:docs"}
CJK = re.compile(r"[\u4e00-\u9fff]")
# Words every clerk knows as they are: file formats and the names of the programs.
KNOWN_WORDS = re.compile(r"(?:[A-Z]{2,5}|Word|Excel)(?:（[A-Z]{2,5}）)?")
# Demo-like people: the header shows their names on every page.
NAMES = {
    "province_admin": ("周明远", "zhoumingyuan"),
    "reviewer": ("陈思敏", "chensimin"),
    "city_admin": ("林海峰", "linhaifeng"),
    "other_city_admin": ("赵雪梅", "zhaoxuemei"),
    "school_editor": ("王晓燕", "wangxiaoyan"),
    "school_head": ("刘建国", "liujianguo"),
    "other_school_editor": ("孙丽华", "sunlihua"),
    "enterprise_editor": ("郑国强", "zhengguoqiang"),
    "other_enterprise_editor": ("何静", "hejing"),
    "no_role": ("马骏", "majun"),
}


def _demo_like(world):
    from nianbao.submissions.services import case_save, figure_chart_save, section_save

    for key, user in world.users.items():
        user.full_name, user.username = NAMES[key]
        user.save(update_fields=["full_name", "username"])
    demo_values_load(write_fixture=False)
    editor = world.users["school_editor"]
    part = "talent_cultivation"
    section_save(
        actor=editor,
        report=world.report,
        part_code=part,
        title="立德树人",
        body="学校坚持立德树人根本任务，2025年毕业生 3,286 人，就业率 95.2%。见[[fig:fig1]]。",
    )
    case_save(
        actor=editor,
        report=world.report,
        part_code=part,
        title="订单班培养智能制造人才",
        body="与青川智能装备有限公司共建订单班，毕业生留用率 82%。",
    )
    figure_chart_save(
        actor=editor,
        report=world.report,
        part_code=part,
        caption="近年毕业生人数",
        kind="bar",
        codes=["graduates", "graduates_placed"],
    )
    # Two slips a clerk makes, so the validation pages have findings to show.
    DataValue.objects.filter(report=world.report, code="graduates_placed").update(
        number=Decimal("9999")
    )
    DataValue.objects.filter(report=world.report, code="monthly_income").update(
        number=Decimal("35000")
    )
    for report in (world.report, world.other_report):
        report_validate(report=report)


def test_every_choice_has_a_chinese_label():
    english = [
        f"{model._meta.label}.{field.name}: {value!r} → {label!r}"
        for model in apps.get_models()
        if model.__module__.startswith("nianbao.")
        for field in model._meta.get_fields()
        for value, label in getattr(field, "flatchoices", None) or ()
        if not CJK.search(str(label)) and not KNOWN_WORDS.fullmatch(str(label))
    ]
    assert not english, "Choices without a Chinese label:\n" + "\n".join(english)


@pytest.fixture
def before_deadline():
    # The test world's school deadline is 2026-01-05; the pages are seen while writing.
    at = dt.datetime(2025, 12, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(at, tick=False):
        yield


@pytest.mark.slow
def test_no_page_shows_platform_identifiers(before_deadline, world, client):
    pages = [
        (url_name, reverse(url_name, kwargs=kwargs_builder(world)), allowed)
        for url_name, (kwargs_builder, allowed) in sorted(MATRIX.items())
        if url_name not in EXEMPT
    ]
    _demo_like(world)
    codes = platform_codes()
    offences, opened = [], 0
    for url_name, url, allowed in pages:
        for actor in sorted(allowed):
            client.logout()
            if actor != "anonymous":
                client.force_login(
                    world.users[actor], backend="django.contrib.auth.backends.ModelBackend"
                )
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            opened += 1
            tokens = offending_tokens(visible_text(response.content.decode()), codes)
            if tokens:
                offences.append(f"{url_name} ({url}) as {actor}: {', '.join(tokens)}")
    assert opened > 30, f"only {opened} pages rendered; the walk is not reaching the pages"
    assert not offences, "Pages showing platform identifiers:\n" + "\n".join(offences)
