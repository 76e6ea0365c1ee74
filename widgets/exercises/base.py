"""What every exercise is made of: a state class that can be saved, and a thin view.

An exercise is two modules named alike, its tests and one line in `widgets/registry.py`:
  - `widgets/exercises/<name>.py`: a state class derived from `ExerciseState` (plain traits, grading and
    feedback, no widgets, no HTML) and `exercise(key) -> Exercise(key, build_state)`;
  - `widgets/views/<name>.py`: `build_view(state) -> ipywidgets.Widget`, composing widgets linked to the state;
  - `tests/test_<name>.py`.
`widgets.registry.find_exercise(key)` puts the two together for `Page.show` and the journal.
"""
import random
from dataclasses import dataclass
from typing import Callable

from traitlets import HasTraits, TraitError


class ExerciseState(HasTraits):
    """Base of every exercise's state. Traits tagged `saved=True` are the learner's work."""

    def saved_trait_names(self):
        return sorted(self.trait_names(saved=True))

    def to_dict(self):
        """The learner's work as plain, JSON-ready data."""
        return {name: _plain(getattr(self, name)) for name in self.saved_trait_names()}

    def restore(self, data):
        """Put back work saved by `to_dict`; all or nothing, ValueError when it doesn't fit."""
        if not isinstance(data, dict):
            raise ValueError("saved work is not a dictionary")
        before = self.to_dict()
        try:
            self._set_saved(data)
        except TraitError as exc:
            self._set_saved(before)
            raise ValueError(f"saved work doesn't fit this exercise: {exc}") from None
        problem = self.inconsistency()
        if problem:
            self._set_saved(before)
            raise ValueError(f"saved work doesn't fit this exercise: {problem}")

    def _set_saved(self, data):
        known = {k: v for k, v in data.items() if k in self.saved_trait_names()}
        with self.hold_trait_notifications():
            for name, value in known.items():
                setattr(self, name, value)

    def inconsistency(self):
        """Why restored traits disagree with one another (each valid alone), or None; checked by `restore`."""
        return None

    def journal_markdown(self):
        """The learner's work as Markdown for their journal; each exercise says it its own way."""
        raise NotImplementedError

    def journal_svg(self):
        """A picture of the learner's work for the journal (SVG text), or None."""
        return None


@dataclass(frozen=True)
class Feedback:
    """What to tell the learner about one answer; a view shows it with `views.ui.message_html`."""
    kind: str       # "good", "bad", "warn" or "info": the message's colour
    label: str      # the words before it, e.g. "✓ Right:", so right and wrong never rest on colour alone
    text: str


def check_keys(value, known, what, unknown_text):
    """Saved work keyed by id must be a dictionary whose keys are all `known` ids; TraitError otherwise.

    `what` names the trait ("answers"), `unknown_text` what an unknown key would be ("an item this exercise
    doesn't have"), so the message reads e.g. "answers names an item this exercise doesn't have: 'x'."
    """
    if not isinstance(value, dict):
        raise TraitError(f"{what} must be a dictionary.")
    unknown = [k for k in value if k not in known]
    if unknown:
        raise TraitError(f"{what} names {unknown_text}: '{unknown[0]}'.")


def fit(text, limit):
    """(what is saved, how many characters are not): the first `limit` characters are kept."""
    return text[:limit], max(0, len(text) - limit)


def too_long_message(length, limit, what="answer"):
    return (f"This {what} is {length:,} characters long; only the first {limit:,} are saved. "
            f"Your text is still in the box: shorten it by {length - limit:,} characters so that all of it is saved.")


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Exercise:
    key: str                       # the name notebooks use, and the key the learner's work is saved under
    build_state: Callable          # (rng: random.Random) -> ExerciseState, reading its items from data/
    title: str = ""                # the heading in the learner's journal, for an exercise whose every key has
                                   # one of its own; otherwise widgets/registry.py's title is the heading
    build_view: Callable = None    # (state) -> ipywidgets.Widget; widgets/registry.py adds it from views/
    earlier_work: tuple = ()       # keys of other exercises whose saved work `Page.show` hands the state, read
                                   # only, through `state.take_earlier_work({key: data})`, to offer it back


def exercise_rng(learner, key):
    """The same shuffle for the same learner and exercise, visit after visit."""
    return random.Random(f"{learner.id}:{key}")
