"""Saving and coming back through a real Voila session in headless Chromium, solo and in a room,
and the store and data/ out of reach of every URL the server answers."""
import http.client
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest

from conftest import REPO, follow, page_problems, wait_for_page
from widgets.pages.course import load_modules

pytestmark = pytest.mark.browser
MODULES = load_modules()
TOTAL = len(MODULES)
ANSWER = ".sl-reflection-answer textarea"
SAVED = ".sl-save-status .sl-save-saved"
ODD_ANSWER = "My wicked issue: <script>alert('x')</script> & \"quotes\" 😀 مرحبا"


def open_page(tab, url):
    tab.goto(url)
    wait_for_page(tab)
    tab.wait_for_selector("h1")
    return tab


def type_answer(tab, text):
    tab.wait_for_selector(ANSWER)
    tab.locator(ANSWER).first.fill(text)
    tab.wait_for_selector(SAVED)


def answer_shown(tab):
    tab.wait_for_selector(ANSWER)
    return tab.locator(ANSWER).first.input_value()


def status_of(tab, module_title):
    item = tab.locator("ol.sl-modules li", has=tab.locator("a.sl-module-title", has_text=module_title))
    return item.locator(".sl-status").inner_text().replace("Status:", "").strip()


def no_dialogs(tab):
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


# ------------------------------------------------------------------ one learner on their own

def test_an_answer_is_there_after_reload_and_after_moving_on_and_back(voila_server, page):
    dialogs = no_dialogs(page)
    reflection = voila_server.module_url("reflection.ipynb")
    open_page(page, reflection)
    type_answer(page, ODD_ANSWER)
    page.reload()
    wait_for_page(page)
    assert answer_shown(page) == ODD_ANSWER
    assert "earlier answers are back" in page.inner_text(".sl-save-status")
    follow(page, page.locator("a.sl-nav-next").last)
    page.wait_for_selector("h1.sl-module-title")
    assert page.url.split("?")[0].endswith("/looking-ahead.ipynb")
    follow(page, page.locator("a.sl-nav-prev").first)
    assert answer_shown(page) == ODD_ANSWER
    assert dialogs == [] and page_problems(page) == [] and page.outside_requests == []


def test_finishing_a_module_shows_on_the_home_page(voila_server, page):
    open_page(page, voila_server.module_url("general-lessons.ipynb"))
    done = page.locator(".sl-module-done input[type=checkbox]")
    assert not done.is_checked()
    done.check()
    page.wait_for_selector(".sl-module-end .sl-save-saved")
    open_page(page, voila_server.url + "/")
    page.wait_for_selector(".sl-progress-summary")
    assert status_of(page, "General lessons") == "done"
    assert re.search(rf"\d+ of {TOTAL} modules done", page.inner_text(".sl-progress-summary"))
    assert status_of(page, "More information") in ("not started", "in progress", "done")
    open_page(page, voila_server.module_url("general-lessons.ipynb"))
    assert page.locator(".sl-module-done input[type=checkbox]").is_checked()


# ------------------------------------------------------------------ a room of learners

def start_in_room(server, tab):
    """Press "Start the course" on the room's home page; return the personal link's token."""
    open_page(tab, server.url + "/")
    tab.locator("button.sl-start").click()
    link = tab.wait_for_selector("a.sl-personal-open", state="attached")
    href = link.evaluate("a => a.href")
    token = parse_qs(urlparse(href).query)["learner"][0]
    assert token in tab.input_value(".sl-personal-address")
    return token


def test_room_learners_get_their_own_links_and_see_only_their_own_work(room_server, page, other_page):
    ann, bob = start_in_room(room_server, page), start_in_room(room_server, other_page)
    assert ann != bob

    open_page(page, room_server.module_url("reflection.ipynb", f"learner={ann}"))
    type_answer(page, "Ann's private answer")
    open_page(other_page, room_server.module_url("reflection.ipynb", f"learner={bob}"))
    assert answer_shown(other_page) == ""                       # Bob sees nothing of Ann's
    type_answer(other_page, "Bob's answer")

    # Ann comes back from another browser with her link: her work, not Bob's.
    open_page(other_page, room_server.module_url("reflection.ipynb", f"learner={ann}"))
    assert answer_shown(other_page) == "Ann's private answer"
    open_page(page, room_server.module_url("reflection.ipynb", f"learner={bob}"))
    assert answer_shown(page) == "Bob's answer"
    # Links on her pages carry her token, so moving on keeps her work with her.
    assert f"learner={ann}" in other_page.locator("a.sl-nav-next").last.get_attribute("href")


