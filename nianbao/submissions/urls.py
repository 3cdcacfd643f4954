from django.urls import path

from nianbao.submissions import views

app_name = "submissions"
urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/parts/<slug:part>/", views.report_part, name="report-part"),
    path("<int:pk>/parts/<slug:part>/sections/", views.section_save, name="section-save"),
    path("<int:pk>/parts/<slug:part>/cases/", views.case_save, name="case-save"),
    path("<int:pk>/parts/<slug:part>/figures/", views.figure_save, name="figure-save"),
    path("<int:pk>/parts/<slug:part>/tables/", views.table_save, name="table-save"),
    path(
        "<int:pk>/items/<str:kind>/<int:item_id>/<str:op>/", views.item_action, name="item-action"
    ),
    path("<int:pk>/figures/<int:item_id>/image/", views.figure_image, name="figure-image"),
    path("<int:pk>/mode/", views.report_mode, name="report-mode"),
    path("<int:pk>/upload/", views.report_upload, name="report-upload"),
    path("<int:pk>/declaration/", views.declaration_upload, name="declaration-upload"),
    path("<int:pk>/declaration/file/", views.declaration_file, name="declaration-file"),
    path(
        "<int:pk>/declaration/template.docx",
        views.declaration_template,
        name="declaration-template",
    ),
    path("<int:pk>/publication-url/", views.publication_url, name="publication-url"),
    path("<int:pk>/check/", views.report_check, name="report-check"),
    path("<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("<int:pk>/handover/", views.report_handover_view, name="report-handover"),
    path("<int:pk>/transitions/<str:action>/", views.report_transition, name="report-transition"),
    path("<int:pk>/extend/", views.report_extend, name="report-extend"),
    path("<int:pk>/snapshots/<int:seq>/", views.snapshot_download, name="snapshot-download"),
    path("enterprise/", views.enterprise_reports, name="enterprise-reports"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/read/", views.notification_read, name="notification-read"),
]
