"""Who the learner on this page is.

- Behind JupyterHub: the hub's signed-in user (JUPYTERHUB_USER in the kernel's environment).
- SL_MODE=solo (the default): one person on their own machine; one learner, nothing to sign in to.
- SL_MODE=room (a workshop on one server): each learner holds a personal, unguessable link;
  the token in its query string (?learner=...) names their work, and only a hash of it is stored.

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


@dataclass(frozen=True)
class Learner:
    id: str        # the key the learner's work is stored under
    query: str     # what course links carry so the next page knows the learner ("" if nothing)
    token: str = ""

    def link(self, notebook):
        return f"{notebook}?{self.query}" if self.query else notebook


def new_token():
    return secrets.token_urlsafe(32)


def learner_for_token(token):
    digest = hashlib.sha256(token.encode("ascii")).hexdigest()
    return Learner(id=f"room:{digest}", query=f"learner={token}", token=token)


def request_environ():
    """The page request's environment, waiting for it first under preheated kernels."""
    if os.environ.get("VOILA_PREHEAT", "False") != "False":
        from voila.utils import wait_for_request

        wait_for_request()
    return os.environ


def current_learner(environ=None):
    """The learner this page is for, or None in a room when the link carries no valid token."""
    environ = request_environ() if environ is None else environ
    hub_user = environ.get("JUPYTERHUB_USER")
    if hub_user:
        return Learner(id=f"hub:{hub_user}", query="")
    if environ.get("SL_MODE", "solo") != "room":
        return Learner(id="solo", query="")
    tokens = parse_qs(environ.get("QUERY_STRING", "")).get("learner", [])
    if len(tokens) == 1 and TOKEN_PATTERN.match(tokens[0]):
        return learner_for_token(tokens[0])
    return None