def test_a_changed_link_is_not_recognised_and_shows_nobodys_work(room_server, page):
    token = start_in_room(room_server, page)
    open_page(page, room_server.module_url("reflection.ipynb", f"learner={token}"))
    type_answer(page, "Only mine")
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    open_page(page, room_server.module_url("index.ipynb", f"learner={changed}"))
    page.wait_for_selector(".sl-unrecognised")
    assert "This link isn't recognised" in page.inner_text("body")
    assert page.locator("ol.sl-modules").count() == 0
    follow(page, page.locator("a.sl-start-afresh"))
    page.wait_for_selector("button.sl-start")
    open_page(page, room_server.module_url("reflection.ipynb", f"learner={changed}"))
    page.wait_for_selector(".sl-unrecognised")
    assert answer_shown(page) == ""
    assert "Not saved" in page.inner_text(".sl-save-status")
    open_page(page, room_server.module_url("reflection.ipynb"))        # no link at all
    assert "without your personal link" in page.inner_text("body") and answer_shown(page) == ""
    assert page_problems(page) == []


def test_room_home_page_shows_this_learners_progress(room_server, page):
    token = start_in_room(room_server, page)
    open_page(page, room_server.module_url("index.ipynb", f"learner={token}"))
    page.wait_for_selector(".sl-progress-summary")
    assert f"0 of {TOTAL} modules done" in page.inner_text(".sl-progress-summary")
    open_page(page, room_server.module_url("welcome.ipynb", f"learner={token}"))
    open_page(page, room_server.module_url("context.ipynb", f"learner={token}"))
    page.locator(".sl-module-done input[type=checkbox]").check()
    page.wait_for_selector(".sl-module-end .sl-save-saved")
    follow(page, page.locator("a.sl-nav-home").first)
    page.wait_for_selector(".sl-progress-summary")
    assert page.inner_text(".sl-progress-summary").endswith(f"1 of {TOTAL} modules done, 1 in progress")
    assert status_of(page, "Welcome and purpose") == "in progress"
    assert status_of(page, MODULES[1].title) == "done"
    assert status_of(page, MODULES[2].title) == "not started"


def test_a_room_learner_can_delete_their_work_after_confirming(room_server, page):
    token = start_in_room(room_server, page)
    open_page(page, room_server.module_url("reflection.ipynb", f"learner={token}"))
    type_answer(page, "to be deleted")
    open_page(page, room_server.module_url("index.ipynb", f"learner={token}"))
    page.locator("button.sl-delete-start").click()
    page.locator("button.sl-delete-cancel").click()
    page.wait_for_selector(".sl-delete-result >> text=Nothing was deleted")
    page.locator("button.sl-delete-start").click()
    page.locator("button.sl-delete-confirm").click()
    page.wait_for_selector(".sl-delete-result >> text=All your saved work has been deleted")
    open_page(page, room_server.module_url("reflection.ipynb", f"learner={token}"))
    page.wait_for_selector(".sl-unrecognised")
    assert answer_shown(page) == ""


# ------------------------------------------------------------------ nothing downloadable

def server_store_path(server):
    return Path(server.log.name).parent / "store.sqlite"


def fetch(server, path):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", path)      # sent exactly as written: no client-side normalising
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def leaked(body):
    return b"SQLite format 3" in body or b"id,notebook,title" in body or b"sl_saves" in body


