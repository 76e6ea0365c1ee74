"""A learner's way in and back (issue 14), in a real browser: the course's own loading state, the home page's
welcome and Start or Continue, and the room's personal link (the address bar, Copy, the browser remembering it)."""
import csv
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import VoilaServer, page_problems, wait_for_page
from widgets.content.modules import COURSE_TITLE, load_modules
from widgets.pages.course import course_length

pytestmark = pytest.mark.browser

# Watches #loading from the first moment of the page: when it appeared, when it first became visible, its text.
WATCH_LOADING = r"""
window.slLoading = {appearedAt: null, visibleAt: null, text: ""};
(function look() {
  const loading = document.getElementById("loading");
  if (loading) {
    const seen = window.slLoading;
    if (seen.appearedAt === null) {
      seen.appearedAt = performance.now();
      seen.text = loading.textContent.replace(/\s+/g, " ");
    }
    if (seen.visibleAt === null && parseFloat(getComputedStyle(loading).opacity) > 0) {
      seen.visibleAt = performance.now();
      seen.text = loading.textContent.replace(/\s+/g, " ");
    }
  }
  if (!window.slLoadingDone) { requestAnimationFrame(look); }
})();
"""


@pytest.fixture
def renamed_module_server(tmp_path, data_copy):
    """A solo server whose modules.csv gives the reflection module a title of the test's own."""
    path = data_copy / "modules.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["id"] == "reflection":
            row["title"] = "Thinking back <together> & onward"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    server = VoilaServer("solo", tmp_path / "store.sqlite", SL_DATA_DIR=str(data_copy))
    yield server
    server.stop()


def test_a_module_opens_with_the_course_s_own_loading_state_that_never_flashes(renamed_module_server, page):
    page.add_init_script(WATCH_LOADING)
    # Voila's script, which ends the loading state once the page is ready, is held until the loading state has
    # shown: a kernel as slow to start as on a busy server (a quiet one may run the cells before 300 ms are up).
    held = []
    page.route("**/voila/static/voila.js*", lambda route: held.append(route))
    with page.expect_request("**/voila/static/voila.js*"):
        page.goto(renamed_module_server.module_url("reflection.ipynb"), wait_until="commit")
    page.wait_for_function("() => window.slLoading.visibleAt !== null")
    assert len(held) == 1
    held[0].continue_()
    wait_for_page(page)
    seen = page.evaluate("window.slLoading")
    # The loading state was shown, with the titles and no "Running"...
    assert seen["appearedAt"] is not None and seen["visibleAt"] is not None
    assert COURSE_TITLE in seen["text"]
    assert "Thinking back <together> & onward" in seen["text"]      # from modules.csv, escaped, not as markup
    assert "Opening the module…" in seen["text"] and "Running" not in seen["text"]
    # ...but never in its first 300 ms: a page ready by then never shows it.
    assert seen["visibleAt"] - seen["appearedAt"] >= 280
    assert page.inner_text("h1.sl-module-title") == "Thinking back <together> & onward"
    assert page_problems(page) == [] and page.outside_requests == []


def test_the_home_page_opens_with_the_course_s_title(voila_server, page):
    page.add_init_script(WATCH_LOADING)
    page.goto(voila_server.url + "/")
    wait_for_page(page)
    seen = page.evaluate("window.slLoading")
    assert COURSE_TITLE in seen["text"] and "Opening the course…" in seen["text"] and "Running" not in seen["text"]


# ------------------------------------------------------------------ the home page: welcome, Start, Continue

def open_home(server, tab, query=""):
    tab.goto(server.module_url("index.ipynb", query))
    wait_for_page(tab)
    tab.wait_for_selector("ol.sl-modules")


def test_a_new_learner_is_welcomed_and_started_and_a_returning_one_continues(voila_server, page):
    open_home(voila_server, page)
    welcome = page.inner_text(".sl-welcome")
    assert "public services" in welcome and course_length(load_modules()) in welcome
    assert "saved on this computer" in welcome
    begin = page.locator("a.sl-begin")
    assert begin.inner_text() == "Start the course"
    assert begin.get_attribute("href").endswith("welcome.ipynb")
    # Module titles look like links: the course's accent colour and underlined, not plain black headings.
    title = page.locator("ol.sl-modules a.sl-module-title").first
    assert title.evaluate("a => getComputedStyle(a).textDecorationLine") == "underline"
    assert title.evaluate("a => getComputedStyle(a).color") != page.evaluate("getComputedStyle(document.body).color")

    page.goto(voila_server.module_url("welcome.ipynb"))
    wait_for_page(page)
    page.locator(".sl-module-done input[type=checkbox]").check()
    page.wait_for_selector(".sl-module-end .sl-save-saved")
    open_home(voila_server, page)
    carry_on = page.locator("a.sl-continue")
    assert carry_on.get_attribute("href").endswith("context.ipynb")     # the first module not done
    assert "module 2" in page.inner_text(".sl-next-step") and page.locator("a.sl-begin").count() == 0
    assert page_problems(page) == [] and page.outside_requests == []


# ------------------------------------------------------------------ a room: the personal link

def start(server, tab, shared_computer=False):
    """Press "Start the course" on the room's home page (ticking "shared computer" if asked); return the token."""
    open_home(server, tab)
    if shared_computer:
        tab.locator(".sl-shared-computer input[type=checkbox]").check()
    tab.locator("button.sl-start").click()
    tab.wait_for_selector(".sl-personal-link", state="attached")
    tab.wait_for_function("new URLSearchParams(location.search).has('learner')")
    return parse_qs(urlparse(tab.url).query)["learner"][0]


