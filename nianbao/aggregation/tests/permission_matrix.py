def _run(world):
    from nianbao.aggregation.models import RegionReportRun
    from nianbao.documents.models import ExportStatus

    # Running, not queued: a report has one queued run at most, and two pages build one each.
    run = RegionReportRun.objects.create(
        organisation=world.city, cycle=world.cycle, status=ExportStatus.RUNNING
    )
    return {"run_id": run.pk}


def _page(world):
    return {"pk": world.city.pk, "year": world.cycle.year}


# A bureau generates its own report: the city admin for the city (report writing by city and
# province admins applies to their own organisation only).
MATRIX = {
    "aggregation:region-report": (_page, {"city_admin"}),
    # POST-only: a GET is refused for everybody (405).
    "aggregation:region-report-generate": (_page, set(), {"city_admin"}),  # POST only
    "aggregation:region-outline": (_page, set(), {"city_admin"}),  # POST only
    "aggregation:region-cases": (_page, {"city_admin"}),
    "aggregation:region-case-pick": (lambda w: {**_page(w), "case_id": 1}, set()),  # POST-only
    "aggregation:region-report-status": (_run, {"city_admin"}),
    # A run still generating has no file yet: 404 for everybody.
    "aggregation:region-report-download": (lambda w: {**_run(w), "fmt": "pdf"}, set()),
}
