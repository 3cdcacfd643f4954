from django.urls import path

from nianbao.cycles import views

app_name = "cycles"
urlpatterns = [
    path("", views.cycle_list, name="cycle-list"),
    path("new/", views.cycle_open, name="cycle-open"),
    path("<int:pk>/", views.cycle_detail, name="cycle-detail"),
]
