from django.urls import URLPattern, URLResolver, path

from allervers.network.views import coverage, public, requests, units

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = [
    # Public: mobile units, their stops and feeds.
    path("unites-mobiles/", public.unit_list, name="units"),
    path("unites-mobiles/commune/<str:code>.ics", public.commune_ics, name="commune-ics"),
    path("unites-mobiles/<slug:slug>.ics", public.unit_ics, name="unit-ics"),
    path("unites-mobiles/<slug:slug>/", public.unit_page, name="unit"),
    # Operators (members of the operating structure) and coordinators.
    path("espace/unites-mobiles/", units.manage_list, name="manage-units"),
    path("espace/unites-mobiles/nouvelle/", units.unit_create, name="unit-create"),
    path("espace/unites-mobiles/<int:pk>/", units.manage_unit, name="manage-unit"),
    path("espace/unites-mobiles/<int:pk>/modifier/", units.unit_edit, name="unit-edit"),
    path("espace/unites-mobiles/<int:pk>/passages/ajouter/", units.stop_create, name="stop-create"),
    path("espace/unites-mobiles/passages/<int:pk>/modifier/", units.stop_edit, name="stop-edit"),
    path("espace/unites-mobiles/passages/<int:pk>/annuler/", units.stop_cancel, name="stop-cancel"),
    path("espace/unites-mobiles/passages/<int:pk>/deplacer/", units.stop_move, name="stop-move"),
    # Visit requests (issue 20, part 2).
    path("espace/demandes-de-passage/", requests.request_list, name="requests"),
    path("espace/demandes-de-passage/nouvelle/", requests.request_create, name="request-create"),
    path("espace/demandes-de-passage/calendrier/<int:pk>/", requests.unit_calendar, name="unit-calendar"),
    path("espace/demandes-de-passage/<str:reference>/", requests.request_detail, name="request"),
    path("espace/demandes-de-passage/<str:reference>/<slug:action>/", requests.request_action, name="request-action"),
    # Where no one goes (issue 20, part 3): coordinators.
    path("espace/couverture-territoriale/", coverage.coverage_page, name="coverage-map"),
]
