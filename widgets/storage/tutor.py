"""Who is the course's tutor, and so may open the tutor's pages (every `course/tutor-*.ipynb`).

- In a room (SL_MODE=room): whoever holds the tutor link. `serve.sh --room` prints it; its key is unguessable,
  and only the key's hash is kept in the store (as for learners' links), so a new key replaces the old one
  each time the server starts (or `python -m widgets.storage.tutor` is run).
- Behind JupyterHub: a member of the hub group SL_TUTOR_GROUP (default `tutors`), or a hub admin. The hub says
  which: `GET $JUPYTERHUB_API_URL/user` with the server's own token ($JUPYTERHUB_API_TOKEN) returns its user's
  model, whose `admin` is always there and whose `groups` needs the scope `read:users:groups!user` in the
  spawner's `server_token_scopes`. Without an answer from the hub, nobody is a tutor.
- On one's own (solo): the person at this computer, i.e. a request from the machine itself (loopback).

Anyone else (a learner's link, an altered or missing key, a hub user who is neither) gets a plain refusal
before any of the room's data is read. The server refuses the page before its kernel starts
(`widgets/server.py`), and each tutor page checks again in its kernel (`widgets/pages/tutor.py`).
"""
import ipaddress
import json
import re
import sys
import urllib.request
from dataclasses import dataclass
from urllib.parse import parse_qs

from .learner import TOKEN_PATTERN, course_mode, new_token, token_hash

TUTOR_PAGE = re.compile(r"(?:^|/)tutor-[^/]*\.ipynb$")
GROUP_VARIABLE = "SL_TUTOR_GROUP"
DEFAULT_GROUP = "tutors"
HUB_TIMEOUT_SECONDS = 5
REFUSED = "This page is for the course's tutor only."


@dataclass(frozen=True)
class TutorAccess:
    allowed: bool
    mode: str
    query: str = ""      # what links between the tutor's pages carry ("tutor=KEY" in a room)
    reason: str = ""     # why not, for the server log (never the key)

    def link(self, notebook):
        return f"{notebook}?{self.query}" if self.query else notebook


def is_tutor_page(path):
    """True for a tutor's page: any notebook named tutor-*.ipynb, wherever in the path."""
    return bool(TUTOR_PAGE.search(path or ""))


def tutor_keys(query_string):
    return parse_qs(query_string or "", keep_blank_values=True).get("tutor", [])


def issue_tutor_key(store):
    """A fresh tutor key for the room, its hash kept in the store (the previous key stops working)."""
    key = new_token()
    store.set_tutor_key(token_hash(key))
    return key


def hub_user_model(environ, timeout=HUB_TIMEOUT_SECONDS):
    """The hub's model of this server's user (a dict), from the hub's API with the server's own token."""
    url = environ.get("JUPYTERHUB_API_URL", "").rstrip("/") + "/user"
    token = environ.get("JUPYTERHUB_API_TOKEN", "")
    if not url.startswith(("http://", "https://")) or not token:
        raise LookupError("the hub's API address or this server's token is missing")
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:   # noqa: S310 - the hub's own address
        return json.loads(response.read().decode("utf-8"))


def hub_decision(environ, lookup=hub_user_model):
    user = environ.get("JUPYTERHUB_USER", "")
    group = (environ.get(GROUP_VARIABLE) or DEFAULT_GROUP).strip()
    try:
        model = lookup(environ)
    except Exception as exc:  # noqa: BLE001 - no answer from the hub: nobody is a tutor
        return TutorAccess(False, "hub", reason=f"the hub's API couldn't say who {user} is ({exc.__class__.__name__})")
    if not isinstance(model, dict) or model.get("name") != user:
        return TutorAccess(False, "hub", reason="the hub's API answered for another user")
    groups = model.get("groups")
    if model.get("admin") is True or (isinstance(groups, list) and group in groups):
        return TutorAccess(True, "hub")
    return TutorAccess(False, "hub", reason=f"{user} is neither a hub admin nor in the group '{group}'")


def tutor_access(environ, open_store, remote_ip=None, hub_lookup=hub_user_model):
    """Whether this request may open the tutor's pages. `open_store()` gives the store (only called in a room);
    `remote_ip` is the request's address when known (the server's check), None in a kernel."""
    mode = course_mode(environ)
    if mode == "hub":
        return hub_decision(environ, hub_lookup)
    if mode == "solo":
        if remote_ip is None:
            return TutorAccess(True, "solo")   # the server let the request through only from this machine
        try:
            from_here = ipaddress.ip_address(remote_ip.split("%", 1)[0]).is_loopback
        except ValueError:
            from_here = False
        return (TutorAccess(True, "solo") if from_here else
                TutorAccess(False, "solo", reason="on one's own, only this computer may open the tutor's pages"))
    keys = tutor_keys(environ.get("QUERY_STRING", ""))
    if len(keys) != 1 or not TOKEN_PATTERN.match(keys[0]):
        return TutorAccess(False, "room", reason="no tutor key, or not a well-formed one")
    store = open_store()
    try:
        if store.is_tutor_key(token_hash(keys[0])):
            return TutorAccess(True, "room", query=f"tutor={keys[0]}")
    finally:
        store.close()
    return TutorAccess(False, "room", reason="a tutor key that isn't the room's")


def tutor_link(base_address, key, notebook="tutor-room.ipynb"):
    return f"{base_address.rstrip('/')}/voila/render/{notebook}?tutor={key}"


def main(argv=None):
    """`python -m widgets.storage.tutor [ADDRESS]`: a new tutor link for the room (the old one stops working)."""
    from .store import open_store

    address = (argv if argv is not None else sys.argv[1:]) or ["http://localhost:8866"]
    with open_store() as store:
        key = issue_tutor_key(store)
    print(f"  The tutor's link (keep it to yourself):  {tutor_link(address[0], key)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
