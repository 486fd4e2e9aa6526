"""Logins that mean something: server-side sessions, throttling, CSRF, security headers and
static assets only (docs/security.md).

- **Sessions live on the server.** The browser's (signed) cookie holds only a random session
  id; the user, the login time and the last request time are kept here.  A session ends at
  logout (removed on the server, so an old cookie is worthless), after `idle` seconds without
  a request, and `absolute` seconds after login (`$ICSPLAN_APP_IDLE_MINUTES`, default 30;
  `$ICSPLAN_APP_SESSION_HOURS`, default 8).  Every write re-reads the users file: a user who
  was removed (or whose password changed) cannot write with an old session.
- **Login throttling**: after `MAX_FAILURES` failed logins in `WINDOW` seconds for one user
  name, or for one address, further attempts are refused (429) until the window passes.  An
  unknown user name costs the same Argon2 verification as a known one (a dummy hash), so
  timing does not tell which names exist.
- **CSRF**: the login form carries a per-session token checked on post; Dash's callback posts
  must be JSON from the app's own origin (a cross-site form cannot send JSON, and an `Origin`
  from elsewhere is refused); cookies are SameSite=Lax and HttpOnly (Secure with
  `$ICSPLAN_APP_SECURE_COOKIES=1`, for a deployment behind HTTPS).
- **Headers**: a Content-Security-Policy that allows the app's own scripts (and hashes of
  Dash's inline ones), frame-ancestors 'none' and X-Frame-Options DENY,
  X-Content-Type-Options nosniff, Referrer-Policy same-origin.
- **/assets/** serves only static files (.css, .js, images, fonts); anything else is 404.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from icsplan.app.context import AppContext

MAX_FAILURES = 5
WINDOW = 15 * 60
STATIC_SUFFIXES = (".css", ".js", ".map", ".png", ".svg", ".ico", ".jpg", ".jpeg", ".gif",
                   ".woff", ".woff2", ".ttf")


def _minutes(var: str, default: float) -> float:
    try:
        return max(float(os.environ.get(var, default)), 0.1)
    except ValueError:
        return default


@dataclass
class _Session:
    user: str
    created: float
    seen: float


class Sessions:
    """The server-side session store (in memory: a restart logs everyone out)."""

    def __init__(self, idle: float | None = None, absolute: float | None = None):
        """Sessions ending after `idle` seconds unused or `absolute` seconds after login."""
        self.idle = idle if idle is not None else _minutes("ICSPLAN_APP_IDLE_MINUTES", 30) * 60
        self.absolute = absolute if absolute is not None else _minutes(
            "ICSPLAN_APP_SESSION_HOURS", 8) * 3600
        self._by_id: dict[str, _Session] = {}
        self._lock = threading.Lock()

    def create(self, user: str) -> str:
        """A new session for `user`; returns its id (for the cookie)."""
        sid = secrets.token_urlsafe(32)
        now = time.monotonic()
        with self._lock:
            self._by_id[sid] = _Session(user, now, now)
        return sid

    def user(self, sid: str | None) -> str | None:
        """The session's user, or None when it is unknown, ended or expired."""
        if not sid:
            return None
        now = time.monotonic()
        with self._lock:
            s = self._by_id.get(sid)
            if s is None:
                return None
            if now - s.seen > self.idle or now - s.created > self.absolute:
                del self._by_id[sid]
                return None
            s.seen = now
            return s.user

    def end(self, sid: str | None) -> None:
        """End a session (logout)."""
        with self._lock:
            self._by_id.pop(sid or "", None)

    def end_user(self, user: str) -> None:
        """End every session of a user (removed from the users file)."""
        with self._lock:
            for sid in [k for k, s in self._by_id.items() if s.user == user]:
                del self._by_id[sid]


