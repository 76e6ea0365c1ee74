"""The perturbation explorer: the model's outcomes, their texts, validation, saving, the chart and the view."""
import random
import xml.etree.ElementTree as ET

import pytest
from traitlets import TraitError

from helpers import deck_text, flat, walk
from widgets.content import ContentError, load_table
from widgets.registry import find_exercise
from widgets.exercises import perturbation
from widgets.exercises.perturbation import (ADAPT_AFTER, MAX_DURATION, MAX_STRENGTH, MIN_DURATION, MIN_STRENGTH,
                                            ORIGINAL_IDENTITY, OWN_LIMIT, PUSH_START, RETURNED_WITHIN, TEXT_IDS,
                                            WINDOW, PerturbationState, load_texts, simulate)
from widgets.views.perturbation import build_view


@pytest.fixture
def state():
    return PerturbationState(load_texts())


def set_push(state, strength, duration):
    state.strength, state.duration = strength, duration
    return state


# ---- data -------------------------------------------------------------------------------------

def test_text_file_loads_with_every_id():
    rows = load_table("perturbation_text.csv")
    assert {r["id"] for r in rows} == set(TEXT_IDS)
    texts = load_texts()
    quotes = [i for i in TEXT_IDS if i.startswith("quote-")]
    assert all(texts[i][1] == "Maturana & Varela, as summarised in the workshop" for i in quotes)


def test_quotes_are_the_decks_words():
    deck = deck_text()
    for ident, (text, _) in load_texts().items():
        if ident.startswith("quote-"):
            assert flat(text) in deck, ident


def test_quote_without_source_names_file_and_column(data_copy):
    path = data_copy / "perturbation_text.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"Maturana & Varela, as summarised in the workshop"', "", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_texts(data_copy)
    assert (caught.value.file, caught.value.column) == ("perturbation_text.csv", "source")


def test_missing_text_row_is_a_content_error(data_copy):
    path = data_copy / "perturbation_text.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("heading-adapted")) + "\n",
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_texts(data_copy)
    assert caught.value.file == "perturbation_text.csv"


# ---- the model --------------------------------------------------------------------------------

def test_run_covers_the_window_and_is_deterministic():
    run = simulate(7, 20)
    assert run.times == tuple(range(WINDOW + 1))
    assert len(run.states) == len(run.identities) == WINDOW + 1
    assert run == simulate(7, 20)


def test_short_strong_push_is_killed_off(state):
    set_push(state, MAX_STRENGTH, 5)
    run = state.run()
    assert abs(run.peak_state) > 2                       # it really was pushed
    assert run.final_identity == ORIGINAL_IDENTITY       # identity untouched
    assert abs(run.final_state - ORIGINAL_IDENTITY) <= RETURNED_WITHIN
    assert state.outcome() == "absorbed"


def test_the_system_acts_against_the_push_while_it_lasts(state):
    """Pushed toward its level, the state stays short of it: the system acts to kill the perturbation."""
    run = set_push(state, 8, ADAPT_AFTER).run()
    during = run.states[PUSH_START + 1:PUSH_START + ADAPT_AFTER + 1]
    assert all(0 < x < run.pushed_level for x in during)
    assert max(during) < 0.6 * run.pushed_level


@pytest.mark.parametrize("strength", range(MIN_STRENGTH, MAX_STRENGTH + 1))
def test_no_push_held_for_the_sufficient_time_or_less_changes_identity(state, strength):
    set_push(state, strength, ADAPT_AFTER)
    assert state.outcome() == "absorbed"


@pytest.mark.parametrize("strength", range(MIN_STRENGTH, MAX_STRENGTH + 1))
def test_any_push_held_longer_adapts_however_weak(state, strength):
    """No threshold of strength: held perturbed for sufficient time, the system adapts."""
    set_push(state, strength, ADAPT_AFTER + 1)
    assert state.outcome() == "adapted" and state.run().final_identity > ORIGINAL_IDENTITY


def test_long_push_moves_the_identity_toward_the_pushed_condition(state):
    set_push(state, MAX_STRENGTH, 40)
    run = state.run()
    assert state.outcome() == "adapted"
    assert ORIGINAL_IDENTITY + 1 < run.final_identity <= run.pushed_level
    # the state settles at the new identity, not the old one
    assert abs(run.final_state - run.final_identity) < 0.5


def test_longer_push_adapts_further(state):
    shifts = [set_push(state, 8, d).run().final_identity for d in (15, 25, 40)]
    assert shifts[0] < shifts[1] < shifts[2]


