from django.urls import path

from allervers.pathways.views import assistant, editing, fiches

app_name = "pathways"

urlpatterns = [
    path("", assistant.assistant, name="assistant"),
    path("fiches/", fiches.index, name="fiches"),
    path("fiches/<slug:slug>/commune/<slug:code>/", fiches.commune_fiche, name="commune-fiche"),
    path("fiches/<slug:slug>/commune/<slug:code>.pdf", fiches.commune_fiche, {"pdf": True}, name="commune-fiche-pdf"),
    path("fiches/<slug:slug>/epci/<slug:siren>/", fiches.epci_fiche, name="epci-fiche"),
    path("fiches/<slug:slug>/epci/<slug:siren>.pdf", fiches.epci_fiche, {"pdf": True}, name="epci-fiche-pdf"),
    path("fiches/epci/<slug:siren>.zip", fiches.epci_archive, name="epci-archive"),
    path("gestion/", editing.situations, name="manage"),
    path("gestion/nouvelle/", editing.situation_edit, name="manage-situation-create"),
    path("gestion/couverture/", editing.coverage, name="manage-coverage"),
    path("gestion/competences/", editing.competences, name="manage-competences"),
    path("gestion/<slug:slug>/", editing.situation_detail, name="manage-situation"),
    path("gestion/<slug:slug>/modifier/", editing.situation_edit, name="manage-situation-edit"),
    path("gestion/<slug:slug>/historique/", editing.history, name="manage-history"),
    path("gestion/<slug:slug>/apercu/", editing.preview, name="manage-preview"),
    path("gestion/<slug:slug>/etapes/nouvelle/", editing.step_edit, name="manage-step-create"),
    path("gestion/<slug:slug>/etapes/<int:pk>/modifier/", editing.step_edit, name="manage-step-edit"),
    path("gestion/<slug:slug>/etapes/<int:pk>/supprimer/", editing.step_delete, name="manage-step-delete"),
    path("gestion/<slug:slug>/etapes/<int:pk>/<str:direction>/", editing.step_move, name="manage-step-move"),
]
