"""Balcony or dance floor: where is each observation made from, then why.

The source's 'ways of perceiving' include "observing 'from the balcony' as well as 'from the
dance floor'": both are ways of observing. The items (data/balcony_items.csv) are the course's
own observations a senior leader makes, each keyed balcony, dance floor or both (made from both
at once), with an explanation of what each vantage point shows and misses. Only the key is right:
choosing one vantage point for a 'both' item is told it has part of it, and counts as missed.

Rounds: round 1 holds every item; after a check, "Try the missed ones again" starts a new
round holding only the items missed, with their answers cleared. Checked answers are locked
until the next round (or "Start again"), so a result always belongs to the answer shown.
"""
from dataclasses import dataclass

from traitlets import Dict, Int, List, TraitError, validate

from ..content import ContentError, load_table
from .base import Exercise, ExerciseState, Feedback, check_keys

BALCONY, DANCE_FLOOR, BOTH = "balcony", "dance floor", "both"
CHOICES = (BALCONY, DANCE_FLOOR, BOTH)
CHOICE_LABELS = {BALCONY: "From the balcony", DANCE_FLOOR: "From the dance floor", BOTH: "Both at once"}
ANSWER_WORDS = {BALCONY: "the balcony", DANCE_FLOOR: "the dance floor", BOTH: "both"}
ITEMS_FILE = "balcony_items.csv"


@dataclass(frozen=True)
class BalconyItem:
    id: str
    text: str
    answer: str        # balcony, dance floor or both
    explanation: str


def load_items(data_dir=None):
    rows = load_table(ITEMS_FILE, data_dir)
    items = [BalconyItem(**row) for row in rows]
    for number, item in enumerate(items, start=2):
        if item.answer not in CHOICES:  # the schema allows only these; kept for a schema edited by hand
            raise ContentError(ITEMS_FILE, f"'{item.answer}' is not one of: " + ", ".join(CHOICES) + ".",
                               row=number, column="answer")
    return items


def is_right(item, choice):
    """Only the item's own key is right: an observation made from both needs both."""
    return choice == item.answer


