from django.urls import path

from nianbao.checker import views

app_name = "checker"
urlpatterns = [
    path("", views.check_upload, name="check-upload"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("runs/<int:pk>.json", views.run_json, name="run-json"),
]