def stored(tab):
    return tab.evaluate("Object.fromEntries(Object.entries(localStorage))")


def test_after_start_the_address_bar_carries_the_link_and_the_browser_keeps_only_the_token(room_server, page):
    token = start(room_server, page)
    assert urlparse(page.url).path.endswith("/index.ipynb")
    assert stored(page) == {"sl-learner-token": token}
    # The link itself is behind "Show my personal link", so a shared screen doesn't show it by default.
    assert not page.locator(".sl-personal-address").is_visible()
    assert token not in page.inner_text("body")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("button.sl-copy-link").click()
    page.wait_for_selector(".sl-copy-done >> text=Copied")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    page.locator(".sl-link-details > summary").click()
    assert page.input_value(".sl-personal-address") == page.url
    assert page.locator(".sl-qr svg").count() == 1

    # Work is saved on the server, never in the browser: storage still holds the token alone.
    page.goto(room_server.module_url("reflection.ipynb", f"learner={token}"))
    wait_for_page(page)
    page.locator(".sl-reflection-answer textarea").first.fill("Kept on the server only")
    page.wait_for_selector(".sl-save-status .sl-save-saved")
    assert stored(page) == {"sl-learner-token": token}

    # The same browser comes back without the link: "Continue as before" takes it to its own work.
    open_home(room_server, page)
    page.wait_for_selector(".sl-resume:not([hidden])")
    page.locator("a.sl-resume-link").click()
    page.wait_for_url(f"**learner={token}")
    wait_for_page(page)
    page.wait_for_selector("a.sl-continue")
    assert "1 in progress" in page.inner_text(".sl-progress-summary")
    assert page_problems(page) == [] and page.outside_requests == []


def test_a_shared_computer_keeps_nothing_and_forget_me_and_deleting_clear_the_browser(room_server, page, other_page):
    token = start(room_server, page, shared_computer=True)
    assert f"learner={token}" in page.url and stored(page) == {}
    open_home(room_server, page)
    page.wait_for_selector("button.sl-start")
    assert not page.locator(".sl-resume").is_visible()

    # A second learner, whose browser remembers them, then forgets them on this device.
    other = start(room_server, other_page)
    assert stored(other_page) == {"sl-learner-token": other}
    other_page.locator(".sl-this-device button.sl-forget-device").click()
    assert stored(other_page) == {}
    other_page.wait_for_selector("button.sl-remember-device")
    other_page.locator("button.sl-remember-device").click()
    assert stored(other_page) == {"sl-learner-token": other}
    # Deleting all their work forgets the link in this browser and takes it out of the address bar.
    other_page.locator("button.sl-delete-start").click()
    other_page.locator("button.sl-delete-confirm").click()
    other_page.wait_for_selector(".sl-delete-result >> text=All your saved work has been deleted")
    other_page.wait_for_function("!new URLSearchParams(location.search).has('learner')")
    assert stored(other_page) == {}


def test_every_module_page_offers_the_link_collapsed(room_server, page):
    token = start(room_server, page)
    page.goto(room_server.module_url("context.ipynb", f"learner={token}"))
    wait_for_page(page)
    control = page.wait_for_selector("details.sl-link-control")
    assert control.get_attribute("open") is None
    assert not page.locator(".sl-link-control button.sl-copy-link").is_visible()
    assert token not in page.inner_text("body")
    page.locator("details.sl-link-control > summary").click()
    page.locator(".sl-link-control .sl-link-details > summary").click()
    address = page.input_value(".sl-link-control .sl-personal-address")
    assert urlparse(address).path.endswith("/index.ipynb") and parse_qs(urlparse(address).query)["learner"] == [token]
    assert page.locator(".sl-link-control .sl-qr svg").is_visible()


def test_a_remembered_link_whose_work_was_deleted_elsewhere_is_forgotten(room_server, page, other_page):
    token = start(room_server, page)                                     # the laptop remembers the link
    open_home(room_server, other_page, f"learner={token}")              # the phone, by the link, deletes it all
    other_page.locator("button.sl-delete-start").click()
    other_page.locator("button.sl-delete-confirm").click()
    other_page.wait_for_selector(".sl-delete-result >> text=All your saved work has been deleted")
    open_home(room_server, page)
    page.wait_for_selector(".sl-resume:not([hidden])")
    page.locator("a.sl-resume-link").click()
    page.wait_for_url(f"**learner={token}")
    wait_for_page(page)
    page.wait_for_selector(".sl-unrecognised")
    page.wait_for_function("localStorage.length === 0")                  # not offered again
    open_home(room_server, page)
    page.wait_for_selector("button.sl-start")
    assert not page.locator(".sl-resume").is_visible()


def test_the_link_and_its_qr_code_fit_a_phone(room_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    start(room_server, page)
    page.locator(".sl-link-details > summary").click()
    page.wait_for_selector(".sl-qr svg")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".sl-qr svg").bounding_box()["width"] <= 390


def test_copy_works_without_the_clipboard_api_as_on_a_room_s_plain_http_address(room_server, page):
    """Served to a room over http://<address>, the browser has no clipboard API: Copy copies from the link's box."""
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    start(room_server, page)
    page.locator("button.sl-copy-link").click()
    page.wait_for_selector(".sl-copy-done >> text=Copied")
    assert page.locator(".sl-personal-address").is_visible()               # opened, to copy by hand if need be
    assert page.evaluate("window.getSelection().toString() || document.activeElement.value") == page.url
