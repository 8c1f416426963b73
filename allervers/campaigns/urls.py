from django.urls import URLPattern, URLResolver, path

from allervers.campaigns.views import manage, public

app_name = "campaigns"

urlpatterns: list[URLPattern | URLResolver] = [
    path("aide/epci/<slug:siren>/", public.epci_help, name="help-epci"),
    path("aide/<slug:code>/", public.commune_help, name="help"),
    path("aide/<slug:code>/campagnes/<slug:slug>/", public.campaign_page, name="campaign-page"),
    path("espace/campagnes/", manage.campaign_list, name="list"),
    path("espace/campagnes/nouvelle/", manage.campaign_edit, name="create"),
    path("espace/campagnes/indicateurs/", manage.indicators, name="indicators"),
    path("espace/campagnes/<slug:slug>/", manage.campaign_detail, name="campaign"),
    path("espace/campagnes/<slug:slug>/modifier/", manage.campaign_edit, name="edit"),
    path("espace/campagnes/<slug:slug>/partenaires/", manage.sponsor_add, name="sponsor-add"),
    path("espace/campagnes/<slug:slug>/distributions/", manage.distribution_add, name="distribution-add"),
    path(
        "espace/campagnes/<slug:slug>/supports/<slug:code>/<slug:kind>.<str:extension>",
        manage.support_file,
        name="support",
    ),
]
