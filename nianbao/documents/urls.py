from django.urls import path

from nianbao.documents import views, views_progress

app_name = "documents"
urlpatterns = [
    path("reports/<int:pk>/exports/", views.export_list, name="export-list"),
    path("reports/<int:pk>/exports/new/", views.export_create, name="export-create"),
    path("exports/<int:export_id>/status/", views.export_status, name="export-status"),
    path("exports/<int:export_id>/download/", views.export_download, name="export-download"),
    path(
        "cities/<int:pk>/progress-summary/",
        views_progress.progress_summary,
        name="progress-summary",
    ),
    path(
        "cities/<int:pk>/progress-letter/", views_progress.progress_letter, name="progress-letter"
    ),
    path(
        "cities/<int:pk>/enterprise-rollup/",
        views_progress.enterprise_rollup,
        name="enterprise-rollup",
    ),
    path(
        "schools/<int:pk>/enterprise-reports/",
        views_progress.enterprise_report_list,
        name="enterprise-report-list",
    ),
]
