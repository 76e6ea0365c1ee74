"""A learner's way in and back (issue 14), in a real browser: the course's own loading state, the home page's
welcome and Start or Continue, and the room's personal link (the address bar, Copy, the browser remembering it)."""
import csv

import pytest

from conftest import VoilaServer, page_problems, wait_for_page
from widgets.content.modules import COURSE_TITLE

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
    page.goto(renamed_module_server.module_url("reflection.ipynb"))
    wait_for_page(page)
    seen = page.evaluate("window.slLoading")
    # Starting a kernel takes well over a second, so the loading state was shown, with the titles and no "Running".
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
