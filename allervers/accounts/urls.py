from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from allervers.accounts import views
from allervers.accounts.forms import DsfrSetPasswordForm, EmailAuthenticationForm

app_name = "accounts"

urlpatterns = [
    path(
        "connexion/",
        login_not_required(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html", authentication_form=EmailAuthenticationForm
            )
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/oubli/", views.password_reset, name="password_reset"),
    path(
        "mot-de-passe/oubli/envoye/",
        login_not_required(auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        login_not_required(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="accounts/password_reset_confirm.html",
                form_class=DsfrSetPasswordForm,
                success_url=reverse_lazy("accounts:password_reset_complete"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/change/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
        ),
        name="password_reset_complete",
    ),
    path("invitation/<str:token>/", views.accept_invitation, name="invitation"),
]

# Second factor and ProConnect (hand-overs, issue 5).
from allervers.accounts import mfa_views, oidc  # noqa: E402

urlpatterns += [
    path("double-authentification/", mfa_views.setup, name="mfa-setup"),
    path("double-authentification/verification/", mfa_views.verify, name="mfa-verify"),
    path("double-authentification/codes-de-secours/", mfa_views.renew_recovery_codes, name="mfa-recovery-codes"),
    path("proconnect/", login_not_required(oidc.login_start), name="proconnect"),
    path("proconnect/retour/", login_not_required(oidc.login_callback), name="proconnect-callback"),
]
