"""The anonymous evaluation questionnaire, reached by a signed link from the registrant's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from allervers.common.csrf import cookieless_csrf_protect
from allervers.common.exceptions import TransitionError
from allervers.outreach import services
from allervers.outreach.forms import EvaluationForm
from allervers.outreach.models import Registration


@login_not_required
@cookieless_csrf_protect  # reached from an e-mail link: no CSRF cookie (common/csrf.py)
def evaluation(request: HttpRequest, token: str) -> HttpResponse:
    registration = Registration.from_token(token, "evaluation")
    if registration is None:
        raise Http404("Ce lien n'est pas (ou plus) valable.")
    form = EvaluationForm(request.POST or None)
    context = {"session": registration.session, "offer": registration.session.offer, "form": form}
    if registration.evaluated:
        return render(request, "outreach/evaluation_done.html", context)
    if request.method == "POST" and form.is_valid():
        answers = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.submit_evaluation(registration, answers)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "outreach/evaluation_done.html", context)
    return render(request, "outreach/evaluation.html", context)
