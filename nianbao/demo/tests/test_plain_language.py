"""Every page speaks the user's language: each page of the permission matrices, opened by each
role allowed to open it over demo-like data, shows no platform identifier (snake_case codes,
validation rule ids, indicator and table codes, English choice labels)."""

import re

import pytest
import time_machine
from django.apps import apps

from nianbao.demo.tests.pages import WRITING_DAY, demo_like, matrix_pages
from nianbao.demo.tests.plain_language import offending_tokens, platform_codes, visible_text

CJK = re.compile(r"[\u4e00-\u9fff]")
# Words every clerk knows as they are: file formats and the names of the programs.
KNOWN_WORDS = re.compile(r"(?:[A-Z]{2,5}|Word|Excel)(?:（[A-Z]{2,5}）)?")


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


def test_offending_tokens_finds_codes_but_not_user_data():
    codes = {"graduates", "drafting"}
    text = "数据表（graduates）状态 drafting H-PL-002 employed_by_sector 见 https://a.cn/x_y report_v1.pdf"
    assert offending_tokens(text, codes) == [
        "employed_by_sector",
        "H-PL-002",
        "graduates",
        "drafting",
    ]
    assert offending_tokens("毕业生 6,376 人，PDF 与 Word（DOCX）", codes) == []


@pytest.fixture
def writing_day():
    with time_machine.travel(WRITING_DAY, tick=False):
        yield


@pytest.mark.slow
def test_no_page_shows_platform_identifiers(writing_day, world, client):
    pages = matrix_pages(world)
    demo_like(world)
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
