"""Faithfulness to the deck, checked mechanically: its quotes, lists, names and links all reach the
learner (notebook markdown + data files), the deck's words are kept as the deck has them, and every
course notebook follows the course's conventions."""
import html
import json
import re
from pathlib import Path

import pytest

from helpers import deck_raw
from widgets.content import load_table
from widgets.pages.course import load_modules
from widgets.content.schemas import SCHEMAS

REPO = Path(__file__).resolve().parent.parent
COURSE = REPO / "course"

MODULES = load_modules()


def normal(text):
    """Text as compared: typographic quotes made plain, words rejoined across the deck's line breaks."""
    text = text.replace("\u0336", "")  # the deck draws some dashes with a combining stroke
    for curly, plain in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, plain)
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1-\2", text)  # co-\nordinate
    return re.sub(r"\s+", " ", text).strip()


def notebook(module):
    return json.loads((COURSE / module.notebook).read_text(encoding="utf-8"))


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def markdown_text():
    return "\n".join(source(c) for m in MODULES for c in notebook(m)["cells"] if c["cell_type"] == "markdown")


def data_text():
    return "\n".join(str(v) for file in SCHEMAS for row in load_table(file) for v in row.values())


@pytest.fixture(scope="module")
def deck():
    return normal(deck_raw())


@pytest.fixture(scope="module")
def course():
    return normal(html.unescape(markdown_text() + "\n" + data_text()))


# ---------------------------------------------------------------- quotes

def test_every_quote_in_the_deck_is_in_quotes_csv(deck):
    quoted = [q for q in re.findall(r'"([^"]{40,}?)"', deck)]
    assert len(quoted) == 2
    texts = [normal(q["text"]) for q in load_table("quotes.csv")]
    for passage in quoted:
        assert passage in texts


@pytest.mark.parametrize("quote", load_table("quotes.csv"), ids=lambda q: q["id"])
def test_every_quote_keeps_the_deck_words_and_attribution(deck, quote):
    assert f'"{normal(quote["text"])}"' in deck
    attribution = ", ".join(v for v in (quote["speaker"], quote["source"], quote["date"]) if v)
    assert normal(attribution) in deck


def test_every_quote_is_shown_somewhere():
    code = "\n".join(source(c) for m in MODULES for c in notebook(m)["cells"] if c["cell_type"] == "code")
    for quote in load_table("quotes.csv"):
        assert f'quote("{quote["id"]}")' in code


# ---------------------------------------------------------------- lists and other deck text

@pytest.mark.parametrize("row", load_table("lists.csv"), ids=lambda r: f'{r["list_id"]}:{r["text"][:30]}')
def test_every_list_item_is_the_deck_wording(deck, row):
    assert normal(row["text"]) in deck


def deck_bullets():
    """Each bullet point of the deck (•, o, − and stroke-dash markers), as normalised text."""
    items = []
    for slide in re.split(r"\n{4,}", deck_raw()):
        for part in re.split(r"(?:^|\n)\s*(?:•|o |−|\u0336)", slide)[1:]:
            part = re.split(r"\n\s*\d\.\s", part)[0]  # a numbered 'way of' ends the previous quality
            item = normal(part)
            if item:
                items.append(item)
    return items


def test_the_deck_has_the_bullets_we_expect():
    assert len(deck_bullets()) > 60


@pytest.mark.parametrize("item", deck_bullets())
def test_every_bullet_in_the_deck_reaches_the_learner(course, item):
    assert item in course


def test_every_way_of_has_the_deck_name_and_focus(deck):
    found = re.findall(r"(\d)\. (Ways of \w+) \(([^)]+)\)", deck)
    assert len(found) == 6
    ways = {(str(w["number"]), w["name"], normal(w["focus"])) for w in load_table("ways_of.csv")}
    assert set(found) == ways


