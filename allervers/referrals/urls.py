from django.urls import path

from allervers.referrals.views import handling, oversight, sending

app_name = "referrals"

urlpatterns = [
    path("", handling.inbox, name="inbox"),
    path("nouvelle/", sending.create, name="create"),
    path("statistiques/", oversight.statistics, name="statistics"),
    path("<uuid:public_id>/", handling.detail, name="detail"),
    path("<uuid:public_id>/messages/", handling.post_message, name="message"),
    path("<uuid:public_id>/journal/", oversight.access_log, name="access-log"),
    path("<uuid:public_id>/export.pdf", oversight.export_pdf, name="export"),
    path("<uuid:public_id>/<slug:action>/", handling.transition, name="transition"),
]
