from django.urls import path

from allervers.plan.views import documents, editing, fiches, meetings, plans

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
    # Built by the plan's coordination.
    path("nouveau/", editing.plan_create, name="plan-create"),
    path("<int:pk>/modifier/", editing.plan_edit, name="plan-edit"),
    path("<int:pk>/modele-de-fiche/", editing.template_edit, name="template-edit"),
    path("<int:pk>/axes/ajouter/", editing.axis_create, name="axis-create"),
    path("axes/<int:pk>/modifier/", editing.axis_edit, name="axis-edit"),
    path("axes/<int:pk>/actions/ajouter/", editing.action_create, name="action-create"),
    path("actions/<int:pk>/modifier/", editing.action_edit, name="action-edit"),
    path("actions/<int:pk>/fiches/ajouter/", editing.fiche_create, name="fiche-create"),
    path("<int:pk>/indicateurs/ajouter/", editing.indicator_create, name="indicator-create"),
    path("indicateurs/<int:pk>/modifier/", editing.indicator_edit, name="indicator-edit"),
    path("<int:pk>/groupes/ajouter/", meetings.group_create, name="group-create"),
    path("groupes/<int:pk>/modifier/", meetings.group_edit, name="group-edit"),
    path("groupes/<int:pk>/reunions/ajouter/", meetings.meeting_create, name="meeting-create"),
    path("reunions/<int:pk>/modifier/", meetings.meeting_edit, name="meeting-edit"),
    path("reunions/<int:pk>/decisions/ajouter/", meetings.decision_create, name="decision-create"),
    path("decisions/<int:pk>/modifier/", meetings.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/solder/", meetings.decision_settle, name="decision-settle"),
]
