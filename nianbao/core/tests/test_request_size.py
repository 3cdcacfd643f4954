"""An oversized body is refused before it is read (413), by Content-Length or while streaming."""

import pytest
from django.core.files.uploadhandler import StopUpload
from django.urls import reverse

from nianbao.core.middleware import _LimitHandler

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["report-upload", "declaration-upload"])
def test_a_200_mb_content_length_is_refused_at_once(world, login, name):
    client = login(world.users["school_editor"])
    url = reverse(f"submissions:{name}", args=[world.report.pk])
    response = client.post(url, {"x": "1"}, CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413 and "上传内容过大" in response.content.decode()


def test_the_api_gets_json(world, login):
    client = login(world.users["school_editor"])
    url = reverse("api:report-tables", kwargs={"pk": world.report.pk})
    response = client.post(url, {"x": "1"}, CONTENT_LENGTH=str(61 * 1024 * 1024))
    assert response.status_code == 413 and "上传内容过大" in response.json()["detail"]


def test_a_streamed_upload_stops_once_past_the_limit():
    handler = _LimitHandler(1024)
    assert handler.receive_data_chunk(b"x" * 1000, 0) == b"x" * 1000
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 100, 1000)
