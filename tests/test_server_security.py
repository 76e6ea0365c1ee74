"""Nobody gets in through the server (issue 7): a page's address can't choose its theme or template (a theme was
written into the page unescaped, so a crafted link ran script), only this server's own host names are answered
(no DNS rebinding), and the server log shows no kernel id and no learner's token."""
import http.client
import re
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import VoilaServer, wait_for_page, wait_until
from test_kernels_browser import page_kernel_id
from widgets.content.modules import COURSE_TITLE
from widgets.server import allowed_hosts, host_is_allowed

THEME_PAYLOAD = "theme=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.mark.browser
def test_a_theme_in_the_address_runs_no_script(own_server, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(own_server.module_url("index.ipynb", THEME_PAYLOAD))
    wait_for_page(page)
    page.wait_for_selector("ol.sl-modules")
    assert page.locator("img[src='x']").count() == 0
    assert page.get_attribute("body", "data-jp-theme-name") == "JupyterLab Light"
    assert dialogs == []


@pytest.mark.browser
@pytest.mark.parametrize("template", ["classic", "reveal", "python"])
def test_a_template_in_the_address_gets_the_course_page_and_leaves_no_kernel(own_server, page, template):
    page.goto(own_server.module_url("index.ipynb", f"template={template}"))
    wait_for_page(page)
    page.wait_for_selector("ol.sl-modules")
    assert page.inner_text("h1") == COURSE_TITLE
    assert page.outside_requests == []
    page.close()
    wait_until(lambda: own_server.kernel_files() == {}, 20, "the page's kernel shut when its tab closed")


def status_for_host(server, path, host):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_only_this_servers_own_host_names_are_answered(own_server):
    port = own_server.port
    for path in ("/", "/voila/render/index.ipynb", "/voila/static/voila.js", "/api/kernels"):
        assert status_for_host(own_server, path, "evil.example") == 403, path
        assert status_for_host(own_server, path, f"evil.example:{port}") == 403, path
    assert status_for_host(own_server, "/", f"192.168.1.20:{port}") == 403
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "localhost"):
        assert status_for_host(own_server, "/", host) == 200, host
    assert own_server.kernel_files() == {}


def test_a_room_on_a_network_answers_its_addresses_and_names_only():
    names, any_address = allowed_hosts("0.0.0.0", {"SL_ALLOWED_HOSTS": "Course.Example.org, room.lan"})
    for host in ("192.168.1.20:8866", "10.0.0.5", "[fe80::1]:8866", "localhost:8866", "course.example.org",
                 "room.lan:8866", "COURSE.example.org."):
        assert host_is_allowed(host, names, any_address), host
    for host in ("evil.example", "evil.example:8866", "192.168.1.20.evil.example", "localhost.evil.example"):
        assert not host_is_allowed(host, names, any_address), host


def test_on_ones_own_machine_only_loopback_and_the_given_address_are_answered():
    names, any_address = allowed_hosts("127.0.0.1", {})
    assert not any_address
    for host in ("127.0.0.1:8866", "localhost:8866", "[::1]:8866", "127.0.0.2"):
        assert host_is_allowed(host, names, any_address), host
    for host in ("192.168.1.20:8866", "evil.example", "[fe80::1]"):
        assert not host_is_allowed(host, names, any_address), host
    names, any_address = allowed_hosts("192.168.1.20", {})
    assert host_is_allowed("192.168.1.20:8866", names, any_address)
    assert not host_is_allowed("192.168.1.21:8866", names, any_address)


def start_in_room(server, tab):
    """Press "Start the course" on the room's home page; return the personal link's token."""
    tab.goto(server.url + "/")
    wait_for_page(tab)
    tab.locator("button.sl-start").click()
    href = tab.wait_for_selector("a.sl-personal-open", state="attached").evaluate("a => a.href")
    return parse_qs(urlparse(href).query)["learner"][0]


@pytest.mark.browser
def test_the_server_log_shows_no_kernel_id_and_no_learner_token(tmp_path, page):
    server = VoilaServer("room", tmp_path / "store.sqlite")
    try:
        token = start_in_room(server, page)
        kernels = [page_kernel_id(page)]
        page.goto(server.module_url("reflection.ipynb", f"learner={token}"))
        wait_for_page(page)
        kernels.append(page_kernel_id(page))
        # An outsider's requests, which the server refuses and logs, carrying a kernel id and a token.
        request = urllib.request.Request(f"{server.url}/voila/api/shutdown/{kernels[1]}", data=b"", method="POST")
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=10)
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(server.module_url("missing.ipynb", f"learner={token}"), timeout=10)
    finally:
        server.stop()
    log = (tmp_path / "voila-room.log").read_text()
    assert "Kernel started" in log                      # the log still says what happened
    assert "/voila/api/shutdown/" in log and "missing.ipynb" in log
    for kernel in kernels:
        assert kernel not in log
    assert token not in log
    assert UUID.findall(log) == []


@pytest.mark.parametrize("idle_seconds", [1, 3, 6, 120, 1800])
def test_a_kernel_with_no_page_is_gone_within_the_idle_seconds(idle_seconds):
    from widgets.server import cull_timing

    interval, timeout = cull_timing(idle_seconds)
    assert interval >= 1 and timeout >= 1
    assert timeout + interval <= max(idle_seconds, 2)   # culled at the first look after the timeout
