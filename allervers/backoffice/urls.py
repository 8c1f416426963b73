from django.urls import path

from allervers.backoffice.views import coordination, imports, public, services, structures

app_name = "backoffice"

urlpatterns = [
    path("", structures.home, name="home"),
    path("structures/<int:pk>/", structures.structure_detail, name="structure"),
    path("structures/<int:pk>/modifier/", structures.structure_edit, name="structure-edit"),
    path("structures/<int:pk>/verifier/", structures.structure_verify, name="structure-verify"),
    path("structures/<int:pk>/membres/", structures.members, name="members"),
    path("structures/<int:structure_pk>/services/nouveau/", services.service_create, name="service-create"),
    path("services/<int:pk>/", services.service_detail, name="service"),
    path("services/<int:pk>/modifier/", services.service_edit, name="service-edit"),
    path("services/<int:pk>/apercu/", services.service_preview, name="service-preview"),
    path(
        "services/<int:pk>/<str:action>/",
        services.service_transition,
        name="service-transition",
    ),
    path("coordination/", coordination.dashboard, name="coordination"),
    path("coordination/couverture/", coordination.coverage, name="coverage"),
    path("coordination/import/", imports.import_page, name="import"),
    path("coordination/import/modele.<str:extension>", imports.import_template, name="import-template"),
    path("coordination/structures/<int:pk>/inviter/", coordination.invite_structure, name="invite-structure"),
    path("coordination/structures/<int:pk>/<str:decision>/", coordination.moderate, name="moderate"),
    path("signalements/<int:pk>/<str:decision>/", coordination.close_report, name="close-report"),
    path("rejoindre/", public.join, name="join"),
    path("signaler/<int:service_pk>/", public.report_error, name="report-error"),
]