def test_push_ending_late_without_adapting_leaves_the_system_on_its_way_back(state, monkeypatch):
    monkeypatch.setattr(perturbation, "ADAPT_AFTER", WINDOW)   # never held long enough to adapt
    set_push(state, 2, MAX_DURATION)
    run = state.run()
    assert state.outcome() == "recovering"
    assert run.final_identity == ORIGINAL_IDENTITY
    assert abs(run.final_state) > RETURNED_WITHIN
    heading, happened, quotes = state.outcome_sentences()
    assert heading.startswith("Still acting against it") and "has not changed" in happened and len(quotes) == 2


# ---- the outcome texts ------------------------------------------------------------------------

def test_killed_off_text(state):
    heading, happened, quotes = set_push(state, 9, 4).outcome_sentences()
    assert heading.startswith("Killed off")
    assert "original identity" in happened and "wasn't held long enough" in happened
    assert "whatever the push's strength" in happened
    assert [q for q, _ in quotes] == [load_texts()["quote-identity"][0], load_texts()["quote-kill"][0]]


def test_no_text_speaks_of_tolerance_a_set_point_or_resisting_softly(state):
    texts = " ".join(text for text, _ in load_texts().values())
    for strength, duration in ((1, 20), (9, 4), (10, 40)):
        heading, happened, _ = set_push(state, strength, duration).outcome_sentences()
        texts += heading + happened + state.chart_description()
    for word in ("toleran", "set point", "however long it lasted", "deck", "slide"):
        assert word not in texts.lower(), word
    assert "kill" in load_texts()["heading-absorbed"][0].lower()


def test_adapted_text(state):
    heading, happened, quotes = set_push(state, 10, 40).outcome_sentences()
    assert heading.startswith("Adapted")
    assert f"identity moved from 0 to {state.run().final_identity:.2f}" in happened
    assert "acted against the push all along" in happened
    assert [q for q, _ in quotes] == [load_texts()["quote-kill"][0], load_texts()["quote-adapt"][0]]
    assert all(source == "Maturana & Varela, as summarised in the workshop" for _, source in quotes)


# ---- the learner's own system -------------------------------------------------------------------

def test_the_answer_about_the_learners_own_system_is_saved_and_in_the_journal(state):
    assert state.set_own_system("Winter pressures *again*\n# budget cuts") == 0
    saved = state.to_dict()
    assert saved["own_system"] == "Winter pressures *again*\n# budget cuts"
    again = PerturbationState(load_texts())
    again.restore(saved)
    assert again.own_system == state.own_system
    text = state.journal_markdown()
    assert load_texts()["prompt-own-system"][0] in text
    assert "> Winter pressures \\*again\\*" in text and "\n# budget" not in text


def test_too_long_an_answer_keeps_the_first_part_and_says_so(state):
    assert state.set_own_system("x" * (OWN_LIMIT + 7)) == 7
    assert len(state.own_system) == OWN_LIMIT
    with pytest.raises(ValueError):
        state.restore({"own_system": "x" * (OWN_LIMIT + 1)})


def test_work_saved_before_the_question_existed_still_restores(state):
    state.restore({"strength": 3, "duration": 20})
    assert (state.strength, state.duration, state.own_system) == (3, 20, "")


# ---- validation and saving --------------------------------------------------------------------

@pytest.mark.parametrize("name,value", [("strength", MIN_STRENGTH), ("strength", MAX_STRENGTH),
                                        ("duration", MIN_DURATION), ("duration", MAX_DURATION)])
def test_boundaries_are_accepted(state, name, value):
    setattr(state, name, value)
    assert getattr(state, name) == value


@pytest.mark.parametrize("name,value", [
    ("strength", MIN_STRENGTH - 1), ("strength", MAX_STRENGTH + 1), ("duration", MIN_DURATION - 1),
    ("duration", MAX_DURATION + 1), ("strength", True), ("duration", 3.5), ("strength", "5"), ("duration", None)])
def test_invalid_values_raise_trait_error(state, name, value):
    before = getattr(state, name)
    with pytest.raises(TraitError):
        setattr(state, name, value)
    assert getattr(state, name) == before


def test_round_trip(state):
    set_push(state, 9, 33)
    saved = state.to_dict()
    assert saved == {"strength": 9, "duration": 33, "own_system": ""}
    again = PerturbationState(load_texts())
    again.restore(saved)
    assert again.to_dict() == saved and again.outcome() == state.outcome()


