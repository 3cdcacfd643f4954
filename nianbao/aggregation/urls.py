from django.urls import path

from nianbao.aggregation import views

app_name = "aggregation"
urlpatterns = [
    path("<int:pk>/<int:year>/", views.region_report, name="region-report"),
    path(
        "<int:pk>/<int:year>/generate/", views.region_report_generate, name="region-report-generate"
    ),
    path("<int:pk>/<int:year>/outline/", views.region_outline, name="region-outline"),
    path("runs/<int:run_id>/status/", views.region_report_status, name="region-report-status"),
    path(
        "runs/<int:run_id>/<str:fmt>/", views.region_report_download, name="region-report-download"
    ),
]
