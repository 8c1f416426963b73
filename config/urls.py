from django.contrib import admin
from django.urls import include, path

from allervers.api.hsds import api as hsds_api
from allervers.api.urls import api
from allervers.jobs.views import sante

urlpatterns = [
    path("sante/", sante, name="sante"),
    # The modules' pages, each under its own prefixes (see each app's urls.py).
    path("", include("allervers.outreach.urls")),
    path("", include("allervers.campaigns.urls")),
    path("", include("allervers.surveys.urls")),
    path("", include("allervers.network.urls")),
    path("", include("allervers.isg.urls")),
    path("", include("allervers.agreements.urls")),
    path("", include("allervers.portal.urls")),
    path("api/v1/", api.urls),
    path("api/hsds/", hsds_api.urls),
    path("compte/", include("allervers.accounts.urls")),
    path("espace/coordination/", include("allervers.jobs.urls")),
    path("espace/", include("allervers.backoffice.urls")),
    path("espace/mises-en-relation/", include("allervers.referrals.urls")),
    path("admin/", admin.site.urls),
    path("parcours/", include("allervers.pathways.urls")),
    path("plans/", include("allervers.plan.urls")),
]

# French error pages that keep the quick exit and the emergency numbers, and never need the database.
handler400 = "allervers.portal.errors.bad_request"
handler403 = "allervers.portal.errors.permission_denied"
handler404 = "allervers.portal.errors.page_not_found"
handler500 = "allervers.portal.errors.server_error"
