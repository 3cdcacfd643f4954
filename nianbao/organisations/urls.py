from django.urls import path

from nianbao.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="organisation-list"),
    path("new/", views.organisation_create, name="organisation-create"),
    path("import/", views.organisation_import, name="organisation-import"),
    path(
        "import/<str:token>/",
        views.organisation_import_status,
        name="organisation-import-status",
    ),
    path(
        "import/template.csv",
        views.organisation_import_template,
        name="organisation-import-template",
    ),
    path("<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("<int:pk>/move/", views.organisation_move, name="organisation-move"),
    path("<int:pk>/close/", views.organisation_close, name="organisation-close"),
]
