from django.urls import path

from allervers.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", views.search, name="search"),
    path("urgences/", views.emergency, name="emergency"),
    path("services/<int:pk>/", views.service_detail, name="service-short"),
    path("services/<int:pk>-<slug:slug>/", views.service_detail, name="service"),
    path("structures/<int:pk>/", views.structure_detail, name="structure-short"),
    path("structures/<int:pk>-<slug:slug>/", views.structure_detail, name="structure"),
]
