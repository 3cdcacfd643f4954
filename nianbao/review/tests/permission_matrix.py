"""Review pages. The report under review is the 中职 school's: its city reviews it, the
province does not (it reviews 高职, 省属中职, city and enterprise reports)."""

from nianbao.core.tests.permission_matrix import PROVINCE, no_kwargs

BUREAUS = frozenset({"province_admin", "city_admin", "other_city_admin"})
REVIEWERS = BUREAUS | {"reviewer"}
CITY = frozenset({"city_admin"})


def _submitted(w):
    from nianbao.review.tests.helpers import submit

    report = w.cycle.reports.get(organisation=w.secondary, kind="school")
    if not report.snapshots.exists():
        submit(report, url="https://www.cgzz.edu.cn/nb")
    return {"pk": report.pk}


def _explanation(w):
    from nianbao.validation.models import FindingExplanation

    kwargs = _submitted(w)
    e, _ = FindingExplanation.objects.get_or_create(
        report_id=kwargs["pk"], rule_id="R1",
        defaults={"organisation": w.secondary, "text": "招生计划调整所致。",
                  "written_by": w.users["province_admin"]},
    )  # fmt: skip
    return {**kwargs, "explanation_id": e.pk}


def _notice(w):
    from django.core.files.base import ContentFile

    from nianbao.review.models import EvaluationNotice

    n = EvaluationNotice(cycle=w.cycle, file_format="docx", status="done")
    n.file.save("n.docx", ContentFile(b"PK\x03\x04"), save=False)
    n.save()
    return {"pk": n.pk}


def _city(w):
    return {"pk": w.city.pk}


MATRIX = {
    "review:queue": (no_kwargs, REVIEWERS),
    "review:review-detail": (_submitted, CITY),
    "review:grades": (no_kwargs, BUREAUS),
    "review:notice-download": (_notice, PROVINCE),
    "review:overview": (no_kwargs, BUREAUS),
    "review:settings": (no_kwargs, PROVINCE),
    "review:scope-list": (_city, frozenset({"city_admin", "province_admin"})),
    "review:url-summary": (_city, frozenset({"city_admin", "province_admin"})),
    # POST-only: a GET is refused (405) for everybody; the third set is who may POST.
    "review:marks-save": (_submitted, set(), CITY),
    "review:comment-add": (_submitted, set(), CITY),
    "review:explanation-decide": (_explanation, set(), CITY),
    "review:review-return": (_submitted, set(), CITY),
    "review:review-approve": (_submitted, set(), CITY),
    "review:assign": (_submitted, set(), CITY),
    "review:notice-create": (no_kwargs, set(), PROVINCE),
    "review:notice-publish": (_notice, set(), PROVINCE),
    "review:remind": (no_kwargs, set(), BUREAUS),
    "review:url-check": (no_kwargs, set(), BUREAUS),
    "review:scope-confirm": (_city, set(), CITY),
}
