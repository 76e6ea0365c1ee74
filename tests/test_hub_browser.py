"""The course behind a real JupyterHub: deploy/hub/jupyterhub_config.py, configurable-http-proxy from npm, every
learner's server spawned by the hub on loopback, the learners' work in CI's PostgreSQL (a schema of this module's
own). In headless Chromium two learners and a tutor sign in on the hub's own login page.
"""
import os
import re
import subprocess
import sys
import time

import psutil
import pytest

from conftest import REPO, free_port, wait_for_page, wait_for_port

pytestmark = pytest.mark.browser
PASSWORD = "cohort-password-for-this-test"
LEARNERS = ("learner-ann", "learner-bob")
TUTOR = "tutor-tia"
ANSWER = ".sl-reflection-answer textarea"
SAVED = ".sl-save-status .sl-save-saved"
HOME = "a.sl-begin"
PROXY = REPO / "deploy/hub/node_modules/.bin/configurable-http-proxy"


class Hub:
    def __init__(self, state, store_url, learners=LEARNERS):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, SL_STORE=store_url, SL_HUB_PASSWORD=PASSWORD, SL_HUB_URL=self.url,
                   SL_HUB_API_PORT=str(free_port()), SL_HUB_PROXY_API_PORT=str(free_port()),
                   SL_HUB_STATE=str(state), SL_HUB_USERS=",".join(learners), SL_HUB_TUTORS=TUTOR,
                   # the spawned servers run this checkout's course
                   PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p))
        self.log = open(state / "jupyterhub.log", "w")
        self.process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f",
                                         str(REPO / "deploy/hub/jupyterhub_config.py")],
                                        cwd=state, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process)
        self.wait_for_login_page()

    def wait_for_login_page(self, seconds=90):
        """The proxy answers first; the hub behind it is ready once its login page does (or has died: say so)."""
        import urllib.error
        import urllib.request

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with code {self.process.returncode}: see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/login", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"JupyterHub's login page did not answer within {seconds} s: see {self.log.name}")

    def descendants(self):
        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def stop(self):
        """Stops the hub as a deployer's Ctrl+C would; returns whatever it leaves running."""
        children = self.descendants()
        self.process.terminate()
        try:
            self.process.wait(30)
        finally:
            self.log.close()
        _gone, alive = psutil.wait_procs(children, timeout=15)
        for process in alive:
            process.kill()
        return alive


@pytest.fixture(scope="module")
def store_url():
    if not os.environ.get("SL_TEST_DATABASE_URL"):
        pytest.fail("The hub keeps learners' work in PostgreSQL: eval \"$(bash scripts/start_postgres.sh)\" "
                    "(`.ci/run` does), then run the tests again.")
    from helpers import postgres_schema

    with postgres_schema("sl_hub") as url:
        yield url


@pytest.fixture(scope="module")
def hub(tmp_path_factory, store_url):
    if not PROXY.exists():
        pytest.fail("configurable-http-proxy is missing: bash scripts/setup_hub.sh installs it")
    hub = Hub(tmp_path_factory.mktemp("hub"), store_url)
    yield hub
    left = hub.stop()
    assert not left, f"the hub left these running: {[p.pid for p in left]}"


@pytest.fixture(scope="module")
def signed_in(hub, browser):
    """Each person's own browser (no shared cookies), signed in once for the module: name -> tab. They sign in
    together, as a room does, so the hub spawns their servers side by side rather than one after another."""
    tabs = {}
    for name in (*LEARNERS, TUTOR):
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        tab = context.new_page()
        tab.set_default_timeout(90_000)
        tab.sign_in_started = time.monotonic()
        sign_in(tab, hub, name)
        tabs[name] = tab
    for tab in tabs.values():
        tab.wait_for_selector(HOME)
        tab.sign_in_seconds = time.monotonic() - tab.sign_in_started
    yield tabs
    for tab in tabs.values():
        tab.context.close()


def sign_in(tab, hub, name):
    """Submit the hub's login form; the hub then spawns the person's server and leads the tab to its home page."""
    tab.goto(f"{hub.url}/hub/login")
    tab.fill("#username_input", name)
    tab.fill("#password_input", PASSWORD)
    tab.click("#login_submit")


