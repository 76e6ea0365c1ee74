"""The facilitator guide: how a tutor runs the workshop from the course, as Markdown.

The guide is a hand-written template (the words below) filled in from the course's data, so it never
disagrees with what learners see: the modules, their order and minutes come from data/modules.csv, the
exercises from widgets/registry.py, and every answer key and its feedback from the exercise's files in
data/ (read by named column, as widgets/content/schemas.py describes them; a column the guide doesn't
name is still printed under its row, so nothing a tutor adds to a file is left out).

    python -m widgets.pages.facilitator_guide            print the guide
    python -m widgets.pages.facilitator_guide --write    write it to docs/facilitator-guide.md
    python -m widgets.pages.facilitator_guide --qr http://192.168.1.20:8866/   print a QR code of the room

`show_room_address()` and `show_guide()` make the tutor page (course/tutor-guide.ipynb): a QR code of the room's
address, worked out from the page's own request, then the guide.
"""
import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from ..content import load_table
from ..content.modules import COURSE_TITLE, HOME_NOTEBOOK, load_modules
from ..content.schemas import SCHEMAS
from ..markup.escape import html_text, markdown_line
from ..registry import EXERCISES, find_exercise, module_for_key
from ..views.ui import shows_problems

GUIDE_FILE = Path(__file__).resolve().parents[2] / "docs" / "facilitator-guide.md"
REGENERATE = ".venv/bin/python -m widgets.pages.facilitator_guide --write"


# ---------------------------------------------------------------- the workshop's parts

@dataclass(frozen=True)
class Part:
    key: str
    first_module: str    # the module that opens this part; a module belongs to the last part opened before it
    title: str
    movable: bool        # whether its modules may be done before the session when the day is short


# The workshop's own sequence (its agenda), with the course's opening and its closing on the "we" questions.
PARTS = (
    Part("opening", "welcome", "Opening: welcome and purpose", True),
    Part("context", "context", "Context", True),
    Part("overview", "what-it-involves", "Overview", True),
    Part("field", "ways-of", "Learning from the field", True),
    Part("groups", "reflection", "Small group working", False),
    Part("closing", "looking-ahead", "Feedback and looking ahead", False),
    Part("more", "more-information", "More information", False),
)
PART_TITLES = {p.key: p.title for p in PARTS}


def parts_of(modules):
    """Each module's part: the last part whose opening module comes at or before it in the course."""
    order = {m.id: m.number for m in modules}
    openings = sorted((order[p.first_module], p) for p in PARTS if p.first_module in order)
    found = {}
    for module in modules:
        opened = [p for number, p in openings if number <= module.number]
        found[module.id] = opened[-1] if opened else PARTS[0]
    return found


# ---------------------------------------------------------------- session plans

@dataclass(frozen=True)
class PlanSpec:
    key: str
    name: str                # "Half day"
    start: int               # minutes after midnight
    length: int              # the session, breaks included
    opening: int             # arrival: everyone on the room's address and started
    intro: int               # the tutor's plenary opening of each taught part
    group_moments: tuple     # (part key, minutes): a short turn in small groups at the end of that part
    group_min: int           # the main small-group working: at least this long...
    group_max: int           # ...and at most this long
    feedback: int            # groups report back in plenary
    close: int               # the closing plenary on the "we" questions
    breaks: tuple            # (name, minutes), spread evenly through the session
    more_in_room: bool       # whether 'more information' is read in the room or taken away

    @property
    def title(self):
        return f"{self.name} ({duration_text(self.length)}, breaks included)"


PLANS = (
    PlanSpec("half-day", "Half day", start=9 * 60 + 30, length=210, opening=10, intro=5,
             group_moments=(), group_min=30, group_max=60, feedback=15, close=10, breaks=(("Break", 15),),
             more_in_room=False),
    PlanSpec("full-day", "Full day", start=9 * 60, length=450, opening=15, intro=5,
             group_moments=(("overview", 10), ("field", 15)), group_min=45, group_max=90, feedback=25, close=15,
             breaks=(("Break", 15), ("Lunch", 45), ("Break", 15)), more_in_room=True),
)

TAUGHT_PARTS = ("context", "overview", "field")


@dataclass(frozen=True)
class Segment:
    minutes: int
    what: str                # Markdown, already escaped where it holds data
    how: str                 # Markdown
    part: str
    kind: str = "plenary"    # plenary, intro, module, groups (the main small-group time: what is left) or break
    module: object = None    # the Module, for a module's own time
    break_before: bool = True


@dataclass(frozen=True)
class Plan:
    spec: PlanSpec
    before: tuple            # Modules learners take before the session
    room: tuple              # Segments, in order
    after: tuple             # Modules learners take after it

    @property
    def total(self):
        return sum(s.minutes for s in self.room)

    @property
    def group_minutes(self):
        return next(s.minutes for s in self.room if s.kind == "groups")


def module_line(module):
    return f"Module {module.number}: {markdown_line(module.title)}"


