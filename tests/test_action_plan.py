"""Action plan: actions at three levels with who and by when; add, edit, remove; the plan and journal."""
import datetime
import random

import pytest
from traitlets import TraitError

from helpers import one
from widgets.registry import find_exercise
from widgets.exercises.action_plan import ACTION_MAX_LENGTH, MAX_ACTIONS, WHO_MAX_LENGTH, ActionPlanState
from widgets.views.action_plan import NEW, build_view, plan_html

TODAY = datetime.date(2026, 6, 1)


def message(view):
    return one(view, "sl-plan-form").children[-1].value


@pytest.fixture
def state():
    return ActionPlanState()


def test_exercise_builds():
    found = find_exercise("action-plan")
    state = found.build_state(random.Random(0))
    assert state.actions == [] and "sl-action-plan" in found.build_view(state)._dom_classes


def test_add_update_remove(state):
    first = state.add_action("system", "  Convene partners  ", "Me", "2026-09-30")
    second = state.add_action("individual", "Read the VSC report")
    assert (first, second) == (0, 1)
    assert state.actions[0] == {"level": "system", "text": "Convene partners", "who": "Me", "by_when": "2026-09-30"}
    state.update_action(1, "organisation", "Share the report", "Our team", "")
    assert state.actions[1] == {"level": "organisation", "text": "Share the report", "who": "Our team",
                                "by_when": ""}
    state.remove_action(0)
    assert [a["text"] for a in state.actions] == ["Share the report"]
    with pytest.raises(TraitError):
        state.remove_action(5)


@pytest.mark.parametrize("level, text, who, by_when, words", [
    ("system", "   ", "", "", "Write what the action is"),
    ("system", "x" * (ACTION_MAX_LENGTH + 1), "", "", "at most 500"),
    ("system", "Fine", "w" * (WHO_MAX_LENGTH + 1), "", "'Who' can be at most"),
    ("system", "Fine", "", "next Tuesday", "YYYY-MM-DD"),
    ("system", "Fine", "", "2026-02-30", "YYYY-MM-DD"),
    ("system", "Fine", "", "20260101", "YYYY-MM-DD"),
    ("system", "Fine", "", "2026-W01-1", "YYYY-MM-DD"),
    ("system", "Fine", "", "0002-12-08", "looks like a slip"),
    ("system", "Fine", "", "2999-01-01", "looks like a slip"),
    ("system", "Fine", "", "２０２６-０１-０１", "YYYY-MM-DD"),
    ("galaxy", "Fine", "", "", "level"),
])
def test_bad_actions_are_refused_with_a_message(state, level, text, who, by_when, words):
    with pytest.raises(TraitError, match=words):
        state.add_action(level, text, who, by_when)
    assert state.actions == []


def test_a_bad_edit_keeps_the_old_action(state):
    state.add_action("individual", "Keep me")
    with pytest.raises(TraitError):
        state.update_action(0, "individual", "")
    assert state.actions[0]["text"] == "Keep me"


def test_the_plan_has_a_limit(state):
    for n in range(MAX_ACTIONS):
        state.add_action("individual", f"Action {n}")
    with pytest.raises(TraitError, match="remove one first"):
        state.add_action("individual", "One too many")


def test_flags_for_what_is_still_to_decide(state):
    state.add_action("individual", "A", "", "")
    state.add_action("individual", "B", "Me", "2026-05-31")
    state.add_action("individual", "C", "Me", "2026-06-01")
    assert state.flags(state.actions[0], TODAY) == ["who: to decide", "by when: to decide"]
    assert state.flags(state.actions[1], TODAY) == ["date passed"]
    assert state.flags(state.actions[2], TODAY) == []


def test_grouped_counts_and_plan_html(state):
    state.add_action("system", "Bring <b>partners</b> & friends together", "DPH <me>", "2026-07-04")
    state.add_action("individual", "Reflect weekly")
    assert {level: len(entries) for level, entries in state.grouped().items()} == {
        "individual": 1, "organisation": 0, "system": 1}
    assert state.counts_text() == ("Your plan has 2 actions: 1 individually, 0 in your organisation or area, "
                                   "1 in your system.")
    page = plan_html(state, TODAY)
    assert "Bring &lt;b&gt;partners&lt;/b&gt; &amp; friends together" in page and "<b>partners" not in page
    assert "DPH &lt;me&gt;" in page and "4 July 2026" in page
    assert page.count("<caption>") == 2 and '<th scope="col">Who</th>' in page and '<th scope="row">1</th>' in page
    assert "In your organisation or area (0)" in page and "No actions at this level yet" in page
    assert "Still open: who: to decide; by when: to decide" in page


