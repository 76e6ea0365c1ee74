"""A keyboard-only learner works through 'Ways of', the module with the most choices to make (issue 13):
skip link, every exercise done with Tab, arrow keys, Enter, Space and typing alone, to the end of the page."""
import pytest

from conftest import page_problems, wait_for_page

pytestmark = pytest.mark.browser
NOTEBOOK = "ways-of.ipynb"
MAX_TABS = 400   # a walk longer than this is lost in a loop, not a page to finish
CHOSEN = "() => document.activeElement.getAttribute('aria-pressed') === 'true'"  # the kernel took the choice

FOCUSED = """() => {
  const e = document.activeElement;
  const within = selector => !!e.closest(selector);
  const label = e.closest('.jupyter-widgets')?.querySelector(':scope > .widget-label')?.textContent || '';
  return {tag: e.tagName, type: e.type || '', text: (e.textContent || '').trim(), label,
          body: e === document.body, skip: within('.sl-skip-link'), pressed: e.getAttribute('aria-pressed'),
          balcony: within('.sl-balcony-choice'), rating: within('.sl-sa-rating'),
          scenario: within('.sl-scenario-switch'),
          done: within('.sl-module-done'), lastLink: within('nav[aria-label$="end of module"] a.sl-nav-next'),
          check: e.matches('button.sl-balcony-check'), ring: getComputedStyle(e).outlineWidth};
}"""


def walk(page):
    """Tab through the page once, doing every exercise on the way; returns (Tab presses, what was done)."""
    presses, done = 0, []
    ratings = 0
    while presses < MAX_TABS:
        page.keyboard.press("Tab")
        presses += 1
        at = page.evaluate(FOCUSED)
        if at["body"] or at["lastLink"]:
            break
        assert at["ring"] != "0px", f"no focus ring on {at}"
        if at["balcony"]:
            page.keyboard.press("Enter")      # 'From the balcony', the row's first choice
            page.wait_for_function(CHOSEN)
            done.append("balcony")
        elif at["scenario"]:
            done.append("scenario")           # the scenario shown first is fine: move on
        elif at["rating"]:
            ratings += 1
            # The first way's qualities rated 2 (one arrow from the first button), the rest 5 (End).
            page.keyboard.press("ArrowRight" if ratings <= 3 else "End")
            page.wait_for_function(CHOSEN)
            done.append("rating")
        elif at["check"]:
            page.keyboard.press("Enter")
            page.wait_for_selector(".sl-balcony-feedback .sl-msg")
            done.append("check")
        elif at["tag"] == "TEXTAREA":
            page.keyboard.type("Typed with the keyboard alone.")
            done.append("text")
        elif at["done"] and at["type"] == "checkbox":
            page.keyboard.press("Space")
            done.append("finished")
    return presses, done


def test_ways_of_by_keyboard_alone(voila_server, page):
    page.goto(voila_server.module_url(NOTEBOOK))
    wait_for_page(page)
    page.wait_for_selector(".sl-module-end")
    page.wait_for_selector(".sl-sa-rating [role=group] button[tabindex='0']")

    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["skip"], "the first Tab reaches the skip link"
    assert page.locator(".sl-skip-link").bounding_box()["y"] >= 0   # and it shows when it has the focus
    page.keyboard.press("Enter")
    past_the_header = "() => document.activeElement.matches('.jp-Cell') && !document.activeElement.querySelector('nav')"
    assert page.evaluate(past_the_header), "the skip link goes past the module's header and navigation"

    presses, done = walk(page)
    print(f"\nways-of by keyboard: {presses} Tab presses after the skip link; did {done}")
    items = page.locator(".sl-balcony-item").count()
    assert done.count("balcony") == items >= 16
    assert done.count("rating") == 18
    assert "check" in done and "finished" in done and done.count("text") >= 3
    page.wait_for_function(
        "() => document.querySelectorAll('.sl-self-assessment .widget-toggle-button[aria-pressed=true]').length === 18")
    pressed = page.locator(".sl-sa-rating button[aria-pressed=true]").all_inner_texts()
    assert pressed == ["2"] * 3 + ["5"] * 15
    assert page.locator(".sl-balcony-feedback .sl-msg").count() == items
    assert page.locator(".sl-module-done input[type=checkbox]").is_checked()
    page.locator(".sl-module-end .sl-save-saved").first.wait_for()
    # One Tab stop per row of choices: 'Ways of' took 157 presses (90 in the self-assessment) before issue 13.
    assert presses < 100
    assert page_problems(page) == []


def test_a_knowledge_check_is_one_tab_stop_per_question_with_arrow_keys(voila_server, page):
    page.goto(voila_server.module_url("what-it-involves.ipynb"))
    wait_for_page(page)
    group = page.locator(".sl-kc-single .widget-radio-box").first
    group.wait_for()
    page.wait_for_function("() => document.querySelector('.widget-radio-box[role=radiogroup][aria-labelledby]')")
    name = page.evaluate("""() => { const box = document.querySelector('.widget-radio-box');
        return document.getElementById(box.getAttribute('aria-labelledby')).textContent; }""")
    assert len(name) > 10
    radios = group.locator("input[type=radio]")
    assert radios.count() >= 3
    radios.first.focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.querySelectorAll('.widget-radio-box input:checked').length === 1")
    assert radios.nth(1).is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.type") != "radio", "the group is one Tab stop"
