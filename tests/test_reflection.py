"""Reflection prompts: written answers with a limit that loses nothing, and a list of rated wicked issues."""
import random

import pytest
from traitlets import TraitError

from helpers import find, one, walk
from widgets.content import ContentError, load_table
from widgets.registry import find_exercise, registered
from widgets.exercises.reflection import (ANSWER_MAX_LENGTH, ISSUE_MAX_LENGTH, MAX_ISSUES, ReflectionState, exercise,
                                          load_prompts)
from widgets.views.reflection import build_view

DECK_PROMPTS = {
    "reflection": ["What are your wicked issues?",
                   "How far are you using Systems Leadership to work with them?",
                   "What else might you do to develop and promote Systems Leadership in your area?",
                   "Where are the opportunities for you to use your influence and make wider connections?"],
    "looking-ahead": ["How might you want to use the learning in future: individually?",
                      "How might you want to use the learning in future: in your organisations/areas?",
                      "How might you want to use the learning in future: in your systems?",
                      "What influence/connections do we have?"],
}


def messages(view):
    return " ".join(w.value for w in walk(view) if type(w).__name__ == "HTML" and "sl-msg" in w.value)


@pytest.fixture
def state():
    return ReflectionState("reflection", load_prompts("reflection"))


@pytest.fixture
def ahead():
    return ReflectionState("looking-ahead", load_prompts("looking-ahead"))


@pytest.mark.parametrize("prompt_set", sorted(DECK_PROMPTS))
def test_prompts_file_loads_with_the_deck_questions(prompt_set):
    assert [p["prompt"] for p in load_prompts(prompt_set)] == DECK_PROMPTS[prompt_set]
    assert len([row for row in load_table("reflection_prompts.csv") if row["set"] in DECK_PROMPTS]) == 8


@pytest.mark.parametrize("key", registered("reflection").shown_at)
def test_exercises_build(key):
    found = find_exercise(key)
    state = found.build_state(random.Random(0))
    view = found.build_view(state)
    assert state.prompt_set == key.split(":")[1] and "sl-reflection" in view._dom_classes
    assert len(find(view, "sl-reflection-answer")) == len(state.text_prompts())


def test_unknown_set_is_a_content_error():
    with pytest.raises(ContentError, match="reflection_prompts.csv"):
        exercise("reflection:nowhere").build_state(random.Random(0))


def test_answers_can_be_written_edited_and_cleared(ahead):
    assert ahead.set_answer("use-individually", "Coach my team") == 0
    ahead.set_answer("use-individually", "Coach my team <b>weekly</b>")
    assert ahead.answers == {"use-individually": "Coach my team <b>weekly</b>"}
    ahead.set_answer("use-individually", "   ")
    assert ahead.answers == {}


def test_too_long_answer_keeps_the_first_part_and_says_how_much_is_over(ahead):
    over = ahead.set_answer("our-influence", "a" * ANSWER_MAX_LENGTH + "bcd")
    assert over == 3 and ahead.answers["our-influence"] == "a" * ANSWER_MAX_LENGTH


def test_odd_unicode_is_kept_as_written(ahead):
    text = "Zusammenarbeit – 協力 🤝 e\u0301\u200b"
    ahead.set_answer("use-in-systems", text)
    assert ahead.answers["use-in-systems"] == text


def test_issues_add_edit_remove(state):
    state.add_issue("  Delayed discharges  ", 2)
    state.add_issue("Child obesity")
    assert state.issues == [{"text": "Delayed discharges", "rating": 2}, {"text": "Child obesity", "rating": None}]
    state.edit_issue(1, rating=4)
    state.edit_issue(0, text="Delayed hospital discharges")
    assert state.issues[0] == {"text": "Delayed hospital discharges", "rating": 2}
    assert state.issues[1]["rating"] == 4
    state.edit_issue(1, rating=None)
    assert state.issues[1]["rating"] is None
    state.remove_issue(0)
    assert state.issues == [{"text": "Child obesity", "rating": None}]


def test_bad_issues_are_refused(state):
    with pytest.raises(TraitError):
        state.add_issue("   ")
    with pytest.raises(TraitError):
        state.add_issue("x" * (ISSUE_MAX_LENGTH + 1))
    with pytest.raises(TraitError):
        state.add_issue("Rated six", 6)
    state.add_issue("One")
    with pytest.raises(TraitError):
        state.edit_issue(0, text="")
    assert state.issues == [{"text": "One", "rating": None}]
    for n in range(MAX_ISSUES - 1):
        state.add_issue(f"Issue {n}")
    with pytest.raises(TraitError, match="at most"):
        state.add_issue("One too many")


def test_too_long_issue_edit_keeps_the_first_part(state):
    state.add_issue("Short")
    assert state.edit_issue(0, text="y" * (ISSUE_MAX_LENGTH + 2)) == 2
    assert state.issues[0]["text"] == "y" * ISSUE_MAX_LENGTH


def test_round_trip(state):
    state.add_issue("Delayed discharges", 3)
    state.set_answer("develop-and-promote", "Line one\nLine two")
    again = ReflectionState("reflection", load_prompts("reflection"))
    again.restore(state.to_dict())
    assert again.to_dict() == state.to_dict()
    assert again.journal_markdown() == state.journal_markdown()


