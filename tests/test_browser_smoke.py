"""Every module opens in Voila in a real browser, reads cleanly and leads on to the next."""
import pytest

from conftest import follow, page_problems, wait_for_page
from widgets.pages.course import COURSE_TITLE, load_modules

pytestmark = pytest.mark.browser
MODULES = load_modules()


def test_root_address_lands_on_the_home_page(voila_server, page):
    page.goto(voila_server.url + "/")
    wait_for_page(page)
    page.wait_for_selector("ol.sl-modules")
    assert page.inner_text("h1") == COURSE_TITLE
    titles = page.locator("ol.sl-modules a.sl-module-title").all_inner_texts()
    assert titles == [f"{m.number}. {m.title}" for m in MODULES]
    assert page_problems(page) == []
    assert page.outside_requests == []


@pytest.mark.parametrize("module", MODULES, ids=[m.id for m in MODULES])
def test_module_renders_and_links_to_the_next(voila_server, page, module):
    page.goto(voila_server.module_url(module.notebook))
    wait_for_page(page)
    heading = page.wait_for_selector("h1.sl-module-title")
    assert heading.inner_text() == module.title
    page.wait_for_function("title => document.title === title", arg=f"{module.title} · Systems Leadership")
    assert page_problems(page) == []
    assert page.outside_requests == []
    following = MODULES[module.number] if module.number < len(MODULES) else None
    if following is None:
        assert page.locator("a.sl-nav-next").count() == 0
        return
    follow(page, page.locator("a.sl-nav-next").last)
    page.wait_for_selector("h1.sl-module-title")
    assert page.url.split("?")[0].endswith("/" + following.notebook)
    assert page.inner_text("h1.sl-module-title") == following.title


PAGES = [("home", "index.ipynb")] + [(m.id, m.notebook) for m in MODULES]
OFF_SCREEN = """() => {
  const scrollsInItsBox = e => { for (let box = e.parentElement; box; box = box.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX) && box.id !== 'rendered_cells')
        return box.getBoundingClientRect().right <= window.innerWidth + 1;
    } return false; };
  return [...document.querySelectorAll(
    '#rendered_cells :is(button, input, select, textarea, table, svg, img, h1, h2, h3, p, blockquote)')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > window.innerWidth + 1; })
  .filter(e => !scrollsInItsBox(e))
  .map(e => (e.textContent || e.tagName).trim().slice(0, 40));
}"""
# Sliders narrower than 200 px and the smallest words in any picture, as drawn on the screen (px).
SIZES = """() => {
  const narrow = [...document.querySelectorAll('#rendered_cells .widget-hslider .slider-container')]
    .map(e => e.getBoundingClientRect().width).filter(width => width < 200);
  const words = [];
  for (const svg of document.querySelectorAll('#rendered_cells svg[viewBox]')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text'))
      words.push(parseFloat(getComputedStyle(text).fontSize) * scale);
  }
  return {narrow, smallest: words.length ? Math.min(...words) : null};
}"""


@pytest.mark.parametrize("notebook", [n for _, n in PAGES], ids=[i for i, _ in PAGES])
def test_on_a_phone_nothing_is_cut_off(voila_server, page, notebook):
    """At a phone's width every control, table and picture stays within the screen (a table or a picture may
    scroll inside its own box), so every choice can be reached; every slider is at least 200 px wide and the
    words in every picture are at least 12 px on the screen."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(voila_server.module_url(notebook))
    wait_for_page(page)
    page.wait_for_selector(".sl-module-end, ol.sl-modules")  # the page's last widget is drawn
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(OFF_SCREEN) == []
    sizes = page.evaluate(SIZES)
    assert sizes["narrow"] == []
    assert sizes["smallest"] is None or sizes["smallest"] >= 11.9
