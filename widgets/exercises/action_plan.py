"""Action plan: what the learner will do with the learning, individually, in their organisation and in
their system – each action with who and by when.

Rules (also shown to the learner):
- an action needs some words, at most ACTION_MAX_LENGTH characters; too long is refused and the form keeps the text;
- 'who' (at most WHO_MAX_LENGTH characters) and 'by when' may be left empty: the plan shows them as "to decide";
- 'by when' is a date (stored as YYYY-MM-DD) from FIRST_YEAR to LAST_YEAR; a date that has passed is allowed
  and marked "date passed".
"""
import datetime
import re

from traitlets import Enum, HasTraits, List, TraitError, Unicode, validate

from ..markup.escape import markdown_text
from .base import Exercise, ExerciseState
from .sharing import Shareable

LEVELS = ("individual", "organisation", "system")
LEVEL_TITLES = {"individual": "Individually", "organisation": "In your organisation or area",
                "system": "In your system"}
ACTION_MAX_LENGTH = 500
WHO_MAX_LENGTH = 120
MAX_ACTIONS = 30
ACTION_FIELDS = ("level", "text", "who", "by_when")
TO_DECIDE = "to decide"
FIRST_YEAR, LAST_YEAR = 2000, 2100
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only; Python would also take 2026-W01-1


class Action(HasTraits):
    """One action; building one checks its fields."""
    level = Enum(LEVELS, default_value="individual")
    text = Unicode()
    who = Unicode("")
    by_when = Unicode("")  # an ISO date, YYYY-MM-DD, or "" for not decided

    @validate("text")
    def _valid_text(self, proposal):
        text = proposal["value"].strip()
        if not text:
            raise TraitError("Write what the action is first.")
        if len(text) > ACTION_MAX_LENGTH:
            raise TraitError(f"An action can be at most {ACTION_MAX_LENGTH} characters long; this one is "
                             f"{len(text)}. Shorten it, then save again – your text is still in the box.")
        return text

    @validate("who")
    def _valid_who(self, proposal):
        who = proposal["value"].strip()
        if len(who) > WHO_MAX_LENGTH:
            raise TraitError(f"'Who' can be at most {WHO_MAX_LENGTH} characters long; this is {len(who)}.")
        return who

    @validate("by_when")
    def _valid_by_when(self, proposal):
        value = proposal["value"].strip()
        if value:
            try:
                if not ISO_DATE.fullmatch(value):
                    raise ValueError(value)
                day = datetime.date.fromisoformat(value)
            except ValueError:
                raise TraitError(f"'{value}' is not a date written as YYYY-MM-DD.") from None
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                # a date picker that is still being typed into can send year 2, 20 or 202
                raise TraitError(f"The year {day.year} looks like a slip: choose a date from {FIRST_YEAR} "
                                 f"to {LAST_YEAR}.")
        return value

    def as_dict(self):
        return {name: getattr(self, name) for name in ACTION_FIELDS}


def make_action(data):
    """A checked action dict from any dict; TraitError when it doesn't fit."""
    if not isinstance(data, dict) or set(data) != set(ACTION_FIELDS):
        raise TraitError("each action must have a level, text, who and by_when.")
    for name in ACTION_FIELDS:
        if not isinstance(data[name], str):
            raise TraitError(f"an action's {name} must be text.")
    action = Action(level=data["level"], text=data["text"], who=data["who"], by_when=data["by_when"])
    return action.as_dict()


def show_date(iso):
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


class ActionPlanState(Shareable, ExerciseState):
    actions = List().tag(saved=True)  # [{"level", "text", "who", "by_when"}], in the order they were added

    @validate("actions")
    def _valid_actions(self, proposal):
        value = proposal["value"]
        if not isinstance(value, list):
            raise TraitError("actions must be a list.")
        if len(value) > MAX_ACTIONS:
            raise TraitError(f"a plan can have at most {MAX_ACTIONS} actions.")
        return [make_action(action) for action in value]

    def shareable_parts(self):
        return ("actions",)             # the plan's actions, shared as a whole (who and by when never)

    # -- the learner's moves --------------------------------------------------------
    def add_action(self, level, text, who="", by_when=""):
        """Add an action; returns its index. TraitError (with a message for the learner) when it doesn't fit."""
        if len(self.actions) >= MAX_ACTIONS:
            raise TraitError(f"Your plan has {MAX_ACTIONS} actions, the most it can hold; remove one first.")
        action = make_action({"level": level, "text": text, "who": who, "by_when": by_when})
        self.actions = self.actions + [action]
        return len(self.actions) - 1

    def update_action(self, index, level, text, who="", by_when=""):
        self._check_index(index)
        action = make_action({"level": level, "text": text, "who": who, "by_when": by_when})
        actions = list(self.actions)
        actions[index] = action
        self.actions = actions

    def remove_action(self, index):
        self._check_index(index)
        self.actions = [a for i, a in enumerate(self.actions) if i != index]

    def _check_index(self, index):
        if not isinstance(index, int) or not 0 <= index < len(self.actions):
            raise TraitError("That action is not in your plan any more.")

    # -- what the plan shows ------------------------------------------------------------
    def grouped(self):
        """{level: [(index, action), ...]} for every level, in the order of LEVELS."""
        groups = {level: [] for level in LEVELS}
        for index, action in enumerate(self.actions):
            groups[action["level"]].append((index, action))
        return groups

    def flags(self, action, today=None):
        """Words that say what is still open about an action."""
        today = today or datetime.date.today()
        found = []
        if not action["who"]:
            found.append(f"who: {TO_DECIDE}")
        if not action["by_when"]:
            found.append(f"by when: {TO_DECIDE}")
        elif datetime.date.fromisoformat(action["by_when"]) < today:
            found.append("date passed")
        return found

    def counts_text(self):
        groups = self.grouped()
        total = len(self.actions)
        if not total:
            return "Your plan has no actions yet."
        each = ", ".join(f"{len(groups[level])} {LEVEL_TITLES[level].lower()}" for level in LEVELS)
        return f"Your plan has {total} action{'s' if total != 1 else ''}: {each}."

    def label(self, index):
        action = self.actions[index]
        words = " ".join(action["text"].split())
        short = words if len(words) <= 60 else words[:59] + "…"
        return f"{index + 1}. {LEVEL_TITLES[action['level']]}: {short}"

    def journal_markdown(self):
        if not self.actions:
            return "_No actions in the plan yet._"
        parts = [self.counts_text()]
        for level, entries in self.grouped().items():
            parts.append(f"**{LEVEL_TITLES[level]}** ({len(entries)})")
            if not entries:
                parts.append("_No actions at this level._")
                continue
            rows = ["| Action | Who | By when |", "| --- | --- | --- |"]
            for _, action in entries:
                when = show_date(action["by_when"]) if action["by_when"] else TO_DECIDE
                rows.append(f"| {markdown_text(' '.join(action['text'].split()))} | "
                            f"{markdown_text(action['who']) or TO_DECIDE} | {when} |")
            parts.append("\n".join(rows))
        return "\n\n".join(parts)


def exercise(key):
    return Exercise(key=key, title="Your action plan",
                    build_state=lambda rng: ActionPlanState())
