from django.urls import path

from nianbao.core import views, views_exports

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_list, name="audit-list"),
    path("file-exports/<int:pk>/", views_exports.export_status, name="export-status"),
    path("file-exports/<int:pk>/download/", views_exports.export_download, name="export-download"),
]
