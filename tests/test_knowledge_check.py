"""Knowledge checks: the question files, grading, feedback (on what was chosen, then on every option), saving
and the view."""
import html
import json
import random
from dataclasses import astuple

import pytest
from traitlets import TraitError

from helpers import find
from widgets.content import ContentError
from widgets.exercises.knowledge_check import (MULTIPLE, REVEAL_AFTER_MISSES, SINGLE, exercise, load_questions,
                                               module_questions)
from widgets.views.knowledge_check import build_view

MODULES = ("what-it-involves", "what-leaders-do", "general-lessons")


def make_state(module="what-it-involves", seed=0):
    return exercise(f"knowledge-check:{module}").build_state(random.Random(seed))


def first(state, kind):
    return next(q for q in state.questions if q.kind == kind)


def wrong_numbers(question):
    return [next(o.number for o in question.options if not o.correct)]


# -- the data files ---------------------------------------------------------------------------

def test_questions_load_for_every_module_asked_for():
    questions = load_questions()
    assert len(questions) >= 12
    for module in MODULES:
        chosen = module_questions(module, questions)
        assert len(chosen) >= 4
        assert {q.kind for q in chosen} == {SINGLE, MULTIPLE}


def test_most_questions_are_situations_and_no_text_speaks_of_the_deck():
    questions = load_questions()
    recall = ("does the deck", "in the deck", "how does", "which of these does")
    situations = [q for q in questions if not any(r in q.text.lower() for r in recall) and len(q.text) > 120]
    assert len(situations) >= len(questions) - 3
    for question in questions:
        words = [question.text] + [o.text for o in question.options] + [o.feedback for o in question.options]
        assert not any("deck" in w.lower() or "slide" in w.lower() for w in words), question.id


def test_every_option_has_feedback_and_every_question_an_answer():
    for question in load_questions():
        assert len(question.options) >= 3
        assert all(o.feedback for o in question.options)
        correct = question.correct_numbers()
        assert len(correct) == 1 if question.kind == SINGLE else len(correct) >= 1


QUESTIONS = "id,module,kind,question\nq1,general-lessons,single,One?\nq2,general-lessons,multiple,Two?\n"


