"""A course page fetches Voila's scripts while its kernel runs the cells, not after: every script the page asks for
is linked with `preload` in its head (app/voila/templates/course/preload.html, written by scripts/preload_list.py),
and the browser uses what it preloaded instead of asking again."""
import re
import urllib.request
from collections import Counter

from conftest import REPO, wait_for_page

PRELOAD_FILE = REPO / "app" / "voila" / "templates" / "course" / "preload.html"
LINK = re.compile(r'<link rel="preload" as="script" href="\{\{ resources\.base_url \| e \}\}([^"]+)">')


def preloaded():
    return LINK.findall(PRELOAD_FILE.read_text(encoding="utf-8"))


def voila_script(url, server):
    """The script's path below the server (with its query), or None for anything else or the course's own."""
    if not url.startswith(server.url + "/voila/") or "/voila/templates/course/" in url:
        return None
    path = url[len(server.url) + 1:]
    return path if path.split("?")[0].endswith(".js") else None


def test_every_script_a_page_fetches_is_preloaded_and_fetched_once(voila_server, page):
    fetched = Counter()
    page.on("request", lambda request: fetched.update(filter(None, [voila_script(request.url, voila_server)])))
    page.goto(voila_server.module_url("ways-of.ipynb"))
    wait_for_page(page)
    page.wait_for_selector(".sl-self-assessment .sl-sa-rating")
    page.wait_for_load_state("networkidle")
    listed = set(preloaded())
    missing = sorted(set(fetched) - listed)
    assert not missing, ("the page fetches scripts preload.html lacks (Voila or a widget extension changed?): run "
                         f"scripts/preload_list.py. Missing: {missing}")
    assert fetched and all(count == 1 for count in fetched.values()), f"fetched again: {fetched.most_common(3)}"
    # The widget extensions' scripts, which Voila's script asks for only once the kernel is connected, came while
    # the page itself was still arriving.
    html_done, extensions = page.evaluate("""() => [
        performance.getEntriesByType('navigation')[0].domContentLoadedEventStart,
        performance.getEntriesByType('resource').filter(e => e.name.includes('/labextensions/'))
            .map(e => e.startTime)]""")
    assert extensions and max(extensions) < html_done


def test_every_preloaded_script_exists(voila_server):
    paths = preloaded()
    assert len(paths) > 20 and len(set(paths)) == len(paths)
    for path in paths:
        with urllib.request.urlopen(f"{voila_server.url}/{path}", timeout=60) as response:
            assert response.status == 200, path
