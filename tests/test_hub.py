"""The hub's configuration (deploy/hub/jupyterhub_config.py) and the learner's server it spawns (widgets/hub.py),
without starting a hub: tests/test_hub_browser.py runs a real one."""
import subprocess
import sys

import pytest
from traitlets.config.loader import PyFileConfigLoader

from widgets.hub import IDENTITY_PROVIDER, NotSpawnedByHub, hub_arguments
from widgets.serve import COURSE_DIR

REPO = COURSE_DIR.parent
CONFIG = REPO / "deploy/hub/jupyterhub_config.py"
SPAWNED = {"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:51234/user/ann/", "JUPYTERHUB_USER": "ann",
           "JUPYTERHUB_API_TOKEN": "a-token"}
STORE = "postgresql+psycopg://sl:pw@127.0.0.1:5432/sl"


def test_a_spawned_server_listens_where_the_hub_says_under_the_users_prefix():
    arguments = hub_arguments(SPAWNED)
    assert arguments[0] == str(COURSE_DIR)
    assert "--Voila.ip=127.0.0.1" in arguments and "--port=51234" in arguments
    assert "--Voila.base_url=/user/ann/" in arguments
    assert f"--Voila.identity_provider_class={IDENTITY_PROVIDER}" in arguments


@pytest.mark.parametrize("missing", sorted(SPAWNED))
def test_without_the_hubs_environment_it_says_how_to_serve_the_course(missing):
    environ = {k: v for k, v in SPAWNED.items() if k != missing}
    with pytest.raises(NotSpawnedByHub, match="scripts/serve.sh"):
        hub_arguments(environ)


def test_started_by_hand_it_explains_and_serves_nothing():
    environ = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "widgets.hub"], env=environ, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "start it from the hub" in result.stderr and "Traceback" not in result.stderr


def load(monkeypatch, tmp_path, **environ):
    for name in ("SL_HUB_USERS", "SL_HUB_TUTORS", "SL_HUB_ADMINS", "SL_HUB_TUTOR_LAB", "SL_TUTOR_GROUP",
                 "SL_HUB_SPAWNER"):
        monkeypatch.delenv(name, raising=False)
    settings = {"SL_STORE": STORE, "SL_HUB_PASSWORD": "pw", "SL_HUB_STATE": str(tmp_path), **environ}
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader(CONFIG.name, path=str(CONFIG.parent)).load_config()


def test_learners_get_the_course_alone_opening_at_its_home_page(monkeypatch, tmp_path):
    config = load(monkeypatch, tmp_path)
    assert config.Spawner.cmd == [sys.executable, "-m", "widgets.hub"]
    assert config.Spawner.default_url == "/voila/render/index.ipynb"
    assert config.Spawner.environment == {"SL_STORE": STORE, "SL_TUTOR_GROUP": "tutors"}
    assert "pre_spawn_hook" not in config.Spawner   # nobody gets JupyterLab unless the deployer says so
    assert config.Authenticator.allow_all is True


def test_tutors_are_a_hub_group_and_a_server_may_read_its_own_users_groups(monkeypatch, tmp_path):
    config = load(monkeypatch, tmp_path, SL_HUB_TUTORS="tia, tom", SL_HUB_USERS="ann,bob", SL_HUB_ADMINS="ada")
    assert config.JupyterHub.load_groups == {"tutors": {"users": ["tia", "tom"]}}
    assert config.Authenticator.allowed_users == {"ann", "bob", "tia", "tom", "ada"}
    assert config.Authenticator.admin_users == {"ada"}
    server_role = next(role for role in config.JupyterHub.load_roles if role["name"] == "server")
    assert "read:users!user" in server_role["scopes"]


def test_idle_servers_are_culled_by_the_hubs_service(monkeypatch, tmp_path):
    config = load(monkeypatch, tmp_path, SL_HUB_IDLE_SECONDS="900")
    [culler] = config.JupyterHub.services
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"] and "--timeout=900" in culler["command"]
    role = next(role for role in config.JupyterHub.load_roles if role["name"] == "idle-culler")
    assert role["services"] == ["idle-culler"] and "delete:servers" in role["scopes"]


@pytest.mark.parametrize("store, message", [
    ("", "SL_STORE is not set"),
    ("/tmp/store.sqlite", "must be a PostgreSQL URL"),
])
def test_the_hub_will_not_start_without_a_shared_postgresql_store(monkeypatch, tmp_path, store, message):
    with pytest.raises(SystemExit, match=message):
        load(monkeypatch, tmp_path, SL_STORE=store)


def test_the_hub_will_not_start_without_a_sign_in(monkeypatch, tmp_path):
    with pytest.raises(SystemExit, match="SL_HUB_PASSWORD is not set"):
        load(monkeypatch, tmp_path, SL_HUB_PASSWORD="")


def test_tutors_get_no_jupyterlab_while_every_server_runs_as_the_hubs_user(monkeypatch, tmp_path):
    with pytest.raises(SystemExit, match="SL_HUB_SPAWNER"):
        load(monkeypatch, tmp_path, SL_HUB_TUTOR_LAB="1")


def test_tutors_get_jupyterlab_only_when_the_deployer_allows_it(monkeypatch, tmp_path):
    config = load(monkeypatch, tmp_path, SL_HUB_TUTOR_LAB="1", SL_HUB_TUTORS="tia",
                  SL_HUB_SPAWNER="systemdspawner.SystemdSpawner")
    assert config.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
    hook = config.Spawner.pre_spawn_hook

    class Group:
        def __init__(self, name):
            self.name = name

    class User:
        def __init__(self, groups):
            self.groups = [Group(g) for g in groups]

    class Spawner:
        def __init__(self, groups):
            self.user, self.cmd, self.default_url = User(groups), ["course"], "/voila/render/index.ipynb"

    tutor, learner = Spawner(["tutors"]), Spawner([])
    hook(tutor)
    hook(learner)
    assert tutor.default_url == "/lab" and "jupyterhub.singleuser" in tutor.cmd
    assert learner.cmd == ["course"] and learner.default_url == "/voila/render/index.ipynb"
