import json

import pytest
import yaml
from django.urls import reverse

from nianbao.indicators.models import DataValueChange
from nianbao.indicators.selectors import report_values

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def table_url(world, table="scorecard"):
    return reverse("api:table-values", kwargs={"pk": world.report.pk, "table_code": table})


def put(client, url, body):
    return client.put(url, data=json.dumps(body), content_type="application/json", **JSON)


def test_tables_lists_six_tables_with_indicators_and_versions(world, api):
    response = api(world.users["school_editor"]).get(
        reverse("api:report-tables", kwargs={"pk": world.report.pk}), **JSON
    )
    body = response.json()
    assert response.status_code == 200
    assert [t["number"] for t in body["tables"]] == [1, 2, 3, 4, 5, 6]
    assert body["editable"] is True and body["level"] == "higher"
    first = body["tables"][0]
    assert first["version"] == 0 and first["filled"] == 0
    assert first["indicators"][0]["code"] == "graduates"
    assert first["indicators"][0]["unit"] == "人"


def test_write_then_read_values_round_trip_exactly(world, api):
    client = api(world.users["school_editor"])
    response = put(
        client,
        table_url(world),
        {
            "version": 0,
            "values": {"graduates": 1200, "monthly_income": "3429.07"},
            "notes": {"graduates": "含结业"},
        },
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"version": 1, "changed": ["graduates", "monthly_income"]}
    read = client.get(table_url(world), **JSON).json()
    assert read["version"] == 1
    assert read["values"]["graduates"] == "1200"
    assert read["values"]["monthly_income"] == "3429.07"
    assert read["notes"] == {"graduates": "含结业"}
    everything = client.get(
        reverse("api:report-values", kwargs={"pk": world.report.pk}), **JSON
    ).json()
    assert everything["versions"] == {"scorecard": 1}
    assert DataValueChange.objects.filter(source="api").count() == 3


def test_bad_values_are_a_400_with_a_message_per_code(world, api):
    response = put(
        api(world.users["school_editor"]),
        table_url(world),
        {
            "version": 0,
            "values": {
                "graduates": "120人",
                "in_province_placement_rate": 101,
                "monthly_income": 1,
            },
        },
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"graduates", "in_province_placement_rate"}
    assert all(isinstance(m, str) and m for m in errors.values())
    assert report_values(world.report) == {}


def test_stale_version_is_a_409_with_both_versions(world, api):
    put(
        api(world.users["school_editor"]),
        table_url(world),
        {"version": 0, "values": {"graduates": 10}},
    )
    response = put(
        api(world.users["school_head"]),
        table_url(world),
        {"version": 0, "values": {"graduates": 20}},
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 1
    assert body["yours"]["graduates"] == "20" and body["current"]["graduates"] == "10"


def test_missing_version_is_a_400(world, api):
    response = put(
        api(world.users["school_editor"]), table_url(world), {"values": {"graduates": 1}}
    )
    assert response.status_code == 400
    assert "version" in response.json()


@pytest.mark.parametrize(
    ("actor", "status"), [("city_admin", 403), ("reviewer", 403), ("other_school_editor", 404)]
)
def test_only_the_schools_editors_may_write(world, api, actor, status):
    response = put(
        api(world.users[actor]), table_url(world), {"version": 0, "values": {"graduates": 1}}
    )
    assert response.status_code == status


def test_unknown_table_is_a_404(world, api):
    response = api(world.users["school_editor"]).get(table_url(world, "nope"), **JSON)
    assert response.status_code == 404


def test_anonymous_api_client_gets_401_and_browser_is_sent_to_login(world, api):
    client = api(None)
    url = reverse("api:report-values", kwargs={"pk": world.report.pk})
    assert client.get(url, **JSON).status_code in (401, 403)
    browser = client.get(url)
    assert browser.status_code == 302 and "/accounts/login/" in browser["Location"]


def test_basic_auth_client_can_read(world, client, password):
    import base64

    token = base64.b64encode(f"school_editor:{password}".encode()).decode()
    response = client.get(
        reverse("api:report-values", kwargs={"pk": world.report.pk}),
        HTTP_AUTHORIZATION=f"Basic {token}",
        **JSON,
    )
    assert response.status_code == 200


def test_schema_contains_the_data_endpoints(world, api):
    response = api(world.users["school_editor"]).get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    paths = schema["paths"]
    assert "/api/v1/reports/{id}/tables/" in paths
    assert "/api/v1/reports/{id}/values/" in paths
    write = paths["/api/v1/reports/{id}/tables/{table_code}/values/"]["put"]
    assert {"200", "400", "409"} <= set(write["responses"])
    assert "TableValuesWrite" in json.dumps(write["requestBody"])


def test_docs_page_lists_operations(world, api):
    html = api(world.users["reviewer"]).get(reverse("api:docs")).content.decode()
    assert "/api/v1/reports/{id}/tables/{table_code}/values/" in html and "PUT" in html


def test_evidence_is_uploaded_and_listed_through_the_api(world, api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("api:value-evidence", kwargs={"pk": world.report.pk, "code": "graduates"})
    client = api(world.users["school_editor"])
    response = client.post(
        url, {"file": SimpleUploadedFile("毕业证明.pdf", b"%PDF-1.4 test")}, **JSON
    )
    assert response.status_code == 201 and response.json()["name"] == "毕业证明.pdf"
    listed = client.get(url, **JSON).json()
    assert [e["size"] for e in listed] == [len(b"%PDF-1.4 test")]


def test_evidence_with_wrong_content_is_refused_with_a_chinese_message(world, api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("api:value-evidence", kwargs={"pk": world.report.pk, "code": "graduates"})
    response = api(world.users["school_editor"]).post(
        url, {"file": SimpleUploadedFile("x.pdf", b"GIF89a")}, **JSON
    )
    assert response.status_code == 400 and "不符" in response.json()["detail"]


def test_a_reader_cannot_upload_evidence(world, api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("api:value-evidence", kwargs={"pk": world.report.pk, "code": "graduates"})
    response = api(world.users["city_admin"]).post(
        url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}, **JSON
    )
    assert response.status_code == 403


def test_schema_lists_the_evidence_endpoint(world, api):
    schema = api(world.users["school_editor"]).get(reverse("api:schema"), **JSON).content.decode()
    assert "/evidence/" in schema
