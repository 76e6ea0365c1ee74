"""Prints what opening each module costs, against a bare one-cell Voila notebook measured in the same run.

Serves the course as scripts/serve.sh does and, beside it, stock Voila on a one-cell notebook. Opens every
module (and the bare notebook as often) in headless Chromium and prints, per page:
  - the kernel's CPU seconds (user + system) from its start to the page being ready: what a page costs the
    server, the figure that decides how many learners two cores can serve at once;
  - the seconds from navigation to the page being ready, as a learner waits;
  - the kernel's memory once the page is ready.
Then each median as a ratio to the bare notebook's (this machine is noisy: compare ratios, not seconds).
Also prints the cost of `import widgets` in a fresh interpreter, and the CPU a kernel takes to start and
run `print()` with the course's kernel spec (app/kernels/python3: no debugger, no history) against
ipykernel's own, so that the part of the ratio a lighter kernel buys shows apart from the pages' own work.

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

from benchmark_common import REPO, BareVoila, kernels
from conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer, wait_for_page
from widgets.serve import voila_environment
from widgets.content.modules import load_modules


def open_once(browser, url, server_pid):
    """(kernel CPU seconds, wall seconds, kernel RSS MB) for one page opened in a fresh browser context."""
    before = set(kernels(server_pid))
    context = browser.new_context()
    tab = context.new_page()
    start = time.perf_counter()
    tab.goto(url)
    wait_for_page(tab)
    wall = time.perf_counter() - start
    new = [process for pid, process in kernels(server_pid).items() if pid not in before]
    cpu = sum(p.cpu_times().user + p.cpu_times().system for p in new)
    memory = sum(p.memory_info().rss for p in new) / 2**20
    context.close()
    return cpu, wall, memory


def import_cost():
    code = "import time; t = time.perf_counter(); import widgets; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def kernel_start_cpu(argv):
    """CPU seconds (user + system) a kernel takes to start and run one print(), with this command line."""
    import psutil
    from jupyter_client import KernelManager

    manager = KernelManager()
    manager.kernel_spec.argv = argv
    manager.start_kernel(env=voila_environment(), cwd=str(REPO / "course"))
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=60)
        client.execute_interactive("print('A bare page')", timeout=60, output_hook=lambda message: None)
        times = psutil.Process(manager.provisioner.process.pid).cpu_times()
        return times.user + times.system
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def kernel_start_costs(rounds):
    """Medians of (the course's kernel spec, ipykernel's own), started in turns."""
    from jupyter_client.kernelspec import KernelSpecManager

    ours = KernelSpecManager(kernel_dirs=[str(REPO / "app" / "kernels")]).get_kernel_spec("python3").argv
    stock = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    costs = [(kernel_start_cpu(ours), kernel_start_cpu(stock)) for _ in range(rounds)]
    return statistics.median(c[0] for c in costs), statistics.median(c[1] for c in costs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"import widgets: {import_cost() * 1000:.1f} ms")
    ours, stock = kernel_start_costs(args.rounds * 4)
    print(f"a kernel started, running print(): the course's spec {ours:.2f} s of CPU, ipykernel's own {stock:.2f} s "
          f"({ours / stock:.2f}x)")
    folder = Path(tempfile.mkdtemp(prefix="sl-bench-"))
    course, bare = VoilaServer("solo", folder / "store.sqlite"), BareVoila(folder)
    figures = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.rounds):
                for module in load_modules():
                    # Turn about, so that a busy moment of the machine weighs on both alike.
                    figures.setdefault("bare", []).append(open_once(browser, bare.page_url(), bare.process.pid))
                    figures.setdefault(module.id, []).append(
                        open_once(browser, course.module_url(module.notebook), course.process.pid))
            browser.close()
    finally:
        course.stop()
        bare.stop()
    print("\nper page, median of its loads: kernel CPU s | seconds to ready | kernel MB")
    for name, values in figures.items():
        cpu, wall, memory = (statistics.median(v[i] for v in values) for i in range(3))
        print(f"  {name:<24} {cpu:5.2f} | {wall:5.2f} | {memory:4.0f}")
    bare_values = figures.pop("bare")
    every = [v for values in figures.values() for v in values]
    print(f"\nmedians over {len(every)} module loads and {len(bare_values)} bare loads, and their ratio:")
    for index, what in enumerate(("kernel CPU, start to page ready (s)", "seconds to a ready page",
                                  "kernel memory (MB)")):
        ours = statistics.median(v[index] for v in every)
        theirs = statistics.median(v[index] for v in bare_values)
        print(f"  {what:<38} course {ours:6.2f}   bare {theirs:6.2f}   ratio {ours / theirs:4.2f}x")


if __name__ == "__main__":
    os.chdir(REPO)
    main()
