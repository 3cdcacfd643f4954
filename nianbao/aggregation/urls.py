from django.urls import path

from nianbao.aggregation import views

app_name = "aggregation"
urlpatterns = [
    path("<int:pk>/<int:year>/", views.region_report, name="region-report"),
    path(
        "<int:pk>/<int:year>/generate/", views.region_report_generate, name="region-report-generate"
    ),
    path("<int:pk>/<int:year>/outline/", views.region_outline, name="region-outline"),
    path("<int:pk>/<int:year>/cases/", views.region_cases, name="region-cases"),
    path(
        "<int:pk>/<int:year>/cases/<int:case_id>/pick/",
        views.region_case_pick,
        name="region-case-pick",
    ),
    path("runs/<int:run_id>/status/", views.region_report_status, name="region-report-status"),
    path(
        "runs/<int:run_id>/<str:fmt>/", views.region_report_download, name="region-report-download"
    ),
]
