"""The balcony sorter in a real browser: place every item, check, read the feedback, retry the missed."""
import time

import pytest

from conftest import page_problems, wait_for_page

pytestmark = pytest.mark.browser
NOTEBOOK = "ways-of.ipynb"


def test_balcony_sorter_checks_and_retries_the_missed(voila_server, page):
    page.goto(voila_server.module_url(NOTEBOOK))
    wait_for_page(page)
    sorter = page.locator(".sl-balcony")
    sorter.locator(".sl-balcony-item").first.wait_for()
    items = sorter.locator(".sl-balcony-item")
    total = items.count()
    assert total >= 16

    # Everything 'from the balcony': the dance-floor items are then missed. The first by keyboard.
    first = items.nth(0).get_by_role("button", name="From the balcony")
    first.focus()
    page.keyboard.press("Enter")
    for index in range(1, total):
        items.nth(index).get_by_role("button", name="From the balcony").click()
    page.wait_for_function(
        "n => document.querySelectorAll('.sl-balcony .widget-toggle-button.mod-active').length === n", arg=total)

    started = time.monotonic()
    sorter.locator("button.sl-balcony-check").click()
    page.wait_for_selector(".sl-balcony-feedback .sl-msg")
    elapsed = time.monotonic() - started
    print(f"\nbalcony sorter: {elapsed * 1000:.0f} ms from clicking Check to the first feedback")

    page.wait_for_function(
        "n => document.querySelectorAll('.sl-balcony-feedback .sl-msg').length === n", arg=total)
    feedback = sorter.locator(".sl-balcony-feedback").all_inner_texts()
    assert all(text.startswith(("✓", "✗", "◐")) for text in feedback)
    assert any("this observation is made from the dance floor" in text for text in feedback)
    assert any("◐ Part of it" in text and "needs both at once" in text for text in feedback)
    score = sorter.locator(".sl-balcony-score").inner_text()
    assert "You placed" in score and f"of {total} items" in score and "checks so far: 1" in score
    missed = [items.nth(i).locator(".sl-balcony-choice .widget-label").inner_text().split(". ", 1)[1]
              for i in range(total) if items.nth(i).locator(".sl-msg-bad, .sl-msg-warn").count()]
    assert 0 < len(missed) < total

    sorter.locator("button.sl-balcony-retry").click()
    page.wait_for_function(
        "n => document.querySelectorAll('.sl-balcony .sl-balcony-item').length === n", arg=len(missed))
    again = [label.split(". ", 1)[1] for label in
             sorter.locator(".sl-balcony-item .sl-balcony-choice .widget-label").all_inner_texts()]
    assert again == missed
    assert sorter.locator(".sl-balcony-feedback .sl-msg").count() == 0
    assert "Round 2" in sorter.locator(".sl-balcony-score").inner_text()
    assert page_problems(page) == []
    assert page.outside_requests == []
