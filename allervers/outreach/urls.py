from django.urls import URLPattern, URLResolver, path

from allervers.outreach.views import attendance, evaluation, manage, public, reach

app_name = "outreach"

urlpatterns: list[URLPattern | URLResolver] = [
    # Public.
    path("agenda/", public.agenda_page, name="agenda"),
    path("agenda.ics", public.agenda_ics, name="agenda-ics"),
    path("agenda/sessions/<int:pk>/", public.session_page, name="session"),
    path("agenda/sessions/<int:pk>/inscription-envoyee/", public.registered, name="registered"),
    path("agenda/actions/<int:pk>/", public.event_page, name="event"),
    path("formations/confirmer/<str:token>/", public.confirm, name="confirm"),
    path("formations/inscription/<str:token>/", public.registration_page, name="registration"),
    path("formations/inscription/<str:token>/annuler/", public.cancel, name="cancel"),
    path("formations/inscription/<str:token>/attestation.pdf", public.certificate, name="certificate"),
    path("formations/evaluation/<str:token>/", evaluation.evaluation, name="evaluation"),
    path("formations/attestations/verifier/", public.verify, name="verify"),
    # Organisers and coordinators.
    path("espace/formations/", manage.offer_list, name="offers"),
    path("espace/formations/nouvelle/", manage.offer_create, name="offer-create"),
    path("espace/formations/couverture/", reach.reach_view, name="reach"),
    path("espace/formations/<int:pk>/", manage.offer_detail, name="offer"),
    path("espace/formations/<int:pk>/modifier/", manage.offer_edit, name="offer-edit"),
    path("espace/formations/<int:pk>/sessions/ajouter/", manage.session_create, name="session-create"),
    path("espace/formations/<int:pk>/actions/ajouter/", manage.event_create, name="event-create"),
    path("espace/formations/actions/<int:pk>/modifier/", manage.event_edit, name="event-edit"),
    path("espace/formations/actions/<int:pk>/annuler/", manage.event_cancel, name="event-cancel"),
    path("espace/formations/sessions/<int:pk>/", attendance.session_manage, name="session-manage"),
    path("espace/formations/sessions/<int:pk>/modifier/", manage.session_edit, name="session-edit"),
    path("espace/formations/sessions/<int:pk>/annuler/", manage.session_cancel, name="session-cancel"),
    path("espace/formations/sessions/<int:pk>/inscriptions.csv", attendance.export_csv, name="export-csv"),
    path("espace/formations/sessions/<int:pk>/inscriptions.xlsx", attendance.export_xlsx, name="export-xlsx"),
    path("espace/formations/sessions/<int:pk>/emargement.pdf", attendance.signin_sheet, name="signin-sheet"),
    path("espace/formations/inscriptions/<int:pk>/presence/", attendance.set_attendance, name="attendance"),
    path("espace/formations/inscriptions/<int:pk>/promouvoir/", attendance.promote, name="promote"),
    path("espace/formations/inscriptions/<int:pk>/attestation.pdf", attendance.certificate, name="manage-certificate"),
    path("espace/formations/pointage/<str:token>/", attendance.checkin, name="checkin"),
]
