"""Starts the course's Voila server (`widgets.server`) with the course's template and settings.

`scripts/serve.sh` runs this for people; the browser tests call `voila_command`
and `voila_environment` so that they test the very server a learner gets.
"""
import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP_DIR = REPO / "app"
COURSE_DIR = REPO / "course"


def voila_environment(base=None):
    """The environment Voila needs: our template and voila.json come from app/."""
    env = dict(os.environ if base is None else base)
    for name in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH"):
        env[name] = os.pathsep.join(p for p in (str(APP_DIR), env.get(name, "")) if p)
    return env


def voila_command(port, host="127.0.0.1"):
    return [
        sys.executable, "-m", "widgets.server", str(COURSE_DIR),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
    ]


def print_tutor_link(address):
    """A room's tutor link, with a fresh key (only its hash is kept; the previous link stops working)."""
    from widgets.storage.store import open_store
    from widgets.storage.tutor import issue_tutor_key, tutor_link

    try:
        with open_store() as store:
            key = issue_tutor_key(store)
    except Exception as exc:  # noqa: BLE001 - the course still serves; the tutor can make a link later
        print(f"  No tutor link: the store can't be opened ({exc}). Later: python -m widgets.storage.tutor\n",
              flush=True)
        return
    print(f"  The tutor's link (keep it to yourself; it opens the room view):\n  {tutor_link(address, key)}\n",
          flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--room-size", type=int, default=None, metavar="N",
                        help="learners in the room: N kernels are kept warmed up for their pages (SL_ROOM_SIZE)")
    args = parser.parse_args(argv)
    env = voila_environment()
    if args.room_size is not None:
        if args.room_size < 0:
            parser.error("--room-size must be 0 or more")
        env["SL_ROOM_SIZE"] = str(args.room_size)
    shown_host = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    print(f"\n  The course is at:  http://{shown_host}:{args.port}/\n"
          "  (press Ctrl+C to stop it)\n", flush=True)
    if os.environ.get("SL_MODE", "").strip().lower() == "room":
        print_tutor_link(f"http://{shown_host}:{args.port}")
    command = voila_command(args.port, args.host)
    os.execvpe(command[0], command, env)


if __name__ == "__main__":
    main()
