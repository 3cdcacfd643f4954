import datetime as dt

import pytest

from nianbao.testing import build_world


@pytest.fixture
def world(db):
    """The shared world with this cycle's reports extended past today (editable on any date)."""
    w = build_world()
    w.cycle.reports.update(extended_until=dt.date.today() + dt.timedelta(days=365))
    w.report.refresh_from_db()
    return w


@pytest.fixture
def api(client):
    def _api(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _api
