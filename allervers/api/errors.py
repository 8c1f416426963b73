"""Every refusal of the API is a JSON {"detail": "..."} in French, never a server error."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

BAD_REQUEST = 400


class BadParameter(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(BAD_REQUEST, message)


class NotFound(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(404, message)


def error_response(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})


def validation_message(errors: Iterable[dict[str, Any]]) -> str:
    messages = dict.fromkeys(_message(error) for error in errors)
    return "Paramètre invalide : " + " ".join(messages)


def _message(error: dict[str, Any]) -> str:
    location = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
    name = location[-1] if len(location) > 1 else "requête"
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "missing":
        return f"« {name} » est obligatoire."
    if kind.startswith("int_"):
        return f"« {name} » doit être un nombre entier."
    if kind in ("greater_than_equal", "greater_than"):
        return f"« {name} » doit être au moins {_bound(context, 'ge', 'gt')}."
    if kind in ("less_than_equal", "less_than"):
        return f"« {name} » doit être au plus {_bound(context, 'le', 'lt')}."
    if kind == "string_too_short":
        return f"« {name} » doit compter au moins {context.get('min_length')} caractères."
    if kind == "string_too_long":
        return f"« {name} » doit compter au plus {context.get('max_length')} caractères."
    if kind == "string_pattern_mismatch":
        return f"« {name} » n'a pas le format attendu."
    return f"« {name} » n'a pas une valeur acceptée."


def _bound(context: dict[str, Any], inclusive: str, strict: str) -> str:
    if inclusive in context:
        return str(context[inclusive])
    return f"{context.get(strict)} (exclu)"


def install_handlers(api: NinjaAPI) -> None:
    api.exception_handler(ValidationError)(_on_validation_error)
    api.exception_handler(HttpError)(_on_http_error)
    api.exception_handler(Http404)(_on_not_found)


def _on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error_response(validation_message(exc.errors), BAD_REQUEST)


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(exc.message, exc.status_code)


def _on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Django's own messages are in English and name models: say it plainly instead.
    return error_response("Ressource introuvable.", 404)
