"""A room's pool of warmed-up kernels (SL_ROOM_SIZE, `serve.sh --room --room-size N`): pages come from it and
each learner still gets their own page (who they are is read from their request, after the kernel was warmed),
kernels started together don't collide, and the pool keeps to the server's rules (never culled, within the cap)."""
import json
import re
import subprocess
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import REPO, VoilaServer, free_port, registered_tokens, wait_for_page, wait_until
from helpers import run_apart
from widgets.content.modules import load_modules
from widgets.server import CourseKernelManager
from widgets.storage.learner import learner_for_token
from widgets.storage.store import open_store

POOL = 2
MODULE = load_modules()[3]
CONFIG_KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')


def fetch(url):
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode()


@pytest.fixture
def pooled_room(tmp_path):
    """A room server with a pool of POOL warmed-up kernels, once it is full; its store and two learners' links."""
    store_path = tmp_path / "store.sqlite"
    tokens = registered_tokens(store_path, 2)
    server = VoilaServer("room", store_path, SL_ROOM_SIZE=str(POOL), SL_KERNEL_IDLE_SECONDS="3600")
    log = tmp_path / "voila-room.log"
    try:
        wait_until(lambda: f"pool holds {POOL} warmed-up kernels" in log.read_text(), 120, "the pool filled")
        yield server, store_path, tokens
    finally:
        server.stop()


def test_two_learners_get_their_own_pages_from_the_pool(pooled_room):
    server, store_path, tokens = pooled_room
    pool = set(server.kernel_files())
    assert len(pool) == POOL
    pages = {token: fetch(server.module_url(MODULE.notebook, f"learner={token}")) for token in tokens}
    kernels = {token: CONFIG_KERNEL_ID.search(page).group(1) for token, page in pages.items()}
    assert set(kernels.values()) == pool      # each page ran on a kernel of the pool, a different one
    for token, page in pages.items():
        other = next(t for t in tokens if t != token)
        assert f"learner={token}" in page and other not in page
        assert "isn't recognised" not in page and "without your personal link" not in page
    with open_store({"SL_STORE": str(store_path)}) as store:
        for token in tokens:     # the visit was recorded for the learner whose link asked for the page
            assert MODULE.id in store.progress(learner_for_token(token).id)


@pytest.mark.browser
def test_a_page_from_the_pool_works_and_leaving_it_shuts_its_kernel(pooled_room, page):
    server, store_path, tokens = pooled_room
    pool = set(server.kernel_files())
    page.goto(server.module_url(MODULE.notebook, f"learner={tokens[0]}"))
    wait_for_page(page)
    kernel_id = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    assert kernel_id in pool
    page.locator(".sl-module-done input[type=checkbox]").check()
    page.locator(".sl-module-end .sl-save-saved").wait_for()
    with open_store({"SL_STORE": str(store_path)}) as store:
        assert store.progress(learner_for_token(tokens[0]).id)[MODULE.id].done
    page.goto(server.module_url("index.ipynb", f"learner={tokens[0]}"))
    wait_for_page(page)
    wait_until(lambda: kernel_id not in server.kernel_files(), 20, "the left page's kernel shut")


def test_kernels_started_together_each_get_sockets_of_their_own(tmp_path):
    """Kernels talk to the server over Unix sockets: two picking one TCP port left a page hanging."""
    server = VoilaServer("solo", tmp_path / "store.sqlite", SL_KERNEL_IDLE_SECONDS="3600")
    try:
        with ThreadPoolExecutor(6) as learners:
            pages = list(learners.map(lambda _: fetch(server.module_url(MODULE.notebook)), range(6)))
        assert all(page.rstrip().endswith("</html>") for page in pages)
        assert len({CONFIG_KERNEL_ID.search(page).group(1) for page in pages}) == 6
        files = server.kernel_files()
        assert len(files) == 6
        for path in files.values():
            assert json.loads(open(path).read())["transport"] == "ipc"
    finally:
        server.stop()


def cull(manager, kernel_id):
    return run_apart(manager.cull_kernel_if_idle(kernel_id))


def test_a_pooled_kernel_is_never_culled():
    manager = CourseKernelManager()
    manager.warm_kernels = ["7f1d9a52-1111-4222-8333-944455556666"]
    assert cull(manager, "7f1d9a52-1111-4222-8333-944455556666") is None
    with pytest.raises(KeyError):       # any other kernel goes to the culler (which knows no such kernel here)
        cull(manager, "00000000-1111-4222-8333-944455556666")


def test_a_pool_as_big_as_the_cap_is_refused_with_a_reason(tmp_path):
    from widgets.serve import voila_command, voila_environment

    env = voila_environment()
    env.update(SL_MODE="room", SL_STORE=str(tmp_path / "store.sqlite"), SL_ROOM_SIZE="10", SL_MAX_KERNELS="10")
    result = subprocess.run(voila_command(free_port()), env=env, cwd=REPO, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert "SL_ROOM_SIZE (10) must be below SL_MAX_KERNELS (10)" in result.stderr + result.stdout


def test_a_pages_templates_are_compiled_once_and_again_only_when_changed(tmp_path):
    # Voila makes a Jinja environment for every page; the server's CompiledTemplates keeps their compiled code.
    from jinja2 import Environment, FileSystemLoader

    from widgets.server import CompiledTemplates

    compiled = []

    class CountingEnvironment(Environment):
        def compile(self, source, name=None, filename=None, *rest, **options):
            compiled.append(name)
            return super().compile(source, name, filename, *rest, **options)

    template, cache = tmp_path / "page.html", CompiledTemplates()
    template.write_text("Hello {{ name }}")
    for name in ("Ann", "Bo"):
        environment = CountingEnvironment(loader=FileSystemLoader(tmp_path), bytecode_cache=cache)
        assert environment.get_template("page.html").render(name=name) == f"Hello {name}"
    assert compiled == ["page.html"]
    template.write_text("Goodbye {{ name }}")
    environment = CountingEnvironment(loader=FileSystemLoader(tmp_path), bytecode_cache=cache)
    assert environment.get_template("page.html").render(name="Cy") == "Goodbye Cy"
    assert compiled == ["page.html", "page.html"]
