from django.urls import path

from nianbao.portal import feedback_views, public_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("public/", public_views.public_index, name="public-index"),
    path("public/verify/", public_views.public_verify, name="public-verify"),
    path(
        "public/reports/<int:year>/<str:code>/",
        public_views.public_report,
        name="public-report",
    ),
    path(
        "public/reports/<int:year>/<str:code>/download/",
        public_views.public_report_download,
        name="public-report-download",
    ),
    path(
        "public/rankings/<int:pk>/<str:kind>/",
        public_views.public_ranking,
        name="public-ranking",
    ),
    path(
        "public/notices/<int:pk>/download/",
        public_views.public_notice_download,
        name="public-notice-download",
    ),
    path("feedback/", feedback_views.feedback_runs, name="feedback-runs"),
    path(
        "feedback/schools/<int:school_id>/",
        feedback_views.feedback_report,
        name="feedback-report",
    ),
    path(
        "feedback/schools/<int:school_id>/pdf/",
        feedback_views.feedback_pdf,
        name="feedback-pdf",
    ),
]