def _segments(spec, modules, parts, before, group_minutes):
    room, after = [], []
    arrival = ("Arrival: everyone opens the course with their personal link (anyone new presses **Start the "
               "course**)" if before else "Arrival: everyone opens the course and presses **Start the course**")
    by_part = {p.key: [m for m in modules if parts[m.id].key == p.key] for p in PARTS}
    for part in PARTS:
        mine = by_part[part.key]
        if part.key == "opening":
            room.append(Segment(spec.opening, arrival,
                                "Plenary: the room's address on the screen (QR code), personal links kept",
                                part.key))
        if part.key in TAUGHT_PARTS and mine:
            recap = all(m in before for m in mine)
            room.append(Segment(spec.intro, f"{'Recap' if recap else 'Introduce'}: {PART_TITLES[part.key]}",
                                "Plenary: the tutor projects the course" + (
                                    " and asks what learners took from it before the session" if recap else ""),
                                part.key, "intro"))
        if part.key == "groups":
            room.append(Segment(group_minutes, "Small groups: the workshop's reflection and discussion questions",
                                "Groups of 4 to 6, with roles (see *Small groups: the protocol*)", part.key,
                                kind="groups"))
        for module in mine:
            if module in before:
                continue
            if part.key == "more" and not spec.more_in_room:
                after.append(module)
                continue
            how = {"groups": "Each learner writes their own answers, after the group's talk",
                   "closing": "Each learner on their own: answers and action plan"}.get(part.key,
                                                                                      "Each learner at their own pace")
            room.append(Segment(module.minutes, module_line(module), how, part.key, "module", module,
                                break_before=part.key != "groups"))
        for moment_part, minutes in spec.group_moments:
            if moment_part == part.key and any(m not in before for m in mine):
                room.append(Segment(minutes, f"Small groups: a short turn on {PART_TITLES[part.key]}",
                                    "Threes at their tables (see the module notes)", part.key))
        if part.key == "groups":
            room.append(Segment(spec.feedback, "Plenary: groups report back",
                                "Each group's reporter gives one point; the tutor shows the room view",
                                part.key, break_before=False))
        if part.key == "closing":
            room.append(Segment(spec.close, "Closing plenary: the workshop's questions for the room",
                                "Groups post on their board, then one action from each group", part.key,
                                break_before=False))
    return room, after


def build_plan(spec, modules):
    """A session plan from the modules' minutes: the main small-group time takes what the session leaves, and when
    that is too little the earliest modules of the taught parts move before the session, one at a time."""
    parts = parts_of(modules)
    movable = [m for m in modules if parts[m.id].movable]
    before = []
    while True:
        room, after = _segments(spec, modules, parts, before, 0)
        fixed = sum(s.minutes for s in room) + sum(minutes for _, minutes in spec.breaks)
        left = spec.length - fixed
        if left >= spec.group_min or len(before) == len(movable):
            break
        before.append(movable[len(before)])
    group_minutes = max(spec.group_min, min(spec.group_max, left))
    room, after = _segments(spec, modules, parts, before, group_minutes)
    return Plan(spec, tuple(before), tuple(_with_breaks(spec, room)), tuple(after))


def _with_breaks(spec, room):
    """The breaks, each at the boundary nearest its even share of the session where a break may go."""
    session = sum(s.minutes for s in room) + sum(minutes for _, minutes in spec.breaks)
    placed = list(room)
    for number, (name, minutes) in enumerate(spec.breaks, start=1):
        target = session * number / (len(spec.breaks) + 1)
        starts, clock = [], 0
        for index, segment in enumerate(placed):
            # Not straight after another break, nor between a part's introduction and its first module.
            if index > 0 and segment.break_before and placed[index - 1].kind not in ("break", "intro"):
                starts.append((abs(clock - target), index))
            clock += segment.minutes
        if starts:
            _, index = min(starts)
            placed.insert(index, Segment(minutes, name, "", placed[index].part, "break", break_before=False))
    return placed


def clock_text(minutes):
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}"


def duration_text(minutes):
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def plan_markdown(plan):
    spec = plan.spec
    lines = [f"### {spec.title}", ""]
    end = spec.start + plan.total
    lines.append(f"From {clock_text(spec.start)} to {clock_text(end)}: {duration_text(plan.total)} in the room, "
                 f"breaks included.")
    if plan.total > spec.length:
        lines.append(f"The modules that must be done in the room take longer than the {duration_text(spec.length)} "
                     f"planned, so this session overruns by {duration_text(plan.total - spec.length)}.")
    lines.append("")
    if plan.before:
        minutes = sum(m.minutes for m in plan.before)
        lines += [f"**Before the session** ({duration_text(minutes)}): the modules take longer than the session "
                  "leaves after the small groups, so ask learners to take these modules first, a few days ahead; "
                  "their work is kept, and the session recaps them. That needs the course where learners can reach "
                  "it before the day (behind JupyterHub, or on a server of your organisation's network). A room "
                  "served from a laptop on the day can't be reached before it: then run the full day, or walk the "
                  "room through these modules on the projector in the recap slots.", ""]
        lines += [f"- {module_line(m)} ({m.minutes} min)" for m in plan.before] + [""]
    lines += ["| Time | Minutes | What | How |", "| --- | --- | --- | --- |"]
    clock = spec.start
    for segment in plan.room:
        lines.append(f"| {clock_text(clock)}–{clock_text(clock + segment.minutes)} | {segment.minutes} | "
                     f"{segment.what} | {segment.how} |")
        clock += segment.minutes
    lines.append(f"| | **{plan.total}** | **Total in the room** | |")
    lines.append("")
    if plan.after:
        minutes = sum(m.minutes for m in plan.after)
        lines += [f"**After the session** ({duration_text(minutes)}): learners take these when they like, with "
                  "their personal link, while the course can be reached (a room served from a laptop can't be after "
                  "the day: then show them at the close):", ""]
        lines += [f"- {module_line(m)} ({m.minutes} min)" for m in plan.after] + [""]
    return "\n".join(lines)


# ---------------------------------------------------------------- what to say and ask, module by module

