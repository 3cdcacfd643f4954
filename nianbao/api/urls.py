from django.urls import path

from nianbao.api import views

app_name = "api"
urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
    path("reports/<int:pk>/tables/", views.ReportTablesView.as_view(), name="report-tables"),
    path("reports/<int:pk>/values/", views.ReportValuesView.as_view(), name="report-values"),
    path(
        "reports/<int:pk>/tables/<slug:table_code>/values/",
        views.TableValuesView.as_view(),
        name="table-values",
    ),
    path(
        "reports/<int:pk>/values/<slug:code>/evidence/",
        views.EvidenceView.as_view(),
        name="value-evidence",
    ),
]
