"""Two clients of data·inclusion's API v1, written the way DORA's and les-emplois' are, and an HTTP transport to
our WSGI application so that they run against the API by base URL alone.

- DORA (gip-inclusion/dora, back/dora/data_inclusion/client.py): a requests session with a bearer token under
  a base URL that ends in /api/v1; lists read page after page from 1 until a page comes back empty (no `size`:
  the API's default); repeated parameters for lists; `exclure_doublons=true` on the search; one service read by
  /services/{source}/{id}.
- les-emplois (gip-inclusion/les-emplois, itou/utils/apis/data_inclusion.py): a base URL to which it adds
  /api/v1/; the search's first page only, its items' `service`; /services and /structures pages of 5,000 read
  into a record of exactly the envelope's five fields, until `page >= pages`; /doc/{list} and /sources, whose
  values it then looks services' codes up in.

These are our own code, written after theirs; only the transport differs from a real client (requests' adapter
calls the WSGI application in process, so that the test's data are seen).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from werkzeug.test import EnvironBuilder, run_wsgi_app

TOKEN = "jeton-de-demonstration"


class WSGIAdapter(BaseAdapter):
    """requests' transport to a WSGI application, as a server in front of it would pass each request."""

    def __init__(self, app: Callable[..., Any]) -> None:
        super().__init__()
        self.app = app

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        parts = urlsplit(request.url or "")
        builder = EnvironBuilder(
            path=parts.path,
            query_string=parts.query,
            method=request.method or "GET",
            headers=dict(request.headers),
            data=request.body,
            base_url=f"{parts.scheme}://{parts.netloc}",
        )
        environ = builder.get_environ()
        environ["REMOTE_ADDR"] = "192.0.2.20"
        body, status, headers = run_wsgi_app(self.app, environ)
        response = requests.Response()
        response.status_code = int(status.split(" ", 1)[0])
        response.headers.update(headers)
        response._content = b"".join(body)
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


def session_for(app: Callable[..., Any], base: str) -> requests.Session:
    session = requests.Session()
    session.mount(base, WSGIAdapter(app))
    return session


class DoraStyleClient:
    def __init__(self, base_url: str, token: str, session: requests.Session) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session
        self.session.headers.update({"Authorization": f"Bearer {token}"})

    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        response = self.session.get(f"{self.base_url}/{path}", params=params or {}, timeout=10)
        response.raise_for_status()
        return response.json()

    def _get_pages(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        page, data = 1, []
        while True:
            items = self._get(path, {**params, "page": page})["items"]
            data += items
            if not items:
                return data
            page += 1

    def list_services(self) -> list[dict[str, Any]]:
        return self._get_pages("services", {})

    def retrieve_service(self, source: str, id: str) -> dict[str, Any] | None:
        try:
            return dict(self._get(f"services/{source}/{id}"))
        except requests.HTTPError:
            return None

    def search_services(
        self,
        code_commune: str | None = None,
        thematiques: list[str] | None = None,
        types: list[str] | None = None,
        frais: list[str] | None = None,
        lat: float | None = None,
        lon: float | None = None,
    ) -> list[dict[str, Any]]:
        args: dict[str, Any] = {"exclure_doublons": "true"}
        for name, value in [
            ("code_commune", code_commune),
            ("thematiques", thematiques),
            ("types", types),
            ("frais", frais),
            ("lat", lat),
            ("lon", lon),
        ]:
            if value is not None:
                args[name] = value
        return self._get_pages("search/services", args)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class PaginatedResponse:
    items: list[dict[str, Any]]
    total: int
    page: int
    size: int
    pages: int


class EmploisStyleClient:
    def __init__(self, base_url: str, token: str, session: requests.Session) -> None:
        self.base_url = base_url.rstrip("/") + "/api/v1"
        self.session = session
        self.session.headers.update({"Authorization": f"Bearer {token}"})

    def _request(self, route: str, params: dict[str, Any]) -> requests.Response:
        response = self.session.get(self.base_url + route, params=params, timeout=60)
        response.raise_for_status()
        return response

    def search_services(self, **params: Any) -> list[dict[str, Any]]:
        return [result["service"] for result in self._request("/search/services", params).json()["items"]]

    def services(self, **params: Any) -> PaginatedResponse:
        return PaginatedResponse(**self._request("/services", params).json())

    def structures(self, **params: Any) -> PaginatedResponse:
        return PaginatedResponse(**self._request("/structures", params).json())

    def sources(self) -> list[dict[str, Any]]:
        return list(self._request("/sources", {}).json())

    def doc(self, kind: str) -> list[dict[str, Any]]:
        return list(self._request(f"/doc/{kind}", {}).json())


def every_item(method: Callable[..., PaginatedResponse], page_size: int = 5_000) -> Iterator[dict[str, Any]]:
    """les-emplois' iterator: pages of `page_size` from 1, until the page is the last one."""
    page = 1
    while True:
        response = method(page=page, size=page_size)
        yield from response.items
        if response.page >= response.pages:
            break
        page += 1