SENTENCES = [
    "To offer you an opportunity to",
    "increasing complexity and difficulty",
    "Leadership is seen as a way of dealing with this complexity and difficulty",
    "taking leadership beyond your organisation",
    "In other words, based on behaviours",
    "a set of individuals, organisations or bodies working together or interacting in some way as part of "
    "an interconnecting network; a complex whole",
    "Maturana & Varela – evolutionary biology",
    "Leadership in systems is seldom done by one person….so Systems Leaders:",
    "developing leadership in places",
    "No-one said this was easy…",
    "But there has been real progress - real change in Local Vision places and Pioneers",
    "And this is starting to work its way through into people/HR issues and integrated teams",
    "You can even use Systems Leadership approaches to share information…",
    "Reproduced by kind permission of Waltham Forest CCG",
    "How might you want to use the learning in future:",
    "Systems Leadership: Reflection and discussion",
    # slides whose points the deck sets out without bullet marks
    "cross-sector", "ceded", "partial", "transformational",
    "when you're not in charge", "when you need to ask", "when it's complex", "when you have no money",
    "Systemic – i.e. not piecemeal or divided into silos - and based on shared ambition",
    "Participative – i.e. involving many people's energies, ideas, talent and expertise",
    "Emergent – i.e. allows for partial/clumsy solutions, able to work with uncertainty",
    "...and based on trust/relationships",
    "Systems Leadership: Exceptional leadership for exceptional times",
    "National programme; extended to Pioneers and BCF places",
    "c. 50 projects around England",
    "Projects focus on health and care integration or wider wellbeing issues",
    "Topics also include mental health, inter-generational obesity, alcohol abuse and reducing social isolation",
    "Support via Enablers on the ground; access to networks/ information",
    "values & commitment",
    "What influence/connections do we have?",
    "What actions might we take?",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_the_deck_sentences_reach_the_learner(deck, course, sentence):
    assert normal(sentence) in deck, "the test's own copy of the deck's words is wrong"
    assert normal(sentence) in course


NAMES = [
    "Wiltshire", "Cheshire West and Chester", "Dudley", "London WELC", "Waverley", "Birtley House",
    "Elizabeth Nurse", "South Devon and Torbay", "Newton Abbott", "Waltham Forest", "Merton", "Do-ers",
    "Ghate", "Lewis", "Welbourn", "Maturana", "Varela", "King's Fund", "Simon Stevens", "NHS England",
    "Leadership for Change", "Future Directors", "Local Vision", "Pioneers", "Vanguards", "BCF",
    "Public Health", "Debbie Sorkin", "@DebbieSorkin2", "Debbie.sorkin@localleadership.gov.uk",
    "The Future will be Improvised", "Virtual Staff College", "Pioneers One Year On",
    "England, USA, Canada, Australia and Denmark", "29 leaders", "7 source papers", "Nottingham",
    "c. 50 projects", "Systems Resilience Group", "Enablers", "autopoeisis", "wicked issues",
    "Start anywhere, go everywhere",
]


@pytest.mark.parametrize("name", NAMES)
def test_every_name_in_the_deck_reaches_the_learner(deck, course, name):
    assert normal(name) in deck or name == "Debbie Sorkin", "the test's own copy of the deck's words is wrong"
    assert normal(name) in course


def test_every_link_in_the_deck_is_a_reference(deck):
    addresses = {r["address"] for r in load_table("references.csv")}
    for link in re.findall(r"(?:https?://|mailto:)\S+", deck_raw()):
        assert link in addresses


def test_places_keep_the_deck_wording(deck):
    for place in load_table("places.csv"):
        if place["slide"] in ("real progress", "people and HR"):
            # the data ends each entry with a full stop, where some of the deck's don't
            assert normal(place["what_changed"]).rstrip(".") in deck
            assert normal(place["place"]).split(" /")[0] in deck


def test_the_usual_spellings_are_given_as_well_as_the_deck_ones(course):
    assert "autopoiesis" in course and re.search(r"Newton Abbot\b", course)


# ---------------------------------------------------------------- the notebooks follow the course's conventions

@pytest.mark.parametrize("module", MODULES, ids=[m.id for m in MODULES])
def test_notebook_shape(module):
    cells = notebook(module)["cells"]
    first, last = source(cells[0]), source(cells[-1])
    assert cells[0]["cell_type"] == "code" and f'page = open_module("{module.id}")' in first
    assert cells[-1]["cell_type"] == "code" and last == "page.end()"
    assert cells[1]["cell_type"] == "markdown" and source(cells[1]).startswith("**In this module** you will")
    assert cells[-2]["cell_type"] == "markdown"
    for cell in cells:
        text = source(cell)
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None
            assert len(text.splitlines()) <= (3 if cell is cells[0] else 2)
            assert not re.search(r"^\s*(def|class) ", text, re.M)
        else:
            assert not re.search(r"^# ", text, re.M), "the header shows the module title"
            headings = [h.strip() for h in re.findall(r"^#+ (.*)$", text, re.M)]
            assert module.title not in headings, "the header shows the module title"


def test_every_list_id_is_shown_and_every_shown_list_exists():
    lists = {r["list_id"] for r in load_table("lists.csv")}
    code = "\n".join(source(c) for m in MODULES for c in notebook(m)["cells"] if c["cell_type"] == "code")
    used = set(re.findall(r'bullets\("([^"]+)"', code))
    assert used == lists


def test_every_place_slide_is_shown_in_practice_in_places():
    module = next(m for m in MODULES if m.id == "practice-in-places")
    code = "\n".join(source(c) for c in notebook(module)["cells"])
    for slide in ("real progress", "people and HR"):
        assert f'places_text("{slide}")' in code


def test_the_course_explains_its_abbreviations_and_names_in_its_own_words():
    # what the course adds sits in its own prose, near where the term first appears, not in a boxed disclaimer
    text = html.unescape(markdown_text())
    for term in ("Better Care Fund", "Virtual Staff College", "clinical commissioning group",
                 "London Borough of Merton", "housing associations", "terms and conditions", "accident and emergency",
                 "Waverley Borough Council",
                 "mental health", "Rittel", "Waltham Forest, East London and City", "Leadership Centre",
                 "National Director of Systems Leadership", "integrated care boards", "integrated care pioneers",
                 "new models of care", "Future Directors is one of its programmes", "Enablers were",
                 "theoretical biology", "Why “improvising”?"):
        assert term in text, term


# The words that give away a conversion of slides, wherever a learner reads the course's own text.
PRODUCTION = re.compile(r"\b(deck|slides?)\b|Added by the course|sl-added|this version of the course", re.I)

# Columns of the source-content files a learner never reads (ids and keys).
HIDDEN_COLUMNS = {"id", "list_id", "slide", "set", "notebook", "kind", "address"}


def test_the_course_speaks_as_a_course_not_a_conversion():
    assert not PRODUCTION.search(markdown_text()), PRODUCTION.search(markdown_text())
    for file in ("quotes.csv", "lists.csv", "places.csv", "references.csv", "modules.csv",
                 "reflection_prompts.csv"):
        for number, row in enumerate(load_table(file), start=2):
            for column, value in row.items():
                if column not in HIDDEN_COLUMNS:
                    assert not PRODUCTION.search(str(value)), (file, number, column, value)


def test_the_welcome_introduces_the_source_once():
    welcome = next(m for m in MODULES if m.id == "welcome")
    text = "\n".join(source(c) for c in notebook(welcome)["cells"] if c["cell_type"] == "markdown")
    for fact in ("Systems Leadership: improvising your way to change", "www.localleadership.gov.uk",
                 "Leadership Centre", "Debbie Sorkin", "May 2015", "July 2022", "Integrated care boards"):
        assert fact in text, fact


@pytest.mark.parametrize("module", MODULES, ids=[m.id for m in MODULES])
def test_every_module_opens_with_its_learning_outcomes_and_closes_with_a_summary(module):
    cells = [source(c) for c in notebook(module)["cells"] if c["cell_type"] == "markdown"]
    assert re.search(r"^By the end of this module you will", cells[0], re.M), "learning outcomes at the top"
    if module.id != "welcome":   # the welcome ends by sending the learner on to the first module
        assert cells[-1].split("\n\n")[-1].startswith("**To sum up:**")


def test_the_course_closes_with_a_summary_of_the_whole_course():
    looking_ahead = next(m for m in MODULES if m.id == "looking-ahead")
    text = "\n".join(source(c) for c in notebook(looking_ahead)["cells"] if c["cell_type"] == "markdown")
    summary = text.split("## The course in brief", 1)[1].split("\n## ", 1)[0]
    for idea in ("must have", "beyond your organisation", "perturbation", "balcony", "seldom done by one person",
                 "real progress", "Start anywhere, go everywhere".lower(), "improvising"):
        assert idea in summary.lower(), idea
