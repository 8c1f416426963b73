from django.urls import URLPattern, URLResolver, path

from allervers.agreements.views import documents, manage

app_name = "agreements"

urlpatterns: list[URLPattern | URLResolver] = [
    path("espace/conventions/", manage.agreement_list, name="list"),
    path("espace/conventions/nouvelle/", manage.agreement_create, name="create"),
    path("espace/conventions/<int:pk>/", manage.agreement_detail, name="detail"),
    path("espace/conventions/<int:pk>/modifier/", manage.agreement_edit, name="edit"),
    path("espace/conventions/<int:pk>/parties/ajouter/", manage.party_add, name="party-add"),
    path("espace/conventions/<int:pk>/parties/<int:party_pk>/retirer/", manage.party_remove, name="party-remove"),
    path("espace/conventions/<int:pk>/document/", documents.document_upload, name="upload"),
    path("espace/conventions/<int:pk>/document.pdf", documents.document_download, name="download"),
    path("espace/conventions/<int:pk>/<slug:action>/", manage.agreement_transition, name="transition"),
]