def broken(data_copy, options, questions=QUESTIONS):
    (data_copy / "knowledge_questions.csv").write_text(questions, encoding="utf-8")
    (data_copy / "knowledge_options.csv").write_text("question_id,option,correct,feedback\n" + options,
                                                     encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_questions(data_copy)
    return caught.value


def test_a_question_with_no_correct_option_is_named(data_copy):
    error = broken(data_copy, "q1,A,yes,Why\nq1,B,no,Why\nq2,C,no,Why\nq2,D,no,Why\n")
    assert (error.file, error.row, error.column) == ("knowledge_options.csv", 4, "correct")
    assert "'q2' has no correct option" in str(error)


def test_a_single_choice_question_with_two_correct_options_is_named(data_copy):
    error = broken(data_copy, "q1,A,yes,Why\nq1,B,no,Why\nq1,C,yes,Why\nq2,D,yes,Why\nq2,E,no,Why\n")
    assert (error.file, error.row, error.column) == ("knowledge_options.csv", 4, "correct")
    assert "single choice but has 2 correct options (rows 2, 4)" in str(error)


def test_a_question_with_one_option_is_named(data_copy):
    error = broken(data_copy, "q1,A,yes,Why\nq1,B,no,Why\nq2,C,yes,Why\n")
    assert (error.file, error.row, error.column) == ("knowledge_questions.csv", 3, "id")


def test_the_same_option_twice_is_named(data_copy):
    error = broken(data_copy, "q1,A,yes,Why\nq1,A,no,Why\nq2,C,yes,Why\nq2,D,no,Why\n")
    assert (error.row, error.column) == (3, "option") and "already in row 2" in str(error)


def test_an_option_for_an_unknown_question_is_named(data_copy):
    error = broken(data_copy, "q1,A,yes,Why\nq1,B,no,Why\nq9,C,yes,Why\n")
    assert (error.file, error.row, error.column) == ("knowledge_options.csv", 4, "question_id")


def test_an_unknown_kind_is_named(data_copy):
    error = broken(data_copy, "q1,A,yes,Why\nq1,B,no,Why\n", questions=QUESTIONS.replace("multiple", "several"))
    assert (error.file, error.row, error.column) == ("knowledge_questions.csv", 3, "kind")


def test_a_correct_cell_that_is_not_yes_or_no_is_named(data_copy):
    error = broken(data_copy, "q1,A,maybe,Why\nq1,B,no,Why\nq2,C,yes,Why\nq2,D,no,Why\n")
    assert (error.row, error.column) == (2, "correct") and "yes or no" in str(error)


def test_an_unknown_module_is_named(data_copy):
    error = broken(data_copy, "q1,A,yes,Why\n", questions=QUESTIONS.replace("general-lessons", "nowhere", 1))
    assert (error.file, error.row, error.column) == ("knowledge_questions.csv", 2, "module")


def test_a_module_without_questions_is_a_content_error():
    with pytest.raises(ContentError, match="no question is for the module 'welcome'"):
        make_state("welcome")
    with pytest.raises(ContentError, match="doesn't say which module"):
        exercise("knowledge-check").build_state(random.Random(0))


def test_the_title_names_the_module():
    assert exercise("knowledge-check:general-lessons").title == "Knowledge check: General lessons"


# -- grading and feedback -------------------------------------------------------------------

def test_options_are_shuffled_per_learner_but_all_shown():
    a, b = make_state(seed=1), make_state(seed=1)
    assert a.orders == b.orders
    assert {tuple(make_state(seed=s).orders["wi-obesity"]) for s in range(6)} != {(1, 2, 3, 4, 5, 6)}
    for question in a.questions:
        assert sorted(a.orders[question.id]) == [o.number for o in question.options]


def test_checking_nothing_says_so():
    state = make_state()
    single, multiple = first(state, SINGLE), first(state, MULTIPLE)
    assert state.check(single.id) == "Choose an answer first, then check it."
    assert state.check(multiple.id) == "Tick at least one option first, then check."
    assert state.attempts == {} and state.results == {}


def test_single_choice_right_and_wrong():
    state = make_state()
    question = first(state, SINGLE)
    state.select(question.id, wrong_numbers(question))
    assert state.check(question.id) is None and state.results[question.id] is False
    state.select(question.id, question.correct_numbers())
    state.check(question.id)
    assert state.results[question.id] is True
    assert state.attempts[question.id] == [wrong_numbers(question), question.correct_numbers()]
    assert state.result_text(question.id) == "✓ Right, after 2 attempts."


def test_multiple_choice_needs_exactly_the_correct_set():
    state = make_state()
    question = first(state, MULTIPLE)
    correct = question.correct_numbers()
    state.select(question.id, correct[:-1])
    state.check(question.id)
    assert state.results[question.id] is False
    state.select(question.id, correct + wrong_numbers(question))
    state.check(question.id)
    assert state.results[question.id] is False
    state.select(question.id, list(reversed(correct)))
    state.check(question.id)
    assert state.results[question.id] is True


EXPECTED_LABELS = {(True, True): ("good", "✓ You chose this, and it is correct."),
                   (True, False): ("bad", "✗ You chose this, but it is not correct."),
                   (False, True): ("warn", "✗ You didn't choose this, but it is correct."),
                   (False, False): ("info", "Not correct, and you didn't choose it.")}


def test_a_first_miss_gives_feedback_only_on_what_was_chosen():
    state = make_state()
    question = first(state, MULTIPLE)
    chosen = [question.correct_numbers()[0]] + wrong_numbers(question)
    state.select(question.id, chosen)
    state.check(question.id)
    feedback = state.option_feedback(question.id)
    assert not state.revealed(question.id)
    assert [said.option.number for said in feedback] == [n for n in state.orders[question.id] if n in chosen]
    for said in feedback:
        assert astuple(said.feedback) == (*EXPECTED_LABELS[(True, said.option.correct)], said.option.feedback)
    unticked = len(question.correct_numbers()) - 1
    assert state.result_text(question.id) == (
        f"✗ Not right yet (1 attempt). {unticked} correct option{'s are' if unticked != 1 else ' is'} not ticked "
        "yet. Read the feedback on what you chose, then try again.")
    assert "Correct:" not in state.journal_markdown()


def test_a_single_choice_miss_names_no_other_option():
    state = make_state()
    question = first(state, SINGLE)
    state.select(question.id, wrong_numbers(question))
    state.check(question.id)
    [said] = state.option_feedback(question.id)
    assert said.option.number == wrong_numbers(question)[0] and said.feedback.kind == "bad"
    assert state.result_text(question.id) == ("✗ Not right yet (1 attempt). Read the feedback on what you chose, "
                                              "then try again.")


def test_every_option_is_explained_once_right_or_after_the_second_miss():
    state = make_state()
    question = first(state, MULTIPLE)
    wrong = wrong_numbers(question)
    for attempt in range(REVEAL_AFTER_MISSES):
        state.select(question.id, wrong if attempt % 2 == 0 else wrong + question.correct_numbers()[:1])
        state.check(question.id)
    assert state.revealed(question.id)
    last = state.last_attempt(question.id)
    feedback = state.option_feedback(question.id)
    assert [said.option.number for said in feedback] == state.orders[question.id]
    for option, (kind, label, text) in [(said.option, astuple(said.feedback)) for said in feedback]:
        assert text == option.feedback
        assert (kind, label) == EXPECTED_LABELS[(option.number in last, option.correct)]
    assert state.result_text(question.id).endswith("Every option's feedback is below: read it, then try again.")
    other = first(state, SINGLE)
    state.select(other.id, other.correct_numbers())
    state.check(other.id)
    assert len(state.option_feedback(other.id)) == len(other.options)


def test_a_changed_answer_is_stale_until_checked():
    state = make_state()
    question = first(state, SINGLE)
    assert state.option_feedback(question.id) == [] and not state.is_stale(question.id)
    state.select(question.id, question.correct_numbers())
    state.check(question.id)
    state.select(question.id, wrong_numbers(question))
    assert state.is_stale(question.id)
    state.check(question.id)
    assert not state.is_stale(question.id)


def test_score_and_journal():
    state = make_state("general-lessons")
    total = len(state.questions)
    assert "Answer each one" in state.score_text()
    right_first, wrong_first = state.questions[0], state.questions[1]
    state.select(right_first.id, right_first.correct_numbers())
    state.check(right_first.id)
    state.select(wrong_first.id, wrong_numbers(wrong_first))
    state.check(wrong_first.id)
    assert state.score_text() == (f"Right so far: 1 of {total} questions (1 right first time). "
                                  f"{total - 2} not checked yet.")
    text = state.journal_markdown()
    assert text.startswith(f"Right: 1 of {total} questions; 1 right first time; 2 checked.")
    assert "✓ Right first time." in text and "✗ Not right yet (1 attempt)." in text
    assert "Correct:" not in text  # not after one miss
    state.select(wrong_first.id, [n for n in range(1, len(wrong_first.options) + 1)
                                  if n not in wrong_first.correct_numbers()][-1:])
    state.check(wrong_first.id)
    assert "Correct: " + wrong_first.option(wrong_first.correct_numbers()[0]).text in state.journal_markdown()
    assert text.count("Not checked yet.") == total - 2


# -- saving -----------------------------------------------------------------------------------

def test_round_trip_through_json():
    state = make_state("what-leaders-do")
    for question in state.questions[:3]:
        state.select(question.id, wrong_numbers(question))
        state.check(question.id)
        state.select(question.id, question.correct_numbers())
    again = make_state("what-leaders-do")
    again.restore(json.loads(json.dumps(state.to_dict())))
    assert again.to_dict() == state.to_dict()
    assert again.score_text() == state.score_text()


@pytest.mark.parametrize("bad", [
    {"selections": {"no-such-question": [1]}},
    {"selections": {"wi-falls": [1, 2]}},            # two answers to a single-choice question
    {"selections": {"wi-obesity": [99]}},
    {"selections": {"wi-obesity": [1, 1]}},
    {"selections": {"wi-obesity": "1"}},
    {"attempts": {"wi-obesity": [[]]}, "results": {"wi-obesity": False}},
    {"attempts": {"wi-falls": [[1]]}},                # an attempt without its result
    {"attempts": {"wi-falls": [[2]]}, "results": {"wi-falls": True}},  # a result that isn't the grade
    {"results": {"wi-obesity": "right"}},
    ["not", "a", "dict"],
])
def test_bad_saved_work_is_a_value_error_and_changes_nothing(bad):
    state = make_state()
    state.select("wi-obesity", [1, 2])
    before = state.to_dict()
    with pytest.raises(ValueError):
        state.restore(bad)
    assert state.to_dict() == before


def test_selecting_two_answers_to_a_single_choice_question_is_refused():
    state = make_state()
    with pytest.raises(TraitError):
        state.select(first(state, SINGLE).id, [1, 2])


# -- the view -----------------------------------------------------------------------------------

def test_view_single_choice_check_and_feedback():
    state = make_state()
    view = build_view(state)
    boxes = find(view, "sl-kc-question-box")
    assert len(boxes) == len(state.questions)
    index = next(i for i, q in enumerate(state.questions) if q.kind == SINGLE)
    question, box = state.questions[index], boxes[index]
    radios = find(box, "sl-kc-single")[0]
    assert radios.description == question.text and radios.value is None
    check, message = find(box, "sl-kc-check")[0], find(box, "sl-kc-message")[0]
    feedback, result = find(box, "sl-kc-feedback")[0], find(box, "sl-kc-result")[0]

    check.click()
    assert "Choose an answer first" in message.value
    radios.value = wrong_numbers(question)[0]
    check.click()
    assert message.value == "" and "✗ Not right yet" in result.value
    assert feedback.value.count("sl-kc-option-feedback") == 1  # only the option chosen: no answer key
    shown = question.option(wrong_numbers(question)[0])
    assert html.escape(shown.feedback) in feedback.value
    assert not any(html.escape(o.feedback) in feedback.value for o in question.options if o is not shown)
    radios.value = question.correct_numbers()[0]
    assert feedback.value == "" and "changed your answer" in message.value
    check.click()
    assert "✓ Right, after 2 attempts." in result.value
    assert feedback.value.count("sl-kc-option-feedback") == len(question.options)
    assert all(html.escape(o.feedback) in feedback.value for o in question.options)
    assert "Right so far: 1 of" in find(view, "sl-kc-score")[0].value


def test_view_multiple_choice_ticks():
    state = make_state()
    view = build_view(state)
    index = next(i for i, q in enumerate(state.questions) if q.kind == MULTIPLE)
    question, box = state.questions[index], find(view, "sl-kc-question-box")[index]
    ticks = find(box, "sl-kc-option")
    assert [t.description for t in ticks] == [o.text for o in state.shown_options(question.id)]
    find(box, "sl-kc-check")[0].click()
    assert "Tick at least one option" in find(box, "sl-kc-message")[0].value
    for tick, option in zip(ticks, state.shown_options(question.id)):
        tick.value = option.correct
    assert state.selection(question.id) == question.correct_numbers()
    find(box, "sl-kc-check")[0].click()
    assert "✓ Right first time." in find(box, "sl-kc-result")[0].value


def test_view_shows_restored_work():
    state = make_state()
    question = first(state, SINGLE)
    state.select(question.id, question.correct_numbers())
    state.check(question.id)
    view = build_view(state)
    index = state.questions.index(question)
    box = find(view, "sl-kc-question-box")[index]
    assert find(box, "sl-kc-single")[0].value == question.correct_numbers()[0]
    assert "✓ Right first time." in find(box, "sl-kc-result")[0].value


def test_checking_an_unchanged_answer_again_is_not_another_attempt():
    """Right first time, then Check pressed again: still 'right first time', not 'after 2 attempts'."""
    state = make_state()
    question = first(state, SINGLE)
    state.select(question.id, question.correct_numbers())
    state.check(question.id)
    assert state.check(question.id) is None
    assert state.attempts[question.id] == [question.correct_numbers()]
    assert state.result_text(question.id) == "✓ Right first time."
    wrong = first(state, MULTIPLE)
    state.select(wrong.id, wrong_numbers(wrong))
    state.check(wrong.id)
    state.check(wrong.id)
    assert state.result_text(wrong.id).startswith("✗ Not right yet (1 attempt).")


def test_view_the_choose_first_hint_goes_once_an_answer_is_chosen():
    state = make_state()
    view = build_view(state)
    for kind in (SINGLE, MULTIPLE):
        index = next(i for i, q in enumerate(state.questions) if q.kind == kind)
        box = find(view, "sl-kc-question-box")[index]
        message = find(box, "sl-kc-message")[0]
        find(box, "sl-kc-check")[0].click()
        assert "first" in message.value
        if kind == SINGLE:
            find(box, "sl-kc-single")[0].value = state.shown_options(state.questions[index].id)[0].number
        else:
            find(box, "sl-kc-option")[0].value = True
        assert message.value == ""


def test_view_a_check_redraws_only_its_own_question():
    """A click's feedback isn't held up by recomputing every other question's feedback."""
    state = make_state()
    view = build_view(state)
    for other in state.questions[1:]:
        state.select(other.id, other.correct_numbers()[:1])
        state.check(other.id)
    question = state.questions[0]
    asked = []
    option_feedback = state.option_feedback
    state.option_feedback = lambda qid: asked.append(qid) or option_feedback(qid)
    state.select(question.id, question.correct_numbers())
    find(find(view, "sl-kc-question-box")[0], "sl-kc-check")[0].click()
    assert asked and set(asked) == {question.id}
    assert "✓ Right first time." in find(find(view, "sl-kc-question-box")[0], "sl-kc-result")[0].value


def test_view_shows_work_put_back_after_it_was_built():
    """Work restored into the state while the page shows it (every question at once) is all shown."""
    state, saved = make_state(), make_state()
    for question in saved.questions:
        saved.select(question.id, question.correct_numbers())
        saved.check(question.id)
    view = build_view(state)
    state.restore(saved.to_dict())
    results = [find(box, "sl-kc-result")[0].value for box in find(view, "sl-kc-question-box")]
    assert all("✓ Right first time." in result for result in results)
    assert f"Right so far: {len(state.questions)} of" in find(view, "sl-kc-score")[0].value
