"""The balcony scenario in a real browser: the model answer waits for the learner's own note, then shows."""
import pytest

from conftest import page_problems, wait_for_page

pytestmark = pytest.mark.browser
NOTEBOOK = "ways-of.ipynb"


def test_the_model_answer_shows_only_after_the_learners_own_note(own_server, page, tmp_path):
    page.goto(own_server.module_url(NOTEBOOK))
    wait_for_page(page)
    scenario = page.locator(".sl-balcony-scenario")
    panel = scenario.locator(".sl-scenario-dance-floor")
    compare = panel.locator("button.sl-scenario-compare")
    compare.wait_for()
    assert compare.is_disabled() and "Write your own note first" in panel.inner_text()
    assert scenario.locator(".sl-scenario-model-answer").count() == 0

    panel.locator("textarea").fill("Nobody owns the whole journey home, and Friday repeats.")
    page.wait_for_function("() => !document.querySelector('.sl-scenario-dance-floor .sl-scenario-compare')"
                           ".disabled")
    compare.click()
    answer = panel.locator(".sl-scenario-model-answer")
    answer.wait_for()
    assert "A model answer, to compare with yours" in answer.inner_text()
    assert "not piecemeal or divided into silos" in answer.inner_text()
    assert "Nobody owns the whole journey home" in panel.locator("textarea").input_value()   # side by side
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        scenario.screenshot(path=str(tmp_path / f"balcony-scenario-{width}.png"))
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert "deck" not in scenario.inner_text().lower()
    assert page_problems(page) == [] and page.outside_requests == []
