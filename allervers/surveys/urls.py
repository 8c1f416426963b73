from django.urls import URLPattern, URLResolver, path

from allervers.surveys.views import collect, edit, manage, published

app_name = "surveys"

urlpatterns: list[URLPattern | URLResolver] = [
    path("enquetes/<slug:slug>/", collect.survey_intro, name="intro"),
    path("enquetes/<slug:slug>/repondre/", collect.survey_answer, name="answer"),
    path("enquetes/<slug:slug>/merci/", collect.survey_thanks, name="thanks"),
    path("enquetes/<slug:slug>/resultats/", published.public_results, name="public-results"),
    path("espace/enquetes/", manage.survey_list, name="list"),
    path("espace/enquetes/nouvelle/", manage.survey_create, name="create"),
    path("espace/enquetes/<int:pk>/", manage.survey_detail, name="detail"),
    path("espace/enquetes/<int:pk>/etat/<str:action>/", manage.survey_transition, name="transition"),
    path("espace/enquetes/<int:pk>/modifier/", edit.survey_edit, name="edit"),
    path("espace/enquetes/<int:pk>/supprimer/", edit.survey_delete, name="delete"),
    path("espace/enquetes/<int:pk>/questions/", manage.question_add, name="question-add"),
    path("espace/enquetes/<int:pk>/questions/<int:question_pk>/", edit.question_edit, name="question-edit"),
    path(
        "espace/enquetes/<int:pk>/questions/<int:question_pk>/<str:action>/",
        edit.question_action,
        name="question-action",
    ),
    path("espace/enquetes/<int:pk>/marges/", manage.margins_import, name="margins"),
    path("espace/enquetes/<int:pk>/marges/saisie/", edit.margins_entry, name="margins-entry"),
    path("espace/enquetes/<int:pk>/codes/", manage.codes_issue, name="codes"),
    path("espace/enquetes/<int:pk>/papier/", manage.paper_entry, name="paper"),
    path("espace/enquetes/<int:pk>/questionnaire.pdf", published.paper_pdf, name="paper-pdf"),
    path("espace/enquetes/<int:pk>/resultats/", published.results, name="results"),
    path("espace/enquetes/<int:pk>/resultats.<str:fmt>", published.results_export, name="export"),
]
