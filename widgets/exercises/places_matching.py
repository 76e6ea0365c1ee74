"""Places matching: which of the workshop's lessons does each place illustrate?

The options are the source's lessons, quoted exactly (data/matching_lessons.csv). The answer
key (data/place_lessons.csv) is the course's reading of what the source reports for each place:
every lesson that text supports is accepted (one listed first, the others as fair), with the reason
for each. A wrong match is told why at once (miss_reason, which doesn't name the answer); after
REVEAL_AFTER_MISSES it also names the lessons the text supports. Only places with an answer row are
graded: a place whose text the source doesn't give (Waltham Forest) isn't, nor LB Merton, which the
source itself names in one of the lessons.
"""
from dataclasses import dataclass

from traitlets import Dict, List, TraitError, validate

from ..content import ContentError, load_table
from ..markup.escape import markdown_line
from .base import Exercise, ExerciseState, Feedback, check_keys

RIGHT, FAIR, WRONG = "right", "fair", "wrong"
REVEAL_AFTER_MISSES = 2  # after this many wrong checks on a place, its feedback names the course's choice


@dataclass(frozen=True)
class PlaceItem:
    id: str
    place: str
    what_changed: str
    best: str            # lesson id
    also: tuple          # lesson ids also accepted
    explanation: str     # why each accepted lesson fits
    miss_reason: str     # said to a wrong match: what the text shows, without naming the answer


def load_items(data_dir=None):
    """(lessons, items): the lessons in file order, and the places that have an answer row."""
    lessons = load_table("matching_lessons.csv", data_dir)
    lesson_ids = {lesson["id"] for lesson in lessons}
    places = {p["id"]: p for p in load_table("places.csv", data_dir)}
    items = []
    for number, row in enumerate(load_table("place_lessons.csv", data_dir), start=2):
        also = tuple(part.strip() for part in row["also_accepted"].split(";") if part.strip())
        for lesson_id in also:
            if lesson_id not in lesson_ids:
                raise ContentError("place_lessons.csv", f"'{lesson_id}' doesn't match any 'id' in "
                                   "data/matching_lessons.csv.", row=number, column="also_accepted")
            if lesson_id == row["best_lesson"]:
                raise ContentError("place_lessons.csv", f"'{lesson_id}' is the best lesson already; list "
                                   "only other lessons here.", row=number, column="also_accepted")
        place = places[row["place"]]
        items.append(PlaceItem(id=place["id"], place=place["place"], what_changed=place["what_changed"],
                               best=row["best_lesson"], also=also, explanation=row["explanation"],
                               miss_reason=row["miss_reason"]))
    return lessons, items


