import datetime as dt

import pytest
import time_machine

from nianbao.core.roles import Role
from nianbao.testing import make_user

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2025, 12, 20, 10, 0, tzinfo=SHANGHAI), tick=False) as t:
        yield t


@pytest.fixture
def world(db, clock):
    from nianbao.submissions.tests.conftest import pin_deadlines
    from nianbao.testing import build_world

    w = build_world()
    pin_deadlines(w.cycle)
    w.secondary.website = "https://www.cgzz.edu.cn"
    w.secondary.save()
    w.secondary_report = w.cycle.reports.get(organisation=w.secondary, kind="school")
    w.secondary_head = make_user("secondary_head", Role.SCHOOL_HEAD, w.secondary)
    w.city_expert = make_user("city_expert", Role.REVIEWER, w.city)
    return w