def test_the_store_and_data_cannot_be_downloaded(voila_server, page):
    store = server_store_path(voila_server)
    open_page(page, voila_server.module_url("reflection.ipynb"))      # make sure the store exists
    type_answer(page, "a save so the store has content")
    assert store.exists() and (REPO / "course") not in store.resolve().parents
    status, body = fetch(voila_server, "/voila/templates/course/static/course.css")
    assert status == 200 and b".sl-" in body                           # the probe itself works
    absolute = quote(str(store))
    candidates = [
        "/voila/files/../data/modules.csv", "/voila/files/%2e%2e/data/modules.csv",
        "/voila/files/..%2fdata%2fmodules.csv", "/voila/files/%2e%2e%2f%2e%2e%2fdata%2fmodules.csv",
        "/voila/files/data/modules.csv", "/voila/files/../../data/modules.csv",
        "/voila/static/../../data/modules.csv", "/voila/static/%2e%2e/%2e%2e/%2e%2e/data/modules.csv",
        "/voila/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2fdata/modules.csv",
        "/voila/templates/course/static/../../../../data/modules.csv",
        "/voila/templates/course/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/data/modules.csv",
        "/voila/templates/course/static/..%2f..%2f..%2f..%2fdata%2fmodules.csv",
        "/voila/templates/../../../data/modules.csv", "/voila/templates/%2e%2e/%2e%2e/data/modules.csv",
        "/voila/render/../data/modules.csv", "/voila/render/%2e%2e/data/modules.csv",
        "/voila/tree/../data", "/files/data/modules.csv", "/api/contents/data/modules.csv",
        "/data/modules.csv", "/voila/files" + absolute, "/voila/files/" + absolute,
        "/voila/files/%2F" + absolute.lstrip("/"), "/voila/static/" + absolute,
        "/voila/templates/course/static/" + absolute, "/voila/files/store.sqlite",
        "/voila/files/../../../../../../.." + absolute,
        "/voila/templates/course/static/" + "%2e%2e/" * 12 + absolute.lstrip("/"),
        "/voila/static/" + "..%2f" * 12 + absolute.lstrip("/"),
    ]
    exposed = []
    for path in candidates:
        status, body = fetch(voila_server, path)
        if status == 200 and leaked(body):
            exposed.append(path)
    assert exposed == []


# ------------------------------------------------------------------ a damaged store file

def test_a_damaged_store_is_moved_aside_and_the_learner_told(damaged_store_server, page):
    store = server_store_path(damaged_store_server)
    open_page(page, damaged_store_server.url + "/")
    page.wait_for_selector("ol.sl-modules")
    assert "was damaged and couldn't be read" in page.inner_text("body")
    aside = [p for p in store.parent.glob("store.sqlite.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"not a database at all")
    open_page(page, damaged_store_server.module_url("reflection.ipynb"))
    type_answer(page, "saved in the fresh store")
    damaged_store_server.log.flush()
    log = Path(damaged_store_server.log.name).read_text()
    assert "moved aside" in log and str(aside[0]) in log
    assert "moved aside" not in page.inner_text("body")                # the details stay in the log
    assert page_problems(page) == []


# ------------------------------------------------------------------ two tabs of one learner

CONFLICT = ".sl-save-status .sl-save-conflict"


def test_two_tabs_of_one_learner_neither_overwrites_the_other_nor_undoes_a_delete(own_server, page):
    laptop, tablet = page, page.context.new_page()
    tablet.set_default_timeout(60_000)
    reflection = own_server.module_url("reflection.ipynb")
    open_page(laptop, reflection)
    open_page(tablet, reflection)
    type_answer(laptop, "The laptop's answer")
    tablet.locator(ANSWER).first.fill("The tablet's answer")
    tablet.wait_for_selector(CONFLICT)
    assert "changed in another window — reload to see the latest" in tablet.inner_text(".sl-save-status")
    assert tablet.locator(SAVED).count() == 0
    tablet.reload()
    wait_for_page(tablet)
    assert answer_shown(tablet) == "The laptop's answer"                  # the other tab's save stayed live

    open_page(tablet, own_server.url + "/")                               # delete everything from the home page
    tablet.locator("button.sl-delete-start").click()
    tablet.locator("button.sl-delete-confirm").click()
    tablet.wait_for_selector(".sl-delete-result >> text=All your saved work has been deleted")
    laptop.locator(ANSWER).first.fill("The laptop's answer, typed on after the delete")
    laptop.wait_for_selector(CONFLICT)
    assert "deleted there" in laptop.inner_text(".sl-save-status")
    laptop.reload()
    wait_for_page(laptop)
    assert answer_shown(laptop) == ""                                     # the deleted work didn't come back
    assert page_problems(laptop) == [] and page_problems(tablet) == [] and laptop.outside_requests == []
