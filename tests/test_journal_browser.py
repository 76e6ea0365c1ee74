"""The journal page in a real browser: it opens offline, loads nothing, runs nothing, and prints."""
import datetime as dt
import random
import zipfile

import pytest

from widgets.pages import journal
from widgets.pages.course import load_modules
from widgets.registry import find_exercise

pytestmark = pytest.mark.browser

WHEN = dt.datetime(2026, 3, 3, 9, 15, tzinfo=dt.timezone.utc)
NOW = dt.datetime(2026, 11, 26, 16, 5, tzinfo=dt.timezone.utc)


def course_saves():
    """Saved work for several exercises, with some hostile words where there is text."""
    saves = {}
    state = find_exercise("system-builder").build_state(random.Random(1))
    state.add_actor("Hospital discharge team", state.type_names[0])
    state.add_actor("Adult social care", state.type_names[-1])
    state.add_link("Hospital discharge team", "Adult social care", "Weekly huddle")
    saves["system-builder"] = (state.to_dict(), WHEN)
    state = find_exercise("self-assessment").build_state(random.Random(1))
    for number, way in enumerate(state.ways):
        for quality in way.qualities:
            state.rate(quality, 1 + number % 5)
    saves["self-assessment"] = (state.to_dict(), WHEN)
    state = find_exercise("reflection:looking-ahead").build_state(random.Random(1))
    state.set_answer(state.text_prompts()[0]["id"],
                     '<script>alert("x")</script><img src="https://example.org/t.png" onerror="alert(1)">')
    saves["reflection:looking-ahead"] = (state.to_dict(), WHEN)
    state = find_exercise("action-plan").build_state(random.Random(1))
    state.add_action("individual", "Observe from the balcony once a week", "Me", "2027-01-31")
    saves["action-plan"] = (state.to_dict(), WHEN)
    saves["knowledge-check:context"] = ("corrupt", WHEN)
    return saves


def test_journal_page_opens_offline_runs_nothing_and_prints(page, tmp_path):
    saves = course_saves()
    path = tmp_path / journal.HTML_FILE_NAME
    path.write_text(journal.journal_html(saves, load_modules(), "Sam <script>alert(2)</script>", NOW),
                    encoding="utf-8")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("h1")
    assert page.title().startswith(journal.JOURNAL_TITLE)
    assert page.locator("section.sl-journal-module").count() == len(load_modules())
    assert page.locator(".sl-journal-unreadable").count() == 1
    if "system-builder" in saves or "self-assessment" in saves:
        figures = page.locator("figure.sl-journal-picture svg")
        assert figures.count() >= 1 and figures.first.is_visible()
    assert "Sam <script>alert(2)</script>" in page.inner_text(".sl-journal-meta")
    assert page.locator("script").count() == 0
    assert dialogs == [] and page.outside_requests == []

    page.emulate_media(media="print")
    assert not page.locator(".sl-journal-contents").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    assert page.outside_requests == []


def test_download_links_save_both_files(browser, tmp_path):
    status, links = journal.make_journal_links(course_saves, load_modules(), "Sam", NOW)
    assert "Your journal is ready" in status
    context = browser.new_context(accept_downloads=True)
    try:
        tab = context.new_page()
        tab.set_content(f'<!DOCTYPE html><meta charset="utf-8"><body class="sl-journal-download">'
                        f'<div class="sl-journal-links">{links}</div></body>')
        for css, file_name, heading in (("html", journal.HTML_FILE_NAME, "<!DOCTYPE html>"),
                                        ("md", journal.ZIP_FILE_NAME, f"# {journal.JOURNAL_TITLE}")):
            with tab.expect_download() as download_info:
                tab.click(f"a.sl-journal-download-{css}")
            download = download_info.value
            assert download.suggested_filename == file_name
            target = tmp_path / file_name
            download.save_as(target)
            if file_name.endswith(".zip"):
                with zipfile.ZipFile(target) as archive:
                    text = archive.read(journal.ZIP_MARKDOWN_NAME).decode("utf-8")
            else:
                text = target.read_text(encoding="utf-8")
            assert text.startswith(heading) and "26 November 2026 at 16:05 UTC" in text
    finally:
        context.close()