class BalconySorterState(ExerciseState):
    items = List()  # BalconyItem, in the order the learner sees them (shuffled per learner)
    answers = Dict().tag(saved=True)      # item id -> balcony / dance floor / both
    results = Dict().tag(saved=True)      # item id -> True/False: the last check of that answer
    round_ids = List().tag(saved=True)    # the items in the current round, in display order
    round = Int(1).tag(saved=True)        # 1 for the first go at every item, then one per retry
    attempts = Int(0).tag(saved=True)     # how many times the learner has checked
    round_scores = List().tag(saved=True)  # [right, out of] for each checked round
    missed_first = List().tag(saved=True)  # item ids missed on the first check of round 1

    def __init__(self, items, **kwargs):
        items = list(items)
        super().__init__(items=items, **kwargs)
        if "round_ids" not in kwargs:
            self.round_ids = [item.id for item in items]

    # -- lookups -----------------------------------------------------------------
    def item_ids(self):
        return [item.id for item in self.items]

    def item(self, item_id):
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def round_items(self):
        return [self.item(item_id) for item_id in self.round_ids]

    # -- validation of saved work ----------------------------------------------------
    def _check_keys(self, value, what):
        check_keys(value, set(self.item_ids()), what, "an item this exercise doesn't have")

    @validate("answers")
    def _valid_answers(self, proposal):
        value = proposal["value"]
        self._check_keys(value, "answers")
        for item_id, choice in value.items():
            if choice not in CHOICES:
                raise TraitError(f"the answer for '{item_id}' must be one of: " + ", ".join(CHOICES) + ".")
        return value

    @validate("results")
    def _valid_results(self, proposal):
        value = proposal["value"]
        self._check_keys(value, "results")
        for item_id, result in value.items():
            if not isinstance(result, bool):
                raise TraitError(f"the result for '{item_id}' must be true or false.")
        return value

    @validate("round_ids")
    def _valid_round_ids(self, proposal):
        value = proposal["value"]
        known = set(self.item_ids())
        if not all(isinstance(i, str) and i in known for i in value):
            raise TraitError("the round names an item this exercise doesn't have.")
        if len(set(value)) != len(value):
            raise TraitError("the round names an item twice.")
        if self.items and not value:
            raise TraitError("the round has no items.")
        return list(value)

    @validate("missed_first")
    def _valid_missed_first(self, proposal):
        value = proposal["value"]
        known = set(self.item_ids())
        if not all(isinstance(i, str) and i in known for i in value) or len(set(value)) != len(value):
            raise TraitError("the items missed first must be items of this exercise, each named once.")
        return list(value)

    @validate("round", "attempts")
    def _valid_counts(self, proposal):
        value = proposal["value"]
        smallest = 1 if proposal["trait"].name == "round" else 0
        if isinstance(value, bool) or not isinstance(value, int) or value < smallest:
            raise TraitError(f"{proposal['trait'].name} must be a whole number, {smallest} or more.")
        return value

    @validate("round_scores")
    def _valid_round_scores(self, proposal):
        value = proposal["value"]
        for pair in value:
            if (not isinstance(pair, (list, tuple)) or len(pair) != 2
                    or not all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
                    or not 0 <= pair[0] <= pair[1] <= len(self.items)):
                raise TraitError("each round's score must be [right, out of], with right no more than out of.")
        return [list(pair) for pair in value]

    def restore(self, data):
        super().restore(data)
        if self.round == 1 and not self.round_checked():
            # Before the first check every item is in play, including any a tutor has added since.
            self.round_ids = self.item_ids()

    def inconsistency(self):
        """Each result must be that of the answer saved with it."""
        for item_id, result in self.results.items():
            if item_id not in self.answers:
                return f"'{item_id}' has a result but no answer."
            if result != is_right(self.item(item_id), self.answers[item_id]):
                return f"the result saved for '{item_id}' doesn't match its answer."
        return None

    # -- the learner's moves -------------------------------------------------------------
    def round_checked(self):
        """True once the current round has been checked (its answers are then locked)."""
        return bool(self.round_ids) and all(i in self.results for i in self.round_ids)

    def choose(self, item_id, choice):
        """Record a choice (None clears it) for an item in the current, unchecked round."""
        if item_id not in self.round_ids:
            raise TraitError("that item isn't in this round.")
        if self.round_checked():
            raise TraitError("this round is checked already: try the missed ones again, or start again.")
        answers = {k: v for k, v in self.answers.items() if k != item_id}
        if choice is not None:
            answers[item_id] = choice
        self.answers = answers

    def unplaced(self):
        """(position in the round, item) for each item in the round without an answer."""
        return [(n, item) for n, item in enumerate(self.round_items(), start=1) if item.id not in self.answers]

    def check(self):
        """Grade the round; returns a message to show when it can't be checked yet, else None."""
        if self.round_checked():
            return "This round is checked already: try the missed ones again, or start again."
        unplaced = self.unplaced()
        if len(unplaced) == len(self.round_ids) and len(unplaced) > 1:
            return f"Nothing is placed yet: choose an answer for each of the {len(unplaced)} items, then check."
        if unplaced:
            numbers = ", ".join(str(n) for n, _ in unplaced)
            count = len(unplaced)
            return (f"Place every item first: {count} still to place "
                    f"({'item' if count == 1 else 'items'} {numbers}).")
        results = dict(self.results)
        for item in self.round_items():
            results[item.id] = is_right(item, self.answers[item.id])
        right = sum(1 for i in self.round_ids if results[i])
        with self.hold_trait_notifications():
            if self.round == 1 and not self.round_scores:
                self.missed_first = [i for i in self.round_ids if not results[i]]
            self.results = results
            self.attempts = self.attempts + 1
            self.round_scores = [*self.round_scores, [right, len(self.round_ids)]]
        return None

    def missed_ids(self):
        """The items of the current round whose checked answer was wrong."""
        return [i for i in self.round_ids if self.results.get(i) is False]

    def retry_missed(self):
        """Start a round with only the missed items, their answers cleared; returns how many."""
        missed = self.missed_ids()
        if not self.round_checked() or not missed:
            return 0
        with self.hold_trait_notifications():
            self.answers = {k: v for k, v in self.answers.items() if k not in missed}
            self.results = {k: v for k, v in self.results.items() if k not in missed}
            self.round_ids = missed
            self.round = self.round + 1
        return len(missed)

    def start_again(self):
        """Every item back in play, in the same order; the attempts count stays."""
        with self.hold_trait_notifications():
            self.answers, self.results, self.round_scores, self.missed_first = {}, {}, [], []
            self.round_ids = self.item_ids()
            self.round = 1

    # -- what to tell the learner ------------------------------------------------------
    def feedback(self, item_id):
        """A `Feedback` on the answer, or None while it isn't checked."""
        if item_id not in self.results:
            return None
        item = self.item(item_id)
        choice = self.answers[item_id]
        if self.results[item_id]:
            where = ("This observation needs both at once." if item.answer == BOTH
                     else f"This observation is made from {ANSWER_WORDS[item.answer]}.")
            return Feedback("good", "✓ Right:", f"{where} {item.explanation}")
        if item.answer == BOTH:
            return Feedback("warn", "◐ Part of it:",
                            f"You chose {ANSWER_WORDS[choice]}; this observation needs both at once. "
                            f"{item.explanation}")
        alone = " alone" if choice == BOTH else ""
        return Feedback("bad", "✗ Not quite:",
                        f"You chose {ANSWER_WORDS[choice]}; this observation is made from "
                        f"{ANSWER_WORDS[item.answer]}{alone}. {item.explanation}")

    def right_overall(self):
        return sum(1 for result in self.results.values() if result)

    def score_text(self):
        total = len(self.items)
        if not self.round_checked():
            if self.round == 1:
                return f"Round 1: place all {total} items, then check. Checks so far: {self.attempts}."
            return (f"Round {self.round}: place the {len(self.round_ids)} items you missed, then check. "
                    f"So far {self.right_overall()} of {total} are placed right. Checks so far: {self.attempts}.")
        right_now, out_of = self.round_scores[-1] if self.round_scores else (0, 0)
        overall = self.right_overall()
        if self.round == 1:
            text = f"You placed {right_now} of {total} items as the course would."
        else:
            text = (f"You placed {right_now} of the {out_of} items you tried again; "
                    f"{overall} of {total} are now placed right.")
        if overall == total:
            text += f" All {total} done, in {self.round} round{'s' if self.round != 1 else ''}."
        else:
            missed = total - overall
            text += f" {missed} to try again."
        return text + f" Round {self.round}; checks so far: {self.attempts}."

    def journal_markdown(self):
        total = len(self.items)
        lines = []
        if not self.round_scores:
            lines.append(f"Not checked yet ({len(self.answers)} of {total} items placed).")
        else:
            first_right, first_total = self.round_scores[0]
            lines.append(f"First try: {first_right} of {first_total} placed as the course would. "
                         f"Now: {self.right_overall()} of {total}, after {len(self.round_scores)} checked "
                         f"round{'s' if len(self.round_scores) != 1 else ''}.")
        not_right = [item for item in self.items if self.results.get(item.id) is not True]
        if self.round_scores and not_right:
            lines += ["", "Not yet placed right:"]
            lines += [f"- {item.text} (the course says {ANSWER_WORDS[item.answer]})" for item in not_right]
        if self.missed_first and set(self.missed_first) != {item.id for item in not_right}:
            lines += ["", "Missed on the first try:"]
            lines += [f"- {self.item(i).text} (the course says {ANSWER_WORDS[self.item(i).answer]})"
                      for i in self.missed_first]
        return "\n".join(lines)


def exercise(key):
    def build_state(rng):
        items = load_items()
        rng.shuffle(items)  # a different order for each learner, the same on every visit
        return BalconySorterState(items)

    return Exercise(key=key, build_state=build_state)
