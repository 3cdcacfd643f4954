from nianbao.core.tests.permission_matrix import SCHOOL_VIEWERS


def _export(world):
    from nianbao.documents.models import DocumentExport

    export = DocumentExport.objects.create(report=world.report, file_format="pdf")
    return {"export_id": export.pk}


MATRIX = {
    "documents:export-list": (lambda w: {"pk": w.report.pk}, SCHOOL_VIEWERS),
    # POST-only: a GET is refused for everybody (405).
    "documents:export-create": (lambda w: {"pk": w.report.pk}, set(), SCHOOL_VIEWERS),
    "documents:export-status": (_export, SCHOOL_VIEWERS),
    # A pending export has no file yet: 404 for everybody.
    "documents:export-download": (_export, set()),
    "documents:progress-summary": (lambda w: {"pk": w.city.pk}, {"province_admin", "city_admin"}),
    "documents:progress-letter": (lambda w: {"pk": w.city.pk}, {"province_admin", "city_admin"}),
    "documents:enterprise-rollup": (lambda w: {"pk": w.city.pk}, {"province_admin", "city_admin"}),
    "documents:enterprise-report-list": (
        lambda w: {"pk": w.school.pk},
        {"province_admin", "city_admin", "school_editor", "school_head"},
    ),
}