@pytest.mark.parametrize("bad", [
    {"answers": {"not-a-prompt": "x"}},
    {"answers": {"develop-and-promote": "x" * (ANSWER_MAX_LENGTH + 1)}},
    {"answers": {"develop-and-promote": 42}},
    {"answers": {"wicked-issues": "the issues prompt takes no written answer"}},
    {"issues": [{"text": "x"}]},
    {"issues": [{"text": "", "rating": 1}]},
    {"issues": [{"text": "x", "rating": 9}]},
    {"issues": [{"text": "x", "rating": True}]},
    {"issues": [{"text": "x", "rating": 2.5}]},
    {"issues": "x"},
    {"issues": [{"text": f"{n}", "rating": None} for n in range(MAX_ISSUES + 1)]},
    "not a dict",
])
def test_restore_of_malformed_work_raises_value_error(state, bad):
    state.add_issue("Kept", 1)
    before = state.to_dict()
    with pytest.raises(ValueError):
        state.restore(bad)
    assert state.to_dict() == before


def test_journal_prints_prompts_and_answers_escaped(state):
    state.add_issue("Housing | health <script>", 5)
    state.set_answer("influence-and-connections", "Through the <b>board</b>\nand the ICS")
    text = state.journal_markdown()
    for prompt in DECK_PROMPTS["reflection"]:
        assert prompt in text
    assert "Housing \\| health &lt;script&gt; | 5 – fully |" in text
    assert "> Through the &lt;b&gt;board&lt;/b&gt;\n> and the ICS" in text
    assert "_No answer yet._" in text and "<script>" not in text
    state.set_answer("develop-and-promote", "*not emphasis* [not](a link)")
    assert "> \\*not emphasis\\* \\[not\\]\\(a link\\)" in state.journal_markdown()


def test_view_textarea_saves_and_a_long_answer_loses_nothing(ahead):
    view = build_view(ahead)
    area = one(view, "sl-prompt-use-individually")
    assert area.description == DECK_PROMPTS["looking-ahead"][0] and area.continuous_update
    area.value = "Be braver"
    assert ahead.answers["use-individually"] == "Be braver"
    long_text = "b" * (ANSWER_MAX_LENGTH + 10)
    area.value = long_text
    assert area.value == long_text  # the box keeps every character typed
    assert ahead.answers["use-individually"] == "b" * ANSWER_MAX_LENGTH
    assert "only the first 4,000 are saved" in messages(view) and "shorten it by 10" in messages(view)
    area.value = "Shorter"
    assert ahead.answers["use-individually"] == "Shorter" and "Heads up" not in messages(view)
    area.value = ""
    assert ahead.answers == {}


def test_view_restored_answers_are_shown(ahead):
    ahead.set_answer("use-in-systems", "Already written")
    view = build_view(ahead)
    assert one(view, "sl-prompt-use-in-systems").value == "Already written"


def test_view_issues_add_edit_rate_remove(state):
    view = build_view(state)
    one(view, "sl-issue-new-text").value = "Delayed <i>discharges</i>"
    one(view, "sl-issue-new-rating").value = 2
    one(view, "sl-issue-add").click()
    assert state.issues == [{"text": "Delayed <i>discharges</i>", "rating": 2}]
    assert one(view, "sl-issue-new-text").value == "" and one(view, "sl-issue-new-rating").value == 0
    one(view, "sl-issue-add").click()  # nothing written
    assert "Write the issue first" in messages(view) and len(state.issues) == 1
    one(view, "sl-issue-new-text").value = "Second"
    one(view, "sl-issue-add").click()
    texts = find(view, "sl-issue-text")
    assert [t.description for t in texts] == ["Issue 1:", "Issue 2:"]
    texts[1].value = "Second, edited"
    find(view, "sl-issue-rating")[1].value = 5
    assert state.issues[1] == {"text": "Second, edited", "rating": 5}
    texts[0].value = ""  # clearing words is refused, the issue stays
    assert state.issues[0]["text"] == "Delayed <i>discharges</i>" and "Remove button" in messages(view)
    find(view, "sl-issue-remove")[0].click()
    assert state.issues == [{"text": "Second, edited", "rating": 5}]
    assert [t.value for t in find(view, "sl-issue-text")] == ["Second, edited"]
    assert "&lt;i&gt;" in messages(view)  # the removed issue is named, escaped


def test_every_issue_control_has_a_label(state):
    state.add_issue("One", 1)
    view = build_view(state)
    for css in ("sl-issue-text", "sl-issue-rating", "sl-issue-remove", "sl-issue-new-text", "sl-issue-new-rating",
                "sl-issue-add"):
        assert all(w.description for w in find(view, css))


def test_bad_prompt_kind_names_file_row_and_column(data_copy):
    path = data_copy / "reflection_prompts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("wider connections?,text", "wider connections?,essay"),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_prompts("reflection", data_copy)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("reflection_prompts.csv", 13, "kind")


def test_a_set_must_name_a_module(data_copy):
    # a set is named for the module whose page shows it, so its work is filed under that module
    path = data_copy / "reflection_prompts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("general-lessons,acting-on-it", "lessons,acting-on-it"),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_prompts("general-lessons", data_copy)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("reflection_prompts.csv", 9, "set")


def test_two_issue_prompts_in_a_set_is_a_content_error(data_copy):
    path = data_copy / "reflection_prompts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("work with them?,text", "work with them?,issues"),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_prompts("reflection", data_copy)
    assert caught.value.file == "reflection_prompts.csv" and caught.value.column == "kind"
