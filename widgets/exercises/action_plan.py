"""Action plan: what the learner will do with the learning, individually, in their organisation and in
their system – each action with who and by when.

Rules (also shown to the learner):
- an action needs some words, at most ACTION_MAX_LENGTH characters; too long is refused and the form keeps the text;
- 'who' (at most WHO_MAX_LENGTH characters) and 'by when' may be left empty: the plan shows them as "to decide";
- 'by when' is a date (stored as YYYY-MM-DD) from FIRST_YEAR to LAST_YEAR; a date that has passed is allowed
  and marked "date passed".

The plan builds on the learner's earlier work: when a page shows it, it is handed what the learner saved under
EARLIER_WORK (their wicked issues, their 'ways of' ratings, their system map) and offers it back (`offers`):
an issue or a low 'way' as the start of an action, an actor of their map as 'who'. An offer only ever fills
the form; nothing reaches the plan until the learner adds it.
"""
import datetime
import random
import re
from dataclasses import dataclass

from traitlets import Enum, HasTraits, List, TraitError, Unicode, validate

from ..log import log
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

# The exercises whose saved work the plan offers back, by the key it is saved under.
ISSUES_KEY, WAYS_KEY, SYSTEM_KEY = "reflection:reflection", "self-assessment", "system-builder"
EARLIER_WORK = (ISSUES_KEY, WAYS_KEY, SYSTEM_KEY)
ISSUE, WAY, ACTOR = "issue", "way", "actor"   # the kinds of offer


@dataclass(frozen=True)
class Offer:
    """Something from the learner's earlier work that the plan offers back to them."""
    kind: str     # ISSUE, WAY or ACTOR
    name: str     # the learner's issue, the way's name or the actor's name, as saved
    detail: str   # where it comes from and why it is offered, in a sentence or two
    level: str    # the level an action started from it begins at
    start: str    # the words such an action begins with ("" for an actor: an actor goes in 'who')


def _rebuilt(module, key, data):
    """Another exercise's state with the learner's saved work restored, or None when it can't be read."""
    try:
        state = module.exercise(key).build_state(random.Random(0))
        state.restore(data)
    except Exception:  # noqa: BLE001 - work that can't be read is simply not offered; the plan still works
        return None
    return state


def issue_offers(data):
    from . import reflection

    state = _rebuilt(reflection, ISSUES_KEY, data)
    if state is None:
        return []
    offers = []
    for issue in state.issues:
        words = " ".join(issue["text"].split())
        rating = issue["rating"]
        rated = (f"you rated how far you are using systems leadership on it {rating} of 5 "
                 f"({reflection.RATING_WORDS[rating]})" if rating else "you haven't rated it yet")
        offers.append(Offer(ISSUE, words, f"One of your wicked issues, from Reflection and discussion: {rated}.",
                            "system", f"On ‘{words}’: "))
    return offers


def way_offers(data):
    from . import self_assessment

    state = _rebuilt(self_assessment, WAYS_KEY, data)
    if state is None:
        return []
    scores = state.way_scores()
    offers = []
    for name in state.lowest_two():
        way = state.find_way(name)
        offers.append(Offer(WAY, name,
                            f"One of your two lowest ‘ways of’ in your self-assessment: {scores[name]:.1f} of 5. "
                            f"{name} ({way.focus}) takes in " + "; ".join(way.qualities) + ".",
                            "individual", f"To strengthen my {name[:1].lower()}{name[1:]}: "))
    return offers


def actor_offers(data):
    from . import system_builder

    state = _rebuilt(system_builder, SYSTEM_KEY, data)
    if state is None:
        return []
    return [Offer(ACTOR, actor["name"], f"In your map of a system ({actor['type']}).", "system", "")
            for actor in state.actors]


def offers_from(earlier):
    """What the plan offers back from `earlier`, {exercise key: saved data}: the learner's wicked issues, their
    two lowest 'ways of' (once every way is rated) and the actors in their system map. What is missing or can't
    be read is left out."""
    earlier = earlier if isinstance(earlier, dict) else {}
    offers = []
    for key, make in ((ISSUES_KEY, issue_offers), (WAYS_KEY, way_offers), (SYSTEM_KEY, actor_offers)):
        if earlier.get(key) is None:
            continue
        try:
            offers += make(earlier[key])
        except Exception as exc:  # noqa: BLE001 - an offer is a courtesy: the plan must still open without it
            # the type only: a refusal can quote the learner's own words
            log(f"action plan: the saved work for '{key}' can't be offered back ({type(exc).__name__})")
    return offers


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
    offers = List()                   # [Offer] from the learner's earlier work; never saved with the plan

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

    # -- the learner's earlier work, offered back ---------------------------------------
    def take_earlier_work(self, earlier):
        """Offer back the learner's saved work in the exercises named in EARLIER_WORK ({key: saved data})."""
        self.offers = offers_from(earlier)

    def offers_of(self, kind):
        return [offer for offer in self.offers if offer.kind == kind]

    def in_plan(self, offer):
        """Whether an action already takes up an offer: names the issue or way, or has the actor as who."""
        field = "who" if offer.kind == ACTOR else "text"
        return any(offer.name.casefold() in " ".join(action[field].split()).casefold() for action in self.actions)

    def draft(self, offer, current_text=""):
        """(level, text) for the form when the learner starts an action from an offer. TraitError when the form
        already holds words of their own: those are never replaced."""
        if offer.kind == ACTOR:
            raise TraitError("An actor from your map goes in 'Who', not in the action.")
        if current_text.strip():
            raise TraitError("The form already holds an action you haven't added: add it, or clear the "
                             "Action box, then start from this.")
        return offer.level, offer.start

    def who_with(self, offer, current_who=""):
        """The 'Who' box with an actor from the map added; TraitError when it would be too long."""
        names = [part.strip() for part in current_who.split(",") if part.strip()]
        if offer.name.casefold() in (name.casefold() for name in names):
            return ", ".join(names)
        who = ", ".join(names + [offer.name])
        if len(who) > WHO_MAX_LENGTH:
            raise TraitError(f"'Who' can be at most {WHO_MAX_LENGTH} characters long; adding "
                             f"‘{offer.name}’ would make it {len(who)}. Shorten it first.")
        return who

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
    return Exercise(key=key, build_state=lambda rng: ActionPlanState(), earlier_work=EARLIER_WORK)
