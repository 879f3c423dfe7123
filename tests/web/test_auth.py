"""Sign-in, sessions, CSRF, rate limit, cookies, security headers and error pages."""

from __future__ import annotations

from starlette.testclient import TestClient

from tidings.services.accounts import token_hash
from tidings.store.accounts import session_by_token_hash
from tidings.web import WebConfig, create_app
from tidings.web.security import SESSION_COOKIE, SIGNIN_COOKIE

from .conftest import PASSWORD_A, T0, csrf_of, form, make_client, sign_in

SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def assert_secure_headers(response) -> None:
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    for name, value in SECURITY.items():
        assert response.headers[name] == value


def test_signed_out_pages_redirect_to_sign_in(client: TestClient, world) -> None:
    response = client.get("/feeds/1?show=all")
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=%2Ffeeds%2F1%3Fshow%3Dall"
    api = client.get("/api/v1/feeds")
    assert api.status_code == 401
    assert api.json()["error"]["type"] == "AuthenticationError"
    assert "Authorization: Bearer" in api.json()["error"]["message"]


def test_sign_in_rotates_the_session_and_sign_out_ends_it(app, db, world) -> None:
    with make_client(app) as c:
        first = sign_in(c, "alice", PASSWORD_A, next="/starred")
        assert first.status_code == 303 and first.headers["location"] == "/starred"
        cookie = first.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
        old = c.cookies[SESSION_COOKIE]
        assert c.get("/unread").status_code == 200

        # Signing in again (the form, opened before, is still there): a new session id.
        c.cookies.set(SIGNIN_COOKIE, "t" * 43)
        again = c.post("/signin", data={"username": "alice", "password": PASSWORD_A,
                                        "csrf_token": "t" * 43})
        assert again.status_code == 303
        new = c.cookies[SESSION_COOKIE]
        assert new != old
        with db.connect() as conn:
            assert session_by_token_hash(conn, token_hash(old), T0) is None
            assert session_by_token_hash(conn, token_hash(new), T0) is not None

        c.csrf = csrf_of(c)  # type: ignore[attr-defined]
        out = form(c, "/signout")
        assert out.status_code == 303 and out.headers["location"] == "/signin"
        assert SESSION_COOKIE not in c.cookies
        with db.connect() as conn:
            assert session_by_token_hash(conn, token_hash(new), T0) is None
        # The old cookie value is dead server-side, even if a copy was kept.
        c.cookies.set(SESSION_COOKIE, new)
        assert c.get("/unread").status_code == 303


