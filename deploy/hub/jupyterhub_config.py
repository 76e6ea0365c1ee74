"""JupyterHub for a cohort on one machine: everyone signs in on the hub's page and lands in the course.

Start it with `bash scripts/serve_hub.sh` (README: "A cohort on JupyterHub"), which installs what it needs and
sets the environment read below. Every setting a deployer changes is an environment variable:

  SL_STORE               the learners' work: one PostgreSQL database every learner's server shares
                         (postgresql+psycopg://user:password@host/db). Required.
  SL_HUB_PASSWORD        the cohort's sign-in password, for the built-in sign-in (any listed name + this
                         password). Replace that sign-in with a real authenticator for anything but a trial:
                         see the README.
  SL_HUB_USERS           who may sign in, comma separated (unset: anyone who knows the password)
  SL_HUB_TUTORS          the tutors (they see the room's pages; the group is SL_TUTOR_GROUP, default `tutors`)
  SL_HUB_ADMINS          the hub's administrators
  SL_HUB_URL             the address people open (default http://127.0.0.1:8000)
  SL_HUB_API_PORT, SL_HUB_PROXY_API_PORT   the hub's and the proxy's own loopback ports (default 8081, 8001)
  SL_HUB_STATE           the hub's own files: its database, cookie secret, the learners' server folders
                         (default ~/.local/share/systems-leadership/hub)
  SL_HUB_IDLE_SECONDS    a learner's server with no activity this long is stopped (default 3600)
  SL_HUB_SPAWNER         the spawner (default `simple`: every server runs as the hub's own user, which is safe
                         for learners' servers, see below); e.g. `systemdspawner.SystemdSpawner` once installed
  SL_HUB_TUTOR_LAB       1: tutors get JupyterLab (with the course's pages under /voila/) to adapt the notebooks.
                         Refused with the `simple` spawner: JupyterLab runs code, which must then not run as the
                         hub's own user.

Learners' servers run `python -m widgets.hub` (the course's Voila server with the hub's sign-in): they serve the
course's pages and nothing else, and a page's kernel takes widget messages, never code, so no learner runs code
on this machine. That is why this one-machine setup can run every server as the hub's own user
(SimpleLocalProcessSpawner) without giving learners that user's rights.
"""
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[2]
c = get_config()  # noqa: F821 -- JupyterHub's config loader provides get_config


def names(variable):
    return {name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()}


def required(variable, why):
    value = os.environ.get(variable, "").strip()
    if not value:
        sys.exit(f"{variable} is not set: {why}")
    return value


store = required("SL_STORE", "the learners' work is kept in one PostgreSQL database "
                 "(postgresql+psycopg://user:password@host/db); `bash scripts/serve_hub.sh` starts one.")
if urlparse(store).scheme.split("+")[0] != "postgresql":
    sys.exit("SL_STORE must be a PostgreSQL URL behind the hub: every learner's server writes to it at once.")

state = Path(os.environ.get("SL_HUB_STATE") or Path.home() / ".local/share/systems-leadership/hub")
state.mkdir(parents=True, exist_ok=True)
tutor_group = os.environ.get("SL_TUTOR_GROUP", "tutors").strip() or "tutors"

# Where people come in, and the hub's and proxy's own loopback ports.
c.JupyterHub.bind_url = os.environ.get("SL_HUB_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("SL_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('SL_HUB_PROXY_API_PORT', '8001'))}"
c.ConfigurableHTTPProxy.command = [str(REPO / "deploy/hub/node_modules/.bin/configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")

# Signing in. The built-in sign-in is JupyterHub's DummyAuthenticator with a shared password: for a trial.
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = required("SL_HUB_PASSWORD", "the cohort's sign-in password (or configure a real "
                                         "authenticator: README, 'A cohort on JupyterHub').")
allowed = names("SL_HUB_USERS")
if allowed:
    c.Authenticator.allowed_users = allowed | names("SL_HUB_TUTORS") | names("SL_HUB_ADMINS")
else:
    c.Authenticator.allow_all = True
c.Authenticator.admin_users = names("SL_HUB_ADMINS")
c.JupyterHub.load_groups = {tutor_group: {"users": sorted(names("SL_HUB_TUTORS"))}}

# A server may read its own user's record (name, groups, admin): that is how the course tells a tutor.
c.JupyterHub.load_roles = [
    {"name": "server", "scopes": ["users:activity!user", "access:servers!server", "read:users!user"]},
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
]

# Each learner's server: the course in Voila, opening at its home page.
c.JupyterHub.spawner_class = os.environ.get("SL_HUB_SPAWNER", "simple").strip() or "simple"
c.Spawner.cmd = [sys.executable, "-m", "widgets.hub"]
c.Spawner.default_url = "/voila/render/index.ipynb"
c.Spawner.env_keep = ["PATH", "PYTHONPATH", "LANG", "LC_ALL"]
c.Spawner.environment = {"SL_STORE": store, "SL_TUTOR_GROUP": tutor_group}
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.SimpleLocalProcessSpawner.home_dir_template = str(state / "servers" / "{username}")

if os.environ.get("SL_HUB_TUTOR_LAB") == "1":
    if c.JupyterHub.spawner_class == "simple":
        sys.exit("SL_HUB_TUTOR_LAB=1 gives tutors JupyterLab, which runs code: set SL_HUB_SPAWNER to a spawner that "
                 "runs each user as their own system user or in a container (e.g. systemdspawner.SystemdSpawner).")

    def tutors_get_lab(spawner):
        """Tutors get JupyterLab, the course's notebooks to adapt and its pages under /voila/."""
        if any(group.name == tutor_group for group in spawner.user.groups):
            spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser", f"--ServerApp.root_dir={REPO}"]
            spawner.default_url = "/lab"

    c.Spawner.pre_spawn_hook = tutors_get_lab

# Servers nobody has used for a while are stopped (their learners' work is already in the store).
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={int(os.environ.get('SL_HUB_IDLE_SECONDS', '3600'))}", "--cull-every=60"],
}]
