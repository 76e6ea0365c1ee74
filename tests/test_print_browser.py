"""A module prints as A4 pages with the learner's answers (issue 13): Voila's one screen-high scrolling box
grows to the whole module on paper, and a text box shows all of its text."""
import re

import pytest

from conftest import wait_for_page

pytestmark = pytest.mark.browser
ANSWER = "My answer, long enough to run over several lines of its box. " * 10


def test_a_module_prints_as_a4_pages_with_its_answers(voila_server, page):
    page.goto(voila_server.module_url("ways-of.ipynb"))
    wait_for_page(page)
    page.wait_for_selector(".sl-module-end")
    page.locator(".sl-sa-rating").first.get_by_role("button", name="4", exact=True).click()
    page.locator(".sl-balcony-scenario textarea").first.fill(ANSWER)
    page.locator(".sl-sa-rating button.mod-active").wait_for()

    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    tall = page.evaluate("() => document.getElementById('rendered_cells').getBoundingClientRect().height")
    assert tall > 5000, "the module grows to its whole length on paper"
    box = page.locator(".sl-balcony-scenario textarea").first
    assert box.evaluate("b => b.scrollHeight <= b.clientHeight + 1"), "the whole answer shows"
    assert page.locator(".sl-nav").first.is_hidden() and page.locator(".sl-skip-link").is_hidden()

    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 5, f"{pages} A4 pages: a module cut off at one page"