# The tutor's notes for each module (the course's own suggestions). A module added to data/modules.csv without
# notes here still appears in the guide, with its summary.
MODULE_NOTES = {
    "welcome": dict(
        say="Welcome the room and say what the session is: it follows the workshop *Systems Leadership: improvising "
            "your way to change* and moves through its parts in order. Say how work is kept: each learner presses "
            "**Start the course** and keeps the personal link it gives; answers are saved as they go; the room view "
            "shows only counts from three or more learners, and only the written answers a learner ticks to share "
            "(without their name).",
        ask=("What brought you here: which piece of work across organisations is on your mind today?",),
    ),
    "context": dict(
        say="The workshop starts from increasing complexity and difficulty, and from leadership as a way of dealing "
            "with it. Read the quotations aloud and point to what they ask for: leadership shared across a "
            "system, a matter of behaviours, not of a few heroic individuals.",
        ask=("Where has the complexity or difficulty of your work grown most in the last year?",
             "Where you work, is leading across the system a 'must have' yet, or still a 'nice to have'?"),
    ),
    "what-it-involves": dict(
        say="Systems leadership takes leadership beyond your organisation. Walk through the kinds of leadership the "
            "workshop names, the situations it is for, and what it is like: systemic, participative, emergent and "
            "based on trust and relationships, in other words on behaviours. The knowledge check ends the module; "
            "the room view shows which question the room missed most: talk that one through.",
        ask=("Which of the situations are you in right now: not in charge, needing to ask, complex, no money?",
             "Which kind of leadership (cross-sector, shared, ceded, partial, transformational) is hardest for you?"),
    ),
    "thinking-about-systems": dict(
        say="A system here is people and bodies interacting, not one organisation's chart. Learners map a system they "
            "work in, then meet Maturana and Varela's points about living systems and try the perturbation "
            "explorer: a system acts to kill a perturbation, and adapts only if it is held perturbed long enough.",
        ask=("Who in your map are you not in charge of?",
             "What disturbance is your system resisting right now, and how long would it have to last before the "
             "system adapted to it?"),
        groups="In a full day, close this part in threes: each shows their system map for three minutes and the "
               "others ask who is missing from it.",
    ),
    "ways-of": dict(
        say="Learning from the field starts with the research by Ghate, Lewis and Welbourn (2013) and its six 'ways "
            "of'. Give the room the balcony and the dance floor as two ways of observing, then let learners sort the "
            "observations, work through the scenario and assess themselves. The room view shows the items the room "
            "found hardest and the room's profile across the six ways (its spread, not only its mean).",
        ask=("When did you last go up to the balcony, and what could you see from there that you couldn't on the "
             "dance floor?",
             "Which of the six ways is the room's strongest, and which its weakest? What would it take to grow it?"),
        groups="When this module is taken in the room: after the balcony sorter, pairs take the item the room found "
               "hardest and each says where they put it and why (five minutes, within the module's time).",
    ),
    "what-leaders-do": dict(
        say="The research's characteristics and behaviours to look for, and what systems leaders do, since "
            "leadership in systems is seldom done by one person.",
        ask=("Think of someone you have seen lead well across organisations: which of these did they show?",
             "Who are the 'real' leaders making change happen in your place, and do they know you see them?"),
    ),
    "leadership-development": dict(
        say="What leadership development programmes in places have taught: relationships and shared purpose, "
            "connectivity, senior support, involving communities, reaching from senior to operational level, and "
            "Public Health.",
        ask=("Which of these lessons already hold where you work, and which are missing?",),
    ),
    "practice-in-places": dict(
        say="The national programme and what places found: first that no-one said it was easy, then real progress, "
            "and change reaching people, roles and integrated teams. Learners explore the places and match each to "
            "a lesson; the guide's answer key below gives the reasoning for each place.",
        ask=("Which of the difficulties do you recognise from your own place?",
             "Which place is most like yours, and what would you borrow from it?"),
        groups="In a full day, close this part in threes: each group takes two places and says which lesson each "
               "illustrates, and whether they agree with the course's reading.",
    ),
    "general-lessons": dict(
        say="Seven general lessons that draw the learning together, with a knowledge check to end on.",
        ask=("Which one lesson would make the most difference to your work if you acted on it next week?",),
    ),
    "reflection": dict(
        say="Now the workshop turns to small group working: reflection and discussion. Send the room into its groups "
            "with the two questions on the screen; after the talk, each learner writes their own answers in the "
            "module. Remind them that a written answer reaches the room view only if they tick to share it.",
        ask=(),
        groups="This is the main small-group time: follow *Small groups: the protocol*.",
    ),
    "looking-ahead": dict(
        say="Feedback and looking ahead: each learner writes how they might use the learning individually, in their "
            "organisation or area and in their systems, and makes an action plan. Then close on the workshop's last "
            "questions, which it asks of the room as a group.",
        ask=(),
        groups="Groups meet again for the closing: each group posts on its board, then the room hears one action "
               "from each group.",
    ),
    "more-information": dict(
        say="Where to read and learn more, and how to keep the journal: point to it, and to **Make my journal** on "
            "the home page.",
        ask=("What will you read or follow up first?",),
    ),
}


def _list_items(list_id):
    return [row["text"] for row in load_table("lists.csv") if row["list_id"] == list_id]


