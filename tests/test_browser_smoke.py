"""Every page opens in Voila in a real browser and is walked as a learner would: it reads cleanly, passes
axe-core's audit before and after a learner's work, fits a phone's screen, and leads on to the next module.

One walk per page, in one browser tab and one server of its own: every page load costs about 3 s of CPU
(Chromium draws Voila's 4.8 MB of scripts, the server and the kernel run the page), and these checks once
took four loads of each page.
"""
import pytest

from conftest import follow, page_problems, wait_for_page
from test_accessibility_browser import DO_WORK, LIVE_REGIONS, audit, by_impact, unacceptable
from widgets.pages.course import COURSE_TITLE, load_modules

pytestmark = pytest.mark.browser
MODULES = load_modules()


def test_the_next_link_opens_the_next_module(voila_server, page):
    """Followed once here; the walk checks every other page's link by its address."""
    first, second = MODULES[0], MODULES[1]
    page.goto(voila_server.module_url(first.notebook))
    wait_for_page(page)
    follow(page, page.locator("a.sl-nav-next").last)
    page.wait_for_selector("h1.sl-module-title")
    assert page.url.split("?")[0].endswith("/" + second.notebook)
    assert page.inner_text("h1.sl-module-title") == second.title
    assert page_problems(page) == []


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


def reads_as_its_page(page, notebook):
    """The home page lists every module; a module shows its title and leads on to the next module's address."""
    if notebook == "index.ipynb":
        page.wait_for_selector("ol.sl-modules")
        assert page.inner_text("h1") == COURSE_TITLE
        titles = page.locator("ol.sl-modules a.sl-module-title").all_inner_texts()
        assert titles == [f"{m.number}. {m.title}" for m in MODULES]
        return
    module = next(m for m in MODULES if m.notebook == notebook)
    assert page.inner_text("h1.sl-module-title") == module.title
    page.wait_for_function("title => document.title === title", arg=f"{module.title} · Systems Leadership")
    following = MODULES[module.number] if module.number < len(MODULES) else None
    if following is None:
        assert page.locator("a.sl-nav-next").count() == 0
    else:
        href = page.locator("a.sl-nav-next").last.evaluate("a => a.href")
        assert href.split("?")[0].endswith("/" + following.notebook)


def fits_a_phone(page):
    """At a phone's width every control, table and picture stays within the screen (a table or a picture may
    scroll inside its own box), so every choice can be reached; every slider is at least 200 px wide and the
    words in every picture are at least 12 px on the screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(OFF_SCREEN) == []
    sizes = page.evaluate(SIZES)
    assert sizes["narrow"] == []
    assert sizes["smallest"] is None or sizes["smallest"] >= 11.9


@pytest.mark.parametrize("notebook", [n for _, n in PAGES], ids=[i for i, _ in PAGES])
def test_every_page_reads_cleanly_passes_axe_and_fits_a_phone_before_and_after_work(voila_server, page, notebook):
    # The home page by the course's root address, as a learner first meets it.
    page.goto(voila_server.url + "/" if notebook == "index.ipynb" else voila_server.module_url(notebook))
    wait_for_page(page)
    page.wait_for_selector(".sl-module-end, ol.sl-modules")  # the page's last widget is drawn
    reads_as_its_page(page, notebook)
    assert page_problems(page) == []
    clean = audit(page)
    print(f"\n{notebook} clean: {by_impact(clean)}")
    assert unacceptable(clean) == []

    pressed = page.evaluate(DO_WORK)
    exercises = page.locator(".sl-exercise").count()
    if exercises:
        page.wait_for_selector(".sl-save-status .sl-save-saved, .sl-save-status .sl-save-info")
    worked = audit(page)
    print(f"{notebook} after work ({len(pressed)} buttons pressed): {by_impact(worked)}")
    assert unacceptable(worked) == []
    assert page_problems(page) == []
    # Every announced widget's text is a live region, and none inside another is read out twice.
    regions = page.evaluate(LIVE_REGIONS)
    assert regions["nestedStillSpeaking"] == 0 and regions["announcedButSilent"] == 0
    assert regions["regions"] > 0 or not exercises

    page.set_viewport_size({"width": 390, "height": 844})
    on_a_phone = audit(page)
    print(f"{notebook} after work, on a phone: {by_impact(on_a_phone)}")
    assert unacceptable(on_a_phone) == []
    fits_a_phone(page)
    assert page.outside_requests == []
