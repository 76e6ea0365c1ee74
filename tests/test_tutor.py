"""Who is a tutor (widgets/storage/tutor.py): the room's tutor link, the hub's group or admins (against a tiny fake
hub API on loopback), this computer on one's own; and the server and the page refusing everyone else, with no
kernel started and nothing of the room read."""
import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from widgets.markup.escape import html_text
from widgets.pages import tutor as tutor_page
from widgets.server import redact
from widgets.storage import tutor
from widgets.storage.learner import issue_learner
from widgets.storage.store import Store

HUB_TOKEN = "server-token-abc"
COURSE = Path(__file__).resolve().parent.parent / "course"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite").open() as opened:
        yield opened


def opener(store):
    """What `tutor_access` opens: the test's store, left open for the test (its close is a no-op)."""
    class Borrowed:
        def is_tutor_key(self, key_hash):
            return store.is_tutor_key(key_hash)

        def close(self):
            pass
    return Borrowed


def room(query):
    return {"SL_MODE": "room", "QUERY_STRING": query}


def altered(key):
    return key[:-1] + ("A" if key[-1] != "A" else "B")


def test_the_room_s_tutor_link_opens_the_tutor_s_pages_and_nothing_else_does(store):
    key = tutor.issue_tutor_key(store)
    learner = issue_learner(store)
    assert tutor.tutor_access(room(f"tutor={key}"), opener(store)).allowed
    assert tutor.tutor_access(room(f"tutor={key}"), opener(store)).link("tutor-guide.ipynb") == (
        f"tutor-guide.ipynb?tutor={key}")
    refused = [room(""), room(learner.query), room(f"tutor={learner.token}"), room(f"tutor={altered(key)}"),
               room(f"tutor={key}&tutor={key}"), room(f"tutor={key[:20]}"), room("tutor=")]
    for environ in refused:
        assert not tutor.tutor_access(environ, opener(store)).allowed, environ["QUERY_STRING"]
    store_rows = store._read(lambda conn: conn.all("SELECT key_hash FROM sl_tutor_keys"))
    assert key not in json.dumps([list(row) for row in store_rows])          # only its hash is kept


def test_a_new_tutor_link_replaces_the_old_one(store):
    old = tutor.issue_tutor_key(store)
    new = tutor.issue_tutor_key(store)
    assert not tutor.tutor_access(room(f"tutor={old}"), opener(store)).allowed
    assert tutor.tutor_access(room(f"tutor={new}"), opener(store)).allowed


def test_on_one_s_own_only_this_computer_is_the_tutor():
    solo = {"SL_MODE": "solo"}
    assert tutor.tutor_access(solo, None, remote_ip="127.0.0.1").allowed
    assert tutor.tutor_access(solo, None, remote_ip="::1").allowed
    assert not tutor.tutor_access(solo, None, remote_ip="192.168.1.20").allowed


@pytest.mark.parametrize("path, expected", [("tutor-room.ipynb", True), ("course/tutor-guide.ipynb", True),
                                            ("/voila/render/tutor-x.ipynb", True), ("index.ipynb", False),
                                            ("ways-of.ipynb", False), ("tutor-room.ipynb/../index.ipynb", False),
                                            ("not-tutor-room.ipynb", False)])
def test_which_pages_are_the_tutor_s(path, expected):
    assert tutor.is_tutor_page(path) is expected


def test_the_log_never_shows_a_tutor_key():
    assert redact("GET /voila/render/tutor-room.ipynb?tutor=abcdefgh_123 200") == (
        "GET /voila/render/tutor-room.ipynb?tutor=<token> 200")


# ---------------------------------------------------------------- behind JupyterHub, against a fake hub API

class FakeHub(BaseHTTPRequestHandler):
    models = {}          # token -> the model `GET /hub/api/user` answers

    def do_GET(self):  # noqa: N802 - http.server's name
        token = self.headers.get("Authorization", "").removeprefix("token ")
        model = self.models.get(token)
        if self.path != "/hub/api/user" or model is None:
            self.send_response(403)
            self.end_headers()
            return
        body = json.dumps(model).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def hub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hub/api"
    server.shutdown()
    server.server_close()