def module_notes_markdown(modules, plans):
    parts = parts_of(modules)
    lines = ["## Module by module: what to say and ask", "",
             "Times are the modules' own (from the course's list of modules); *Say* and *Ask* are suggestions in "
             "the course's words, to adapt to the room.", ""]
    shown = {}
    for entry in EXERCISES:
        title_of = _exercise_titles(entry)
        for key in entry.shown_at:
            shown.setdefault(module_for_key(key, [m.id for m in modules]), []).append((key, title_of[key]))
    for module in modules:
        notes = MODULE_NOTES.get(module.id, {})
        when = "; ".join(f"{plan.spec.name.lower()}: "
                         + ("before the session" if module in plan.before else
                            "after the session" if module in plan.after else "in the room")
                         for plan in plans)
        lines += [f"### {module_line(module)} ({module.minutes} min)", "",
                  f"*{PART_TITLES[parts[module.id].key]}* · {when}", "",
                  f"{markdown_line(module.summary)}", ""]
        if notes.get("say"):
            lines += [f"**Say:** {notes['say']}", ""]
        if module.id == "context":
            for quote in load_table("quotes.csv"):
                attribution = ", ".join(v for v in (quote["speaker"], quote["source"], quote["date"]) if v)
                lines += [f"> “{markdown_line(quote['text'])}”", ">", f"> Source: {markdown_line(attribution)}", ""]
        asks = list(notes.get("ask", ()))
        if asks:
            lines += ["**Ask:**", ""] + [f"- {a}" for a in asks] + [""]
        if module.id == "reflection":
            lines += ["**Ask** (the workshop's questions, for the groups):", ""]
            lines += [f"- {markdown_line(q)}" for q in _list_items("reflection-questions")]
            lines += ["", "Source: the workshop, *Systems Leadership: Reflection and discussion*", ""]
        if module.id == "looking-ahead":
            lines += ["**Ask** (the workshop's closing questions, for the room):", ""]
            lines += [f"- {markdown_line(q)}" for q in _list_items("influence-and-actions")]
            lines += ["", "Source: the workshop's closing", ""]
        if shown.get(module.id):
            lines += ["**On the page:** " + "; ".join(f"*{markdown_line(title)}* (`{key}`)"
                                                      for key, title in shown[module.id]) + ".", ""]
        if notes.get("groups"):
            lines += [f"**Small groups:** {notes['groups']}", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- the small-group protocol

def protocol_markdown(plans):
    questions = _list_items("reflection-questions")
    closing = _list_items("influence-and-actions")
    lines = ["## Small groups: the protocol", "",
             "The workshop ends in small group working: reflection and discussion. The course keeps that shape.", "",
             "**Forming groups.** Four to six people, mixed so that no group is one organisation: ask people to sit "
             "with those they work with least. Set the number of groups on the tutor's pages, and ask learners to "
             "choose their group on the home page (or assign them).", "",
             "**Roles**, chosen in the first minutes:", "",
             "- a *convenor*, who keeps everyone heard and the talk on the questions;",
             "- a *timekeeper*, who calls the time for each question;",
             "- a *scribe*, who posts the group's points on its board as they go;",
             "- a *reporter*, who brings one point back to the room.", "",
             "Rotate the roles between the main small-group time and the closing.", "",
             "**Timings.** The main small-group time is what the session leaves after the modules:", ""]
    for plan in plans:
        steps = group_steps(plan.group_minutes, questions)
        timings = "; ".join(f"{what} {minutes} min" for what, minutes in steps)
        lines.append(f"- {plan.spec.name}: {plan.group_minutes} min ({timings}).")
    lines += ["", "**The questions**, on the screen and in the reflection module:", ""]
    lines += [f"{n}. {markdown_line(q)}" for n, q in enumerate(questions, start=1)]
    lines += ["", "Source: the workshop, *Systems Leadership: Reflection and discussion*", "",
              "Then each learner writes their own answers in the reflection module, and ticks *Share with the room "
              "(without my name)* only if they wish.", "",
              "**Bringing the room back.** Give a two-minute warning. In plenary, each reporter gives one point the "
              "group wants the room to hear (a minute each), without repeating another group's. Put the room view on "
              "the screen: the shared answers and the counts, never anyone's name. Name the two or three themes you "
              "heard, and link them to the lessons the room has met.", "",
              "**The closing.** The workshop ends on questions for the room as a group:", ""]
    lines += [f"- {markdown_line(q)}" for q in closing]
    lines += ["", "Source: the workshop's closing", "",
              "Each group posts its answers on its board; every member's journal keeps the board. Then ask each group "
              "for one action it might take, and end there.", ""]
    for plan in plans:
        board = plan.spec.close // 2
        lines.append(f"- {plan.spec.name}: {plan.spec.close} min (groups post on their boards {board} min; one action "
                     f"from each group {plan.spec.close - board} min).")
    lines.append("")
    return "\n".join(lines)


def group_steps(minutes, questions):
    """The main small-group time split: roles, an equal share for each question, and agreeing what to bring back."""
    setup, wrap = 3, 4
    talk = max(0, minutes - setup - wrap)
    count = max(1, len(questions))
    shares = [talk // count + (1 if n < talk % count else 0) for n in range(count)]
    return ([("roles", setup)] + [(f"question {n}", share) for n, share in enumerate(shares, start=1)]
            + [("agree the point to bring back", wrap)])


# ---------------------------------------------------------------- the exercises' answers and reasoning

# Columns shown by looking them up (ids and lists of ids), not as they are in the file.
LOOKED_UP = {("place_lessons.csv", "also_accepted"), ("places_task.csv", "places")}

# What to call a column the guide has no words of its own for, when the file has it; otherwise its name.
COLUMN_LABELS = {
    ("place_lessons.csv", "miss_reason"): "What a learner reads when their lesson doesn't fit",
    ("self_assessment_suggestions.csv", "why"): "Why the course pairs them",
    ("balcony_scenario.csv", "model_answer"): "Model answer, shown once a learner has written theirs",
}


def looked_up(file, column):
    """Whether a column's values are names of other rows (ids) that the guide shows by what they name."""
    spec = next(c for c in SCHEMAS[file].columns if c.name == column)
    return column == "id" or column.endswith("_id") or bool(spec.refs) or (file, column) in LOOKED_UP


def _extras(file, row, used):
    """A row's columns that the guide doesn't name, each as an item under the row's: nothing in a file is left out."""
    return [f"  - {extra}" for extra in _extra_fields(file, row, used)]


def _extra_fields(file, row, used):
    """A row's columns that the guide doesn't name, each as "*label:* value"."""
    lines = []
    for column in SCHEMAS[file].column_names:
        if column in used or looked_up(file, column):
            continue
        value = row.get(column)
        if value not in (None, "", False):
            label = COLUMN_LABELS.get((file, column), column.replace("_", " "))
            lines.append(f"*{markdown_line(label)}:* {markdown_line(value)}")
    return lines


def _balcony_items(file):
    lines = []
    for row in load_table(file):
        lines.append(f"- “{markdown_line(row['text'])}” — key: **{markdown_line(row['answer'])}**. "
                     f"{markdown_line(row['explanation'])}")
        lines += _extras(file, row, {"text", "answer", "explanation"})
    return lines


def _balcony_scenario(file):
    lines = []
    for row in load_table(file):
        lines += [f"**From the {markdown_line(row['view'])}:** {markdown_line(row['text'])}", "",
                  f"*Prompt:* {markdown_line(row['prompt'])}", ""]
        for extra in _extra_fields(file, row, {"view", "text", "prompt"}):
            lines += [extra, ""]
    return lines


def _knowledge_questions(file):
    options = load_table("knowledge_options.csv")
    titles = {m.id: m.title for m in load_modules()}
    lines, module = [], None
    for question in load_table(file):
        if question["module"] != module:
            module = question["module"]
            lines += [f"**{markdown_line(titles.get(module, module))}**", ""]
        own = [o for o in options if o["question_id"] == question["id"]]
        right = sum(1 for o in own if o["correct"])
        lines.append(f"- {markdown_line(question['question'])} (*{question['kind']}: {right} of {len(own)} options "
                     "right*)")
        lines += _extras(file, question, {"module", "kind", "question"})
        for option in own:
            mark = "✓ right" if option["correct"] else "✗ not right"
            lines.append(f"  - {markdown_line(option['option'])} — **{mark}**. {markdown_line(option['feedback'])}")
            lines += ["  " + line for line in _extras("knowledge_options.csv", option,
                                                        {"option", "correct", "feedback"})]
        lines.append("")
    return lines


def _place_lessons(file):
    places = {row["id"]: row["place"] for row in load_table("places.csv")}
    lessons = {row["id"]: row["text"] for row in load_table("matching_lessons.csv")}
    lines = []
    for row in load_table(file):
        also = [lessons.get(i.strip(), i.strip()) for i in (row["also_accepted"] or "").split(";") if i.strip()]
        lines.append(f"- **{markdown_line(places.get(row['place'], row['place']))}**: best lesson “"
                     f"{markdown_line(lessons.get(row['best_lesson'], row['best_lesson']))}”"
                     + ("; also accepted: " + "; ".join(f"“{markdown_line(a)}”" for a in also) if also else "")
                     + f". {markdown_line(row['explanation'])}")
        lines += _extras(file, row, {"place", "best_lesson", "also_accepted", "explanation"})
    return lines


def _matching_lessons(file):
    lines = []
    for row in load_table(file):
        lines.append(f"- {markdown_line(row['text'])} (*{markdown_line(row['source'])}*)")
        lines += _extras(file, row, {"text", "source"})
    return lines


def _ways_of(file):
    qualities = load_table("ways_of_qualities.csv")
    lines = []
    for way in load_table(file):
        named = ", ".join(markdown_line(q["quality"]) for q in qualities if q["way"] == way["number"])
        lines.append(f"- **{way['number']}. {markdown_line(way['name'])}** ({markdown_line(way['focus'])}): {named}")
        lines += _extras(file, way, {"number", "name", "focus"})
    return lines


def _suggestions(file):
    lines = []
    for row in load_table(file):
        lines.append(f"- **{markdown_line(row['way'])}**: “{markdown_line(row['quote'])}” "
                     f"(*{markdown_line(row['source'])}*)")
        lines += _extras(file, row, {"quote", "source"})
    return lines


def _reflection_prompts(file):
    lines, current = [], None
    for row in load_table(file):
        if row["set"] != current:
            current = row["set"]
            lines += [""] * bool(lines) + [f"Prompts of `reflection:{markdown_line(current)}`:", ""]
        kind = " (a list of wicked issues, each rated 1–5)" if row["kind"] == "issues" else ""
        lines.append(f"- {markdown_line(row['prompt'])}{kind}")
        lines += _extras(file, row, {"set", "prompt", "kind"})
    return lines


def _perturbation_text(file):
    lines = []
    for row in load_table(file):
        source = f" (Source: {markdown_line(row['source'])})" if row.get("source") else ""
        lines.append(f"- {markdown_line(row['text'])}{source}")
        lines += _extras(file, row, {"text", "source"})
    return lines


def _actor_types(file):
    lines = []
    for row in load_table(file):
        lines.append(f"- **{markdown_line(row['type'])}** (drawn as a {markdown_line(row['shape'])}): "
                     f"{markdown_line(row['description'])}")
        lines += _extras(file, row, {"type", "shape", "description"})
    return lines


def _example_actors(file):
    actors = load_table(file)
    lines = ["The worked example's actors: " + "; ".join(
        f"{markdown_line(a['name'])} ({markdown_line(a['type'])})" for a in actors) + "."]
    for row in actors:
        lines += _extras(file, row, {"name", "type"})
    return lines


def _example_links(file):
    lines = ["Its interactions:", ""]
    for row in load_table(file):
        lines.append(f"- {markdown_line(row['from'])} → {markdown_line(row['to'])}: {markdown_line(row['label'])}")
        lines += _extras(file, row, {"label"})
    return lines


def _places(file):
    lines = []
    for row in load_table(file):
        lines.append(f"- **{markdown_line(row['place'])}** ({markdown_line(row['programme'])}; theme: "
                     f"{markdown_line(row['theme'])}; listed under: {markdown_line(row['slide'])}): "
                     f"{markdown_line(row['what_changed'])}")
        lines += _extras(file, row, {"place", "programme", "theme", "slide", "what_changed"})
    return lines


def _places_task(file):
    places = {row["id"]: row["place"] for row in load_table("places.csv")}
    lines = []
    for row in load_table(file):
        found = [places.get(i.strip(), i.strip()) for i in row["places"].split(";") if i.strip()]
        lines += [f"**The task:** {markdown_line(row['task'])}", "",
                  "*The places it asks for:* " + "; ".join(markdown_line(p) for p in found), "",
                  f"*Hint:* {markdown_line(row['hint'])}", "", f"*Question:* {markdown_line(row['question'])}", "",
                  f"*Shown once the learner has answered:* {markdown_line(row['compare'])}", ""]
        for extra in _extra_fields(file, row, {"task", "hint", "question", "compare"}):
            lines += [extra, ""]
    return lines


def _generic(file):
    """A file the guide has no words for yet: every row, every column, as the schema names them."""
    lines = []
    for row in load_table(file):
        cells = [f"*{markdown_line(c.replace('_', ' '))}:* {markdown_line(row[c])}"
                 for c in SCHEMAS[file].column_names if row.get(c) not in (None, "")]
        lines.append("- " + "; ".join(cells))
    return lines


# Each data file's section: its heading and how its rows are written. A file not listed here is written generically.
FILE_WRITERS = {
    "balcony_items.csv": ("The items, their keys and the feedback learners read", _balcony_items),
    "balcony_scenario.csv": ("The scenario, told from each view", _balcony_scenario),
    "knowledge_questions.csv": ("Every question, every option, whether it is right, and the feedback on it",
                                _knowledge_questions),
    "knowledge_options.csv": None,   # written with its questions
    "place_lessons.csv": ("The course's reading of each place: the lesson it illustrates best, others also "
                          "accepted, and why", _place_lessons),
    "matching_lessons.csv": ("The lessons learners choose from", _matching_lessons),
    "ways_of.csv": ("The six ways and the qualities learners rate themselves on (1 to 5)", _ways_of),
    "ways_of_qualities.csv": None,   # written with the ways
    "self_assessment_suggestions.csv": ("The lesson offered for each way, when it is among a learner's lowest",
                                        _suggestions),
    "reflection_prompts.csv": ("The prompts (there are no right answers: listen for the issues and connections "
                               "the room names)", _reflection_prompts),
    "perturbation_text.csv": ("The sentences the explorer illustrates and the outcomes it names",
                              _perturbation_text),
    "actor_types.csv": ("The kinds of actor learners can place in a map", _actor_types),
    "system_example_actors.csv": ("The course's worked example: a hospital discharge", _example_actors),
    "system_example_links.csv": (None, _example_links),
    "places.csv": ("The places learners explore", _places),
    "places_task.csv": ("The explorer's task and what learners compare their answer with", _places_task),
}

# What the tutor needs to know about each exercise beyond its data: how it treats an answer (the course's words).
EXERCISE_NOTES = {
    "perturbation": "There is no right answer: learners choose a push on a system and watch how it responds. Ask "
                    "what perturbation their own system is resisting now.",
    "system-builder": "There is no right answer: the map is the learner's own system. The page reflects the map "
                      "back against the workshop's definition of a system.",
    "balcony-sorter": "Learners place each item and check; the feedback below is what they read. The room view "
                      "shows the items the room found hardest: start the discussion there.",
    "balcony-scenario": "One situation told twice; learners note what each view misses. There is no key: compare "
                        "notes in pairs.",
    "self-assessment": "Learners rate themselves on each quality; for their lowest ways the page offers a lesson to "
                       "try. The pairing of ways and lessons is the course's, not the workshop's.",
    "places-explorer": "Learners filter and search the places; there is nothing to get right.",
    "places-matching": "Learners match each place to a lesson. The key is the course's reading of the workshop's "
                       "text, not the workshop's own: invite the room to argue with it.",
    "reflection": "Written answers, with no key.",
    "action-plan": "Each action with who and by when, at three levels: individual, organisation and system. It has "
                   "no data file and no key.",
    "knowledge-check": "Each option has its own feedback, below. The room view shows the questions the room "
                       "missed most.",
}


def _exercise_titles(entry):
    return {key: find_exercise(key).title for key in entry.shown_at}


def exercise_heading(entry, titles):
    """One heading for an exercise: its title, or for one shown on several pages its name ("Knowledge checks")."""
    if len(titles) == 1:
        return titles[0]
    return entry.name.replace("-", " ").capitalize() + "s"


def exercises_markdown(modules):
    ids = [m.id for m in modules]
    titles = {m.id: m.title for m in modules}
    lines = ["## The exercises: answers and the reasoning behind them", "",
             "Everything below is read from the exercises' files in `data/`, so it is what learners see today. "
             "Where an exercise has a key, the feedback is what a learner reads after checking.", ""]
    for entry in EXERCISES:
        names = _exercise_titles(entry)
        keys = ", ".join(f"`{k}`" for k in entry.shown_at)
        where = ", ".join(dict.fromkeys(markdown_line(titles.get(module_for_key(k, ids), "")) for k in entry.shown_at))
        distinct = list(dict.fromkeys(names.values()))
        lines += [f"### {markdown_line(exercise_heading(entry, distinct))}", "", f"Shown in: {where} ({keys})."
                  + (" Their titles: " + "; ".join(f"*{markdown_line(t)}*" for t in distinct) + "."
                     if len(distinct) > 1 else ""), ""]
        if entry.name in EXERCISE_NOTES:
            lines += [EXERCISE_NOTES[entry.name], ""]
        for file in entry.data_files:
            writer = FILE_WRITERS.get(file, ("From " + file, _generic))
            if writer is None:
                continue
            heading, write = writer
            if heading:
                lines += [f"#### {heading}", "", f"*From `data/{file}`.*", ""]
            try:
                lines += write(file) + [""]
            except KeyError:
                # A column the guide's words name has gone from the file's schema: every row is still written,
                # column by column, until the words above are brought up to date.
                lines += _generic(file) + [""]
    return "\n".join(lines)


# ---------------------------------------------------------------- setting up the room

ROOM_SETUP = """## Setting up the room

**Before the day.** On the machine that will serve the room (each open page takes about 110 MB, so a room
of 30 needs about 3.5 GB of memory free), run `bash scripts/serve.sh` once: it installs everything the first
time. Open a module or two to check.

**Serve the room.** On the day, serve it on the room's network:

```bash
HOST=0.0.0.0 bash scripts/serve.sh --room
```

`PORT=8866` is the default; choose another with `PORT=`. As it starts, the server prints the course's address
and the **tutor link** (`…/voila/render/tutor-room.ipynb?tutor=…`, the room view). Keep the tutor link to
yourself: its key opens the tutor's pages, and a learner's link, a changed key or no key opens none of them.
This guide is the same link with `tutor-guide.ipynb` in place of `tutor-room.ipynb`. Each start makes a new key
and the old link stops working.

**Behind JupyterHub** there is no room address to give out: learners sign in to the hub and open the course
there, and the tutor's pages open for the hub's tutors and admins.

**Find the machine's network address**, the one learners' devices will use:

- Linux: `hostname -I` (the first address, often `192.168.…` or `10.…`);
- macOS: `ipconfig getifaddr en0` (or `en1` on some machines);
- Windows: `ipconfig`, the *IPv4 Address* of the adapter on the room's network.

The room's address is then `http://ADDRESS:8866/`, for example `http://192.168.1.20:8866/`. Learners and the
server must be on the same network, and the machine's firewall must let the port in. If learners reach the
course under a name rather than an address, add it: `SL_ALLOWED_HOSTS=course.example.org`.

**Project a QR code of the room's address.** Open this guide with the tutor link, putting the machine's network
address in place of `localhost` (the page shows the address it was opened with): it then shows the room's address
in large type with a QR code, drawn on the server with nothing sent anywhere. Or print one in the terminal, or
save it as a picture to put on a slide:

```bash
.venv/bin/python -m widgets.pages.facilitator_guide --qr http://192.168.1.20:8866/
.venv/bin/python -m widgets.pages.facilitator_guide --qr http://192.168.1.20:8866/ --qr-file room.svg
```

**As learners arrive**, each opens the address (or scans the code) and presses **Start the course**. Ask them to
keep the personal link it gives (bookmark it or copy it): it is the only way back to their work. Someone on a shared
computer ticks *This is a shared computer*. A learner who loses their link: re-issue it from the tutor's pages.

**During the session**, if a page says *The course is busy*, ask learners to close the tabs they don't need: each
open page holds its own share of the server. Pages left open on a closed laptop free themselves after two minutes.

**After the session**, learners take their journal (**Make my journal** on the home page). Keep the store: back it
up with `SL_STORE=… .venv/bin/python -m widgets.storage.store backup ~/backups/store-$(date +%F).sqlite`.
"""


# ---------------------------------------------------------------- the whole guide

def guide_markdown(data_dir=None):
    """The facilitator guide as Markdown, from the template above and the course's data as it is now."""
    modules = load_modules(data_dir)
    plans = [build_plan(spec, modules) for spec in PLANS]
    parts = parts_of(modules)
    total = sum(m.minutes for m in modules)
    lines = [f"# Facilitator guide: {markdown_line(COURSE_TITLE)}", "",
             f"*This guide is made from the course's data; after changing anything in `data/`, regenerate it with "
             f"`{REGENERATE}`.*", "",
             "## Contents", "",
             "1. The workshop and the course", "2. The modules at a glance", "3. Session plans",
             "4. Module by module: what to say and ask", "5. Small groups: the protocol",
             "6. The exercises: answers and the reasoning behind them", "7. Setting up the room", "",
             "## The workshop and the course", "",
             "The course follows the workshop *Systems Leadership: improvising your way to change*. Its overall "
             "purpose was to offer learners an opportunity to:", ""]
    lines += [f"- {markdown_line(item)}" for item in _list_items("purpose")]
    lines += ["", "and it moved through four parts:", ""]
    lines += [f"- {markdown_line(item)}" for item in _list_items("agenda")]
    lines += ["", "Source: the workshop's overall purpose and agenda", "",
              "The session plans below keep that sequence, open with the course's welcome, and close on the "
              "workshop's questions for the room.", "",
              "## The modules at a glance", "",
              "| Module | Minutes | Part | Summary |", "| --- | --- | --- | --- |"]
    for module in modules:
        lines.append(f"| {module_line(module)} | {module.minutes} | {PART_TITLES[parts[module.id].key]} | "
                     f"{markdown_line(module.summary)} |")
    lines += [f"| **All modules** | **{total}** | | {duration_text(total)} at the learners' own pace |", "",
              "## Session plans", "",
              "Both plans follow the workshop's sequence and take each module's minutes from the course's list of "
              "modules. The main small-group time takes what is left of the session (within limits); when too "
              "little is left, the earliest modules move before the session and the tutor recaps them.", ""]
    for plan in plans:
        lines.append(plan_markdown(plan))
    lines.append(module_notes_markdown(modules, plans))
    lines.append(protocol_markdown(plans))
    lines.append(exercises_markdown(modules))
    lines.append(ROOM_SETUP)
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- the tutor page

def room_address(environ):
    """The course's address as this page's browser reached the server (host and port from the request): its root,
    which opens the course home page, so the address is short enough to read off a screen and type."""
    from ..storage.learner import NOBODY, page_address, personal_link

    script = environ.get("SCRIPT_NAME", "") or "/voila/render/index.ipynb"
    if "voila/render/" not in script:
        return personal_link(environ, NOBODY, HOME_NOTEBOOK)
    address = page_address({**environ, "SCRIPT_NAME": script.split("voila/render/", 1)[0]})
    return ("https://" if environ.get("SERVER_PORT", "") == "443" else "http://") + address


def room_qr_svg(address):
    """A QR code of the room's address as an inline SVG that scales to the screen (segno, on the server: nothing
    leaves the machine), as large as a projector needs."""
    import segno

    svg = segno.make(address, error="m").svg_inline(scale=1, border=2, omitsize=True, dark="#1b1f23",
                                                    light="#ffffff", svgclass="sl-qr-code")
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code of the room\'s address" '
                                'style="display:block;width:min(55vh,80vw);height:auto" ', 1)


def is_loopback(environ):
    host = (environ.get("SERVER_NAME", "") or "localhost").strip("[]").lower()
    return host in ("localhost", "::1") or host.startswith("127.") or host.endswith(".localhost")


def room_address_html(environ):
    """The room's address in large type with a QR code to project; on localhost, how to reach the room instead."""
    import html

    from ..views.ui import message_html

    address = room_address(environ)
    if is_loopback(environ):
        return message_html(f"This page was opened as {address}, which only this machine can reach, so no QR code "
                            "is shown. Serve the room with HOST=0.0.0.0 and open this page with the machine's network "
                            "address (see Setting up the room, below): the code then shows the address learners use.",
                            "warn", "For the room")
    return ('<figure class="sl-qr sl-room-address">' + room_qr_svg(address)
            + '<figcaption style="font-size:clamp(1.2rem,4vw,2.4rem);color:inherit;overflow-wrap:anywhere">'
            f"{html.escape(address)}</figcaption></figure>")


def guide_html(markdown):
    """The guide's Markdown as HTML for the tutor page. Its data is escaped already (`markdown_line` writes "<" as
    "&lt;"), so entities are read once and escaped once; any raw HTML stays text, and links stay text too."""
    import mistune
    from mistune.renderers.html import HTMLRenderer
    from mistune.util import safe_entity

    class GuideRenderer(HTMLRenderer):
        def text(self, text):
            return safe_entity(text)

        def link(self, text, url, title=None):
            return text

    rendered = mistune.create_markdown(renderer=GuideRenderer(escape=True), plugins=["table", "strikethrough"])
    # Every "<" from the data is escaped, so the only tables are the guide's own: styled as the course's tables.
    return rendered(markdown).replace("<table>", '<table class="sl-plan-table">')


ROOM_VIEW = "tutor-room.ipynb"


@shows_problems
def show_room_address(tutor_page=True):
    """The tutor page's first part: the room's address in large type and its QR code, from this page's request.

    `tutor_page` is what the tutor pages' gate returned: None when it refused the visitor (nothing is shown then);
    one with a `link(notebook)` (carrying the tutor's key) also gets a link to the room view."""
    from IPython.display import HTML, display

    from ..storage.learner import request_environ

    if tutor_page is None:
        return
    link = getattr(tutor_page, "link", None)
    room_view = (f'<p><a class="sl-button" href="{html_text(link(ROOM_VIEW))}">Open the room view</a></p>'
                 if callable(link) else "")
    display(HTML(room_address_html(request_environ()) + room_view))


@shows_problems
def show_guide(tutor_page=True):
    """The tutor page's second part: the guide, without its title (the page's own heading) and the note on
    regenerating docs/ (the page is made afresh each time). Nothing when the gate refused (`tutor_page` None)."""
    from IPython.display import HTML, display

    if tutor_page is None:
        return
    title, note, body = guide_markdown().split("\n\n", 2)
    display(HTML(guide_html(body)))


# ---------------------------------------------------------------- the command line

def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m widgets.pages.facilitator_guide",
                                     description="Print the facilitator guide, write it to docs/, or print a QR code "
                                                 "of the room's address.")
    parser.add_argument("--write", action="store_true", help=f"write the guide to {GUIDE_FILE.name} in docs/")
    parser.add_argument("--qr", metavar="ADDRESS", help="print a QR code of ADDRESS in the terminal")
    parser.add_argument("--qr-file", metavar="FILE", help="with --qr: save the QR code to FILE (.svg or .png)")
    args = parser.parse_args(argv)
    if args.qr:
        import segno

        code = segno.make(args.qr, error="m")
        if args.qr_file:
            code.save(args.qr_file, scale=10, border=4)
            print(f"Saved a QR code of {args.qr} to {args.qr_file}.")
        else:
            code.terminal(compact=True)
            print(args.qr)
        return 0
    if args.qr_file:
        parser.error("--qr-file needs --qr ADDRESS")
    markdown = guide_markdown()
    if args.write:
        GUIDE_FILE.parent.mkdir(parents=True, exist_ok=True)
        GUIDE_FILE.write_text(markdown, encoding="utf-8")
        print(f"Wrote {GUIDE_FILE}.")
    else:
        sys.stdout.write(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
