"""'Define your system' in a real browser: a learner types two actors and a link, and sees the map and a reflection."""
import time

import pytest

from conftest import page_problems, type_and_click_on_a_busy_kernel, wait_for_page

pytestmark = pytest.mark.browser
NOTEBOOK = "thinking-about-systems.ipynb"


def test_learner_maps_two_actors_and_a_link(voila_server, page):
    page.goto(voila_server.module_url(NOTEBOOK))
    wait_for_page(page)
    page.wait_for_selector(".sl-system-builder button.sl-sys-add-actor")

    team, carer = "Ward 7 team", "<b>Carer</b> Sam"
    for name, kind in ((team, "team"), (carer, "individual")):
        page.click(".sl-sys-actor-name input")
        page.keyboard.type(name)
        page.locator(".sl-sys-actor-type select").select_option(kind)
        page.click("button.sl-sys-add-actor")
        page.locator(".sl-sys-actor-message", has_text=f"‘{name}’ is in your system").wait_for()

    page.locator(".sl-sys-link-from select").select_option(team)
    page.locator(".sl-sys-link-to select").select_option(carer)
    page.click(".sl-sys-link-label input")
    page.keyboard.type("agrees the discharge date")
    started = time.perf_counter()
    page.click("button.sl-sys-add-link")
    page.locator(".sl-sys-drawing g.sl-sys-link title", has_text=f"{team} → {carer}").wait_for(state="attached")
    page.locator(".sl-sys-reflections .sl-msg").first.wait_for()
    elapsed = time.perf_counter() - started
    print(f"\nclick 'Add interaction' to drawing and reflection shown: {elapsed:.3f} s")

    node_titles = page.locator(".sl-sys-drawing g.sl-sys-node > title").all_text_contents()
    assert f"{team} (team)" in node_titles and f"{carer} (individual)" in node_titles
    assert page.locator(".sl-sys-drawing svg title").first.text_content().startswith("Map of your system")
    assert page.locator(".sl-sys-drawing b").count() == 0          # learner text is shown, never run as HTML
    reflections = page.inner_text(".sl-sys-reflections")
    assert "What your map says about your system" in reflections
    assert f"‘{team}’ isn't connected" not in reflections and f"‘{carer}’ isn't connected" not in reflections
    assert page_problems(page) == []
    assert page.outside_requests == []


def test_a_quick_click_on_a_busy_kernel_still_gets_the_whole_name(own_server, page):
    """Typed text goes to the kernel in throttled bursts but a click goes at once: on a busy kernel the click
    must not overtake the end of the name."""
    name = "Community mental health team"
    type_and_click_on_a_busy_kernel(own_server, page, NOTEBOOK, [(".sl-sys-actor-name input", name)],
                                    ".sl-system-builder button.sl-sys-add-actor")
    message = page.locator(".sl-sys-actor-message .sl-msg")
    message.wait_for()
    assert f"‘{name}’ is in your system" in message.inner_text()
