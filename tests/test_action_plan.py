"""Action plan: actions at three levels with who and by when; add, edit, remove; the plan and journal."""
import datetime
import random

import pytest
from traitlets import TraitError

from helpers import find, one, walk
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


# -- the learner's earlier work, offered back ------------------------------------------------------

def saved(key, make):
    """Saved work for another exercise, made through its own state the way a learner's page makes it."""
    state = find_exercise(key).build_state(random.Random(0))
    make(state)
    return state.to_dict()


def wicked_issues(state):
    state.add_issue("Delayed discharges on Fridays", 2)
    state.add_issue("Loneliness among older residents")


def ratings_with_relating_and_doing_lowest(state):
    for way in state.ways:
        low = way.name in ("Ways of relating", "Ways of doing")
        for quality in way.qualities:
            state.rate(quality, 1 if low else 4)


def a_system(state):
    state.add_actor("Ward discharge team", "team")
    state.add_actor("Age UK Waverley", "community group")


@pytest.fixture
def earlier():
    from widgets.exercises.action_plan import EARLIER_WORK

    makers = (wicked_issues, ratings_with_relating_and_doing_lowest, a_system)
    return {key: saved(key, make) for key, make in zip(EARLIER_WORK, makers)}


def test_the_exercise_asks_for_the_issues_the_ways_and_the_system():
    assert find_exercise("action-plan").earlier_work == ("reflection:reflection", "self-assessment", "system-builder")


def test_earlier_work_is_offered_back_and_never_written_into_the_plan(state, earlier):
    from widgets.exercises.action_plan import ACTOR, ISSUE, WAY

    state.take_earlier_work(earlier)
    assert state.actions == [] and "offers" not in state.to_dict()
    assert [o.name for o in state.offers_of(ISSUE)] == ["Delayed discharges on Fridays",
                                                        "Loneliness among older residents"]
    first, second = state.offers_of(ISSUE)
    assert "2 of 5 (a little)" in first.detail and "haven't rated it yet" in second.detail
    assert first.level == "system" and first.start == "On ‘Delayed discharges on Fridays’: "
    ways = state.offers_of(WAY)
    assert [o.name for o in ways] == ["Ways of doing", "Ways of relating"]   # ties in the source's order
    assert all(o.level == "individual" and "1.0 of 5" in o.detail for o in ways)
    assert "mutuality and empathy" in ways[1].detail and ways[1].start == "To strengthen my ways of relating: "
    assert [(o.name, o.detail) for o in state.offers_of(ACTOR)] == [
        ("Ward discharge team", "In your map of a system (team)."),
        ("Age UK Waverley", "In your map of a system (community group).")]


def test_only_what_is_saved_and_readable_is_offered(state, earlier):
    from widgets.exercises.action_plan import ISSUE, WAY

    state.take_earlier_work({})
    assert state.offers == []
    unrated = saved("self-assessment", lambda s: s.rate(s.ways[0].qualities[0], 2))
    broken = {"issues": "not a list"}
    state.take_earlier_work({"reflection:reflection": broken, "self-assessment": unrated,
                             "system-builder": earlier["system-builder"]})
    assert state.offers_of(ISSUE) == [] and state.offers_of(WAY) == []   # no lowest two until every way is rated
    assert len(state.offers) == 2
    state.take_earlier_work(None)
    assert state.offers == []


def test_an_offer_fills_the_form_only_and_never_replaces_the_learners_words(state, earlier):
    from widgets.exercises.action_plan import ACTOR, ISSUE

    state.take_earlier_work(earlier)
    issue = state.offers_of(ISSUE)[0]
    assert state.draft(issue) == ("system", "On ‘Delayed discharges on Fridays’: ")
    with pytest.raises(TraitError, match="already holds an action you haven't added"):
        state.draft(issue, "My own half-written action")
    actor = state.offers_of(ACTOR)[1]
    with pytest.raises(TraitError, match="goes in 'Who'"):
        state.draft(actor)
    assert state.who_with(actor, "") == "Age UK Waverley"
    assert state.who_with(actor, "me, ") == "me, Age UK Waverley"
    assert state.who_with(actor, "me, age uk waverley") == "me, age uk waverley"   # not twice
    with pytest.raises(TraitError, match="'Who' can be at most"):
        state.who_with(actor, "x" * (WHO_MAX_LENGTH - 5))


def test_an_offer_taken_up_is_marked_in_the_plan(state, earlier):
    from widgets.exercises.action_plan import ACTOR, ISSUE, WAY

    state.take_earlier_work(earlier)
    issue, way, actor = state.offers_of(ISSUE)[0], state.offers_of(WAY)[1], state.offers_of(ACTOR)[0]
    assert not any(state.in_plan(o) for o in state.offers)
    state.add_action("system", "On ‘Delayed discharges on Fridays’: convene a weekend review", "Ward discharge team")
    state.add_action("individual", "To strengthen my ways of relating: ask for honest feedback")
    assert state.in_plan(issue) and state.in_plan(way) and state.in_plan(actor)
    assert not state.in_plan(state.offers_of(ISSUE)[1])