class Throttle:
    """Failed logins per key (a user name, an address) in a sliding window."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = WINDOW):
        """At most `limit` failures per key in `window` seconds."""
        self.limit, self.window = limit, window
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, *keys: str) -> bool:
        """Whether any key has used up its failures."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                q = self._fails.get(key)
                while q and now - q[0] > self.window:
                    q.popleft()
                if q and len(q) >= self.limit:
                    return True
        return False

    def fail(self, *keys: str) -> None:
        """Record a failed login for each key."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._fails.setdefault(key, deque()).append(now)


def current_users(ctx: AppContext) -> dict[str, str] | None:
    """The users file as it is now (re-read, so a removed user is refused at once)."""
    from icsplan.app.auth import load_users
    from icsplan.errors import InputError

    path = getattr(ctx, "users_file", None)
    if path is None:
        return ctx.users
    try:
        return load_users(Path(path))
    except InputError:
        return {}  # a broken or missing users file lets nobody write


# noqa reason: one closure per Flask hook sharing the same sessions/throttle; each is small
def install(server, ctx: AppContext, sessions: Sessions | None = None,  # noqa: C901
            throttle: Throttle | None = None, dummy_hash: str | None = None) -> Sessions:
    """Add sessions, throttled CSRF-checked login and logout, the write check, security
    headers and the static-only /assets/ rule to the Flask `server`."""
    import flask

    from icsplan.app.auth import hash_password, verify_password

    sessions = sessions or Sessions()
    throttle = throttle or Throttle()
    dummy = dummy_hash or hash_password(secrets.token_urlsafe(16))
    secure = os.environ.get("ICSPLAN_APP_SECURE_COOKIES") == "1"
    server.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                         SESSION_COOKIE_SECURE=secure)
    server.extensions["icsplan_sessions"] = sessions

    def session_user() -> str | None:
        return sessions.user(flask.session.get("sid"))

    server.extensions["icsplan_user"] = session_user

    def csrf_token() -> str:
        token = flask.session.get("csrf")
        if not token:
            token = flask.session["csrf"] = secrets.token_urlsafe(32)
        return token

    server.extensions["icsplan_csrf"] = csrf_token

    @server.before_request
    def guard():
        request = flask.request
        path = request.path
        user = session_user()  # the server's word, never the cookie's
        if flask.session.get("user") != user:
            if user is None:
                flask.session.pop("user", None)
                flask.session.pop("sid", None)
            else:
                flask.session["user"] = user
        if path.startswith("/assets/") and not path.lower().endswith(STATIC_SUFFIXES):
            return flask.abort(404)
        if request.method == "POST" and path.endswith("_dash-update-component"):
            origin = request.headers.get("Origin")
            if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
                return flask.jsonify({"error": "Refused: the request came from another "
                                               "site."}), 403
            if not request.is_json:
                return flask.jsonify({"error": "Refused: not a request of the app."}), 403
        return None

    def writing_user() -> str | None:
        """The logged-in user when still in the users file, else None (session ended)."""
        user = session_user()
        if user is None:
            return None
        users = current_users(ctx) or {}
        if user not in users:
            sessions.end_user(user)
            return None
        return user

    server.extensions["icsplan_writing_user"] = writing_user

    @server.after_request
    def headers(response):
        h = response.headers
        h.setdefault("Content-Security-Policy", csp(server))
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "same-origin")
        return response

    def login_attempt(name: str, password: str, address: str) -> str | None:
        """The user name when the login succeeds; records failures (None)."""
        keys = (f"user:{name}", f"addr:{address}")
        if throttle.blocked(*keys):
            return "throttled"
        users = current_users(ctx) or {}
        stored = users.get(name)
        ok = verify_password(stored or dummy, password) and stored is not None
        if not ok:
            throttle.fail(*keys)
            return None
        return name

    server.extensions["icsplan_login"] = login_attempt
    return sessions


_CSP_CACHE: dict[int, str] = {}


def csp(server) -> str:
    """The Content-Security-Policy of the app's pages (Dash's inline scripts by hash)."""
    key = id(server)
    if key not in _CSP_CACHE:
        dash_app = server.extensions.get("icsplan_dash")
        hashes = " ".join(dash_app.csp_hashes()) if dash_app else ""
        _CSP_CACHE[key] = (
            "default-src 'self'; "
            f"script-src 'self' {hashes}; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            "font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
    return _CSP_CACHE[key]
