"""Settings for every test run, notebooks (nbval) included: this file sits above both tests/ and course/."""
import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    # Notebook kernels (nbval) inherit these: a would-be friendly message fails the notebook,
    # and tests never touch a learner's real store.
    os.environ["SL_STRICT"] = "1"
    if "SL_STORE" not in os.environ:
        os.environ["SL_STORE"] = str(Path(tempfile.mkdtemp(prefix="sl-test-store-")) / "store.sqlite")
