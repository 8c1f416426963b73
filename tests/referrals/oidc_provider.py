"""A small but real OpenID Connect provider for tests: authorization-code flow, RS256-signed ID tokens and signed
userinfo (as ProConnect answers), a JWKS endpoint. It runs on 127.0.0.1 in a thread of the test process.

It "logs in" the identity it is told to, without a login page: what it checks is the protocol (client id and
secret, redirect URI, single-use codes, access tokens), which is what the client under test must get right.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey


class LocalProvider:
    def __init__(self, *, client_id: str, client_secret: str):
        self.client_id, self.client_secret = client_id, client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "cle-1", "use": "sig", "alg": "RS256"})
        # A key the provider may be made to sign with, absent from its JWKS: a forged token.
        self.forged_key = RSAKey.generate_key(2048, parameters={"kid": "cle-1", "use": "sig", "alg": "RS256"})
        self.sign_with_forged_key = False
        self.identity: dict[str, str] = {}
        self.codes: dict[str, dict[str, str]] = {}
        self.tokens: dict[str, dict[str, str]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LocalProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def settings(self) -> dict[str, str]:
        return {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
        }

    def _sign(self, claims: dict[str, object]) -> str:
        key = self.forged_key if self.sign_with_forged_key else self.key
        return jwt.encode({"alg": "RS256", "kid": "cle-1"}, claims, key)

    # Endpoints ------------------------------------------------------------------------------------------------
    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}, b"invalid_request"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"redirect_uri": query["redirect_uri"], "nonce": query.get("nonce", "")}
        location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        return 302, {"Location": location}, b""

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return 400, {"Content-Type": "application/json"}, b'{"error": "invalid_grant"}'
        now = int(time.time())
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = dict(self.identity)
        id_token = self._sign(
            {
                "iss": self.issuer,
                "aud": self.client_id,
                "sub": self.identity["sub"],
                "iat": now,
                "exp": now + 60,
                "nonce": grant["nonce"],
            }
        )
        body = {"access_token": access_token, "token_type": "Bearer", "expires_in": 60, "id_token": id_token}
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def userinfo(self, authorization: str) -> tuple[int, dict[str, str], bytes]:
        identity = self.tokens.get(authorization.removeprefix("Bearer "))
        if identity is None:
            return 401, {}, b""
        claims = {"iss": self.issuer, "aud": self.client_id, **identity}
        return 200, {"Content-Type": "application/jwt"}, self._sign(claims).encode()

    def jwks(self) -> tuple[int, dict[str, str], bytes]:
        body = {"keys": [self.key.as_dict(private=False)]}
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, answer: tuple[int, dict[str, str], bytes]) -> None:
                status, headers, body = answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    self._answer(provider.authorize(query))
                elif url.path == "/userinfo":
                    self._answer(provider.userinfo(self.headers.get("Authorization", "")))
                elif url.path == "/jwks":
                    self._answer(provider.jwks())
                else:
                    self._answer((404, {}, b""))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                self._answer(provider.token(form) if self.path == "/token" else (404, {}, b""))

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
