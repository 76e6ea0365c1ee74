"""Who the learner is: hub user, solo, or a room's personal links (registered, hashed, unguessable)."""
import pytest

from widgets.storage import learner as learner_module
from widgets.storage.learner import (NO_LINK, NOBODY, UNCHECKED, UNRECOGNISED, Learner, current_learner,
                                     identify, issue_learner, learner_for_token, new_token, page_address,
                                     token_hash)
from widgets.storage.store import Store, UnknownLearner


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite").open() as opened:
        yield opened


def room(query):
    return {"SL_MODE": "room", "QUERY_STRING": query}


def test_solo_is_one_learner_with_nothing_to_sign_in_to(store):
    for environ in ({}, {"SL_MODE": "solo"}, {"SL_MODE": "solo", "QUERY_STRING": "learner=whatever"}):
        visitor = identify(store, environ)
        assert visitor.known and visitor.mode == "solo"
        assert visitor.learner.id == "solo" and visitor.learner.link("a.ipynb") == "a.ipynb"
    assert store.is_registered("solo")


def test_behind_jupyterhub_the_hub_user_is_the_learner(store):
    visitor = identify(store, {"JUPYTERHUB_USER": "ann", "SL_MODE": "room", "QUERY_STRING": ""})
    assert visitor.known and visitor.mode == "hub"
    assert visitor.learner.id == "hub:ann" and visitor.learner.label == "ann"
    assert visitor.learner.link("a.ipynb") == "a.ipynb"      # the hub's login, not a link, says who it is
    assert store.is_registered("hub:ann")


def test_a_room_visitor_without_a_link_is_nobody_yet(store):
    visitor = identify(store, room(""))
    assert visitor.status == NO_LINK and visitor.learner == NOBODY and not visitor.known


def test_an_issued_link_is_recognised_from_any_browser(store):
    issued = issue_learner(store)
    assert learner_module.TOKEN_PATTERN.match(issued.token)
    for other_query in (f"learner={issued.token}", f"x=1&learner={issued.token}"):
        visitor = identify(store, room(other_query))
        assert visitor.known and visitor.learner.id == issued.id
        assert visitor.learner.link("ways-of.ipynb") == f"ways-of.ipynb?learner={issued.token}"


def test_two_issued_links_are_different_learners(store):
    first, second = issue_learner(store), issue_learner(store)
    assert first.token != second.token and first.id != second.id


def changed_tokens(token):
    """The token with one character changed, one dropped, one added, and its case flipped."""
    swap = "A" if token[5] != "A" else "B"
    yield token[:5] + swap + token[6:]
    yield token[:-1]
    yield token + "x"
    yield token.swapcase()


def test_a_changed_link_reaches_nobody_and_creates_nothing(store):
    issued = issue_learner(store)
    store.save(issued.id, "reflection", {"text": "private"})
    for changed in changed_tokens(issued.token):
        visitor = identify(store, room(f"learner={changed}"))
        assert visitor.status == UNRECOGNISED and visitor.learner == NOBODY
        assert not store.is_registered(learner_for_token(changed).id)


@pytest.mark.parametrize("query", ["learner=", "learner=short", "learner=" + "a" * 65,
                                   "learner=" + "a" * 31 + "!", "learner=%3Cscript%3E" + "a" * 40,
                                   "learner=" + "a" * 40 + "&learner=" + "b" * 40])
def test_a_malformed_link_is_not_recognised(store, query):
    assert identify(store, room(query)).status == UNRECOGNISED


def test_a_well_formed_but_never_issued_token_is_not_registered_by_looking(store):
    token = new_token()
    assert identify(store, room(f"learner={token}")).status == UNRECOGNISED
    assert not store.is_registered(learner_for_token(token).id)
    with pytest.raises(UnknownLearner):
        store.save(learner_for_token(token).id, "reflection", {"text": "typo'd link"})


def test_only_a_hash_of_the_token_is_stored(store, tmp_path):
    issued = issue_learner(store)
    store.save(issued.id, "reflection", {"text": "x"})
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("store.sqlite*") if p.is_file())
    assert issued.token.encode() not in raw
    assert token_hash(issued.token).encode() in raw


def test_without_a_store_a_link_cant_be_checked(store):
    token = new_token()
    visitor = identify(None, room(f"learner={token}"))
    assert visitor.status == UNCHECKED and not visitor.known


def test_deleted_work_kills_the_link(store):
    issued = issue_learner(store)
    store.delete_learner_work(issued.id, forget=True)
    assert identify(store, room(f"learner={issued.token}")).status == UNRECOGNISED


def test_tokens_are_long_and_random():
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(t) >= 43 and learner_module.TOKEN_PATTERN.match(t) for t in tokens)


def test_current_learner_keeps_its_old_meaning():
    assert current_learner({}) == Learner(id="solo", query="")
    assert current_learner(room("")) is None
    token = new_token()
    assert current_learner(room(f"learner={token}")).id == "room:" + token_hash(token)


def test_the_request_is_awaited_under_preheated_kernels(monkeypatch):
    calls = []
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr(learner_module, "wait_for_request", lambda *a: calls.append(a))
    learner_module.request_environ()
    assert calls == [()]
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    learner_module.request_environ()
    assert len(calls) == 1


def test_importing_reads_no_request():
    import importlib
    import inspect

    source = inspect.getsource(importlib.import_module("widgets.storage.learner"))
    assert "prelaunch_hook" not in source
    module_level = [line for line in source.splitlines() if line.startswith(("os.environ", "request_environ("))]
    assert module_level == []


def test_page_address_for_the_personal_link():
    environ = {"SERVER_NAME": "course.example.org", "SERVER_PORT": "8866",
               "SCRIPT_NAME": "/voila/render/index.ipynb"}
    assert page_address(environ, "learner=abc") == "course.example.org:8866/voila/render/index.ipynb?learner=abc"
    assert page_address({**environ, "SERVER_PORT": "443"}) == "course.example.org/voila/render/index.ipynb"
