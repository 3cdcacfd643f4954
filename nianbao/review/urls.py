from django.urls import path

from nianbao.review import views, views_bureau

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("reports/<int:pk>/", views.review_detail, name="review-detail"),
    path("reports/<int:pk>/checklist/", views.marks_save, name="marks-save"),
    path("reports/<int:pk>/comments/", views.comment_add, name="comment-add"),
    path(
        "reports/<int:pk>/explanations/<int:explanation_id>/",
        views.explanation_decide,
        name="explanation-decide",
    ),
    path("reports/<int:pk>/return/", views.review_return, name="review-return"),
    path("reports/<int:pk>/approve/", views.review_approve, name="review-approve"),
    path("reports/<int:pk>/assign/", views.assign, name="assign"),
    path("grades/", views.grades, name="grades"),
    path("notices/", views.notice_create, name="notice-create"),
    path("notices/<int:pk>/", views.notice_download, name="notice-download"),
    path("notices/<int:pk>/publish/", views.notice_publish, name="notice-publish"),
    path("settings/", views_bureau.settings_page, name="settings"),
    path("overview/", views_bureau.overview_page, name="overview"),
    path("overview/remind/", views_bureau.remind, name="remind"),
    path("overview/url-check/", views_bureau.url_check, name="url-check"),
    path("cities/<int:pk>/scope/", views_bureau.scope_list, name="scope-list"),
    path("cities/<int:pk>/scope/confirm/", views_bureau.scope_confirm, name="scope-confirm"),
    path("cities/<int:pk>/url-summary/", views_bureau.url_summary, name="url-summary"),
]
