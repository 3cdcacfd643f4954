"""Bad input gets a clear Chinese message and a 4xx, never a server error."""

import json

import pytest
from django.urls import reverse

from nianbao.core.exceptions import ApplicationError
from nianbao.reports.text import url_problem
from nianbao.submissions.services import publication_url_set
from nianbao.validation.services import explanation_save

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
HUGE = "1" * 21


def test_a_value_with_more_than_20_integer_digits_is_refused_by_the_api(world, api):
    url = reverse("api:table-values", kwargs={"pk": world.report.pk, "table_code": "scorecard"})
    response = api(world.users["school_editor"]).put(
        url,
        data=json.dumps({"version": 0, "values": {"graduates": HUGE}}),
        content_type="application/json",
        **JSON,
    )
    assert response.status_code == 400 and "整数部分最多 20 位" in response.content.decode()


def test_a_value_with_more_than_20_integer_digits_is_refused_by_the_form(world, login):
    url = reverse("indicators:table-entry", args=[world.report.pk, "scorecard"])
    response = login(world.users["school_editor"]).post(url, {"version": 0, "v_graduates": HUGE})
    assert response.status_code == 400 and "整数部分最多 20 位" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["https://www.exam_ple.edu.cn/", "https://-bad.edu.cn/", "https://a.edu.cn/" + "x" * 500]
)
def test_a_publication_url_the_model_would_refuse_is_refused_with_a_message(world, url):
    assert url_problem(url)
    with pytest.raises(ApplicationError):
        publication_url_set(actor=world.users["school_editor"], report=world.report, url=url)


@pytest.mark.parametrize("rule_id", ["r" * 81, "not.a.rule"])
def test_an_explanation_of_no_real_rule_is_refused(world, login, rule_id):
    with pytest.raises(ApplicationError, match="没有这条校验规则"):
        explanation_save(
            actor=world.users["school_editor"],
            report=world.report,
            rule_id=rule_id,
            text="说明五个字以上",
        )
    response = login(world.users["school_editor"]).post(
        reverse("validation:explanation-save", args=[world.report.pk]),
        {"rule_id": rule_id, "text": "说明五个字以上"},
    )
    assert response.status_code == 302


def test_a_huge_city_filter_is_ignored(world, login):
    client = login(world.users["province_admin"])
    url = reverse("validation:scope-findings")
    assert client.get(url, {"city": "9" * 40}).status_code == 200
    assert client.get(url, {"cycle": "9" * 40}).status_code == 200  # the current cycle
    assert client.get(url, {"city": "²"}).status_code == 200
