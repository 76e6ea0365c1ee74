"""Places explorer: the places and programmes the source names, filtered by theme, programme and words, with a
task that uses the filter (data/places_task.csv): find the places it names, then say in writing what they share.

The state holds the learner's filter (theme, programme, search words), whether they have found the task's places
and their written answer; the table is worked out from data/places.csv with pandas each time the filter changes.
"""
from dataclasses import dataclass

from traitlets import Bool, List, TraitError, Unicode, validate

from ..content import ContentError, load_table
from ..markup.escape import markdown_text
from .base import Exercise, ExerciseState, fit

SEARCH_MAX_LENGTH = 100
ANSWER_MAX_LENGTH = 2000
# An answer of fewer words isn't yet the learner's own: what to compare it with waits for it.
COMPARE_MIN_WORDS = 5
ALL = ""  # the filter value that means "any theme" / "any programme"
TASK_FILE = "places_task.csv"


@dataclass(frozen=True)
class PlacesTask:
    task: str         # what to find with the filter
    places: tuple     # the ids of places.csv the filtered table must show, no more and no fewer
    hint: str         # shown while the table shows other places
    question: str     # what to write about the places found
    compare: str      # shown once the learner has written an answer


def load_places(data_dir=None):
    return load_table("places.csv", data_dir)


def load_task(places, data_dir=None):
    """The explorer's one task; its places must be ids in places.csv."""
    rows = load_table(TASK_FILE, data_dir)
    if len(rows) != 1:
        raise ContentError(TASK_FILE, f"the places explorer sets one task; this file has {len(rows)} rows.")
    row = rows[0]
    ids = tuple(part.strip() for part in row["places"].split(";") if part.strip())
    known = {place["id"] for place in places}
    unknown = [place_id for place_id in ids if place_id not in known]
    if not ids or unknown:
        problem = (f"'{unknown[0]}' is not an id in data/places.csv." if unknown else
                   "name at least one place, by its id in data/places.csv.")
        raise ContentError(TASK_FILE, problem, row=2, column="places")
    return PlacesTask(row["task"], ids, row["hint"], row["question"], row["compare"])


def unique_in_order(values):
    seen = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def fold(text):
    """Text for matching: case and width folded, so 'WELC', 'welc' and full-width letters all match."""
    import unicodedata

    return unicodedata.normalize("NFKC", text).casefold()


