"""Public pages of the directory's upkeep: a structure asks to join, anyone reports an error. No account, no cookie.

Their POST is protected by the browser's own headers (allervers/common/csrf.py), not by Django's CSRF cookie. Neither
view acts with the rights of a signed-in visitor (a join request and a report carry only what the form holds), so a
forged POST could do no more than anyone can; a signed-in visitor still gets Django's token check as well.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_ratelimit.decorators import ratelimit

from allervers.backoffice.forms import ErrorReportForm, JoinRequestForm
from allervers.backoffice.services import notify_error_report, request_to_join
from allervers.common.csrf import cookieless_csrf_protect
from allervers.directory.models import Service
from allervers.directory.tracking import ErrorReport


@login_not_required
# Before the rate limit: a forged POST is refused without spending the quota of the address it came from.
@cookieless_csrf_protect
@ratelimit(key="ip", rate="5/h", method="POST", block=True)
def join(request: HttpRequest) -> HttpResponse:
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        structure = request_to_join(data=form.cleaned_data)
        return render(request, "backoffice/join_done.html", {"structure": structure})
    return render(request, "backoffice/join.html", {"form": form})


@login_not_required
@cookieless_csrf_protect
@ratelimit(key="ip", rate="10/h", method="POST", block=True)
def report_error(request: HttpRequest, service_pk: int) -> HttpResponse:
    service = get_object_or_404(Service.objects.visible().select_related("structure"), pk=service_pk)
    form = ErrorReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = ErrorReport.objects.create(
            service=service, elements=form.cleaned_data["elements"], message=form.cleaned_data["message"]
        )
        notify_error_report(report)
        return render(request, "backoffice/report_done.html", {"service": service})
    return render(request, "backoffice/report_error.html", {"form": form, "service": service})
