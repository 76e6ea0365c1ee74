"""Writes app/voila/templates/course/preload.html: a `<link rel="preload">` for every script a course page fetches.

Voila's page links its main script at the very end, after the last cell's output, so the browser asks for it and
for the ~90 scripts it loads in turn (Voila's own, and the widget extensions' with their `?v=` hashes) only once
the kernel has run every cell; each wave asks for the next. Linked with `preload` in the page's head, they all come
while the kernel runs the cells, and the waves later find them waiting (cold cache: about 1 s sooner to a shown
page; see scripts/page_timeline.py). Which scripts those are depends on the installed Voila and widget extensions,
so this script records them: it opens the home page and every module in headless Chromium and writes the union.
tests/test_preload_browser.py fails when a page asks for a script the list lacks (after an upgrade: run this).

    .venv/bin/python scripts/preload_list.py
"""
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from benchmark_common import REPO
from conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer, wait_for_page

PRELOAD_FILE = REPO / "app" / "voila" / "templates" / "course" / "preload.html"
HEADER = ("{#- Written by scripts/preload_list.py (run it again after upgrading Voila or a widget extension): the\n"
          "    scripts a course page fetches once its cells have run, fetched instead while they run. -#}\n")


def page_scripts(tab):
    """Paths (with their query) of the scripts the page fetches from Voila, less the course template's own."""
    return [script for script in tab.evaluate(
        "performance.getEntriesByType('resource').filter(e => e.initiatorType === 'script'"
        " || e.name.split('?')[0].endsWith('.js')).map(e => e.name)")]


def relative(url, base):
    """`url` as a path below the server's base URL, with its query: what the template puts after base_url."""
    parts = urlsplit(url)
    path = parts.path[len(base):] if parts.path.startswith(base) else parts.path.lstrip("/")
    return path + (f"?{parts.query}" if parts.query else "")


def wanted(path):
    return path.split("?")[0].endswith(".js") and not path.startswith("voila/templates/course/") \
        and path.startswith("voila/")


def scripts_of(server, notebooks):
    from playwright.sync_api import sync_playwright

    found = set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for notebook in notebooks:
            context = browser.new_context()
            tab = context.new_page()
            tab.set_default_timeout(120_000)
            tab.goto(server.module_url(notebook))
            wait_for_page(tab)
            tab.wait_for_load_state("networkidle")
            found |= {path for path in (relative(url, "/") for url in page_scripts(tab)) if wanted(path)}
            context.close()
        browser.close()
    return found


def preload_html(paths):
    return HEADER + "".join(f'<link rel="preload" as="script" href="{{{{ resources.base_url | e }}}}{path}">\n'
                            for path in sorted(paths))


def main():
    from widgets.content.modules import HOME_NOTEBOOK, load_modules

    folder = Path(tempfile.mkdtemp(prefix="sl-preload-"))
    server = VoilaServer("solo", folder / "store.sqlite")
    try:
        paths = scripts_of(server, [HOME_NOTEBOOK] + [m.notebook for m in load_modules()])
    finally:
        server.stop()
    PRELOAD_FILE.write_text(preload_html(paths), encoding="utf-8")
    print(f"{len(paths)} scripts written to {PRELOAD_FILE.relative_to(REPO)}")


if __name__ == "__main__":
    os.chdir(REPO)
    main()
