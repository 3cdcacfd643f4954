from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("nianbao.portal.urls")),
    path("accounts/", include("nianbao.accounts.urls")),
    path("organisations/", include("nianbao.organisations.urls")),
    path("cycles/", include("nianbao.cycles.urls")),
    path("reports/", include("nianbao.submissions.urls")),
    path("data/", include("nianbao.submissions.urls_data_tables")),
    path("validation/", include("nianbao.validation.urls")),
    path("checker/", include("nianbao.checker.urls")),
    path("documents/", include("nianbao.documents.urls")),
    path("region-reports/", include("nianbao.aggregation.urls")),
    path("review/", include("nianbao.review.urls")),
    path("rankings/", include("nianbao.rankings.urls")),
    path("api/v1/", include("nianbao.api.urls")),
    path("", include("nianbao.core.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
]
