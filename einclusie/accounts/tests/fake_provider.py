"""A small OpenID Connect provider on 127.0.0.1 for the tests: discovery, JWKS, authorize, token and userinfo.

It signs id_tokens with an RSA key made when it starts. A test changes what it answers through `claims` (the
person) and `id_token_changes` (claims of the id_token to override, e.g. a wrong audience or an old expiry).
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KEY_ID = "test-key-1"


class FakeProvider:
    def __init__(self, *, client_id="einclusie", client_secret="s3cret"):  # noqa: S107 - a test provider
        self.client_id = client_id
        self.client_secret = client_secret
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims = {"sub": "person-1", "email": "alice@example.org", "email_verified": True}
        self.id_token_changes = {}
        self.codes = {}
        self.access_tokens = {}
        self.token_requests = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}/realm"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self):
        key = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {"keys": [{**key, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def id_token(self, nonce):
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "sub": self.claims["sub"],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "email": self.claims.get("email"),
            **self.id_token_changes,
        }
        return jwt.encode(payload, self.private_key, algorithm="RS256", headers={"kid": KEY_ID})

    def authorize(self, query):
        """What the provider does after the person logged in there: back to the client with a code."""
        params = {key: values[0] for key, values in parse_qs(query).items()}
        if params.get("client_id") != self.client_id or params.get("response_type") != "code":
            return 400, {"error": "invalid_request"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = params
        location = params["redirect_uri"] + "?" + urlencode({"code": code, "state": params["state"]})
        return 302, location

    def token(self, form):
        self.token_requests.append(form)
        request = self.codes.pop(form.get("code"), None)
        if (
            request is None
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != request["redirect_uri"]
        ):
            return 400, {"error": "invalid_grant"}
        if request.get("code_challenge"):
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if digest != request["code_challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        access_token = secrets.token_urlsafe(16)
        self.access_tokens[access_token] = dict(self.claims)
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(request.get("nonce")),
        }

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status, body):
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", body)
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlparse(self.path)
                path = url.path.removeprefix("/realm")
                if path == "/.well-known/openid-configuration":
                    return self.answer(200, provider.discovery())
                if path == "/jwks":
                    return self.answer(200, provider.jwks())
                if path == "/authorize":
                    return self.answer(*provider.authorize(url.query))
                if path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in provider.access_tokens:
                        return self.answer(401, {"error": "invalid_token"})
                    return self.answer(200, provider.access_tokens[token])
                return self.answer(404, {"error": "not_found"})

            def do_POST(self):
                if urlparse(self.path).path.removeprefix("/realm") != "/token":
                    return self.answer(404, {"error": "not_found"})
                length = int(self.headers.get("Content-Length", 0))
                form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
                return self.answer(*provider.token(form))

        return Handler
