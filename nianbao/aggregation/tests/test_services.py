import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from nianbao.aggregation.models import RegionReportRun
from nianbao.aggregation.services import region_report_request
from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.documents.models import ExportStatus

pytestmark = pytest.mark.django_db


def test_city_admin_generates_the_city_report_in_the_background_and_files_keep_their_hash(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        run = region_report_request(
            actor=world.users["city_admin"], organisation=world.city, cycle=world.cycle
        )
    run.refresh_from_db()
    assert run.status == ExportStatus.DONE, run.error
    assert run.progress == 100 and run.pages > 0
    assert run.pdf_sha256 == hashlib.sha256(run.pdf.read()).hexdigest()
    assert run.docx_sha256 == hashlib.sha256(run.docx.open("rb").read()).hexdigest()
    assert "coverage" in run.aggregate and "secondary" in run.aggregate["coverage"]
    assert AuditEvent.objects.filter(action="region_report.generate").count() == 1


def test_a_school_user_cannot_generate_a_region_report(world):
    with pytest.raises(PermissionDenied):
        region_report_request(
            actor=world.users["school_editor"], organisation=world.city, cycle=world.cycle
        )


def test_a_second_generation_waits_for_the_running_one(world):
    RegionReportRun.objects.create(
        organisation=world.city, cycle=world.cycle, status=ExportStatus.RUNNING
    )
    with pytest.raises(ApplicationError, match="正在生成"):
        region_report_request(
            actor=world.users["city_admin"], organisation=world.city, cycle=world.cycle
        )