def offer_buttons(view):
    return find(view, "sl-offer-use")


def test_the_view_offers_earlier_work_and_fills_only_the_form(state, earlier):
    state.take_earlier_work(earlier)
    view = build_view(state)
    offers = one(view, "sl-plan-offers")
    shown = " ".join(child.value for child in walk(offers) if hasattr(child, "value") and
                     isinstance(child.value, str))
    assert "Delayed discharges on Fridays" in shown and "Ways of relating" in shown
    buttons = offer_buttons(view)
    assert [b.description for b in buttons][-2:] == ["Add ‘Ward discharge team’ to Who",
                                                     "Add ‘Age UK Waverley’ to Who"]
    text, who = one(view, "sl-plan-text"), one(view, "sl-plan-who")
    level = one(view, "sl-plan-level-choice")

    buttons[0].click()                    # the first wicked issue
    assert state.actions == []
    assert (level.value, text.value) == ("system", "On ‘Delayed discharges on Fridays’: ")
    assert "nothing goes into your plan until you do" in message(view)
    buttons[2].click()                    # a low way, while the form holds the issue's start: refused, kept
    assert text.value == "On ‘Delayed discharges on Fridays’: " and "already holds" in message(view)
    buttons[-1].click()
    assert who.value == "Age UK Waverley" and state.actions == []

    text.value = "On ‘Delayed discharges on Fridays’: convene a weekend review"
    one(view, "sl-plan-save").click()
    assert state.actions[0]["who"] == "Age UK Waverley"
    assert "(in your plan)" in offers_html(view, 0)
    assert "(in your plan)" not in offers_html(view, 1)

    one(view, "sl-plan-chooser").value = 0   # changing an action of the plan: an offer can't replace it
    buttons[1].click()
    assert "save your changes" in message(view) and state.actions[0]["text"].endswith("weekend review")


def offers_html(view, index):
    return [h for h in walk(one(view, "sl-plan-offers")) if "sl-offer-text" in getattr(h, "value", "")][index].value


def test_without_earlier_work_the_view_says_what_will_be_offered(state):
    view = build_view(state)
    assert offer_buttons(view) == []
    assert "the wicked issues you list in Reflection" in one(view, "sl-plan-offers").children[0].value


def test_a_page_hands_the_plan_the_learners_saved_work_read_only(tmp_path, monkeypatch, earlier):
    """Through the store, as a learner's page does: the offers come from what they saved, which stays as it was."""
    import IPython.display

    from widgets.pages import course
    from widgets.storage.learner import Learner
    from widgets.storage.store import Store

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    modules = course.load_modules()
    with Store(tmp_path / "store.sqlite").open() as store:
        store.register_learner("solo")
        store.register_learner("someone-else")
        for key, data in earlier.items():
            store.save("solo", key, data)
        store.save("someone-else", "reflection:reflection", saved("reflection:reflection",
                                                                  lambda s: s.add_issue("Not yours")))
        before = store.saved_work("solo")
        course.Page(course.find_module("looking-ahead", modules), modules, Learner("solo", ""), store).show(
            "action-plan")
        view = next(w for w in shown if "sl-action-plan" in getattr(w, "_dom_classes", ()))
        names = [b.description for b in offer_buttons(view)]
        assert len(names) == 2 + 2 + 2 and "Add ‘Age UK Waverley’ to Who" in names
        assert "Not yours" not in offers_html(view, 0) + offers_html(view, 1)
        offer_buttons(view)[0].click()
        after = store.saved_work("solo")
        assert {k: (v.data, v.version) for k, v in after.items()} == {k: (v.data, v.version)
                                                                      for k, v in before.items()}
        assert "action-plan" not in after            # filling the form saves nothing
        assert one(view, "sl-plan-text").value == "On ‘Delayed discharges on Fridays’: "

        # without a store (no personal link), nothing is read and the plan says what it would offer
        shown.clear()
        course.Page(course.find_module("looking-ahead", modules), modules, Learner("", ""), None).show("action-plan")
        view = next(w for w in shown if "sl-action-plan" in getattr(w, "_dom_classes", ()))
        assert offer_buttons(view) == []


def test_an_exercise_that_changed_shape_costs_only_its_own_offers(state, earlier, monkeypatch):
    import widgets.exercises.self_assessment as self_assessment
    from widgets.exercises.action_plan import ISSUE, WAY

    def gone(self):
        raise AttributeError("lowest_two")

    monkeypatch.setattr(self_assessment.SelfAssessmentState, "lowest_two", gone)
    state.take_earlier_work(earlier)
    assert state.offers_of(WAY) == [] and len(state.offers_of(ISSUE)) == 2 and len(state.offers) == 4
