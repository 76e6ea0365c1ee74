"""The action plan in a real browser: what a learner types all reaches the plan, however busy the kernel."""
import pytest

from conftest import page_problems, type_and_click_on_a_busy_kernel, wait_for_page

pytestmark = pytest.mark.browser
NOTEBOOK = "looking-ahead.ipynb"


def test_a_quick_click_on_a_busy_kernel_still_saves_the_whole_action(own_server, page):
    action, who = "Invite the housing team to our discharge huddle", "me and the ward manager"
    type_and_click_on_a_busy_kernel(own_server, page, NOTEBOOK,
                                    [(".sl-plan-text textarea", action), (".sl-plan-who input", who)],
                                    ".sl-action-plan button.sl-plan-save")
    plan = page.locator(".sl-plan")
    plan.filter(has_text=action).wait_for()
    assert who in plan.inner_text()
    assert page.input_value(".sl-plan-text textarea") == ""  # the form is ready for the next action
    assert page_problems(page) == []


def test_earlier_work_is_offered_and_fills_only_the_form(own_server, page, tmp_path):
    """Issues, low 'ways of' and the system map saved earlier are offered; a click fills the form, not the plan."""
    import random

    from widgets.registry import find_exercise
    from widgets.storage.store import Store

    def saved(key, make):
        state = find_exercise(key).build_state(random.Random(0))
        make(state)
        return state.to_dict()

    def ratings(state):
        for way in state.ways:
            for quality in way.qualities:
                state.rate(quality, 2 if way.name in ("Ways of relating", "Ways of doing") else 4)

    earlier = {
        "reflection:reflection": saved("reflection:reflection",
                                       lambda s: s.add_issue("Delayed discharges on Fridays", 2)),
        "self-assessment": saved("self-assessment", ratings),
        "system-builder": saved("system-builder", lambda s: (s.add_actor("Ward discharge team", "team"),
                                                             s.add_actor("Age UK Waverley", "community group"))),
    }
    with Store(tmp_path / "store.sqlite").open() as store:   # the server's own store
        store.register_learner("solo")
        for key, data in earlier.items():
            store.save("solo", key, data)

    page.goto(own_server.module_url(NOTEBOOK))
    wait_for_page(page)
    offers = page.locator(".sl-plan-offers")
    offers.get_by_text("Delayed discharges on Fridays").wait_for()
    assert "Ways of relating" in offers.inner_text() and "Ways of doing" in offers.inner_text()
    offers.locator(".sl-offer-issue button.sl-offer-use").first.click()
    page.wait_for_function(
        "() => document.querySelector('.sl-plan-text textarea').value.startsWith('On ‘Delayed')")
    offers.get_by_role("button", name="Add ‘Age UK Waverley’ to Who").click()
    page.wait_for_function("() => document.querySelector('.sl-plan-who input').value === 'Age UK Waverley'")
    assert "nothing changes in your plan until you do" in page.inner_text(".sl-plan-form")
    assert "Your plan has no actions yet." in page.inner_text(".sl-plan")

    page.click(".sl-plan-text textarea")
    page.keyboard.press("End")
    page.keyboard.type("convene a weekend review")
    page.click(".sl-action-plan button.sl-plan-save")
    page.locator(".sl-plan").filter(has_text="convene a weekend review").wait_for()
    offers.get_by_text("(in your plan)").first.wait_for()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        offers.screenshot(path=str(tmp_path / f"action-plan-offers-{width}.png"))
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert page_problems(page) == [] and page.outside_requests == []
