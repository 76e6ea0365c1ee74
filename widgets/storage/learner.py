"""Who the learner on this page is.

- Behind JupyterHub: the hub's signed-in user (JUPYTERHUB_USER in the kernel's environment).
- SL_MODE=solo (the default): one person on their own machine; one learner, nothing to sign in to.
- SL_MODE=room (a workshop on one server): each learner holds a personal, unguessable link;
  the token in its query string (?learner=...) names their work, and only a hash of it is stored.
  A token is registered in the store when the home page issues it; a page whose token isn't
  registered (mistyped, altered, or its work deleted) is "not recognised": it shows nobody's work
  and saves nothing, so a changed character can never reach, or create, anyone's work.

The request is read per page, never at import, and after `voila.utils.wait_for_request()`,
so it keeps working when Voila serves pages from preheated kernels.
"""
import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")

# What `identify` found out about a page's visitor.
KNOWN = "known"                  # a learner whose work is saved
NO_LINK = "no-link"              # room mode, no token: may start and get a personal link
UNRECOGNISED = "unrecognised"    # room mode, a token that isn't a registered one
UNCHECKED = "unchecked"          # room mode, a well-formed token but no store to check it against


@dataclass(frozen=True)
class Learner:
    id: str        # the key the learner's work is stored under ("" for nobody in particular)
    query: str     # what course links carry so the next page knows the learner ("" if nothing)
    token: str = ""
    label: str = ""  # a name to print on the learner's journal ("" if none is known)

    def link(self, notebook):
        return f"{notebook}?{self.query}" if self.query else notebook


NOBODY = Learner(id="", query="")


@dataclass(frozen=True)
class Visitor:
    """A page's visitor: the mode the course runs in, what we know, and the learner if known."""
    mode: str                    # "hub", "solo" or "room"
    status: str                  # KNOWN, NO_LINK, UNRECOGNISED or UNCHECKED
    learner: Learner             # NOBODY unless KNOWN (or UNCHECKED, for links only)

    @property
    def known(self):
        return self.status == KNOWN


def new_token():
    return secrets.token_urlsafe(32)


def token_hash(token):
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def learner_for_token(token):
    return Learner(id=f"room:{token_hash(token)}", query=f"learner={token}", token=token)


def request_environ():
    """The page request's environment, waiting for it first under preheated kernels."""
    if os.environ.get("VOILA_PREHEAT", "False") != "False":
        wait_for_request()
    return os.environ


def wait_for_request():
    """Voila's `voila.utils.wait_for_request()`, without importing Voila: that import (Jupyter Server, and the
    grammars jsonschema compiles) costs a pooled kernel seconds of CPU, at the moment a learner waits.

    A kernel started before its page was asked for (the room's pool, widgets/server.py) asks the server for its
    page's request (the address with its query string, the host) and puts it in `os.environ`, once."""
    import asyncio
    import json
    import threading

    import websockets

    port = os.environ.get("VOILA_APP_PORT", "8866")
    address = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    url = (f"{os.environ.get('VOILA_WS_PROTOCOL', 'ws')}://{address}:{port}{base}voila/query/"
           f"{os.environ.get('VOILA_KERNEL_ID', '')}")
    received = []

    async def receive():
        # The kernel's own server, on this machine: never through a proxy the environment may name.
        async with websockets.connect(url, open_timeout=5, proxy=None) as connection:
            received.append(await connection.recv())

    def in_a_thread():      # the kernel's own event loop is busy running the cell that called us
        try:
            asyncio.run(receive())
        except (OSError, TimeoutError, websockets.WebSocketException):
            pass            # as Voila's: the page goes on without its request (in a room: "no link")

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    if received:
        os.environ.update(json.loads(received[0]))
    os.environ["VOILA_PREHEAT"] = "False"


def course_mode(environ):
    if environ.get("JUPYTERHUB_USER"):
        return "hub"
    return "room" if environ.get("SL_MODE", "solo").strip().lower() == "room" else "solo"


def link_tokens(environ):
    """The learner tokens in the page's query string (normally none or one)."""
    return parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).get("learner", [])


def current_learner(environ=None):
    """The learner this page is for, or None in a room when the link carries no well-formed token.
    (It doesn't check the token is registered: `identify` does.)"""
    environ = request_environ() if environ is None else environ
    mode = course_mode(environ)
    if mode == "hub":
        user = environ["JUPYTERHUB_USER"]
        return Learner(id=f"hub:{user}", query="", label=user)
    if mode == "solo":
        return Learner(id="solo", query="")
    tokens = link_tokens(environ)
    if len(tokens) == 1 and TOKEN_PATTERN.match(tokens[0]):
        return learner_for_token(tokens[0])
    return None


def identify(store, environ=None):
    """Who is on this page, checked against the store's register.

    A hub user or the solo learner is registered on first sight. In a room, only a token that
    the home page issued (and so registered) is recognised; anything else is never registered here."""
    environ = request_environ() if environ is None else environ
    mode = course_mode(environ)
    if mode in ("hub", "solo"):
        learner = current_learner(environ)
        if store is not None:
            store.register_learner(learner.id)
        return Visitor(mode, KNOWN, learner)
    tokens = link_tokens(environ)
    if not tokens:
        return Visitor(mode, NO_LINK, NOBODY)
    learner = current_learner(environ)
    if learner is None:
        return Visitor(mode, UNRECOGNISED, NOBODY)
    if store is None:
        return Visitor(mode, UNCHECKED, learner)
    if store.is_registered(learner.id):
        return Visitor(mode, KNOWN, learner)
    return Visitor(mode, UNRECOGNISED, NOBODY)


def issue_learner(store):
    """A new learner for a room: a fresh token, registered (by its hash only) in the store."""
    token = new_token()
    learner = learner_for_token(token)
    store.register_learner(learner.id)
    return learner


def page_address(environ, query=""):
    """This page's address as the learner's browser reached it, without the scheme
    (the server can't tell http from https behind a proxy; browsers accept it either way)."""
    host = environ.get("SERVER_NAME", "") or "localhost"
    port = environ.get("SERVER_PORT", "")
    path = environ.get("SCRIPT_NAME", "") or "/voila/render/index.ipynb"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"   # an IPv6 address
    where = f"{host}:{port}" if port and port not in ("80", "443") else host
    return where + path + (f"?{query}" if query else "")


def personal_link(environ, learner, notebook):
    """The learner's link to `notebook`, in full as their browser reached this page, for the QR code. The scheme
    is a guess (the server can't tell http from https behind a proxy): https on port 443, http otherwise; the page's
    own script shows and copies the exact address the browser is on."""
    folder = (environ.get("SCRIPT_NAME", "") or "/voila/render/").rpartition("/")[0]
    address = page_address({**environ, "SCRIPT_NAME": f"{folder}/{notebook}"}, learner.query)
    return ("https://" if environ.get("SERVER_PORT", "") == "443" else "http://") + address
