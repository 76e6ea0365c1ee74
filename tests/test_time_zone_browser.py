"""Times are the learner's own (issue 13): the browser tells the page its time zone, and the journal and the
save lines show times in it, not in the server's zone."""
import base64
import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from conftest import wait_for_page

pytestmark = pytest.mark.browser
ZONE = "Asia/Kolkata"   # UTC+05:30 all year: never the server's clock


def test_journal_and_save_lines_use_the_browsers_time_zone(voila_server, browser):
    context = browser.new_context(timezone_id=ZONE, viewport={"width": 1200, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(voila_server.module_url("looking-ahead.ipynb"))
        wait_for_page(page)
        page.wait_for_selector(".sl-module-end")
        box = page.locator(".sl-exercise textarea").first
        box.fill("A plan for next week")
        box.blur()
        saved = page.locator(".sl-save-status .sl-save-saved[data-sl-local]").first
        saved.wait_for()
        local_now = dt.datetime.now(ZoneInfo(ZONE))
        clock = re.search(r"\d\d:\d\d", saved.inner_text()).group(0)
        hours, minutes = map(int, clock.split(":"))
        behind = (local_now.hour * 60 + local_now.minute - hours * 60 - minutes) % (24 * 60)   # across midnight too
        assert behind <= 3, f"saved at {clock}, the learner's time {local_now:%H:%M}"

        page.locator("button.sl-journal-make").click()
        link = page.locator("a.sl-journal-download-html")
        link.wait_for()
        journal = base64.b64decode(link.get_attribute("href").split("base64,", 1)[1]).decode("utf-8")
        assert re.search(r"Made on</dt><dd>\d+ \w+ \d{4} at \d\d:\d\d IST</dd>", journal)
        assert " UTC" not in journal
    finally:
        context.close()
