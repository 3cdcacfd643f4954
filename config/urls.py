from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("nianbao.portal.urls")),
    path("accounts/", include("nianbao.accounts.urls")),
    path("organisations/", include("nianbao.organisations.urls")),
    path("cycles/", include("nianbao.cycles.urls")),
    path("reports/", include("nianbao.submissions.urls")),
    path("data/", include("nianbao.indicators.urls")),
    path("validation/", include("nianbao.validation.urls")),
    path("checker/", include("nianbao.checker.urls")),
    path("documents/", include("nianbao.documents.urls")),
    path("region-reports/", include("nianbao.aggregation.urls")),
    path("review/", include("nianbao.review.urls")),
    path("api/v1/", include("nianbao.api.urls")),
    path("", include("nianbao.core.urls")),
    path("admin/", admin.site.urls),
]
