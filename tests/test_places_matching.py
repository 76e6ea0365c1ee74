"""Places matching: the workshop's lessons per place, graded against the course's answer key in data/."""
import html
import random
from dataclasses import astuple

import pytest
from traitlets import TraitError

from helpers import find
from widgets.content import ContentError, load_table
from widgets.exercises.places_matching import (FAIR, REVEAL_AFTER_MISSES, RIGHT, WRONG, PlacesMatchingState, exercise,
                                               load_items)
from widgets.views.places_matching import build_view
from widgets.views.ui import message_html


@pytest.fixture
def state():
    lessons, items = load_items()
    return PlacesMatchingState(lessons, items)


def a_wrong_lesson(state, place_id):
    item = state.item(place_id)
    return next(lesson["id"] for lesson in state.lessons if lesson["id"] not in (item.best, *item.also))


GRADED = {"wiltshire", "cheshire-west", "dudley", "london-welc", "waverley", "south-devon-torbay"}


def test_data_files_load():
    assert len(load_table("matching_lessons.csv")) == 13
    assert {row["place"] for row in load_table("place_lessons.csv")} == GRADED


def test_every_graded_place_has_a_reason_for_each_accepted_lesson_and_for_a_miss():
    lessons, items = load_items()
    texts = {lesson["id"]: lesson["text"] for lesson in lessons}
    for item in items:
        for lesson_id in (item.best, *item.also):
            opening = texts[lesson_id].split(" – ")[0].split(" : ")[0]
            assert opening in item.explanation, (item.id, lesson_id)
        assert len(item.miss_reason) > 40 and item.place.split(" ")[0] in item.miss_reason
        assert not any(texts[i] in item.miss_reason for i in (item.best, *item.also))  # no answer given away
        assert "deck" not in item.explanation + item.miss_reason


def test_waltham_forest_and_merton_are_not_graded(state):
    assert not {"waltham-forest", "merton"} & set(state.place_ids())


def test_connectivity_is_accepted_for_wiltshire_and_dudley(state):
    for place in ("wiltshire", "dudley"):
        state.choose(place, "connectivity")
    state.check()
    assert all(state.results[p] in (RIGHT, FAIR) for p in ("wiltshire", "dudley"))


def test_lessons_are_quoted_exactly_from_the_deck_lists():
    deck = {row["text"] for row in load_table("lists.csv")
            if row["list_id"] in ("general-lessons", "development-lessons")}
    for lesson in load_table("matching_lessons.csv"):
        assert lesson["text"] in deck, lesson["id"]


def test_grading_right_fair_wrong_and_unanswered(state):
    state.choose("cheshire-west", "involve-communities")
    state.choose("wiltshire", "courage-to-experiment")       # also accepted
    state.choose("dudley", a_wrong_lesson(state, "dudley"))
    unanswered = state.check()
    assert state.results == {"cheshire-west": RIGHT, "wiltshire": FAIR, "dudley": WRONG}
    assert set(unanswered) == set(state.place_ids()) - {"cheshire-west", "wiltshire", "dudley"}
    assert state.score() == (2, len(state.items))
    assert state.misses == {"dudley": 1}
    kind, label, text = astuple(state.feedback("wiltshire"))
    assert (kind, label) == ("good", "✓ A fair match too:") and text == state.item("wiltshire").explanation
    kind, label, text = astuple(state.feedback("dudley"))
    chosen = state.lesson_text(a_wrong_lesson(state, "dudley"))
    assert (kind, label) == ("bad", "✗ Not what the text shows:")
    assert text == f"You chose “{chosen}”. {state.item('dudley').miss_reason} Choose again."
    assert state.feedback("london-welc") is None


def test_the_course_answer_shows_after_repeated_misses(state):
    wrong, best = a_wrong_lesson(state, "dudley"), state.lesson_text(state.item("dudley").best)
    for attempt in range(REVEAL_AFTER_MISSES):
        if attempt:
            assert best not in state.feedback("dudley").text  # not given away on the first miss
            state.retry_missed()
        state.choose("dudley", wrong)
        state.check()
    assert state.misses["dudley"] == REVEAL_AFTER_MISSES
    text = state.feedback("dudley").text
    assert best in text and state.item("dudley").explanation in text and state.item("dudley").miss_reason in text


def test_retry_clears_only_the_missed(state):
    state.choose("cheshire-west", "involve-communities")
    state.choose("dudley", a_wrong_lesson(state, "dudley"))
    state.check()
    assert state.retry_missed() == ["dudley"]
    assert state.answers == {"cheshire-west": "involve-communities"} and state.results == {"cheshire-west": RIGHT}


