from django.urls import path

from allervers.jobs import views

app_name = "jobs"

urlpatterns = [
    path("courriels/", views.failed_emails, name="failed-emails"),
    path("courriels/<int:pk>/renvoyer/", views.retry_email, name="retry-email"),
    path("taches/", views.duty_runs, name="duty-runs"),
]
