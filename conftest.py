"""Settings for every test run, notebooks (nbval) included: this file sits above both tests/ and course/."""
import os
import tempfile
from pathlib import Path

import pytest


def pytest_configure(config):
    # Notebook kernels (nbval) inherit these: a would-be friendly message fails the notebook,
    # and tests never touch a learner's real store.
    os.environ["SL_STRICT"] = "1"
    if "SL_STORE" not in os.environ:
        os.environ["SL_STORE"] = str(Path(tempfile.mkdtemp(prefix="sl-test-store-")) / "store.sqlite")


def shares_a_worker(item):
    """True for a test that must run on the same worker as the rest of its file: a notebook's cells (nbval runs
    them in order in one kernel) and a test using a fixture its whole file shares (built once, e.g. the hub)."""
    if not isinstance(item, pytest.Function):
        return True
    definitions = item._fixtureinfo.name2fixturedefs.values()
    return any(d.scope in ("module", "package", "class") for defs in definitions for d in defs)


def starts_servers(item):
    """A browser test, or any test in a file that starts Voila servers of its own: seconds each, not milliseconds."""
    module = getattr(item, "module", None)
    return (item.get_closest_marker("browser") is not None or item.path.name.endswith("_browser.py")
            or (module is not None and hasattr(module, "VoilaServer")))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Under `--dist loadgroup` (scripts/test.sh), every test may go to whichever worker is free except those that
    must share one (`shares_a_worker`: one group per file), and the longest work is handed out first: a file whose
    tests share a browser fixture (the hub), then the tests that start servers one by one, then notebooks, then the
    quick tests, which keep both workers busy to the end instead of one worker finishing a long file alone."""
    if not getattr(config.option, "loadgroup", False):     # set in each worker by pytest-xdist
        return
    grouped = set()
    for item in items:
        if shares_a_worker(item):
            grouped.add(item)
            item.add_marker(pytest.mark.xdist_group(str(item.path.relative_to(config.rootpath))))
    # A stable sort: a group's tests keep their order (a notebook's cells, the hub's steps).
    items.sort(key=lambda item: (not starts_servers(item), item not in grouped))
