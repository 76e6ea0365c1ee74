"""The balcony scenario: one public-service scenario told twice, from the dance floor and
from the balcony, with the learner's note on what each view misses, and a model answer to compare
with once the learner has written their own.

The scenario and its model answers (data/balcony_scenario.csv) are the course's own; they illustrate
the source's "observing 'from the balcony' as well as 'from the dance floor'".
"""
from dataclasses import dataclass

from traitlets import Dict, Enum, TraitError, validate

from ..content import ContentError, load_table
from ..markup.escape import markdown_text
from .base import Exercise, ExerciseState, fit

DANCE_FLOOR, BALCONY = "dance floor", "balcony"
VIEWS = (DANCE_FLOOR, BALCONY)
VIEW_LABELS = {DANCE_FLOOR: "On the dance floor", BALCONY: "From the balcony"}
NOTE_LIMIT = 2000
SCENARIO_FILE = "balcony_scenario.csv"
# A note of fewer words isn't yet the learner's own answer: the model answer waits for it, so that it is
# something to compare with, not something to copy.
MODEL_ANSWER_MIN_WORDS = 5


@dataclass(frozen=True)
class ScenarioView:
    view: str
    text: str
    prompt: str
    model_answer: str


def load_views(data_dir=None):
    """The two tellings, dance floor first; each view must appear exactly once."""
    rows = load_table(SCENARIO_FILE, data_dir)
    found = {row["view"]: ScenarioView(**row) for row in rows}
    for view in VIEWS:
        if view not in found:
            raise ContentError(SCENARIO_FILE, f"no row tells the scenario from the {view}; "
                                              "the file needs one row for each of: " + ", ".join(VIEWS) + ".",
                               column="view")
    return [found[view] for view in VIEWS]


class BalconyScenarioState(ExerciseState):
    view = Enum(VIEWS, default_value=DANCE_FLOOR).tag(saved=True)  # the telling on show
    notes = Dict().tag(saved=True)  # view -> the learner's note, as written

    def __init__(self, views, **kwargs):
        self.views = list(views)  # set before traits, which the validators don't need but the view does
        super().__init__(**kwargs)

    def telling(self, view):
        for item in self.views:
            if item.view == view:
                return item
        raise KeyError(view)

    @validate("notes")
    def _valid_notes(self, proposal):
        value = proposal["value"]
        if not isinstance(value, dict):
            raise TraitError("notes must be a dictionary.")
        for view, note in value.items():
            if view not in VIEWS:
                raise TraitError(f"'{view}' is not one of the views: " + ", ".join(VIEWS) + ".")
            if not isinstance(note, str):
                raise TraitError(f"the note for the {view} must be text.")
            if len(note) > NOTE_LIMIT:
                raise TraitError(f"the note for the {view} is {len(note):,} characters long; a note can be at most "
                                 f"{NOTE_LIMIT:,}.")
        return value

    def note(self, view):
        return self.notes.get(view, "")

    def set_note(self, view, text):
        """Keep the learner's note as written, up to NOTE_LIMIT characters; returns how many were too many."""
        if view not in VIEWS:
            raise TraitError(f"'{view}' is not one of the views.")
        kept, over = fit(text, NOTE_LIMIT)
        self.notes = {**self.notes, view: kept}
        return over

    def has_own_answer(self, view):
        """Whether the learner's note for a view is long enough to compare with the model answer."""
        return len(self.note(view).split()) >= MODEL_ANSWER_MIN_WORDS

    def model_answer(self, view):
        """The model answer for a view, once the learner has written their own; TraitError before."""
        if not self.has_own_answer(view):
            raise TraitError(f"Write your own note first ({MODEL_ANSWER_MIN_WORDS} words or more); "
                             "then you can compare it with a model answer.")
        return self.telling(view).model_answer

    def count_text(self, text):
        return f"{len(text):,} of {NOTE_LIMIT:,} characters"

    def journal_markdown(self):
        lines = []
        for view in VIEWS:
            note = self.note(view).strip()
            # quoted and escaped like the other exercises' written answers, so the journal shows the note
            # as written: a '#', '*' or '<' in it must not become a heading, emphasis or markup
            quoted = "\n".join(f"> {markdown_text(line)}" for line in note.splitlines())
            lines += [f"**{VIEW_LABELS[view]}**: what this view misses, in my words:", "",
                      quoted if note else "(no note yet)", ""]
        return "\n".join(lines).strip()


def exercise(key):
    def build_state(rng):  # nothing to shuffle: the dance floor comes first, then the balcony
        return BalconyScenarioState(load_views())

    return Exercise(key=key, build_state=build_state)
