"""Places matching in a real browser: a wrong lesson gets its reason at the first miss, without the answer;
only places the source gives text for are graded."""
import pytest

from conftest import page_problems, wait_for_page

pytestmark = pytest.mark.browser
NOTEBOOK = "practice-in-places.ipynb"


def test_a_first_miss_gives_a_reason_and_not_the_answer(voila_server, page):
    page.goto(voila_server.module_url(NOTEBOOK))
    wait_for_page(page)
    matching = page.locator(".sl-places-matching")
    row = matching.locator(".sl-match-row", has_text="Waverley DC / Birtley House")
    row.locator("select").select_option(label="You need political/senior level support")
    matching.locator("button.sl-match-check").click()
    note = row.locator(".sl-match-feedback .sl-msg-bad")
    note.wait_for()
    said = note.inner_text()
    assert "You chose “You need political/senior level support”" in said
    assert "looking to develop new roles" in said and "Choose again." in said
    assert "Have humility and think beyond your role" not in said   # the answer isn't given away
    headings = matching.locator(".sl-match-place").all_inner_texts()
    assert len(headings) == 6 and not any("Waltham" in h or "Merton" in h for h in headings)
    assert page_problems(page) == []
    assert page.outside_requests == []