class PlacesExplorerState(ExerciseState):
    places = List()  # rows of places.csv, not the learner's work
    theme = Unicode(ALL).tag(saved=True)
    programme = Unicode(ALL).tag(saved=True)
    search = Unicode("").tag(saved=True)
    task_found = Bool(False).tag(saved=True)   # the filter has shown the task's places, at least once
    task_answer = Unicode("").tag(saved=True)  # the learner's written answer to the task's question

    def __init__(self, places, task=None, **kwargs):
        self.task = task   # a PlacesTask, or None for the explorer without its task
        super().__init__(places=list(places), **kwargs)
        self.observe(self._note_found, names=["theme", "programme", "search"])

    # -- what the filters may be -------------------------------------------------
    def themes(self):
        return unique_in_order(p["theme"] for p in self.places)

    def programmes(self):
        return unique_in_order(p["programme"] for p in self.places)

    @validate("theme")
    def _valid_theme(self, proposal):
        value = proposal["value"]
        if value != ALL and value not in self.themes():
            raise TraitError(f"'{value}' is not one of the themes of the places.")
        return value

    @validate("programme")
    def _valid_programme(self, proposal):
        value = proposal["value"]
        if value != ALL and value not in self.programmes():
            raise TraitError(f"'{value}' is not one of the programmes of the places.")
        return value

    @validate("search")
    def _valid_search(self, proposal):
        value = proposal["value"]
        if len(value) > SEARCH_MAX_LENGTH:
            raise TraitError(f"Search words can be at most {SEARCH_MAX_LENGTH} characters long.")
        return value

    @validate("task_answer")
    def _valid_task_answer(self, proposal):
        value = proposal["value"]
        if len(value) > ANSWER_MAX_LENGTH:
            raise TraitError(f"an answer can be at most {ANSWER_MAX_LENGTH:,} characters long.")
        return value

    # -- the task ------------------------------------------------------------------
    def shows_task_places(self):
        """Whether the table shows just the task's places, no more and no fewer."""
        return self.task is not None and set(self.shown()["id"]) == set(self.task.places)

    def _note_found(self, _change=None):
        if not self.task_found and self.shows_task_places():
            self.task_found = True

    def task_status(self):
        """(kind, text): how the learner's filter stands against the task."""
        wanted = len(self.task.places)
        if self.shows_task_places():
            return "good", f"Your table shows the {wanted} places this task is about."
        shown = len(self.shown())
        return "info", (f"Your table shows {shown} of {len(self.places)} places; the task is about {wanted}. "
                        f"{self.task.hint}")

    def can_answer(self):
        """The question opens once the learner has found the places, or has an answer already."""
        return self.task_found or bool(self.task_answer.strip())

    def set_answer(self, text):
        """Keep the answer as written, up to ANSWER_MAX_LENGTH characters; returns how many were too many."""
        kept, over = fit(text, ANSWER_MAX_LENGTH)
        self.task_answer = kept
        return over

    def can_compare(self):
        return len(self.task_answer.split()) >= COMPARE_MIN_WORDS

    # -- the filtered table -------------------------------------------------------
    def frame(self):
        import pandas

        return pandas.DataFrame(self.places, columns=["id", "place", "programme", "theme", "slide", "what_changed"])

    def shown(self):
        """The places that pass the filter, as a pandas DataFrame in file order."""
        import pandas

        frame = self.frame()
        keep = pandas.Series(True, index=frame.index)
        if self.theme != ALL:
            keep &= frame["theme"] == self.theme
        if self.programme != ALL:
            keep &= frame["programme"] == self.programme
        words = fold(self.search).split()
        if words:
            haystack = (frame["place"] + " " + frame["programme"] + " " + frame["theme"] + " "
                        + frame["what_changed"]).map(fold)
            for word in words:  # every word must appear somewhere in the row
                keep &= haystack.map(lambda text, word=word: word in text).astype(bool)
        return frame[keep]

    def count_text(self):
        shown, total = len(self.shown()), len(self.places)
        noun = "place" if total == 1 else "places"
        return f"Showing {shown} of {total} {noun}"

    def filter_text(self):
        parts = []
        if self.theme != ALL:
            parts.append(f"theme “{self.theme}”")
        if self.programme != ALL:
            parts.append(f"programme “{self.programme}”")
        if self.search.strip():
            parts.append(f"words “{self.search.strip()}”")
        return "; ".join(parts) if parts else "no filter"

    def journal_markdown(self):
        names = ", ".join(self.shown()["place"]) or "none"
        parts = [f"You explored {len(self.places)} places and programmes from the workshop's work in places. "
                 # the search words are the learner's: escaped so they read as typed, never as Markdown or HTML
                 f"Your last view ({markdown_text(self.filter_text())}): {self.count_text().lower()} – {names}."]
        if self.task is not None:
            found = ", ".join(p["place"] for p in self.places if p["id"] in self.task.places)
            parts += [f"**The task:** {markdown_text(self.task.task)}",
                      f"The places: {markdown_text(found)}" + (" (you found them with the filter)."
                                                                if self.task_found else " (not found yet)."),
                      f"**{markdown_text(self.task.question)}**",
                      "\n".join(f"> {markdown_text(line)}" for line in self.task_answer.splitlines())
                      if self.task_answer.strip() else "_No answer yet._"]
        return "\n\n".join(parts)


def build_state(rng=None, data_dir=None):
    # rng is unused: the places keep the order of data/places.csv.
    places = load_places(data_dir)
    return PlacesExplorerState(places, load_task(places, data_dir))


def exercise(key):
    return Exercise(key=key, build_state=build_state)
