from nianbao.core.tests.permission_matrix import ALL_USERS, no_kwargs
from nianbao.rankings.models import Ranking

COMMITTEE = frozenset({"province_admin", "reviewer"})
OWN_SCHOOL = COMMITTEE | {"school_editor", "school_head"}


def ranking(w) -> dict:
    r, _ = Ranking.objects.get_or_create(
        cycle=w.cycle,
        code="outcomes",
        defaults={
            "name": "育人成效50强",
            "edition": "2023",
            "result": {"schools": [], "indicators": [], "candidates": 60, "places": 50},
        },
    )
    return {"pk": r.pk}


def school_page(w) -> dict:
    return {**ranking(w), "report_pk": w.report.pk}


MATRIX = {
    # Everybody signed in may open the index: the committee sees the lists, a school its own pages.
    "rankings:index": (no_kwargs, ALL_USERS),
    "rankings:detail": (ranking, COMMITTEE),
    "rankings:anomalies": (ranking, COMMITTEE),
    "rankings:verifications": (ranking, COMMITTEE),
    "rankings:final": (ranking, COMMITTEE),
    "rankings:export-xlsx": (ranking, COMMITTEE),
    "rankings:export-docx": (ranking, COMMITTEE),
    "rankings:school": (school_page, OWN_SCHOOL),
    # POST-only: a GET is refused for everybody (405); the third set is who may POST.
    "rankings:compute": (no_kwargs, set(), COMMITTEE),
    "rankings:verify": (ranking, set(), COMMITTEE),
    "rankings:notice": (ranking, set(), {"province_admin"}),
    "rankings:notice-withdraw": (ranking, set(), {"province_admin"}),
    "rankings:objection-add": (ranking, set(), {"province_admin"}),
    "rankings:objection-decide": (lambda w: {"pk": 1}, set()),
    "rankings:confirm": (ranking, set(), {"province_admin"}),
}

