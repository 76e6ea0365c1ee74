"""One line (and a traceback) for the server log. Every layer may use it; it imports nothing of the course's."""
import sys
import traceback


def log(message, exc=None):
    """A line (and a traceback) for the server log: the kernel's real stderr. The kernel's
    sys.stderr is the page's output stream, which Voila neither shows nor logs."""
    stream = sys.__stderr__ or sys.stderr
    print(f"[systems-leadership] {message}", file=stream, flush=True)
    if exc is not None:
        traceback.print_exception(exc, file=stream)
