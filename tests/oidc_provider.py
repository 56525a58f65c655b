"""A tiny OpenID Connect provider for the tests: discovery, authorize, token, JWKS.

It signs in whoever the test says (`provider.person`) without asking, issues one-time codes,
and signs ID tokens with its own RSA key (RS256), echoing the nonce it was given.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "begrippenkader-test"
CLIENT_SECRET = "provider-secret"


@dataclass
class Provider:
    issuer: str = ""
    person: dict[str, Any] = field(default_factory=dict)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    # When set, ID tokens are signed with this key instead of the published one (a forgery).
    signing_key: RSAKey | None = None

    def id_token(self, claims: dict[str, Any]) -> str:
        now = int(time.time())
        payload = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, **claims}
        return jwt.encode({"alg": "RS256", "kid": "k1"}, payload, self.signing_key or self.key)

    def app(self) -> Flask:
        provider = Flask("oidc_provider")

        @provider.get("/.well-known/openid-configuration")
        def discovery() -> Any:
            return jsonify(
                issuer=self.issuer,
                authorization_endpoint=f"{self.issuer}/authorize",
                token_endpoint=f"{self.issuer}/token",
                jwks_uri=f"{self.issuer}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
            )

        @provider.get("/jwks")
        def jwks() -> Any:
            return jsonify(KeySet([self.key]).as_dict(private=False))

        @provider.get("/authorize")
        def authorize() -> Any:
            if request.args.get("client_id") != CLIENT_ID:
                abort(400)
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"nonce": request.args.get("nonce"), **self.person}
            query = urlencode({"code": code, "state": request.args.get("state", "")})
            return redirect(f"{request.args['redirect_uri']}?{query}")

        @provider.post("/token")
        def token() -> Any:
            claims = self.codes.pop(request.form.get("code", ""), None)
            if claims is None or not request.form.get("code_verifier"):
                return jsonify(error="invalid_grant"), 400
            nonce = claims.pop("nonce")
            return jsonify(
                access_token=secrets.token_urlsafe(16),
                token_type="Bearer",
                expires_in=300,
                id_token=self.id_token({**claims, "nonce": nonce}),
            )

        return provider


@contextmanager
def running_provider() -> Iterator[Provider]:
    """The provider on a free loopback port, for the duration of the block."""
    provider = Provider()
    server = make_server("127.0.0.1", 0, provider.app(), threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(timeout=10)