def test_wrong_password_and_unknown_user_answer_alike(client: TestClient, world) -> None:
    wrong = sign_in(client, "alice", "not the password")
    unknown = sign_in(client, "nobody-here", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "That name and password do not match an account." in wrong.text
    assert wrong.text.replace("alice", "X") == unknown.text.replace("nobody-here", "X")
    assert SESSION_COOKIE not in client.cookies


def test_sign_in_is_rate_limited(client: TestClient, world) -> None:
    for _ in range(5):
        assert sign_in(client, "alice", "wrong password!").status_code == 401
    blocked = sign_in(client, "alice", PASSWORD_A)  # even the right password now waits
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "Too many failed sign-ins" in blocked.text
    assert SESSION_COOKIE not in client.cookies


def test_sign_in_needs_the_form_token(client: TestClient, world) -> None:
    response = client.post("/signin", data={"username": "alice", "password": PASSWORD_A})
    assert response.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_sign_in_never_redirects_off_site(client: TestClient, world) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = sign_in(client, "alice", PASSWORD_A, next=target)
        assert response.headers["location"] == "/unread", target
        client.cookies.clear()


def test_state_changes_need_the_csrf_token(alice: TestClient, world, db) -> None:
    entry = world.a_entries[0]
    for token in (None, "forged"):
        data = {"starred": "true"} | ({"csrf_token": token} if token else {})
        assert alice.post(f"/entries/{entry}/star", data=data).status_code == 403
        headers = {"x-csrf-token": token} if token else {}
        assert alice.post(f"/entries/{entry}/read", headers=headers).status_code == 403
        api = alice.post("/api/v1/entries/star", json={"ids": [entry]}, headers=headers)
        assert api.status_code == 403 and "X-CSRF-Token" in api.json()["error"]["message"]
    assert alice.get(f"/api/v1/entries/{entry}").json()["starred"] is False
    ok = alice.post("/api/v1/entries/star", json={"ids": [entry]},
                    headers={"x-csrf-token": alice.csrf})  # type: ignore[attr-defined]
    assert ok.status_code == 200 and ok.json() == {"changed": 1}
    assert form(alice, f"/entries/{entry}/read", {"read": "true"}).status_code == 303


def test_cookies_are_secure_over_tls_or_a_trusted_proxy(db, settings, world) -> None:
    with make_client(create_app(db, settings), base_url="https://testserver") as c:
        assert "Secure" in sign_in(c, "alice", PASSWORD_A).headers["set-cookie"]
    proxied = create_app(db, settings, WebConfig(behind_proxy=True))
    with make_client(proxied, headers={"x-forwarded-proto": "https"}) as c:
        assert "Secure" in c.get("/signin").headers["set-cookie"]
        c.cookies.set(SIGNIN_COOKIE, "t" * 43)  # the test client itself speaks plain HTTP
        signed_in = c.post("/signin", data={"username": "alice", "password": PASSWORD_A,
                                            "csrf_token": "t" * 43})
        assert "Secure" in signed_in.headers["set-cookie"]
    with make_client(create_app(db, settings), headers={"x-forwarded-proto": "https"}) as c:
        # Not behind a proxy: the header is anyone's to send and is ignored.
        assert "Secure" not in sign_in(c, "alice", PASSWORD_A).headers["set-cookie"]


def test_security_headers_on_every_kind_of_response(app, alice: TestClient) -> None:
    def boom() -> None:
        raise RuntimeError("secret detail /etc/passwd")

    app.add_api_route("/boom", boom)
    app.add_api_route("/api/v1/boom", boom)
    with make_client(app, raise_server_exceptions=False) as anon:
        responses = [
            alice.get("/unread"),
            anon.get("/signin"),
            anon.get("/static/reader.js"),
            anon.get("/static/manifest.webmanifest"),
            anon.get("/no/such/page"),
            anon.get("/api/v1/entries"),
            alice.get("/entries/999999"),
            alice.get("/api/v1/openapi.json"),
            anon.get("/boom"),
            anon.get("/api/v1/boom"),
        ]
    for response in responses:
        assert_secure_headers(response)
    crashed_page, crashed_api = responses[-2:]
    assert crashed_page.status_code == crashed_api.status_code == 500
    for crashed in (crashed_page, crashed_api):
        assert "secret detail" not in crashed.text and "Traceback" not in crashed.text
    assert crashed_api.json()["error"]["type"] == "InternalError"
    assert responses[2].headers["content-type"].startswith("text/javascript")


def test_error_pages_escape_what_they_show(alice: TestClient) -> None:
    evil = "<script>alert(1)</script>"
    page = alice.get("/search", params={"q": evil})
    assert page.status_code == 200
    assert evil not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    missing = alice.get("/" + evil)
    assert missing.status_code == 404 and evil not in missing.text
    bad = alice.get("/unread", params={"before": evil})
    assert bad.status_code == 400 and evil not in bad.text
    api = alice.get("/api/v1/entries", params={"cursor": evil})
    assert api.status_code == 400 and evil not in api.text
    assert "cursor" in api.json()["error"]["message"]


def test_page_markup_has_no_inline_script(alice: TestClient, world) -> None:
    for path in ("/unread", f"/entries/{world.a_entries[0]}", "/sources", "/account"):
        html = alice.get(path).text
        assert "<script>" not in html and " onclick=" not in html and "javascript:" not in html
        assert '<script src="/static/reader.js' in html


def test_oversized_bodies_are_refused(alice: TestClient) -> None:
    big = b"x" * (12 * 1024 * 1024 + 1)
    response = alice.post("/api/v1/opml", content=big, headers={"x-csrf-token": alice.csrf})  # type: ignore[attr-defined]
    assert response.status_code == 413
    assert response.json()["error"]["type"] == "TooLarge"
    assert_secure_headers(response)


def test_only_web_addresses_become_links(db, alice: TestClient, world) -> None:
    from tidings.store.tables import entries

    with db.transaction() as conn:
        conn.execute(entries.update().where(entries.c.id == world.a_entries[0])
                     .values(link="javascript:alert(1)"))
    for path in ("/all", f"/entries/{world.a_entries[0]}"):
        assert "javascript:" not in alice.get(path).text
