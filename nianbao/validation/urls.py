from django.urls import path

from nianbao.validation import views

app_name = "validation"
urlpatterns = [
    path("reports/<int:pk>/", views.report_findings, name="report-findings"),
    path("reports/<int:pk>/explanations/", views.explanation_save, name="explanation-save"),
    path("explanations/<int:pk>/decision/", views.explanation_decide, name="explanation-decide"),
    path("findings/", views.scope_findings, name="scope-findings"),
    path("findings/run/", views.scope_run, name="scope-run"),
    path("findings/export.xlsx", views.scope_export, name="scope-export"),
]
