"""Balcony or dance floor: grading, feedback, retrying the missed, saving and its view."""
import json
import random
from dataclasses import astuple

import pytest
from traitlets import TraitError

from helpers import find
from widgets.exercises.balcony import (BALCONY, BOTH, CHOICES, DANCE_FLOOR, BalconyItem, BalconySorterState, exercise,
                                       load_items)
from widgets.views.balcony import build_view
from widgets.content import ContentError


def make_state(seed=0):
    return exercise("balcony-sorter").build_state(random.Random(seed))


def wrong_choice(item):
    return DANCE_FLOOR if item.answer == BALCONY else BALCONY


def place_all(state, right=lambda item: True):
    """Place every item of the round: rightly where right(item), else wrongly."""
    for item in state.round_items():
        state.choose(item.id, item.answer if right(item) else wrong_choice(item))


# -- the data file ---------------------------------------------------------------------------

def test_items_load_with_every_kind_of_answer():
    items = load_items()
    assert len(items) >= 16
    answers = [item.answer for item in items]
    assert set(answers) == set(CHOICES)
    assert answers.count(BOTH) >= 2
    assert all(item.text and item.explanation for item in items)


def test_unknown_answer_in_the_file_names_row_and_column(data_copy):
    path = data_copy / "balcony_items.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",dance floor,", ",dancefloor,", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_items(data_copy)
    assert (caught.value.file, caught.value.column) == ("balcony_items.csv", "answer")
    assert caught.value.row == 8 and "dancefloor" in str(caught.value)  # the first dance floor item


