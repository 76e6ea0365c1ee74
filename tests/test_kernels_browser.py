"""Kernels nobody uses go (issue 7): leaving a page by any route shuts its kernel (once it has finished what the
page last asked of it), kernels no page is connected to are culled after SL_KERNEL_IDLE_SECONDS while open pages
keep theirs, and past SL_MAX_KERNELS a page says the course is busy (HTTP 503) and starts no kernel."""
import asyncio
import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import pytest

from conftest import VoilaServer, wait_for_page, wait_until
from helpers import run_apart
from widgets.content.modules import load_modules
from widgets.server import CourseKernelManager, cull_timing

NOTEBOOK = load_modules()[0].notebook
SECONDS_TO_SHUT = 20        # generous for a loaded CI machine; a shutdown takes well under a second here
IDLE_SECONDS = 6            # the cull time for the culling test; the server looks every second


def page_kernel_id(tab):
    return tab.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def fetch_page(server, notebook=NOTEBOOK):
    """A plain HTTP request for a page, as a script or a crawler makes it: the kernel runs, no page connects."""
    with urllib.request.urlopen(server.module_url(notebook), timeout=120) as response:
        return response.read().decode()


@pytest.fixture
def no_cull_server(tmp_path):
    """A server whose idle cull is an hour away, so only leaving a page can explain a kernel going."""
    server = VoilaServer("solo", tmp_path / "store.sqlite", SL_KERNEL_IDLE_SECONDS="3600")
    yield server
    server.stop()


def leave_by_reload(tab, server):
    tab.reload()


def leave_by_address_bar(tab, server):
    tab.goto(server.module_url("index.ipynb"))


def leave_by_course_link(tab, server):
    tab.locator("a.sl-nav-next").last.click()


def leave_by_closing_the_tab(tab, server):
    tab.close()     # Playwright's default runs no beforeunload handler: only the course's pagehide call is left


ROUTES = [leave_by_reload, leave_by_address_bar, leave_by_course_link, leave_by_closing_the_tab]


@pytest.mark.browser
@pytest.mark.parametrize("leave", ROUTES, ids=[route.__name__ for route in ROUTES])
def test_leaving_a_page_shuts_its_kernel(no_cull_server, page, leave):
    page.goto(no_cull_server.module_url(NOTEBOOK))
    wait_for_page(page)
    first = page_kernel_id(page)
    assert list(no_cull_server.kernel_files()) == [first]
    leave(page, no_cull_server)
    wait_until(lambda: first not in no_cull_server.kernel_files(), SECONDS_TO_SHUT, "the left page's kernel shut")
    if page.is_closed():
        return
    wait_for_page(page)
    wait_until(lambda: list(no_cull_server.kernel_files()) == [page_kernel_id(page)], SECONDS_TO_SHUT,
               "only the new page's kernel left")


@pytest.mark.browser
def test_going_back_to_a_left_page_gives_it_a_running_kernel(no_cull_server, page):
    """The kernel of a page left is shut, so a page brought back (the back button) must not be a dead copy."""
    page.goto(no_cull_server.module_url(NOTEBOOK))
    wait_for_page(page)
    left = page_kernel_id(page)
    page.locator("a.sl-nav-next").last.click()
    page.wait_for_url(lambda url: NOTEBOOK not in url, wait_until="commit")
    wait_for_page(page)
    page.go_back()
    wait_for_page(page)
    back = page_kernel_id(page)
    assert back != left
    wait_until(lambda: list(no_cull_server.kernel_files()) == [back], SECONDS_TO_SHUT,
               "only the page shown has a kernel")


async def wait_for_state(kernel, state):
    deadline = time.monotonic() + 30
    while kernel.execution_state != state:
        assert time.monotonic() < deadline, f"the kernel was never {state}"
        await asyncio.sleep(0.05)


async def leave_a_page_whose_kernel_is_saving(done_file):
    """A kernel busy with a slow save (two seconds) when its page's leaving call comes."""
    manager = CourseKernelManager()
    kernel_id = await manager.start_kernel(kernel_name="python3")
    client = manager.get_kernel(kernel_id).client()
    client.start_channels()
    try:
        kernel = manager.get_kernel(kernel_id)
        deadline = time.monotonic() + 30
        while kernel.execution_state == "starting":     # until the manager hears the kernel (as a page's cells do)
            assert time.monotonic() < deadline, "the manager never heard the kernel"
            client.execute("pass")
            await asyncio.sleep(0.2)
        await wait_for_state(kernel, "idle")
        client.execute(f"import pathlib, time; time.sleep(2); pathlib.Path({str(done_file)!r}).write_text('saved')")
        await wait_for_state(kernel, "busy")
        await manager.shutdown_left_page_kernel(kernel_id)
        assert kernel_id not in manager
    finally:
        client.stop_channels()
        await manager.shutdown_all()


def test_a_left_pages_kernel_finishes_its_save_before_it_is_shut(tmp_path):
    """Shutting a kernel down interrupts it: a save the page sent as the learner clicked away would be lost."""
    done_file = tmp_path / "done.txt"
    run_apart(leave_a_page_whose_kernel_is_saving(done_file))
    assert done_file.read_text() == "saved"


def kernel_model(server, kernel_id):
    with urllib.request.urlopen(f"{server.url}/api/kernels/{kernel_id}", timeout=10) as response:
        return json.load(response)


@pytest.mark.browser
def test_a_kernel_no_page_connects_to_is_culled_and_an_open_page_keeps_its_own(tmp_path, page):
    server = VoilaServer("solo", tmp_path / "store.sqlite", SL_KERNEL_IDLE_SECONDS=str(IDLE_SECONDS))
    try:
        page.goto(server.module_url(NOTEBOOK))
        wait_for_page(page)
        open_page_kernel = page_kernel_id(page)
        fetch_page(server)
        unconnected = (set(server.kernel_files()) - {open_page_kernel}).pop()
        wait_until(lambda: unconnected not in server.kernel_files(), IDLE_SECONDS + 30, "the unconnected kernel culled")
        # The open page's kernel was idle longer than the culled one, and is kept because its page is connected.
        model = kernel_model(server, open_page_kernel)
        idle = datetime.now(timezone.utc) - datetime.fromisoformat(model["last_activity"].replace("Z", "+00:00"))
        assert idle.total_seconds() > cull_timing(IDLE_SECONDS)[1]
        assert model["connections"] == 1
        assert list(server.kernel_files()) == [open_page_kernel]
    finally:
        server.stop()


def status_and_page(server):
    try:
        return 200, fetch_page(server)
    except urllib.error.HTTPError as refused:
        return refused.code, (refused.headers["Retry-After"], refused.read().decode())


def test_past_the_cap_a_page_says_the_course_is_busy_and_starts_no_kernel(tmp_path):
    server = VoilaServer("solo", tmp_path / "store.sqlite", SL_MAX_KERNELS="2", SL_KERNEL_IDLE_SECONDS="3600")
    try:
        with ThreadPoolExecutor(4) as requests:     # four learners at once, room for two
            answers = list(requests.map(lambda _: status_and_page(server), range(4)))
        assert sorted(status for status, _ in answers) == [200, 200, 503, 503]
        assert len(server.kernel_files()) == 2
        retry_after, busy_page = next(page for status, page in answers if status == 503)
        assert retry_after == "60"
        assert "The course is busy — try again in a minute" in busy_page
        assert "/voila/templates/course/static/course.css" in busy_page
        assert status_and_page(server)[0] == 503
        assert len(server.kernel_files()) == 2
    finally:
        server.stop()
