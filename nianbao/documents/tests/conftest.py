"""Fixtures for the export and builder tests. Not autouse: the renderer tests in this folder
do not need them."""

import datetime as dt

import pytest
import time_machine

from nianbao.submissions.tests.conftest import (  # noqa: F401
    blockers,
    editor,
    fake_render,
    head,
    pin_deadlines,
    ready_report,
)


@pytest.fixture
def clock():
    moment = dt.datetime(2025, 12, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


@pytest.fixture
def fake_renderer(monkeypatch):
    monkeypatch.setattr("nianbao.documents.exporting.render", fake_render)


@pytest.fixture
def world(db, clock):
    from nianbao.testing import build_world

    w = build_world()
    pin_deadlines(w.cycle)
    return w
