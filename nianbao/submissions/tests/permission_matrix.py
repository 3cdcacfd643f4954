from nianbao.core.tests.permission_matrix import (
    ALL_USERS,
    PROVINCE,
    SCHOOL_EDITORS,
    SCHOOL_VIEWERS,
    no_kwargs,
)


def _report(w):
    return {"pk": w.report.pk}


def _part(w):
    return {"pk": w.report.pk, "part": "talent_cultivation"}


def _declaration(w):
    from django.core.files.base import ContentFile

    from nianbao.reports.models import AuthenticityDeclaration

    d = AuthenticityDeclaration(
        report=w.report, filename="d.pdf", media_type="application/pdf", size=9, sha256="0" * 64
    )
    d.file.save("d.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    d.save()
    return {"pk": w.report.pk}


def _figure(w):
    from django.core.files.base import ContentFile

    from nianbao.reports.models import Figure

    f = Figure(report=w.report, part_code="talent_cultivation", key="fig1", caption="图")
    f.image.save("fig1.png", ContentFile(b"\x89PNG\r\n\x1a\nxx"), save=False)
    f.save()
    return {"pk": w.report.pk, "item_id": f.pk}


def _snapshot(w):
    from django.core.files.base import ContentFile

    from nianbao.reports.models import ReportSnapshot

    existing = ReportSnapshot.objects.filter(report=w.report).order_by("sequence").first()
    if existing is not None:  # another app's matrix entry may have submitted the report already
        return {"pk": w.report.pk, "seq": existing.sequence}
    s = ReportSnapshot(
        report=w.report,
        sequence=1,
        title=w.report.title,
        authoring_mode="platform",
        publication_url="",
        document_sha256="0" * 64,
    )
    s.document.save("r.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    s.save()
    return {"pk": w.report.pk, "seq": 1}


def _item(w):
    from nianbao.reports.models import ReportSection

    section = ReportSection.objects.create(report=w.report, part_code="talent_cultivation")
    return {"pk": w.report.pk, "kind": "section", "item_id": section.pk, "op": "delete"}


MATRIX = {
    "submissions:report-list": (no_kwargs, ALL_USERS),
    "submissions:report-detail": (_report, SCHOOL_VIEWERS),
    "submissions:report-part": (_part, SCHOOL_VIEWERS),
    "submissions:figure-image": (_figure, SCHOOL_VIEWERS),
    "submissions:declaration-file": (_declaration, SCHOOL_VIEWERS),
    "submissions:declaration-template": (_report, SCHOOL_EDITORS),
    # (kwargs, who may GET, who may POST): the editor sees the checklist, the head submits.
    "submissions:report-submit": (_report, SCHOOL_EDITORS, {"school_head"}),
    "submissions:report-extend": (_report, PROVINCE),
    "submissions:snapshot-download": (_snapshot, SCHOOL_VIEWERS),
    # Any school user manages their own school's enterprise reports; an enterprise contact sees
    # their own enterprise's report and who submits it.
    "submissions:enterprise-reports": (
        no_kwargs,
        SCHOOL_EDITORS | {"other_school_editor", "enterprise_editor", "other_enterprise_editor"},
    ),
    "submissions:notification-list": (no_kwargs, ALL_USERS),
    # POST-only endpoints: a GET is refused for everybody (405), which the matrix counts as deny.
    # POST only: nobody may GET them; the third set is who may POST.
    "submissions:section-save": (_part, set(), SCHOOL_EDITORS),
    "submissions:report-handover": (_report, set(), SCHOOL_EDITORS),
    "submissions:case-save": (_part, set(), SCHOOL_EDITORS),
    "submissions:figure-save": (_part, set(), SCHOOL_EDITORS),
    "submissions:table-save": (_part, set(), SCHOOL_EDITORS),
    "submissions:item-action": (_item, set(), SCHOOL_EDITORS),
    "submissions:report-mode": (_report, set(), SCHOOL_EDITORS),
    "submissions:report-upload": (_report, set(), SCHOOL_EDITORS),
    "submissions:declaration-upload": (_report, set(), SCHOOL_EDITORS),
    "submissions:publication-url": (_report, set(), SCHOOL_EDITORS),
    "submissions:report-check": (_report, set(), SCHOOL_EDITORS),
    # Every transition action is POSTed by every actor in test_transition_matrix.py.
    "submissions:report-transition": (
        lambda w: {"pk": w.report.pk, "action": "withdraw"},
        set(),
        {"school_head"},
    ),
    "submissions:notification-read": (no_kwargs, set(), ALL_USERS),
}