def test_missing_explanation_in_the_file_is_named(data_copy):
    (data_copy / "balcony_items.csv").write_text(
        "id,text,answer,explanation\na,A,balcony,Why\nb,B,both,\nc,C,balcony,Why\nd,D,both,Why\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_items(data_copy)
    assert (caught.value.row, caught.value.column) == (3, "explanation")


# -- grading and feedback --------------------------------------------------------------------

def test_items_are_shuffled_the_same_way_for_the_same_seed():
    assert [i.id for i in make_state(3).items] == [i.id for i in make_state(3).items]
    orders = {tuple(i.id for i in make_state(seed).items) for seed in range(5)}
    assert len(orders) > 1
    assert sorted(make_state(1).round_ids) == sorted(i.id for i in load_items())


def test_check_with_nothing_placed_says_so_and_counts_nothing():
    state = make_state()
    message = state.check()
    assert "Nothing is placed yet" in message
    assert state.attempts == 0 and state.results == {}


def test_check_names_the_items_still_to_place():
    state = make_state()
    place_all(state)
    second, fifth = state.round_items()[1], state.round_items()[4]
    state.choose(second.id, None)
    state.choose(fifth.id, None)
    assert state.check() == "Place every item first: 2 still to place (items 2, 5)."
    assert state.attempts == 0


def test_all_right_scores_full_marks():
    state = make_state()
    place_all(state)
    assert state.check() is None
    total = len(state.items)
    assert state.score_text().startswith(f"You placed {total} of {total} items")
    assert state.missed_ids() == [] and state.retry_missed() == 0
    assert state.attempts == 1 and state.round_scores == [[total, total]]


def test_feedback_says_right_or_wrong_in_words_with_the_explanation():
    state = make_state()
    place_all(state, right=lambda item: item.answer != DANCE_FLOOR)
    state.check()
    for item in state.items:
        kind, label, text = astuple(state.feedback(item.id))
        assert item.explanation in text
        if item.answer == DANCE_FLOOR:
            assert (kind, label) == ("bad", "✗ Not quite:")
            assert text.startswith("You chose the balcony; this observation is made from the dance floor.")
        else:
            assert (kind, label) == ("good", "✓ Right:")


def test_the_intro_says_both_are_ways_of_observing_and_not_the_deck():
    intro = build_view(make_state()).children[0].value
    assert "Both are ways of observing" in intro and "deck" not in intro.lower()
    assert "acting" not in intro and "any choice counts" not in intro


def state_with(item, choice):
    others = [BalconyItem(f"o{n}", f"Other {n}", BALCONY, "Why.") for n in range(3)]
    state = BalconySorterState([item, *others])
    state.choose(item.id, choice)
    for other in others:
        state.choose(other.id, BALCONY)
    state.check()
    return state


def test_an_item_that_is_both_is_right_only_as_both():
    item = BalconyItem("x", "An item", BOTH, "It is both because.")
    state = state_with(item, BOTH)
    kind, label, text = astuple(state.feedback("x"))
    assert state.results["x"] is True and state.score_text().startswith("You placed 4 of 4")
    assert (kind, label) == ("good", "✓ Right:") and text == "This observation needs both at once. It is both because."


@pytest.mark.parametrize("choice", [BALCONY, DANCE_FLOOR])
def test_one_vantage_point_for_a_both_item_is_part_of_it_and_missed(choice):
    item = BalconyItem("x", "An item", BOTH, "It is both because.")
    state = state_with(item, choice)
    kind, label, text = astuple(state.feedback("x"))
    assert state.results["x"] is False and state.missed_ids() == ["x"]
    assert (kind, label) == ("warn", "◐ Part of it:")
    where = "the balcony" if choice == BALCONY else "the dance floor"
    assert text == f"You chose {where}; this observation needs both at once. It is both because."
    assert "either" not in text.lower()


def test_both_for_a_one_vantage_item_says_it_is_made_from_one_alone():
    item = BalconyItem("x", "An item", DANCE_FLOOR, "Close up.")
    state = state_with(item, BOTH)
    kind, label, text = astuple(state.feedback("x"))
    assert state.results["x"] is False and (kind, label) == ("bad", "✗ Not quite:")
    assert text == "You chose both; this observation is made from the dance floor alone. Close up."


def test_the_items_are_observations_and_say_what_each_view_shows_and_misses():
    items = load_items()
    assert sum(i.answer == BOTH for i in items) >= 3 and sum(i.answer == BALCONY for i in items) >= 4
    assert sum(i.answer == DANCE_FLOOR for i in items) >= 4
    for item in items:
        words = item.explanation.lower()
        assert "either choice" not in words and "deck" not in words
        if item.answer == BOTH:
            assert "balcony" in words and "dance floor" in words
        else:
            assert any(w in words for w in ("miss", "can't", "doesn't", "only")), item.id  # what it misses


def test_retry_shows_only_the_missed_items_with_their_answers_cleared():
    state = make_state()
    place_all(state, right=lambda item: item.answer != DANCE_FLOOR)
    state.check()
    missed = [i.id for i in state.round_items() if i.answer == DANCE_FLOOR]
    total = len(state.items)
    assert state.score_text().startswith(f"You placed {total - len(missed)} of {total} items")
    assert state.retry_missed() == len(missed)
    assert state.round_ids == missed and state.round == 2
    assert not any(i in state.answers for i in missed)
    assert not state.round_checked()
    place_all(state)
    state.check()
    assert state.score_text().startswith(f"You placed {len(missed)} of the {len(missed)} items you tried again; "
                                         f"{total} of {total} are now placed right.")
    assert state.attempts == 2 and state.missed_first == missed


def test_a_checked_round_is_locked_until_the_next():
    state = make_state()
    place_all(state)
    state.check()
    with pytest.raises(TraitError):
        state.choose(state.items[0].id, BALCONY)
    assert "checked already" in state.check()


def test_an_item_outside_the_round_cannot_be_chosen():
    state = make_state()
    place_all(state, right=lambda item: item.answer != DANCE_FLOOR)
    state.check()
    state.retry_missed()
    kept = next(i for i in state.items if i.id not in state.round_ids)
    with pytest.raises(TraitError):
        state.choose(kept.id, BALCONY)


def test_start_again_brings_every_item_back():
    state = make_state()
    place_all(state, right=lambda item: False)
    state.check()
    state.retry_missed()
    state.start_again()
    assert state.round == 1 and state.answers == {} and state.results == {}
    assert state.round_ids == [i.id for i in state.items]
    assert state.attempts == 1  # the learner's effort still counts


def test_journal_gives_scores_and_the_missed_items():
    state = make_state()
    assert "Not checked yet" in state.journal_markdown()
    place_all(state, right=lambda item: item.answer != DANCE_FLOOR)
    state.check()
    text = state.journal_markdown()
    missed = [i for i in state.items if i.answer == DANCE_FLOOR]
    total = len(state.items)
    assert f"First try: {total - len(missed)} of {total}" in text
    assert all(item.text in text for item in missed)
    assert "Not yet placed right:" in text and "<" not in text
    state.retry_missed()
    assert all(item.text in state.journal_markdown().split("Missed on the first try:")[0] for item in missed)


# -- saving --------------------------------------------------------------------------------

def test_round_trip_through_json():
    state = make_state()
    place_all(state, right=lambda item: item.answer != DANCE_FLOOR)
    state.check()
    state.retry_missed()
    state.choose(state.round_ids[0], DANCE_FLOOR)
    saved = json.loads(json.dumps(state.to_dict()))
    again = make_state()
    again.restore(saved)
    assert again.to_dict() == state.to_dict()
    assert again.round_ids == state.round_ids and again.score_text() == state.score_text()


def test_an_item_added_to_the_file_joins_an_unchecked_first_round():
    state = make_state()
    state.choose(state.round_ids[0], BOTH)
    saved = state.to_dict()
    saved["round_ids"] = saved["round_ids"][1:]  # as if the last item were new in the file
    again = make_state()
    again.restore(saved)
    assert again.round_ids == [i.id for i in again.items] and again.answers == state.answers


@pytest.mark.parametrize("bad", [
    {"answers": {"no-such-item": BALCONY}},
    {"answers": {"budget-rounds": "attic"}},
    {"results": {"budget-rounds": "yes"}},
    {"answers": {"budget-rounds": DANCE_FLOOR}, "results": {"budget-rounds": True}},  # result contradicts answer
    {"results": {"budget-rounds": True}},                                           # result without answer
    {"round_ids": []},
    {"round_ids": ["budget-rounds", "budget-rounds"]},
    {"round": 0},
    {"attempts": -1},
    {"attempts": "2"},
    {"round_scores": [[5, 3]]},
    {"missed_first": ["nowhere"]},
    "not a dictionary",
])
def test_bad_saved_work_is_a_value_error_and_changes_nothing(bad):
    state = make_state()
    state.choose(state.round_ids[0], BOTH)
    before = state.to_dict()
    with pytest.raises(ValueError):
        state.restore(bad)
    assert state.to_dict() == before


# -- the view, driven like ipywidgets' own tests ---------------------------------------------

def test_view_places_checks_and_retries():
    state = make_state()
    view = build_view(state)
    toggles = find(view, "sl-balcony-choice")
    assert len(toggles) == len(state.items)
    assert all(t.description.split(". ", 1)[1] == item.text for t, item in zip(toggles, state.round_items()))
    check, retry = find(view, "sl-balcony-check")[0], find(view, "sl-balcony-retry")[0]
    message, score = find(view, "sl-balcony-message")[0], find(view, "sl-balcony-score")[0]

    check.click()
    assert "Nothing is placed yet" in message.value and state.attempts == 0
    for toggle in toggles:
        toggle.value = BALCONY
    assert all(state.answers[i.id] == BALCONY for i in state.items)
    assert retry.disabled
    check.click()
    feedback = [f.value for f in find(view, "sl-balcony-feedback")]
    assert all(sum(mark in f for mark in ("✓", "✗", "◐")) == 1 for f in feedback)
    missed = state.missed_ids()
    assert sum("✗" in f or "◐" in f for f in feedback) == len(missed) > 0
    assert "You placed" in score.value and all(t.disabled for t in toggles)
    assert check.disabled and not retry.disabled

    retry.click()
    toggles = find(view, "sl-balcony-choice")
    assert [t.description.split(". ", 1)[1] for t in toggles] == [state.item(i).text for i in missed]
    assert all(t.value is None and not t.disabled for t in toggles)
    assert "Round 2" in score.value
    for toggle in toggles:
        toggle.value = DANCE_FLOOR
    check.click()
    assert "of the" in score.value and "now placed right" in score.value


def test_view_a_check_shows_every_items_feedback_before_locking_the_buttons():
    """The feedback is the first thing a Check changes on the page, so its messages leave first."""
    state = make_state()
    view = build_view(state)
    toggles = find(view, "sl-balcony-choice")
    for toggle in toggles:
        toggle.value = BALCONY
    changed = []
    for note in find(view, "sl-balcony-feedback"):
        note.observe(lambda change: changed.append("feedback"), names="value")
    for toggle in toggles:
        toggle.observe(lambda change: changed.append("locked"), names="disabled")
    find(view, "sl-balcony-check")[0].click()
    assert changed == ["feedback"] * len(toggles) + ["locked"] * len(toggles)


def test_view_shows_restored_work():
    state = make_state()
    place_all(state)
    state.check()
    view = build_view(state)
    assert all(t.disabled and t.value for t in find(view, "sl-balcony-choice"))
    assert all("✓" in f.value for f in find(view, "sl-balcony-feedback"))
    assert find(view, "sl-balcony")[0] is view


def test_view_start_again_clears_the_buttons_so_a_second_round_can_be_placed():
    state = make_state()
    view = build_view(state)
    toggles = find(view, "sl-balcony-choice")
    for toggle in toggles:
        toggle.value = BALCONY
    find(view, "sl-balcony-check")[0].click()
    find(view, "sl-balcony-restart")[0].click()
    toggles = find(view, "sl-balcony-choice")
    assert all(t.value is None and not t.disabled for t in toggles)
    for toggle in toggles:
        toggle.value = BALCONY
    assert len(state.answers) == len(state.items)
    find(view, "sl-balcony-check")[0].click()
    assert state.attempts == 2
