"""The schema of every content file in data/: which columns it has and what they may hold.

Each file is a CSV a tutor can open in a spreadsheet. Rows keep their order: the course
shows them in the order they are in the file.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, int or bool
    required: bool = True
    choices: tuple = ()
    unique: bool = False
    max_length: int = 2000
    minimum: int = None
    maximum: int = None
    refs: tuple = ()  # (file, column): every value must appear there
    pattern: str = ""  # a regular expression the whole value must match
    pattern_hint: str = ""  # what the pattern asks for, in a tutor's words


@dataclass(frozen=True)
class Table:
    file: str
    columns: tuple
    min_rows: int = 1
    description: str = ""
    column_names: tuple = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "column_names", tuple(c.name for c in self.columns))


ID_LENGTH = 60

SCHEMAS = {t.file: t for t in (
    Table("modules.csv", (
        Column("id", unique=True, max_length=ID_LENGTH),
        # Only a notebook's own file name: the course builds links from it, so nothing else
        # (a folder, another site, javascript:) may reach a learner's page.
        Column("notebook", unique=True, max_length=120, pattern=r"[A-Za-z0-9][A-Za-z0-9_-]*\.ipynb",
               pattern_hint="isn't a notebook's file name in course/ (letters, digits, - and _, "
                            "ending .ipynb, e.g. welcome.ipynb)."),
        Column("title", max_length=120),
        Column("minutes", kind="int", minimum=1, maximum=240),
        Column("summary", max_length=400),
    ), min_rows=1, description="The course's modules in the order learners take them."),

    Table("quotes.csv", (
        Column("id", unique=True, max_length=ID_LENGTH),
        Column("text"),
        Column("speaker", required=False, max_length=120),
        Column("source", max_length=300),
        Column("date", max_length=40),
    ), description="Quotations from the deck, each with its source and date."),

    Table("lists.csv", (
        Column("list_id", max_length=ID_LENGTH),
        Column("text", max_length=600),
    ), description="The deck's bulleted lists; a list is the rows that share a list_id, in file order."),

    Table("ways_of.csv", (
        Column("number", kind="int", unique=True, minimum=1, maximum=6),
        Column("name", unique=True, max_length=60),
        Column("focus", max_length=120),
    ), min_rows=6, description="The six 'ways of' from Ghate, Lewis and Welbourn (2013)."),

    Table("ways_of_qualities.csv", (
        Column("way", kind="int", refs=("ways_of.csv", "number")),
        Column("quality", unique=True, max_length=120),
    ), min_rows=6, description="The qualities the deck lists under each of the six 'ways of'."),

    Table("places.csv", (
        Column("id", unique=True, max_length=ID_LENGTH),
        Column("place", max_length=120),
        Column("programme", max_length=120),
        Column("theme", choices=("joining up health and care", "working with communities",
                                 "new roles and teams", "sharing information")),
        Column("slide", choices=("real progress", "people and HR", "sharing information",
                                 "leadership development")),
        Column("what_changed", max_length=1000),
    ), description="The places and programmes the deck names, and what changed in each."),

    Table("references.csv", (
        Column("label", max_length=200),
        Column("address", unique=True, max_length=300),
        Column("kind", choices=("web", "email", "twitter")),
    ), description="The deck's 'more information' slide."),

    # system-builder ("Define your system"): renaming a type here makes learners' saved maps that use
    # the old name unreadable, so add types rather than rename them once learners have started.
    Table("actor_types.csv", (
        Column("type", unique=True, max_length=40),
        Column("shape", unique=True, choices=("circle", "square", "diamond", "triangle", "hexagon",
                                              "pentagon")),
        Column("description", max_length=200),
    ), min_rows=2, description="The kinds of actor a learner can put in their system map, each drawn "
                               "with its own shape."),

    Table("system_example_actors.csv", (
        Column("name", unique=True, max_length=80),
        Column("type", refs=("actor_types.csv", "type")),
    ), min_rows=2, description="The course's worked example (not the deck's): actors in a hospital "
                               "discharge system, at most 30."),

    Table("system_example_links.csv", (
        Column("from", refs=("system_example_actors.csv", "name")),
        Column("to", refs=("system_example_actors.csv", "name")),
        Column("label", max_length=120),
    ), min_rows=1, description="The worked example's interactions: who does what with whom, at most 60; "
                               "each from/to pair once."),

    # places-matching: the lessons a learner can choose from, quoted exactly from the deck.
    Table("matching_lessons.csv", (
        Column("id", unique=True, max_length=ID_LENGTH),
        Column("source", choices=("general lessons", "leadership development")),
        Column("text", unique=True, max_length=300),
    ), min_rows=2, description="The deck's lessons offered in the places matching exercise: the 'General "
                               "lessons from Systems Leadership work' and the leadership development lessons."),

    Table("place_lessons.csv", (
        Column("place", unique=True, refs=("places.csv", "id")),
        Column("best_lesson", refs=("matching_lessons.csv", "id")),
        Column("also_accepted", required=False, max_length=400),
        Column("explanation", max_length=1000),
        Column("miss_reason", max_length=600),
    ), description="The course's reading of which lessons each graded place illustrates: the best lesson, other "
                   "lesson ids also accepted (separated by ';'), why each fits (explanation), and what to say to "
                   "a learner whose lesson doesn't fit, without naming the answer (miss_reason)."),

    # reflection:<set>: a set's prompts in file order; kind 'issues' is a list of wicked issues with ratings.
    Table("reflection_prompts.csv", (
        Column("set", choices=("reflection", "looking-ahead")),
        Column("id", unique=True, max_length=ID_LENGTH),
        Column("prompt", max_length=300),
        Column("kind", choices=("text", "issues")),
    ), min_rows=2, description="The deck's reflection and looking-ahead questions, one prompt a row."),

    # perturbation: the deck's Maturana & Varela sentences (quote-*, with source) and the explorer's own words.
    Table("perturbation_text.csv", (
        Column("id", unique=True, choices=("quote-identity", "quote-kill", "quote-adapt", "heading-absorbed",
                                           "heading-adapted", "heading-recovering", "intro", "prompt-own-system")),
        Column("text", max_length=400),
        Column("source", required=False, max_length=120),
    ), min_rows=8, description="Texts of the perturbation explorer: the source's sentences it illustrates "
                               "(with their attribution), the headings of its three outcomes, its introduction and "
                               "the question about the learner's own system."),

    # self-assessment: one lesson from the deck per 'way of', offered for the learner's two lowest ways.
    Table("self_assessment_suggestions.csv", (
        Column("way", unique=True, refs=("ways_of.csv", "name")),
        Column("quote", max_length=300),
        Column("source", choices=("General lessons from Systems Leadership work",
                                  "So what do you need to do as a Systems Leader?",
                                  "Lessons from leadership development programmes",
                                  "Characteristics and behaviours to look for")),
        Column("why", max_length=300),
    ), min_rows=6, description="For each 'way of', a lesson quoted exactly from the source, the slide it is on, and "
                               "why the course pairs them (the pairing is the course's)."),

    # balcony-sorter: the course's own examples (not the deck's), each with where it belongs and why.
    Table("balcony_items.csv", (
        Column("id", unique=True, max_length=ID_LENGTH),
        Column("text", unique=True, max_length=300),
        Column("answer", choices=("balcony", "dance floor", "both")),
        Column("explanation", max_length=600),
    ), min_rows=4, description="Observations and actions to place on the balcony, the dance floor or both."),

    # balcony-scenario: one scenario told twice, once per view, with a prompt for the learner's note.
    Table("balcony_scenario.csv", (
        Column("view", unique=True, choices=("dance floor", "balcony")),
        Column("text", max_length=2000),
        Column("prompt", max_length=400),
    ), min_rows=2, description="The balcony scenario: its telling from the dance floor and from the balcony."),

    # knowledge-check:<module id>: questions per module; each option has its own feedback.
    Table("knowledge_questions.csv", (
        Column("id", unique=True, max_length=ID_LENGTH),
        Column("module", refs=("modules.csv", "id")),
        Column("kind", choices=("single", "multiple")),
        Column("question", max_length=600),
    ), description="Knowledge-check questions; a module's questions are shown in file order."),

    Table("knowledge_options.csv", (
        Column("question_id", refs=("knowledge_questions.csv", "id")),
        Column("option", max_length=300),
        Column("correct", kind="bool"),
        Column("feedback", max_length=600),
    ), min_rows=2, description="The options of each knowledge-check question, whether each is correct, and why."),
)}
