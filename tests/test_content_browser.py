"""A tutor's broken content file, as a learner's browser shows it: a message, never a traceback."""
import shutil

import pytest

from conftest import VoilaServer, page_problems, wait_for_page
from widgets.content import DATA_DIR

pytestmark = pytest.mark.browser


def test_a_broken_file_shows_a_message_naming_file_row_and_column(tmp_path, page):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "quotes.csv").write_text(
        "id,text,speaker,source,date\n"
        "kings-fund-2015,A must have.,,,May 2015\n"
        "stevens-2014,Shared system leadership.,Simon Stevens,Summit,Nov 2014\n", encoding="utf-8")
    server = VoilaServer("solo", tmp_path / "store.sqlite", SL_DATA_DIR=str(data))
    try:
        page.goto(server.module_url("context.ipynb"))
        wait_for_page(page)
        page.wait_for_selector("h1.sl-module-title")
        message = page.wait_for_selector(".sl-msg-warn")
        assert "data/quotes.csv, row 2, column 'source'" in message.inner_text()
        assert "tell your tutor" in message.inner_text()
        assert page_problems(page) == []
        assert page.locator("a.sl-nav-next").count() >= 1  # the rest of the page still works
    finally:
        server.stop()
