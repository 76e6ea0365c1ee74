"""The balcony scenario: two tellings, a note per view kept as written, limits, saving, view."""
import json
import random

import pytest

from helpers import find
from widgets.content import ContentError
from widgets.exercises.balcony_scenario import BALCONY, DANCE_FLOOR, NOTE_LIMIT, VIEWS, exercise, load_views
from widgets.views.balcony_scenario import build_view, paragraphs_html


def make_state():
    return exercise("balcony-scenario").build_state(random.Random(0))


def test_scenario_loads_dance_floor_first():
    views = load_views()
    assert [v.view for v in views] == list(VIEWS)
    assert all(v.text and "miss" in v.prompt for v in views)


def test_a_missing_view_is_named(data_copy):
    (data_copy / "balcony_scenario.csv").write_text(
        "view,text,prompt,model_answer\ndance floor,A,What does it miss?,M\ndance floor,B,What does it miss?,M\n",
        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_views(data_copy)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("balcony_scenario.csv", 3, "view")


def test_an_unknown_view_is_named(data_copy):
    (data_copy / "balcony_scenario.csv").write_text(
        "view,text,prompt,model_answer\ndance floor,A,P,M\nattic,B,P,M\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_views(data_copy)
    assert (caught.value.row, caught.value.column) == (3, "view") and "attic" in str(caught.value)


def test_one_view_only_is_named(data_copy):
    (data_copy / "balcony_scenario.csv").write_text("view,text,prompt,model_answer\nbalcony,A,P,M\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_views(data_copy)
    assert caught.value.file == "balcony_scenario.csv"


def test_paragraphs_are_escaped():
    assert paragraphs_html("One <b>\n\nTwo & three") == "<p>One &lt;b&gt;</p><p>Two &amp; three</p>"


def test_notes_are_kept_as_written():
    state = make_state()
    written = "<script>alert('x')</script> — naïve café 👀\nsecond line"
    state.set_note(DANCE_FLOOR, written)
    assert state.note(DANCE_FLOOR) == written and state.note(BALCONY) == ""


def test_a_note_over_the_limit_keeps_its_first_part_and_says_how_much_is_over():
    state = make_state()
    assert state.set_note(BALCONY, "y" * NOTE_LIMIT) == 0
    assert state.set_note(BALCONY, "ab" + "x" * NOTE_LIMIT) == 2
    assert state.note(BALCONY) == "ab" + "x" * (NOTE_LIMIT - 2)


def test_the_view_warns_when_a_note_is_too_long_and_the_text_stays_in_the_box():
    state = make_state()
    view = build_view(state)
    note = find(view, "sl-scenario-note")[0]
    counter = find(view, "sl-scenario-count")[0]
    note.value = "z" * (NOTE_LIMIT + 7)
    assert note.value == "z" * (NOTE_LIMIT + 7)
    assert state.note(DANCE_FLOOR) == "z" * NOTE_LIMIT
    assert "only the first 2,000 are saved" in counter.value and "shorten it by 7" in counter.value
    note.value = "fits"
    assert "4 of 2,000 characters" in counter.value and "saved" not in counter.value   # the save line says so


def test_journal_has_both_notes():
    state = make_state()
    assert state.journal_markdown().count("(no note yet)") == 2
    state.set_note(DANCE_FLOOR, "The pattern of Friday discharges.")
    state.set_note(BALCONY, "Mrs Khan's worry about the stairs <em>")
    text = state.journal_markdown()
    assert "**On the dance floor**" in text and "The pattern of Friday discharges." in text
    assert "Mrs Khan's worry about the stairs &lt;em&gt;" in text and "<em>" not in text


def test_journal_shows_a_note_as_written_not_as_markdown():
    """A note's '#', '*', '[..](..)' or HTML must not turn into headings, emphasis, links or markup."""
    import datetime as dt

    from widgets.pages.course import load_modules
    from widgets.pages.journal import journal_html

    state = make_state()
    state.set_note(DANCE_FLOOR, "# not a heading\n**not bold** [not a link](javascript:x)\n<script>alert(1)</script>")
    text = state.journal_markdown()
    assert "> \\# not a heading" in text and "\\*\\*not bold" in text and "<script>" not in text
    now = dt.datetime.now(dt.timezone.utc)
    page = journal_html({"balcony-scenario": (state.to_dict(), now)}, load_modules(), "me", now)
    assert "# not a heading" in page and "**not bold** [not a link](javascript:x)" in page
    assert "<strong>not bold" not in page and "<h4>not a heading" not in page and "<script>alert" not in page


def test_round_trip_through_json():
    state = make_state()
    state.view = BALCONY
    state.set_note(DANCE_FLOOR, "One")
    state.set_note(BALCONY, "Two")
    again = make_state()
    again.restore(json.loads(json.dumps(state.to_dict())))
    assert again.to_dict() == state.to_dict() == {"notes": {DANCE_FLOOR: "One", BALCONY: "Two"}, "view": BALCONY}


@pytest.mark.parametrize("bad", [
    {"view": "attic"},
    {"notes": {"attic": "x"}},
    {"notes": {BALCONY: 3}},
    {"notes": {BALCONY: "x" * (NOTE_LIMIT + 1)}},
    {"notes": ["not", "a", "dict"]},
    None,
])
def test_bad_saved_work_is_a_value_error_and_changes_nothing(bad):
    state = make_state()
    state.set_note(BALCONY, "kept")
    before = state.to_dict()
    with pytest.raises(ValueError):
        state.restore(bad)
    assert state.to_dict() == before


def test_view_switches_and_saves_notes():
    state = make_state()
    state.set_note(BALCONY, "earlier")
    view = build_view(state)
    switch = find(view, "sl-scenario-switch")[0]
    notes = find(view, "sl-scenario-note")
    panels = find(view, "sl-scenario-panel")
    counts = find(view, "sl-scenario-count")
    assert [n.value for n in notes] == ["", "earlier"]
    assert [p.layout.display for p in panels] == [None, "none"]
    switch.value = BALCONY
    assert state.view == BALCONY and [p.layout.display for p in panels] == ["none", None]

    notes[0].value = "Nobody owns the whole journey home."
    assert state.note(DANCE_FLOOR) == "Nobody owns the whole journey home." and "35 of 2,000" in counts[0].value
    assert all(n.description.startswith("Your note") for n in notes)


def test_each_view_has_a_model_answer_grounded_in_the_source():
    from helpers import deck_text, flat

    deck = flat(deck_text())
    for view in load_views():
        assert len(view.model_answer.split()) > 60
        assert "deck" not in view.model_answer.lower()
        # what it quotes from the source is the source's wording, word for word
        quoted = [q for q in view.model_answer.split("‘")[1:]]
        for part in quoted:
            words = flat(part.split("’")[0])
            if len(words.split()) >= 3:
                assert words in deck, words


def test_the_model_answer_waits_for_the_learners_own_note():
    from traitlets import TraitError

    from widgets.exercises.balcony_scenario import MODEL_ANSWER_MIN_WORDS

    state = make_state()
    with pytest.raises(TraitError, match="Write your own note first"):
        state.model_answer(DANCE_FLOOR)
    state.set_note(DANCE_FLOOR, " ".join(["word"] * (MODEL_ANSWER_MIN_WORDS - 1)))
    assert not state.has_own_answer(DANCE_FLOOR)
    with pytest.raises(TraitError):
        state.model_answer(DANCE_FLOOR)
    state.set_note(DANCE_FLOOR, "Nobody owns the whole journey home.")
    assert state.model_answer(DANCE_FLOOR) == load_views()[0].model_answer
    with pytest.raises(TraitError):   # each view's answer waits for its own note
        state.model_answer(BALCONY)
    assert "model" not in state.journal_markdown().lower()   # the journal keeps the learner's own words


def test_the_view_offers_the_model_answer_only_after_a_note_and_only_when_asked():
    state = make_state()
    view = build_view(state)
    notes = find(view, "sl-scenario-note")
    compares = find(view, "sl-scenario-compare")
    models = find(view, "sl-scenario-model")
    answer_start = load_views()[0].model_answer[:40]
    assert all(c.disabled for c in compares)
    assert "Write your own note first" in models[0].value and answer_start not in models[0].value

    notes[0].value = "Nobody owns the whole journey home."
    assert not compares[0].disabled and compares[1].disabled
    assert models[0].value == ""          # ready, but not shown until asked for
    compares[0].click()
    assert answer_start in models[0].value and "A model answer, to compare with yours" in models[0].value
    assert compares[0].layout.display == "none"
    assert "Write your own note first" in models[1].value   # the other view still waits

    notes[0].value = "Gone"               # the learner's note is no longer beside it: the answer goes too
    assert answer_start not in models[0].value and compares[0].disabled


def test_a_restored_note_can_be_compared_straight_away():
    state = make_state()
    state.set_note(BALCONY, "We would miss what Mrs Khan herself wants.")
    view = build_view(state)
    compares = find(view, "sl-scenario-compare")
    assert compares[0].disabled and not compares[1].disabled
    compares[1].click()
    assert load_views()[1].model_answer[:40] in find(view, "sl-scenario-model")[1].value