@pytest.mark.parametrize("bad", [{"strength": 0}, {"strength": 5, "duration": 99}, {"duration": "long"}, "nope"])
def test_restore_of_bad_data_raises_value_error_and_keeps_the_work(state, bad):
    set_push(state, 4, 12)
    with pytest.raises(ValueError):
        state.restore(bad)
    assert state.to_dict() == {"strength": 4, "duration": 12, "own_system": ""}


# ---- chart and journal ------------------------------------------------------------------------

def test_svg_is_well_formed_with_title_description_and_parts(state):
    set_push(state, 10, 40)
    svg = state.journal_svg()
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert "strength 10" in root.find(f"{ns}title").text
    assert "Outcome: adapted" in root.find(f"{ns}desc").text
    assert len(root.findall(f".//{ns}rect[@class='sl-chart-shade']")) == 1
    references = root.findall(f".//{ns}line[@class='sl-chart-reference']")
    assert len(references) == 2 and all(r.get("stroke-dasharray") for r in references)
    assert "new identity" in svg and "original identity" in svg
    assert "Time (steps)" in svg and "State of the system" in svg


def test_svg_for_an_absorbed_push_has_one_identity_line(state):
    root = ET.fromstring(set_push(state, 3, 3).journal_svg())
    assert len(root.findall(".//{http://www.w3.org/2000/svg}line[@class='sl-chart-reference']")) == 1


def test_journal_markdown(state):
    text = set_push(state, 10, 40).journal_markdown()
    assert "**10**" in text and "**40**" in text and "Adapted" in text
    assert "— Maturana & Varela, as summarised in the workshop" in text


# ---- exercise and view ------------------------------------------------------------------------

def find(view, css_class):
    return next(w for w in walk(view) if css_class in w._dom_classes)


def test_exercise_builds_from_its_key():
    exercise = find_exercise("perturbation")
    state = exercise.build_state(random.Random(0))
    assert isinstance(state, PerturbationState)
    assert exercise.build_view(state) is not None


def test_view_sliders_drive_the_state_and_redraw(state):
    view = build_view(state)
    assert "sl-perturbation" in view._dom_classes
    strength, duration = find(view, "sl-pert-strength"), find(view, "sl-pert-duration")
    assert strength.description and duration.description
    outcome = find(view, "sl-pert-outcome")
    strength.value, duration.value = 10, 5
    assert (state.strength, state.duration) == (10, 5)
    assert "Killed off" in outcome.value
    duration.value = 40
    assert "Adapted" in outcome.value and "new identity" in find(view, "sl-pert-plot").value
    state.restore({"strength": 2, "duration": 3})   # outside changes reach the sliders
    assert (strength.value, duration.value) == (2, 3)


def test_view_shows_the_model_note_and_quotes_escaped(state):
    view = build_view(state)
    text = "".join(w.value for w in walk(view) if hasattr(w, "value") and isinstance(w.value, str))
    assert "What this model simplifies" in text and "homeostasis" in text and "What it leaves out" in text
    assert "deck" not in text and "not from the" not in text
    assert "Maturana &amp; Varela, as summarised in the workshop" in text


def test_view_saves_the_answer_about_the_learners_own_system(state):
    view = build_view(state)
    answer, counter = find(view, "sl-pert-own"), find(view, "sl-pert-own-count")
    answer.value = "Targets from the centre"
    assert state.own_system == "Targets from the centre" and "23 of" in counter.value
    answer.value = "y" * (OWN_LIMIT + 3)
    assert len(state.own_system) == OWN_LIMIT and "shorten it by 3" in counter.value


# ---- in a real browser ------------------------------------------------------------------------

@pytest.mark.browser
def test_explorer_in_a_browser_by_keyboard(voila_server, page):
    from conftest import page_problems, wait_for_page

    notebook = "thinking-about-systems.ipynb"
    page.goto(voila_server.module_url(notebook))
    wait_for_page(page)
    explorer = page.locator(".sl-perturbation")
    strength = explorer.locator(".sl-pert-strength .noUi-handle")
    strength.focus()
    page.keyboard.press("End")
    duration = explorer.locator(".sl-pert-duration .noUi-handle")
    duration.focus()
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('.sl-pert-outcome').innerText.includes('Adapted')")
    assert "new identity" in explorer.locator(".sl-pert-plot svg").inner_html()
    page.keyboard.press("Home")
    page.wait_for_function("() => document.querySelector('.sl-pert-outcome').innerText.includes('Killed off')")
    assert explorer.locator(".sl-pert-plot svg[role='img'] title").count() == 1
    assert "What this model simplifies" in explorer.inner_text()
    assert page_problems(page) == []
    assert page.outside_requests == []