def test_a_settled_match_is_locked_and_a_changed_answer_loses_its_result(state):
    state.choose("cheshire-west", "involve-communities")
    state.choose("dudley", a_wrong_lesson(state, "dudley"))
    state.check()
    with pytest.raises(TraitError):
        state.choose("cheshire-west", "give-time")
    state.choose("dudley", "involve-communities")
    assert "dudley" not in state.results
    state.check()
    assert state.results["dudley"] == RIGHT and state.misses["dudley"] == 1


def test_all_right_and_start_again(state):
    for item in state.items:
        state.choose(item.id, item.best)
    assert state.check() == []
    assert state.score() == (len(state.items), len(state.items)) and "all done" in state.score_text()
    state.start_again()
    assert state.to_dict() == {"answers": {}, "misses": {}, "results": {}}


def test_round_trip(state):
    state.choose("cheshire-west", "involve-communities")
    state.choose("dudley", "give-time")
    state.check()
    lessons, items = load_items()
    again = PlacesMatchingState(lessons, items)
    again.restore(state.to_dict())
    assert again.to_dict() == state.to_dict()
    assert again.feedback("dudley") == state.feedback("dudley")


@pytest.mark.parametrize("bad", [
    {"answers": {"atlantis": "give-time"}},
    {"answers": {"dudley": "not-a-lesson"}},
    {"answers": {"dudley": 3}},
    {"results": {"dudley": "maybe"}},
    {"misses": {"dudley": -1}},
    {"misses": {"dudley": "two"}},
    {"answers": "dudley"},
])
def test_restore_of_malformed_work_raises_value_error(state, bad):
    state.choose("cheshire-west", "involve-communities")
    before = state.to_dict()
    with pytest.raises(ValueError):
        state.restore(bad)
    assert state.to_dict() == before


def test_journal_lists_every_place_and_says_whose_reading_it_is(state):
    state.choose("cheshire-west", "involve-communities")
    state.check()
    text = state.journal_markdown()
    assert "course's reading" in text and "| Cheshire West and Chester |" in text and "✓" in text
    assert "deck" not in text
    assert text.count("\n| ") == len(state.items) + 2  # header, rule and a row per place


def test_shuffle_follows_the_rng():
    first = exercise("places-matching").build_state(random.Random("a"))
    again = exercise("places-matching").build_state(random.Random("a"))
    assert first.place_ids() == again.place_ids()


def test_view_choose_check_and_retry(state):
    view = build_view(state)
    pickers = {p.description: p for p in find(view, "sl-match-choice")}
    assert len(pickers) == len(state.items) and all(p.description.startswith("Lesson for ") for p in pickers.values())
    pickers["Lesson for Cheshire West and Chester:"].value = "involve-communities"
    pickers["Lesson for Dudley:"].value = a_wrong_lesson(state, "dudley")
    find(view, "sl-match-check")[0].click()
    assert state.results == {"cheshire-west": RIGHT, "dudley": WRONG}
    notes = {item.id: note for item, note in zip(state.items, find(view, "sl-match-feedback"))}
    assert "✓" in notes["cheshire-west"].value and "✗" in notes["dudley"].value
    assert html.escape(state.item("dudley").miss_reason) in notes["dudley"].value  # a reason at the first miss
    assert pickers["Lesson for Cheshire West and Chester:"].disabled and not pickers["Lesson for Dudley:"].disabled
    assert "1 of" in find(view, "sl-match-score")[0].value
    retry = find(view, "sl-match-retry")[0]
    assert not retry.disabled
    retry.click()
    assert pickers["Lesson for Dudley:"].value == "" and notes["dudley"].value == ""
    assert retry.disabled


def test_view_escapes_data_text():
    lessons, items = load_items()
    items[0] = items[0].__class__(**{**items[0].__dict__, "place": "<b>Bold</b> place"})
    view = build_view(PlacesMatchingState(lessons, items))
    headings = [w.value for w in find(view, "sl-match-row")[0].children if hasattr(w, "value")
                and isinstance(w.value, str) and "sl-match-place" in w.value]
    assert "&lt;b&gt;Bold&lt;/b&gt;" in headings[0]
    assert message_html("<x>", "bad").count("&lt;x&gt;") == 1


def test_unknown_also_accepted_lesson_names_file_row_and_column(data_copy):
    path = data_copy / "place_lessons.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(";courage-to-experiment,", ";courage,", 1),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_items(data_copy)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("place_lessons.csv", 2, "also_accepted")


def test_unknown_best_lesson_names_file_row_and_column(data_copy):
    path = data_copy / "place_lessons.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("waverley,think-beyond-your-role",
                                                             "waverley,think-beyond"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_items(data_copy)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("place_lessons.csv", 6, "best_lesson")


def test_bad_lesson_source_names_file_row_and_column(data_copy):
    path = data_copy / "matching_lessons.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("give-time,general lessons", "give-time,general"),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_items(data_copy)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("matching_lessons.csv", 7, "source")
