from django.urls import path

from nianbao.submissions import views

app_name = "submissions"
urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
]