def hub_environ(api, user, **extra):
    return {"JUPYTERHUB_USER": user, "JUPYTERHUB_API_URL": api, "JUPYTERHUB_API_TOKEN": HUB_TOKEN, **extra}


@pytest.mark.parametrize("model, extra, allowed", [
    ({"name": "ada", "admin": False, "groups": ["tutors"]}, {}, True),
    ({"name": "ada", "admin": True, "groups": []}, {}, True),
    ({"name": "ada", "admin": False, "groups": ["facilitators"]}, {"SL_TUTOR_GROUP": "facilitators"}, True),
    ({"name": "ada", "admin": False, "groups": ["tutors"]}, {"SL_TUTOR_GROUP": "facilitators"}, False),
    ({"name": "ada", "admin": False, "groups": ["learners"]}, {}, False),
    ({"name": "ada", "admin": False}, {}, False),                    # no groups scope: not a tutor
    ({"name": "bob", "admin": True, "groups": ["tutors"]}, {}, False),   # the hub answered for someone else
    ({"name": "ada", "admin": "yes", "groups": "tutors-and-more"}, {}, False),
])
def test_behind_the_hub_a_tutor_is_in_the_tutors_group_or_an_admin(hub, model, extra, allowed):
    FakeHub.models = {HUB_TOKEN: model}
    access = tutor.tutor_access(hub_environ(hub, "ada", **extra), None)
    assert access.allowed is allowed and access.mode == "hub"


def test_behind_the_hub_no_answer_means_no_tutor(hub):
    FakeHub.models = {}                                              # the hub refuses the token
    assert not tutor.tutor_access(hub_environ(hub, "ada"), None).allowed
    assert not tutor.tutor_access({**hub_environ(hub, "ada"), "JUPYTERHUB_API_TOKEN": ""}, None).allowed
    closed = hub.replace(hub.split(":")[2].split("/")[0], "9")       # nothing listens on port 9
    assert not tutor.tutor_access(hub_environ(closed, "ada"), None).allowed


# ---------------------------------------------------------------- the page's own check, in its kernel

def test_a_refused_page_reads_nothing_of_the_room(store, monkeypatch):
    from widgets.storage import room, store as store_module

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *things: shown.extend(things))
    monkeypatch.setattr(store_module, "open_store", lambda environ=None: opener(store)())
    monkeypatch.setattr(room, "room_snapshot", lambda *args: pytest.fail("the room was read"))
    monkeypatch.setattr(room, "load_room_content", lambda *args: pytest.fail("the room's content was read"))
    key = tutor.issue_tutor_key(store)
    learner = issue_learner(store)
    for query in ("", learner.query, f"tutor={altered(key)}"):
        monkeypatch.setattr("os.environ", {"SL_MODE": "room", "QUERY_STRING": query})
        shown.clear()
        page = tutor_page.open_tutor_page()
        assert page is None
        assert [thing.data for thing in shown] == [f'<p class="sl-tutor-refused">{html_text(tutor.REFUSED)}</p>']
        tutor_page.show_room(page)                                  # the next cell: nothing
    monkeypatch.setattr("os.environ", {"SL_MODE": "room", "QUERY_STRING": f"tutor={key}"})
    assert tutor_page.open_tutor_page().link("tutor-room.ipynb") == f"tutor-room.ipynb?tutor={key}"


# ---------------------------------------------------------------- the server's check, before any kernel

