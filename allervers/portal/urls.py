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

# Privacy, accessibility and the installable site (issue 8). The service worker and the manifest live at the root
# so that their scope is the whole site.
urlpatterns += [
    path("naviguer-en-securite/", views.safe_browsing, name="safe-browsing"),
    path("accessibilite/", views.accessibility_statement, name="accessibility"),
    path("confidentialite/", views.privacy_notice, name="privacy"),
    path("manifest.webmanifest", views.web_manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
]
