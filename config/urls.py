from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("nianbao.portal.urls")),
    path("accounts/", include("nianbao.accounts.urls")),
    path("organisations/", include("nianbao.organisations.urls")),
    path("cycles/", include("nianbao.cycles.urls")),
    path("reports/", include("nianbao.submissions.urls")),
    path("", include("nianbao.core.urls")),
    path("admin/", admin.site.urls),
]
