from nianbao.core.tests.permission_matrix import SCHOOL_EDITORS, SCHOOL_VIEWERS, no_kwargs

# Every admin may open the list; its rows are limited to the admin's own scope.
ADMINS = {"province_admin", "city_admin", "other_city_admin"}
REVIEWERS = {"province_admin", "reviewer", "city_admin"}


def _explanation(w):
    from nianbao.validation.models import FindingExplanation

    explanation = FindingExplanation.objects.create(
        report=w.report,
        organisation=w.school,
        rule_id="matrix.rule",
        text="说明五个字以上",
        written_by=w.users["school_editor"],
    )
    return {"pk": explanation.pk}


MATRIX = {
    "validation:report-findings": (lambda w: {"pk": w.report.pk}, SCHOOL_VIEWERS),
    # POST-only endpoints: a GET is refused for everybody (405), which the matrix counts as deny;
    # the third set is who may POST.
    "validation:explanation-save": (lambda w: {"pk": w.report.pk}, set(), SCHOOL_EDITORS),
    "validation:explanation-decide": (_explanation, set(), REVIEWERS),
    "validation:scope-run": (no_kwargs, set(), ADMINS),
    "validation:scope-findings": (no_kwargs, ADMINS),
    "validation:scope-export": (no_kwargs, ADMINS),
}
