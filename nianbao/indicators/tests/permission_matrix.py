import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from nianbao.core.tests.permission_matrix import PROVINCE, SCHOOL_EDITORS, SCHOOL_VIEWERS


def report(w):
    return {"pk": w.report.pk}


def table(w):
    return {"pk": w.report.pk, "table_code": "scorecard"}


def value(w):
    return {"pk": w.report.pk, "code": "graduates"}


def evidence(w):
    from nianbao.indicators.models import Evidence

    item = Evidence.objects.create(
        report=w.report,
        code="graduates",
        file="evidence/matrix.pdf",
        original_name="证明.pdf",
        content_type="application/pdf",
        size=10,
    )
    item.file.storage.save("evidence/matrix.pdf", __import__("io").BytesIO(b"%PDF-1.4 matrix"))
    item.file.name = "evidence/matrix.pdf"
    item.save()
    return {"pk": item.pk}


def bulk_job(w):
    from django.core.files.base import ContentFile

    from nianbao.indicators.models import BulkImport, BulkImportStatus

    job = BulkImport(
        cycle=w.cycle,
        organisation=w.province,
        original_name="all.csv",
        status=BulkImportStatus.CHECKED,
    )
    job.file.save("matrix.csv", ContentFile(b"x"), save=False)
    job.save()
    return {"pk": job.pk}


def upload_job(w):
    if default_storage.exists("data-uploads/matrix0job.json"):
        default_storage.delete("data-uploads/matrix0job.json")
    state = {"report": w.report.pk, "status": "checked", "problems": [], "changes": []}
    default_storage.save("data-uploads/matrix0job.json", ContentFile(json.dumps(state).encode()))
    return {"pk": w.report.pk, "token": "matrix0job"}


MATRIX = {
    "indicators:table-list": (report, SCHOOL_VIEWERS),
    # (kwargs, who may GET, who may POST when it differs): viewers read, the school writes.
    "indicators:table-entry": (table, SCHOOL_VIEWERS, SCHOOL_EDITORS),
    "indicators:value-history": (value, SCHOOL_VIEWERS),
    "indicators:evidence-list": (value, SCHOOL_VIEWERS, SCHOOL_EDITORS),
    "indicators:evidence-download": (evidence, SCHOOL_VIEWERS),
    "indicators:evidence-delete": (evidence, frozenset(), SCHOOL_EDITORS),  # POST only
    "indicators:excel-download": (report, SCHOOL_VIEWERS),
    "indicators:excel-upload": (report, SCHOOL_EDITORS),
    "indicators:excel-upload-status": (upload_job, SCHOOL_EDITORS),
    "indicators:bulk-import-list": (lambda w: {}, PROVINCE),
    "indicators:bulk-import-detail": (bulk_job, PROVINCE),
}
