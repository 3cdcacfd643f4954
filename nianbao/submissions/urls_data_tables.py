from django.urls import path

from nianbao.submissions.views import bulk_imports as views_bulk
from nianbao.submissions.views import data_tables as views

app_name = "indicators"
urlpatterns = [
    path("reports/<int:pk>/", views.table_list, name="table-list"),
    path("reports/<int:pk>/tables/<slug:table_code>/", views.table_entry, name="table-entry"),
    path(
        "reports/<int:pk>/values/<slug:code>/history/",
        views.value_history,
        name="value-history",
    ),
    path(
        "reports/<int:pk>/values/<slug:code>/evidence/",
        views.evidence_list,
        name="evidence-list",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("evidence/<int:pk>/delete/", views.evidence_remove, name="evidence-delete"),
    path("reports/<int:pk>/workbook/", views.excel_download, name="excel-download"),
    path("reports/<int:pk>/workbook/upload/", views.excel_upload, name="excel-upload"),
    path(
        "reports/<int:pk>/workbook/upload/<str:token>/",
        views.excel_upload_status,
        name="excel-upload-status",
    ),
    path("bulk-imports/", views_bulk.bulk_import_list, name="bulk-import-list"),
    path("bulk-imports/<int:pk>/", views_bulk.bulk_import_detail, name="bulk-import-detail"),
]
