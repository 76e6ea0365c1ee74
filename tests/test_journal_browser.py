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
    # the summary to hand on, then every module
    assert page.locator("section.sl-journal-module").count() == len(load_modules()) + 1
    assert page.locator("section.sl-journal-module").first.get_attribute("id") == journal.SUMMARY_ANCHOR
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


def test_the_summary_prints_on_the_first_page_and_the_detail_after_it(page, tmp_path):
    """On A4 (16 mm by 14 mm margins, as journal.css asks) the header and the summary fit the first page."""
    saves = course_saves()
    state = find_exercise("action-plan").build_state(random.Random(1))
    for level in ("individual", "organisation", "system"):   # a fair plan: two actions at each level
        for number in range(2):
            state.add_action(level, f"Action {number + 1} {level}: bring partners together offline to think "
                                    "together about a shared ambition", "Me and the ward manager", "2027-01-31")
    saves["action-plan"] = (state.to_dict(), WHEN)
    system = find_exercise("system-builder").build_state(random.Random(1))
    for number in range(8):
        system.add_actor(f"Partner organisation {number + 1}", system.type_names[number % len(system.type_names)])
    for number in range(1, 8):
        system.add_link("Partner organisation 1", f"Partner organisation {number + 1}", "Meets monthly")
    saves["system-builder"] = (system.to_dict(), WHEN)
    path = tmp_path / journal.HTML_FILE_NAME
    path.write_text(journal.journal_html(saves, load_modules(), "Sam", NOW), encoding="utf-8")
    # A4's printable area: 210 - 2 x 14 mm wide, 297 - 2 x 16 mm high, at 96 CSS pixels to the inch
    width, height = round(182 / 25.4 * 96), round(265 / 25.4 * 96)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(path.as_uri())
    page.emulate_media(media="print")
    bottom = page.evaluate(f"() => document.getElementById('{journal.SUMMARY_ANCHOR}').getBoundingClientRect().bottom")
    print(f"\nsummary (header included) ends at {bottom / 96 * 25.4:.0f} mm of the {265} mm of an A4 page")
    assert bottom <= height
    pdf = page.pdf(format="A4", path=str(tmp_path / "journal.pdf"))
    assert pdf.startswith(b"%PDF")
