"""Shared test fixtures: a real Voila server, headless Chromium, a copy of data/ to break."""
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# A kernel's command line names its connection file, which names the kernel: .../kernel-<id>.json
KERNEL_FILE = re.compile(r"(\S*kernel-([0-9a-f-]{36})\.json)")
# A course page's kernel runs widgets.kernel (app/kernels/python3/kernel.json); stock Voila's, ipykernel_launcher.
KERNEL_COMMANDS = ("-m widgets.kernel ", "ipykernel_launcher")


def kernel_processes(server_pid):
    """{kernel id: (psutil.Process, connection file)} of a server's kernels, from each one's command line."""
    import psutil

    found = {}
    for child in psutil.Process(server_pid).children(recursive=True):
        try:
            command = " ".join(child.cmdline())
        except psutil.Error:        # a kernel exiting as we look (a zombie, or gone already)
            continue
        match = KERNEL_FILE.search(command)
        if match and any(kernel in command for kernel in KERNEL_COMMANDS):
            found[match.group(2)] = (child, match.group(1))
    return found


def wait_until(condition, seconds, what):
    """Poll `condition` until it holds; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.1)


def registered_tokens(store_path, count):
    """`count` personal links registered in the store, as the room's home page issues them."""
    from widgets.storage.learner import learner_for_token, new_token
    from widgets.storage.store import open_store

    tokens = [new_token() for _ in range(count)]
    with open_store({"SL_STORE": str(store_path)}) as store:
        for token in tokens:
            store.register_learner(learner_for_token(token).id)
    return tokens


def wait_for_port(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Voila exited early with code {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"Voila did not open port {port} within {seconds} s")


class VoilaServer:
    def __init__(self, mode, store_path, **extra_env):
        from widgets.serve import voila_command, voila_environment

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = voila_environment()
        env.update(SL_MODE=mode, SL_STORE=str(store_path), SL_STRICT="0", **extra_env)
        self.log = open(Path(store_path).parent / f"voila-{mode}.log", "w")
        self.process = subprocess.Popen(voila_command(self.port), env=env, cwd=REPO,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process)

    def module_url(self, notebook, query=""):
        return f"{self.url}/voila/render/{notebook}" + (f"?{query}" if query else "")

    def kernel_pids(self):
        return [process.pid for process, _ in kernel_processes(self.process.pid).values()]

    def kernel_files(self):
        """{kernel id: connection file} of the server's kernels."""
        return {kernel_id: file for kernel_id, (_, file) in kernel_processes(self.process.pid).items()}

    @contextlib.contextmanager
    def kernels_paused(self):
        """Every kernel stopped (SIGSTOP) inside the block: a kernel too busy to answer, on demand."""
        pids = self.kernel_pids()
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            for pid in pids:
                os.kill(pid, signal.SIGCONT)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture
def data_copy(tmp_path):
    """A copy of data/'s CSV files in a temporary folder, for tests that break a file on purpose."""
    from widgets.content import DATA_DIR

    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


@pytest.fixture
def voila_server(tmp_path):
    """A solo server of this test's own, with its own store: its learner, work and kernels are the test's alone,
    so no test depends on what another left behind."""
    server = VoilaServer("solo", tmp_path / "store.sqlite")
    yield server
    server.stop()


own_server = voila_server


@pytest.fixture
def room_server(tmp_path):
    """A room server of this test's own, with its own store."""
    server = VoilaServer("room", tmp_path / "store.sqlite")
    yield server
    server.stop()


@pytest.fixture
def damaged_store_server(tmp_path):
    """A solo server whose store file is garbage when it starts (the store must move it aside)."""
    store_path = tmp_path / "store.sqlite"
    store_path.write_bytes(b"not a database at all \x00\xff" * 200)
    server = VoilaServer("solo", store_path)
    yield server
    server.stop()


# Headless Chromium draws a browser window for each context, with the address bar's suggestion popups as pages of
# their own (chrome://omnibox-popup.top-chrome/): their renderers took about a fifth of Chromium's CPU in a test
# that opens two pages. No test uses the address bar.
UNUSED_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"]
DISABLED_FEATURES = re.compile(r'--disable-features="([^"]*)"')


def features_disabled_already(chromium_type):
    """The features Chromium runs with disabled as Playwright launches it (as chrome://version reports them): a
    second --disable-features replaces the first, so ours must repeat Playwright's."""
    probe = chromium_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        tab = probe.new_page()
        tab.goto("chrome://version/?show-variations-cmd")
        found = DISABLED_FEATURES.search(tab.inner_text("body"))
        return found.group(1).split(",") if found else []
    finally:
        probe.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: scripts/test.sh installs Debian's chromium package")
    with sync_playwright() as playwright:
        already = features_disabled_already(playwright.chromium)
        # Unread (chrome://version changed?), the popups stay rather than Playwright's settings going.
        unused = ["--disable-features=" + ",".join(dict.fromkeys(already + UNUSED_FEATURES))] if already else []
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + unused)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab that records every request leaving this machine."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.outside_requests = []

    def note(request):
        host = urlparse(request.url).hostname
        outside = host not in ("127.0.0.1", "localhost")
        if request.url.startswith(("http://", "https://", "ws://", "wss://")) and outside:
            tab.outside_requests.append(request.url)

    tab.on("request", note)
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


@pytest.fixture
def other_page(browser):
    """A second, separate browser (its own context: no shared cookies or storage), e.g. a second learner."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


def wait_for_page(tab):
    """Wait until Voila has run every cell and shown the page."""
    tab.wait_for_selector("#loading", state="detached")
    tab.wait_for_selector("#rendered_cells", state="visible")


def type_and_click_on_a_busy_kernel(server, tab, notebook, typing, button):
    """Open a module, then type into fields and click a button while its kernel is paused: typed text goes in
    throttled bursts and a click at once, so the click must still find all of the text when the kernel wakes."""
    tab.goto(server.module_url(notebook))
    wait_for_page(tab)
    tab.wait_for_selector(button)
    with server.kernels_paused():
        for field, text in typing:
            tab.click(field)
            tab.keyboard.type(text)
        tab.click(button)


def follow(tab, link):
    """Click a link and wait until the page it leads to has run every cell."""
    href = link.evaluate("a => a.href")
    link.click()
    tab.wait_for_url(href, wait_until="commit")
    wait_for_page(tab)


def page_problems(tab):
    """Text on the page that no learner should ever see."""
    text = tab.inner_text("body")
    return [word for word in ("Traceback", "Error", "There was an error when executing cell") if word in text]