@pytest.mark.browser
def test_the_server_refuses_the_tutor_s_pages_to_anyone_else_before_a_kernel_starts(room_server, tmp_path):
    with Store(tmp_path / "store.sqlite").open() as opened:
        key = tutor.issue_tutor_key(opened)
        learner = issue_learner(opened)
    pages = sorted(path.name for path in COURSE.glob("tutor-*.ipynb"))
    assert "tutor-room.ipynb" in pages
    for notebook in pages:                                          # every tutor page, whoever made it
        for query in ("", learner.query, f"tutor={learner.token}", f"tutor={altered(key)}", "tutor=x"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(room_server.module_url(notebook, query), timeout=30)
            assert refused.value.code == 403
            assert refused.value.read().decode() == tutor.REFUSED + "\n"
            assert refused.value.headers["Content-Type"].startswith("text/plain")
    assert room_server.kernel_pids() == []                          # no kernel was started for any of them
    with urllib.request.urlopen(room_server.module_url("tutor-room.ipynb", f"tutor={key}"), timeout=60) as page:
        assert page.status == 200
    with urllib.request.urlopen(room_server.module_url("index.ipynb", learner.query), timeout=60) as page:
        assert page.status == 200                                   # learners' pages are as before


# ---------------------------------------------------------------- lost links

def test_the_tutor_gives_a_named_learner_a_new_link_and_the_old_one_stops_working(store, monkeypatch):
    from widgets.pages import home_page
    from widgets.storage.learner import identify

    lost = issue_learner(store)
    nameless = issue_learner(store)
    store.save(lost.id, "action-plan", {"actions": []})
    name_box = home_page.tutor_name_view(store, lost)
    field, save, result = name_box.children[1], name_box.children[2].children[0], name_box.children[3]
    field.value = "  Priya   <Shah> "
    save.click()
    assert "Priya &lt;Shah&gt;" in result.value
    assert store.learner_names()[lost.id][0] == "Priya <Shah>"
    field.value = "x" * 61
    save.click()
    assert "at most 60" in result.value and store.learner_names()[lost.id][0] == "Priya <Shah>"

    view = tutor_page.LearnersView(lambda: Store(store.location).open(), {"SERVER_NAME": "10.0.0.5",
                                                                          "SERVER_PORT": "8866"})
    view.refresh()
    assert view.chooser.options == (("Priya <Shah>", lost.id),)                # only learners who gave a name
    assert "2 learners have a personal link; 1 of them" in view.counts.value
    assert view.chooser.value == lost.id                                     # chosen already: the only one
    view.reissue()
    link = view.result.value.split('value="', 1)[1].split('"', 1)[0]
    token = link.split("learner=", 1)[1]
    assert link.startswith("http://10.0.0.5:8866/voila/render/index.ipynb?learner=")
    assert "Priya &lt;Shah&gt;&#x27;s old link no longer works" in view.result.value and "<svg" in view.result.value
    assert identify(store, {"SL_MODE": "room", "QUERY_STRING": lost.query}).status == "unrecognised"
    again = identify(store, {"SL_MODE": "room", "QUERY_STRING": f"learner={token}"})
    assert again.known and store.load(again.learner.id, "action-plan") == {"actions": []}
    assert store.is_registered(nameless.id)
    assert view.chooser.options == (("Priya <Shah>", again.learner.id),)


def test_serving_a_room_prints_a_working_tutor_link(tmp_path, monkeypatch, capsys):
    from widgets.serve import print_tutor_link

    monkeypatch.setenv("SL_STORE", str(tmp_path / "store.sqlite"))
    print_tutor_link("http://localhost:8866")
    printed = capsys.readouterr().out
    link = printed.split("http://", 1)[1].split()[0]
    assert link.startswith("localhost:8866/voila/render/tutor-room.ipynb?tutor=")
    key = link.split("tutor=", 1)[1]
    with Store(tmp_path / "store.sqlite").open() as opened:
        assert tutor.tutor_access(room(f"tutor={key}"), opener(opened)).allowed
    print_tutor_link("http://localhost:8866")                      # a restart: a new link, the old one dead
    with Store(tmp_path / "store.sqlite").open() as opened:
        assert not tutor.tutor_access(room(f"tutor={key}"), opener(opened)).allowed


def test_the_tutor_s_pages_are_not_in_the_learners_manifest_nor_on_the_home_page():
    from widgets.content.modules import load_modules
    from widgets.pages.course import modules_list_html
    from widgets.storage.learner import NOBODY

    modules = load_modules()
    assert not [m for m in modules if tutor.is_tutor_page(m.notebook)]
    assert "tutor-" not in modules_list_html(modules, NOBODY)
