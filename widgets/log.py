"""One line (and a traceback) for the server log. Every layer may use it; it imports nothing of the course's."""
import sys
import traceback


def log(message, exc=None):
    """A line (and a traceback) for the server log: the kernel's real stderr. The kernel's
    sys.stderr is the page's output stream, which Voila neither shows nor logs."""
    stream = sys.__stderr__ or sys.stderr
    lines = [f"[systems-leadership] {message}"] + (traceback_lines(exc) if exc is not None else [])
    print("\n".join(lines), file=stream, flush=True)


def brief(exc):
    """An exception in one line for the log, its message cut to its first line (see traceback_lines)."""
    return f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:300]}"


def traceback_lines(exc):
    """A traceback with each exception's message cut to its first line: database drivers write the failed
    statement's values (a learner's answers) and the failing row on the lines after it, and the log must
    never hold a learner's answers."""
    chain = []
    while exc is not None and exc not in chain:
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    lines = []
    for number, error in enumerate(reversed(chain)):
        if number:
            lines.append("which led to:")
        lines.append("Traceback (most recent call last):")
        lines += [line.rstrip("\n") for line in traceback.format_tb(error.__traceback__)]
        lines.append(f"{type(error).__module__}.{brief(error)}")
    return lines
