from nianbao.core.tests.permission_matrix import ALL_USERS, ANONYMOUS, no_kwargs
from nianbao.portal.tests.publishing import publish

EVERYONE = ALL_USERS | {ANONYMOUS}


def published_report(w):
    if w.report.status != "published":
        publish(w.report)
    return {"year": w.cycle.year, "code": w.school.code}


MATRIX = {
    "portal:home": (no_kwargs, ALL_USERS),
    "portal:public-index": (no_kwargs, EVERYONE),
    "portal:public-verify": (no_kwargs, EVERYONE),
    "portal:public-report": (published_report, EVERYONE),
    "portal:public-report-download": (published_report, EVERYONE),
}
