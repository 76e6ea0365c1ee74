"""Prints how fast the course's pages open, as a learner would meet them.

Serves the course with Voila (as scripts/serve.sh does), opens every module in headless
Chromium and prints, per module, the seconds from navigation to the module's heading
being visible with all cells run; then the median and the slowest. Also prints the cost
of `import widgets` in a fresh interpreter and each kernel's memory after the page ran.

    .venv/bin/python scripts/benchmark_pages.py [--rounds 2]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer, wait_for_page  # noqa: E402
from widgets.pages.course import load_modules  # noqa: E402


def import_cost():
    code = "import time; t = time.perf_counter(); import widgets; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def kernel_memory_mb():
    """Resident memory of the ipykernel processes now running, in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            cmdline = (status.parent / "cmdline").read_bytes()
            if b"ipykernel_launcher" not in cmdline:
                continue
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"import widgets: {import_cost() * 1000:.1f} ms")
    store = Path(tempfile.mkdtemp(prefix="sl-bench-")) / "store.sqlite"
    server = VoilaServer("solo", store)
    timings = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.rounds):
                for module in load_modules():
                    context = browser.new_context()
                    tab = context.new_page()
                    start = time.perf_counter()
                    tab.goto(server.module_url(module.notebook))
                    wait_for_page(tab)
                    tab.wait_for_selector("h1.sl-module-title", state="visible", timeout=60_000)
                    timings.setdefault(module.id, []).append(time.perf_counter() - start)
                    context.close()
            memory = kernel_memory_mb()
            browser.close()
    finally:
        server.stop()
    print("\nseconds from opening a module to its content being visible")
    for module_id, values in timings.items():
        print(f"  {module_id:<24} " + "  ".join(f"{v:5.2f}" for v in values))
    every = [v for values in timings.values() for v in values]
    print(f"\n  median {statistics.median(every):.2f} s, slowest {max(every):.2f} s over {len(every)} page loads")
    if memory:
        print(f"  kernels still running: {len(memory)}, median RSS {statistics.median(memory):.0f} MB")


if __name__ == "__main__":
    os.chdir(REPO)
    main()
