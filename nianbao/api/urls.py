from django.urls import path, re_path

from nianbao.api import views, views_read

app_name = "api"
urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
    path("organisations/", views_read.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/<str:code>/",
        views_read.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path("cycles/", views_read.CycleListView.as_view(), name="cycle-list"),
    path("reports/", views_read.ReportListView.as_view(), name="report-list"),
    path("reports/<int:pk>/", views_read.ReportDetailView.as_view(), name="report-detail"),
    path(
        "reports/<int:pk>/validation-findings/",
        views_read.ValidationFindingsView.as_view(),
        name="report-validation-findings",
    ),
    path(
        "reports/<int:pk>/checker-findings/",
        views_read.CheckerFindingsView.as_view(),
        name="report-checker-findings",
    ),
    path(
        "reports/<int:pk>/review-results/",
        views_read.ReviewResultsView.as_view(),
        name="report-review-results",
    ),
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
    # Anything else under the API answers in JSON, not with the site's HTML 404 page.
    re_path(r"^[\s\S]*$", views.not_found),
]
