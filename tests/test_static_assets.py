"""What a page loads besides itself goes gzipped to a browser that accepts it, and Voila's labextension files (whose
names carry a hash of their content) are cached for good instead of asked for again on every page."""
import gzip
import json
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import VoilaServer

CONFIG_DATA = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = VoilaServer("solo", tmp_path_factory.mktemp("static") / "store.sqlite")
    yield server
    server.stop()


def get(url, gzipped=True):
    """(headers, body as text) of a GET, asking for gzip or not."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzipped else {})
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.headers, body.decode()


def test_the_page_is_gzipped_only_for_a_browser_that_accepts_it(server):
    headers, page = get(server.module_url("welcome.ipynb"))
    assert headers["Content-Encoding"] == "gzip"
    assert page.rstrip().endswith("</html>")
    assert "no-store" in headers["Cache-Control"]       # a page is never kept: it carries its own kernel
    plain_headers, plain_page = get(server.module_url("welcome.ipynb"), gzipped=False)
    assert plain_headers["Content-Encoding"] is None and plain_page.rstrip().endswith("</html>")


def test_labextension_files_are_gzipped_and_cached_for_good(server):
    _, page = get(server.module_url("welcome.ipynb"))
    extensions = json.loads(CONFIG_DATA.search(page).group(1))["federated_extensions"]
    assert extensions
    for extension in extensions:
        assert re.search(r"\.[0-9a-f]{16,}\.js$", extension["load"]), extension   # the name carries a hash
        headers, script = get(f"{server.url}/voila/labextensions/{extension['name']}/{extension['load']}")
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers["Content-Encoding"] == "gzip"
        assert script.strip()


def test_voilas_scripts_and_the_course_stylesheet_are_gzipped(server):
    _, page = get(server.module_url("welcome.ipynb"))
    stylesheet = re.search(r'href="(/voila/templates/course/static/course\.css\?v=[0-9a-f]+)"', page).group(1)
    headers, css = get(server.url + stylesheet)
    assert headers["Content-Encoding"] == "gzip" and ".sl-" in css
    assert "max-age" in headers["Cache-Control"]
    headers, script = get(f"{server.url}/voila/static/voila.js")
    assert headers["Content-Encoding"] == "gzip" and len(script) > 10_000


def test_a_script_goes_gzipped_as_the_very_file_and_a_browser_holding_it_gets_a_304(server):
    request = urllib.request.Request(f"{server.url}/voila/static/voila.js", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=120) as response:
        body, headers = response.read(), response.headers
    assert headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in headers["Vary"]
    assert int(headers["Content-Length"]) == len(body)
    voila_js = next(Path(sys.prefix, "share", "jupyter", "voila", "templates").glob("*/static/voila.js"))
    assert gzip.decompress(body) == voila_js.read_bytes()
    again = urllib.request.Request(request.full_url, headers={"Accept-Encoding": "gzip",
                                                              "If-None-Match": headers["Etag"]})
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(again, timeout=120)
    assert not_modified.value.code == 304


def test_a_file_is_compressed_once_for_each_time_it_is_modified(tmp_path):
    from widgets.server import gzipped_copy

    script, copies = tmp_path / "a.js", {}
    script.write_text("let a = 1;\n" * 100)
    first = gzipped_copy(copies, str(script), 1.0)
    assert gzip.decompress(first) == script.read_bytes()
    script.write_text("let b = 2;\n" * 100)
    assert gzipped_copy(copies, str(script), 1.0) is first                 # the same version: not read again
    assert gzip.decompress(gzipped_copy(copies, str(script), 2.0)) == script.read_bytes()