class PlacesMatchingState(ExerciseState):
    lessons = List()  # rows of matching_lessons.csv
    items = List()    # PlaceItem, in the order the learner sees them
    answers = Dict().tag(saved=True)   # place id -> lesson id chosen ("" or absent: not chosen)
    results = Dict().tag(saved=True)   # place id -> right/fair/wrong, from the last check of that answer
    misses = Dict().tag(saved=True)    # place id -> how many checks found it wrong

    def __init__(self, lessons, items, **kwargs):
        super().__init__(lessons=list(lessons), items=list(items), **kwargs)

    # -- lookups ---------------------------------------------------------------
    def place_ids(self):
        return [item.id for item in self.items]

    def item(self, place_id):
        for item in self.items:
            if item.id == place_id:
                return item
        raise KeyError(place_id)

    def lesson_text(self, lesson_id):
        for lesson in self.lessons:
            if lesson["id"] == lesson_id:
                return lesson["text"]
        return ""

    # -- validation of saved work ------------------------------------------------
    def _check_keys(self, value, what):
        check_keys(value, set(self.place_ids()), what, "a place this exercise doesn't have")

    @validate("answers")
    def _valid_answers(self, proposal):
        value = proposal["value"]
        self._check_keys(value, "answers")
        known = {lesson["id"] for lesson in self.lessons}
        for place_id, lesson_id in value.items():
            if not isinstance(lesson_id, str) or (lesson_id and lesson_id not in known):
                raise TraitError(f"the answer for '{place_id}' is not one of the lessons.")
        return value

    @validate("results")
    def _valid_results(self, proposal):
        value = proposal["value"]
        self._check_keys(value, "results")
        for place_id, result in value.items():
            if result not in (RIGHT, FAIR, WRONG):
                raise TraitError(f"the result for '{place_id}' must be right, fair or wrong.")
        return value

    @validate("misses")
    def _valid_misses(self, proposal):
        value = proposal["value"]
        self._check_keys(value, "misses")
        for place_id, count in value.items():
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise TraitError(f"the number of misses for '{place_id}' must be a whole number, 0 or more.")
        return value

    # -- the learner's moves ------------------------------------------------------
    def choose(self, place_id, lesson_id):
        """Record a choice; a changed answer loses its old result until it is checked again."""
        if place_id not in self.place_ids():
            raise TraitError(f"there is no place '{place_id}' in this exercise.")
        if self.is_settled(place_id):
            raise TraitError(f"{self.item(place_id).place} is matched already.")
        with self.hold_trait_notifications():
            self.answers = {**self.answers, place_id: lesson_id}
            self.results = {k: v for k, v in self.results.items() if k != place_id}

    def grade(self, place_id):
        """right (the course's best lesson), fair (also accepted), wrong, or None (not chosen)."""
        item = self.item(place_id)
        chosen = self.answers.get(place_id, "")
        if not chosen:
            return None
        if chosen == item.best:
            return RIGHT
        return FAIR if chosen in item.also else WRONG

    def check(self):
        """Grade every chosen answer; returns the places not answered yet."""
        results, misses, unanswered = dict(self.results), dict(self.misses), []
        for place_id in self.place_ids():
            if place_id in results:
                continue  # checked already and not changed since
            result = self.grade(place_id)
            if result is None:
                unanswered.append(place_id)
                continue
            results[place_id] = result
            if result == WRONG:
                misses[place_id] = misses.get(place_id, 0) + 1
        with self.hold_trait_notifications():
            self.results, self.misses = results, misses
        return unanswered

    def retry_missed(self):
        """Clear the wrong answers so the learner can choose again; right ones stay."""
        missed = [p for p, r in self.results.items() if r == WRONG]
        with self.hold_trait_notifications():
            self.answers = {k: v for k, v in self.answers.items() if k not in missed}
            self.results = {k: v for k, v in self.results.items() if k not in missed}
        return missed

    def start_again(self):
        with self.hold_trait_notifications():
            self.answers, self.results, self.misses = {}, {}, {}

    # -- what to tell the learner --------------------------------------------------
    def is_settled(self, place_id):
        return self.results.get(place_id) in (RIGHT, FAIR)

    def feedback(self, place_id):
        """A `Feedback` on the match, or None before it is checked."""
        item = self.item(place_id)
        result = self.results.get(place_id)
        if result == RIGHT:
            return Feedback("good", "✓ A good match:", item.explanation)
        if result == FAIR:
            return Feedback("good", "✓ A fair match too:", item.explanation)
        if result == WRONG:
            said = f"You chose “{self.lesson_text(self.answers.get(place_id, ''))}”. {item.miss_reason}"
            if self.misses.get(place_id, 0) >= REVEAL_AFTER_MISSES:
                supported = ", ".join(f"“{self.lesson_text(i)}”" for i in (item.best, *item.also))
                said += f" The lessons the text supports: {supported}. {item.explanation}"
            else:
                said += " Choose again."
            return Feedback("bad", "✗ Not what the text shows:", said)
        return None

    def score(self):
        right = sum(1 for r in self.results.values() if r in (RIGHT, FAIR))
        return right, len(self.items)

    def score_text(self):
        right, total = self.score()
        checked = len(self.results)
        if not checked:
            return f"Nothing checked yet: choose a lesson for each of the {total} places, then check."
        wrong = sum(1 for r in self.results.values() if r == WRONG)
        text = f"You have matched {right} of {total} places"
        if wrong:
            text += f"; {wrong} to try again"
        if right == total:
            text += " – all done"
        return text + "."

    def journal_markdown(self):
        right, total = self.score()
        lines = [f"Matched {right} of {total} places with lessons from the workshop "
                 "(the pairings are the course's reading of what the workshop reports).", "",
                 "| Place | Lesson chosen | Result |", "| --- | --- | --- |"]
        words = {RIGHT: "✓ a good match", FAIR: "✓ a fair match too", WRONG: "✗ to try again"}
        for item in self.items:
            chosen = self.lesson_text(self.answers.get(item.id, "")) or "not chosen"
            result = words.get(self.results.get(item.id), "not checked")
            lines.append(f"| {markdown_line(item.place)} | {markdown_line(chosen)} | {result} |")
        return "\n".join(lines)


def exercise(key):
    def build_state(rng):
        lessons, items = load_items()
        rng.shuffle(items)  # places in a different order for each learner, the same on every visit
        return PlacesMatchingState(lessons, items)

    return Exercise(key=key, build_state=build_state)
