from django.urls import path

from allervers.plan.views import documents, fiches, plans

app_name = "plan"

urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("<int:pk>/", plans.plan_dashboard, name="dashboard"),
    path("<int:pk>/public/", plans.plan_public, name="public"),
    path("<int:pk>/statut/<str:action>/", plans.plan_transition, name="transition"),
    path("<int:pk>/indicateurs/actualiser/", plans.indicators_refresh, name="indicators-refresh"),
    path("<int:pk>/plan.docx", documents.plan_docx_view, name="docx"),
    path("<int:pk>/plan.pdf", documents.plan_pdf_view, name="pdf"),
    path("<int:pk>/fiches.xlsx", documents.fiches_xlsx_view, name="xlsx"),
    path("<int:pk>/fiches/importer/", documents.fiches_import_view, name="import"),
    path("fiches/<int:pk>/", fiches.fiche_detail, name="fiche"),
    path("fiches/<int:pk>/modifier/", fiches.fiche_edit, name="fiche-edit"),
    path("fiches/<int:pk>/fiche.pdf", documents.fiche_pdf_view, name="fiche-pdf"),
    path("fiches/<int:pk>/notes/", fiches.note_add, name="note-add"),
    path("fiches/<int:pk>/statut/<str:action>/", fiches.fiche_transition, name="fiche-transition"),
    path("etapes/<int:pk>/basculer/", fiches.step_toggle, name="step-toggle"),
    path("indicateurs/<int:pk>/valeur/", plans.indicator_value_add, name="indicator-value"),
    path("reunions/<int:pk>/", plans.meeting_detail, name="meeting"),
]
