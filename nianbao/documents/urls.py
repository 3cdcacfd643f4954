from django.urls import path

from nianbao.documents import views

app_name = "documents"
urlpatterns = [
    path("reports/<int:pk>/exports/", views.export_list, name="export-list"),
    path("reports/<int:pk>/exports/new/", views.export_create, name="export-create"),
    path("exports/<int:export_id>/status/", views.export_status, name="export-status"),
    path("exports/<int:export_id>/download/", views.export_download, name="export-download"),
]
