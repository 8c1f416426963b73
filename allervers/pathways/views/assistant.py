"""The public orientation assistant. Its answer page is the POST response itself, never cached nor stored."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from allervers.pathways.assistant import AssistantForm, build_answer
from allervers.pathways.views.fiches import sees_professional_lines
from allervers.taxonomy.emergency import EMERGENCY_NUMBERS


@login_not_required
@never_cache
# The assistant writes nothing and stores nothing: a forged POST can do no harm, while the CSRF cookie would leave
# a trace of the visit in a browser that the person hurting them may look at.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def assistant(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "pathways/assistant.html", {"form": AssistantForm()})
    form = AssistantForm(request.POST)
    if not form.is_valid():
        return render(request, "pathways/assistant.html", {"form": form}, status=200)
    answer = build_answer(form.cleaned_data)
    context = {
        "answer": answer,
        "emergency_numbers": EMERGENCY_NUMBERS,
        "show_emergency": answer.in_danger or answer.unsure,
        "show_professional": sees_professional_lines(request),
    }
    return render(request, "pathways/answer.html", context)
