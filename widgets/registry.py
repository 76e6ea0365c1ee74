"""Every exercise in the course, in one place: its name, where its code lives, the course module whose
page shows it, and the content files it reads. `Page.show`, the journal, the tests and the README's
table of exercises all read this list; `tests/test_registry.py` checks it against the notebooks.

An exercise's key is its name, or its name and a parameter: `knowledge-check:<module id>`,
`reflection:<prompt set>`. The key is what a notebook passes to `page.show` and what the learner's
work is saved under, so keys never change once learners have saved work under them.

Importing this module imports no exercise: each one's code is imported when a page shows it. So the
registry sits above exercises/ and views/, whose modules it imports by name, and below pages/.
"""
import dataclasses
import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Registered:
    name: str           # the key, or the part of it before ":<parameter>"
    title: str          # the learner's name for it, and the heading of its work in the journal (a knowledge
                        # check and a reflection head each key's work with a title of that key's own)
    code: str           # widgets/exercises/<code>.py holds its state, widgets/views/<code>.py its view
    module: str         # the course module its work belongs to; None when every key names its module
    shown_at: tuple     # every key a notebook shows, in course order
    data_files: tuple   # the files in data/ it reads

    @property
    def state_module(self):
        return f"widgets.exercises.{self.code}"

    @property
    def view_module(self):
        return f"widgets.views.{self.code}"


# In the order the journal lists them within a module.
EXERCISES = (
    Registered("perturbation", "Perturbation explorer: absorb or adapt?", "perturbation",
               "thinking-about-systems", ("perturbation",), ("perturbation_text.csv",)),
    Registered("system-builder", "Define your system", "system_builder",
               "thinking-about-systems", ("system-builder",),
               ("actor_types.csv", "system_example_actors.csv", "system_example_links.csv")),
    Registered("balcony-sorter", "Balcony or dance floor?", "balcony",
               "ways-of", ("balcony-sorter",), ("balcony_items.csv",)),
    Registered("balcony-scenario", "One situation, two views", "balcony_scenario",
               "ways-of", ("balcony-scenario",), ("balcony_scenario.csv",)),
    Registered("self-assessment", "Your six 'ways of': a self-assessment", "self_assessment",
               "ways-of", ("self-assessment",),
               ("ways_of.csv", "ways_of_qualities.csv", "self_assessment_suggestions.csv")),
    Registered("places-explorer", "Places explorer", "places",
               "practice-in-places", ("places-explorer",), ("places.csv", "places_task.csv")),
    Registered("places-matching", "Which lesson does each place illustrate?", "places_matching",
               "practice-in-places", ("places-matching",), ("place_lessons.csv", "matching_lessons.csv")),
    # A reflection's set of prompts is named for the module whose page shows it.
    Registered("reflection", "Reflection", "reflection",
               "reflection",
               ("reflection:context", "reflection:what-it-involves", "reflection:what-leaders-do",
                "reflection:leadership-development", "reflection:general-lessons", "reflection:reflection",
                "reflection:looking-ahead"),
               ("reflection_prompts.csv",)),
    Registered("action-plan", "Your action plan", "action_plan",
               "looking-ahead", ("action-plan",), ()),
    Registered("knowledge-check", "Knowledge check", "knowledge_check",
               None,
               ("knowledge-check:what-it-involves", "knowledge-check:what-leaders-do",
                "knowledge-check:general-lessons"),
               ("knowledge_questions.csv", "knowledge_options.csv")),
)


def registered(key):
    """The registration of the exercise a key names; KeyError naming the exercises when there is none."""
    name = key.split(":", 1)[0]
    for entry in EXERCISES:
        if entry.name == name:
            return entry
    raise KeyError(f"no exercise is called '{key}'; the exercises are " + ", ".join(e.name for e in EXERCISES))


def find_exercise(key):
    """The exercise a key names, with its state builder and its view, its code imported now."""
    entry = registered(key)
    exercise = importlib.import_module(entry.state_module).exercise(key)
    return dataclasses.replace(exercise, title=exercise.title or entry.title,
                               build_view=importlib.import_module(entry.view_module).build_view)


def journal_order():
    """The exercises' names in the order the journal lists their work within a module."""
    return [e.name for e in EXERCISES]


def module_for_key(key, module_ids):
    """The id of the module an exercise key belongs to, or None when it belongs to none: the module its
    parameter names (knowledge-check:context, reflection:looking-ahead), else its exercise's module."""
    name, _, parameter = key.partition(":")
    if parameter in module_ids:
        return parameter
    module = next((e.module for e in EXERCISES if e.name == name), None)
    return module if module in module_ids else None
