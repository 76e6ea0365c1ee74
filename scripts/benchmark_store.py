"""How fast the learners' store saves, alone and with a room of learners saving at once.

    .venv/bin/python scripts/benchmark_store.py [--learners 20] [--saves 50] [--single 500]

Prints, for SQLite (a fresh file in a temporary folder) and, when SL_TEST_DATABASE_URL is set,
for PostgreSQL (a fresh schema, dropped afterwards):
  - single saves, one after another: median, 95th percentile and worst latency;
  - LEARNERS x SAVES saves at once from threads (one store per page, shared) and from processes
    (one store each, as Voila's kernels do): wall time, saves per second, latency, errors,
    and whether every save reads back.
Figures only: nothing here passes or fails.
"""
import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers import postgres_schema  # noqa: E402
from widgets.storage.store import Store  # noqa: E402

ANSWER = {"answers": {"q1": "A wicked issue we keep circling: " * 20, "q2": "Where my influence lies. " * 10},
          "issues": [{"text": "Delayed discharges", "rating": 3}] * 3}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def ms(seconds):
    return f"{seconds * 1000:7.2f} ms"


def single_saves(location, count):
    with Store(location).open() as store:
        store.register_learner("bench-single")
        timings, version = [], None
        for number in range(count):
            data = dict(ANSWER, n=number)
            started = time.perf_counter()
            version = store.save("bench-single", "reflection", data, version).version   # as a page saves
            timings.append(time.perf_counter() - started)
    return timings


def save_as(store, learner, saves, timings, errors):
    try:
        store.register_learner(learner)
        for number in range(saves):
            started = time.perf_counter()
            store.save(learner, f"exercise-{number}", dict(ANSWER, n=number))
            timings.append(time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - counted and printed
        errors.append(f"{learner}: {exc!r}")


def in_threads(location, learners, saves):
    timings, errors = [], []
    with Store(location).open() as store:
        threads = [threading.Thread(target=save_as, args=(store, f"thread-{i}", saves, timings, errors))
                   for i in range(learners)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started, timings, errors


def process_worker(location, learner, saves, barrier, results):
    timings, errors = [], []
    try:
        store = Store(location).open()
    except Exception as exc:  # noqa: BLE001
        barrier.wait(120)
        results.put((0, 0, [], [f"{learner}: open failed {exc!r}"]))
        return
    barrier.wait(120)
    started = time.perf_counter()
    save_as(store, learner, saves, timings, errors)
    results.put((started, time.perf_counter(), timings, errors))
    store.close()


def in_processes(location, learners, saves):
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["psycopg", "widgets.storage.store"])
    barrier, results = context.Barrier(learners), context.Queue()
    processes = [context.Process(target=process_worker, args=(location, f"process-{i}", saves, barrier, results))
                 for i in range(learners)]
    for process in processes:
        process.start()
    collected = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(60)
    starts = [c[0] for c in collected if c[0]]
    ends = [c[1] for c in collected if c[1]]
    wall = (max(ends) - min(starts)) if starts else 0.0
    return wall, [t for c in collected for t in c[2]], [e for c in collected for e in c[3]]


def read_back(location, prefix, learners, saves):
    with Store(location).open() as store:
        return sum(len(store.saved_work(f"{prefix}-{i}")) for i in range(learners)) == learners * saves


def report(name, location, args):
    print(f"\n== {name}")
    timings = single_saves(location, args.single)
    print(f"single saves ({args.single}, one after another): median {ms(statistics.median(timings))}, "
          f"p95 {ms(percentile(timings, 0.95))}, worst {ms(max(timings))}")
    for kind, run, prefix in (("threads", in_threads, "thread"), ("processes", in_processes, "process")):
        wall, timings, errors = run(location, args.learners, args.saves)
        total = args.learners * args.saves
        locked = sum("locked" in e for e in errors)
        complete = read_back(location, prefix, args.learners, args.saves)
        print(f"{args.learners} learners x {args.saves} saves in {kind:9}: wall {wall:6.2f} s, "
              f"{total / wall if wall else 0:7.0f} saves/s, median {ms(statistics.median(timings) if timings else 0)}, "
              f"p95 {ms(percentile(timings, 0.95) if timings else 0)}, errors {len(errors)} "
              f"('database is locked': {locked}), all {total} read back: {'yes' if complete else 'NO'}")
        for error in errors[:5]:
            print("   ", error)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--single", type=int, default=500)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "(other work on this machine slows these figures)")
    with tempfile.TemporaryDirectory(prefix="sl-bench-") as folder:
        report("SQLite (WAL, synchronous=NORMAL)", Path(folder) / "store.sqlite", args)
    url = os.environ.get("SL_TEST_DATABASE_URL")
    if not url:
        print("\n(PostgreSQL skipped: set SL_TEST_DATABASE_URL, e.g. eval \"$(bash scripts/start_postgres.sh)\")")
        return
    with postgres_schema("sl_bench") as location:
        report("PostgreSQL", location, args)


if __name__ == "__main__":
    main()
