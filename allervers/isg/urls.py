from django.urls import URLPattern, URLResolver, path

from allervers.isg.views import manage

app_name = "isg"

urlpatterns: list[URLPattern | URLResolver] = [
    path("espace/isg/", manage.dashboard, name="dashboard"),
    path("espace/isg/postes/nouveau/", manage.post_create, name="post-create"),
    path("espace/isg/postes/<int:pk>/", manage.post_detail, name="post"),
    path("espace/isg/postes/<int:pk>/modifier/", manage.post_edit, name="post-edit"),
    path("espace/isg/postes/<int:pk>/statut/<slug:action>/", manage.post_status, name="post-status"),
    path("espace/isg/postes/<int:pk>/supprimer/", manage.post_delete, name="post-delete"),
    path("espace/isg/postes/<int:pk>/financements/ajouter/", manage.funding_create, name="funding-create"),
    path("espace/isg/financements/<int:pk>/modifier/", manage.funding_edit, name="funding-edit"),
    path("espace/isg/financements/<int:pk>/supprimer/", manage.funding_delete, name="funding-delete"),
]