def test_journal_is_a_table_per_level(state):
    assert "No actions" in state.journal_markdown()
    state.add_action("system", "Map the | system", "Me", "2026-07-04")
    state.add_action("organisation", "Brief the <board>")
    text = state.journal_markdown()
    assert "**Individually** (0)" in text and "**In your system** (1)" in text
    assert "| Map the \\| system | Me | 4 July 2026 |" in text
    assert "| Brief the &lt;board&gt; | to decide | to decide |" in text


def test_round_trip(state):
    state.add_action("system", "Convene", "Me", "2026-09-30")
    state.add_action("organisation", "Brief", "", "")
    again = ActionPlanState()
    again.restore(state.to_dict())
    assert again.to_dict() == state.to_dict() == {"actions": state.actions, "shared": []}


@pytest.mark.parametrize("bad", [
    {"actions": "x"},
    {"actions": [{"level": "system", "text": "x", "who": ""}]},
    {"actions": [{"level": "system", "text": "x", "who": "", "by_when": "", "extra": 1}]},
    {"actions": [{"level": "planet", "text": "x", "who": "", "by_when": ""}]},
    {"actions": [{"level": "system", "text": "", "who": "", "by_when": ""}]},
    {"actions": [{"level": "system", "text": "x", "who": "", "by_when": "31/12/2026"}]},
    {"actions": [{"level": "system", "text": 5, "who": "", "by_when": ""}]},
    {"actions": [{"level": "system", "text": "x", "who": "", "by_when": ""}] * (MAX_ACTIONS + 1)},
])
def test_restore_of_malformed_work_raises_value_error(state, bad):
    state.add_action("individual", "Kept")
    before = state.to_dict()
    with pytest.raises(ValueError):
        state.restore(bad)
    assert state.to_dict() == before


def test_view_add_choose_edit_and_remove(state):
    view = build_view(state)
    chooser, save, remove = one(view, "sl-plan-chooser"), one(view, "sl-plan-save"), one(view, "sl-plan-remove")
    assert chooser.value == NEW and save.description == "Add action" and remove.disabled
    one(view, "sl-plan-level-choice").value = "system"
    one(view, "sl-plan-text").value = "Convene a <i>system</i> conversation"
    one(view, "sl-plan-who").value = "Me"
    one(view, "sl-plan-when").value = datetime.date(2026, 9, 30)
    save.click()
    assert state.actions == [{"level": "system", "text": "Convene a <i>system</i> conversation", "who": "Me",
                              "by_when": "2026-09-30"}]
    assert "Added action 1" in message(view)
    assert one(view, "sl-plan-text").value == "" and one(view, "sl-plan-when").value is None  # ready for the next
    assert "&lt;i&gt;system&lt;/i&gt;" in one(view, "sl-plan").value
    one(view, "sl-plan-text").value = "Second"
    save.click()
    assert "Still to decide: who: to decide; by when: to decide" in message(view)
    chooser.value = 0
    assert one(view, "sl-plan-text").value == "Convene a <i>system</i> conversation"
    assert one(view, "sl-plan-when").value == datetime.date(2026, 9, 30)
    assert save.description == "Save changes" and not remove.disabled
    one(view, "sl-plan-who").value = "Our board"
    one(view, "sl-plan-when").value = None
    save.click()
    assert state.actions[0]["who"] == "Our board" and state.actions[0]["by_when"] == ""
    assert chooser.value == 0 and "Our board" in one(view, "sl-plan").value
    remove.click()
    assert [a["text"] for a in state.actions] == ["Second"] and chooser.value == NEW
    assert [label for label, _ in chooser.options] == ["A new action", "1. Individually: Second"]


def test_view_refuses_bad_input_and_keeps_the_form(state):
    view = build_view(state)
    save = one(view, "sl-plan-save")
    save.click()
    assert "Write what the action is first" in message(view) and state.actions == []
    long_text = "z" * (ACTION_MAX_LENGTH + 1)
    one(view, "sl-plan-text").value = long_text
    save.click()
    assert "at most 500" in message(view) and state.actions == []
    assert one(view, "sl-plan-text").value == long_text  # nothing typed is lost


def test_view_shows_a_restored_plan(state):
    state.add_action("organisation", "Brief the board", "Me", "2026-01-01")
    view = build_view(state)
    assert "Brief the board" in one(view, "sl-plan").value
    assert len(one(view, "sl-plan-chooser").options) == 2


def test_every_control_has_a_label(state):
    view = build_view(state)
    for css in ("sl-plan-chooser", "sl-plan-level-choice", "sl-plan-text", "sl-plan-who", "sl-plan-when",
                "sl-plan-save", "sl-plan-remove", "sl-plan-new"):
        assert one(view, css).description