def test_everyone_signs_in_on_the_hub_and_lands_on_the_course_home_page(hub, signed_in):
    for name, tab in signed_in.items():
        assert tab.url == f"{hub.url}/user/{name}/voila/render/index.ipynb"
        assert tab.inner_text("h1") == "Systems Leadership: improvising your way to change"
        assert "Start the course" in tab.inner_text(HOME)
        assert tab.sign_in_seconds < 90


def test_a_learner_works_reloads_and_finds_the_work_back(hub, signed_in):
    answers = {}
    for name in LEARNERS:       # both pages load side by side
        signed_in[name].goto(f"{hub.url}/user/{name}/voila/render/reflection.ipynb", wait_until="commit")
    for name in LEARNERS:
        tab = signed_in[name]
        wait_for_page(tab)
        answers[name] = f"The wicked issue {name} brings: hospital discharge & care <b>homes</b>"
        tab.locator(ANSWER).first.fill(answers[name])
        tab.wait_for_selector(SAVED)
    for name in LEARNERS:
        signed_in[name].reload(wait_until="commit")
    for name in LEARNERS:
        tab = signed_in[name]
        wait_for_page(tab)
        tab.wait_for_selector(ANSWER)
        assert tab.locator(ANSWER).first.input_value() == answers[name]   # each their own, nobody else's


def test_a_learner_cannot_reach_another_learners_server(hub, signed_in):
    ann = signed_in["learner-ann"]
    for path in ("voila/render/index.ipynb", "voila/render/reflection.ipynb"):
        response = ann.goto(f"{hub.url}/user/learner-bob/{path}")
        assert response.status == 403, f"ann opened bob's {path}: {response.status}"
        assert ann.locator(ANSWER).count() == 0


@pytest.mark.parametrize("path", ["lab", "tree", "terminals/1", "api/contents", "api/kernels", "api/terminals",
                                  "api/sessions", "edit/reflection.ipynb", "notebooks/reflection.ipynb"])
def test_a_learner_gets_no_lab_terminal_files_or_kernels(hub, signed_in, path):
    ann = signed_in["learner-ann"]
    response = ann.goto(f"{hub.url}/user/learner-ann/{path}")
    assert response.status in (403, 404, 405), f"/{path} answered {response.status}"


def test_a_learner_cannot_start_a_kernel_to_run_code(hub, signed_in):
    ann = signed_in["learner-ann"]
    ann.goto(f"{hub.url}/user/learner-ann/voila/render/index.ipynb")
    wait_for_page(ann)
    status = ann.evaluate("""async (url) => {
        const xsrf = (document.cookie.match(/_xsrf=([^;]+)/) || [])[1] || "";
        const response = await fetch(url, {method: "POST", headers: {"X-XSRFToken": xsrf},
                                           body: JSON.stringify({name: "python3"})});
        return response.status;
    }""", f"{hub.url}/user/learner-ann/api/kernels")
    assert status in (403, 404, 405)


def test_the_hub_keeps_work_in_postgresql_under_the_hub_user(hub, signed_in, store_url):
    from widgets.storage.store import Store

    with Store(store_url).open() as store:
        for name in LEARNERS:
            assert store.is_registered(f"hub:{name}")
            saved = store.saved_work(f"hub:{name}")
            assert any(name in str(work.data) for work in saved.values()), f"{name}'s answer is not in the store"


def test_behind_the_hub_the_tutor_opens_the_room_view_and_a_learner_is_refused(hub, signed_in):
    tia = signed_in[TUTOR]
    response = tia.goto(f"{hub.url}/user/{TUTOR}/voila/render/tutor-room.ipynb")
    assert response.status == 200
    wait_for_page(tia)
    tia.wait_for_selector(".sl-room-status")                   # the hub says tia is in the tutors' group
    started = re.search(r"(\d+)\s+started", tia.inner_text(".sl-room-status"))
    assert started and int(started.group(1)) >= len(LEARNERS)    # both learners' work counts in the room
    ann = signed_in["learner-ann"]
    response = ann.goto(f"{hub.url}/user/learner-ann/voila/render/tutor-room.ipynb")
    assert response.status == 403 and ann.locator(".sl-room-status").count() == 0
    assert "for the course's tutor only" in ann.inner_text("body")
