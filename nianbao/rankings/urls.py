from django.urls import path

from nianbao.rankings import views

app_name = "rankings"
urlpatterns = [
    path("", views.index, name="index"),
    path("compute/", views.compute, name="compute"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/anomalies/", views.anomalies, name="anomalies"),
    path("<int:pk>/verifications/", views.verifications, name="verifications"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/notice/", views.notice, name="notice"),
    path("<int:pk>/notice/withdraw/", views.notice_withdraw, name="notice-withdraw"),
    path("<int:pk>/objections/", views.objection_add, name="objection-add"),
    path("objections/<int:pk>/decision/", views.objection_decide, name="objection-decide"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/final/", views.final, name="final"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("<int:pk>/export.docx", views.export_docx, name="export-docx"),
    path("<int:pk>/schools/<int:report_pk>/", views.school, name="school"),
]
