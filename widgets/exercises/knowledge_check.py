"""Knowledge checks: a module's single- and multiple-choice questions, most of them a short situation
from public service to match with an idea from the source, each option with its own feedback.

After a wrong check the learner sees feedback only on the options they chose (and, for a question with
several answers, how many correct ones are not ticked yet), so a second try is still a try. Once the
question is right, or after REVEAL_AFTER_MISSES wrong checks, every option's verdict and reason is shown.

`exercise("knowledge-check:<module id>")` shows that module's questions from
data/knowledge_questions.csv, in file order, each with its options from data/knowledge_options.csv
(shown in an order shuffled once per learner). Options are known by their number within their
question in the options file (1, 2, …), so a tutor can reword an option without losing saved work.
"""
from dataclasses import dataclass

from traitlets import Dict, TraitError, validate

from ..content import ContentError, load_table
from .base import Exercise, ExerciseState, Feedback, check_keys

SINGLE, MULTIPLE = "single", "multiple"
QUESTIONS_FILE, OPTIONS_FILE = "knowledge_questions.csv", "knowledge_options.csv"
KEY_PREFIX = "knowledge-check"
REVEAL_AFTER_MISSES = 2  # wrong checks after which every option's verdict is shown


@dataclass(frozen=True)
class Option:
    number: int        # its place among its question's rows in the options file, from 1
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class OptionFeedback:
    option: Option
    feedback: Feedback


@dataclass(frozen=True)
class Question:
    id: str
    module: str
    kind: str          # single or multiple
    text: str
    options: tuple     # Option, in file order

    def option(self, number):
        return self.options[number - 1]

    def correct_numbers(self):
        return sorted(o.number for o in self.options if o.correct)


def load_questions(data_dir=None):
    """Every question with its options; a question that can't be answered fairly is a ContentError."""
    question_rows = load_table(QUESTIONS_FILE, data_dir)
    option_rows = load_table(OPTIONS_FILE, data_dir)
    by_question = {row["id"]: [] for row in question_rows}
    for number, row in enumerate(option_rows, start=2):  # row 1 is the header
        by_question[row["question_id"]].append((number, row))  # the schema checks question_id exists
    questions = []
    for question_row_number, row in enumerate(question_rows, start=2):
        found = by_question[row["id"]]
        _check_options(row, question_row_number, found)
        options = tuple(Option(number=n, text=r["option"], correct=r["correct"], feedback=r["feedback"])
                        for n, (_, r) in enumerate(found, start=1))
        questions.append(Question(id=row["id"], module=row["module"], kind=row["kind"], text=row["question"],
                                  options=options))
    return questions


def _check_options(question, question_row_number, found):
    qid = question["id"]
    if len(found) < 2:
        raise ContentError(QUESTIONS_FILE, f"question '{qid}' has {len(found)} option(s) in data/{OPTIONS_FILE}; "
                                           "it needs at least 2.", row=question_row_number, column="id")
    seen = {}
    for row_number, row in found:
        if row["option"] in seen:
            raise ContentError(OPTIONS_FILE, f"question '{qid}' has this option already in row "
                                             f"{seen[row['option']]}; each option must be different.",
                               row=row_number, column="option")
        seen[row["option"]] = row_number
    correct_rows = [row_number for row_number, row in found if row["correct"]]
    if not correct_rows:
        raise ContentError(OPTIONS_FILE, f"question '{qid}' has no correct option; mark at least one of its "
                                         "options 'yes' in this column.", row=found[0][0], column="correct")
    if question["kind"] == SINGLE and len(correct_rows) > 1:
        raise ContentError(OPTIONS_FILE, f"question '{qid}' is single choice but has {len(correct_rows)} correct "
                                         f"options (rows {', '.join(map(str, correct_rows))}); mark only one "
                                         "'yes', or make the question 'multiple' in "
                                         f"data/{QUESTIONS_FILE}.", row=correct_rows[1], column="correct")


def module_questions(module_id, questions):
    chosen = [q for q in questions if q.module == module_id]
    if not chosen:
        raise ContentError(QUESTIONS_FILE, f"no question is for the module '{module_id}' that this page asks "
                                           "for.", column="module")
    return chosen


class KnowledgeCheckState(ExerciseState):
    selections = Dict().tag(saved=True)  # question id -> option numbers ticked now (sorted)
    attempts = Dict().tag(saved=True)    # question id -> every checked selection, oldest first
    results = Dict().tag(saved=True)     # question id -> True/False for the last checked selection

    def __init__(self, module_id, questions, orders=None, **kwargs):
        self.module_id = module_id
        self.questions = list(questions)
        # The order options are shown in (option numbers), per question; file order unless given.
        self.orders = {q.id: list(orders[q.id]) if orders else [o.number for o in q.options]
                       for q in self.questions}
        super().__init__(**kwargs)

    def question(self, question_id):
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def shown_options(self, question_id):
        question = self.question(question_id)
        return [question.option(n) for n in self.orders[question_id]]

    # -- validation of saved work ------------------------------------------------------------
    def _valid_selection(self, question_id, numbers, what):
        question = self.question(question_id)
        if not isinstance(numbers, (list, tuple)):
            raise TraitError(f"{what} for '{question_id}' must be a list of option numbers.")
        if not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= len(question.options)
                   for n in numbers):
            raise TraitError(f"{what} for '{question_id}' names an option the question doesn't have.")
        if len(set(numbers)) != len(numbers):
            raise TraitError(f"{what} for '{question_id}' names an option twice.")
        if question.kind == SINGLE and len(numbers) > 1:
            raise TraitError(f"'{question_id}' is single choice, so {what} can hold only one option.")
        return sorted(numbers)

    def _check_keys(self, value, what):
        check_keys(value, {q.id for q in self.questions}, what, "a question this check doesn't have")

    @validate("selections")
    def _valid_selections(self, proposal):
        value = proposal["value"]
        self._check_keys(value, "selections")
        return {qid: self._valid_selection(qid, numbers, "the selection") for qid, numbers in value.items()}

    @validate("attempts")
    def _valid_attempts(self, proposal):
        value = proposal["value"]
        self._check_keys(value, "attempts")
        clean = {}
        for qid, tries in value.items():
            if not isinstance(tries, (list, tuple)):
                raise TraitError(f"the attempts for '{qid}' must be a list.")
            clean[qid] = [self._valid_selection(qid, numbers, "an attempt") for numbers in tries]
            if any(not numbers for numbers in clean[qid]):
                raise TraitError(f"an attempt for '{qid}' has no option chosen.")
        return clean

    @validate("results")
    def _valid_results(self, proposal):
        value = proposal["value"]
        self._check_keys(value, "results")
        if not all(isinstance(result, bool) for result in value.values()):
            raise TraitError("each result must be true or false.")
        return value

    def inconsistency(self):
        """The results must be those of the attempts saved."""
        checked = {qid for qid, tries in self.attempts.items() if tries}
        if checked != set(self.results):
            return "the results don't match the attempts."
        for qid in checked:
            if self.results[qid] != self.grade(qid, self.attempts[qid][-1]):
                return f"the result saved for '{qid}' doesn't match its last attempt."
        return None

    # -- the learner's moves -------------------------------------------------------------------
    def select(self, question_id, numbers):
        """Record the options ticked now (a list of option numbers; empty for none)."""
        self.selections = {**self.selections, question_id: list(numbers)}

    def selection(self, question_id):
        return self.selections.get(question_id, [])

    def grade(self, question_id, numbers):
        return sorted(numbers) == self.question(question_id).correct_numbers()

    def check(self, question_id):
        """Grade the current selection; returns a message when there is nothing to check, else None."""
        question = self.question(question_id)
        numbers = self.selection(question_id)
        if not numbers:
            return ("Choose an answer first, then check it." if question.kind == SINGLE
                    else "Tick at least one option first, then check.")
        if numbers == self.last_attempt(question_id):
            return None  # checked already and unchanged: pressing Check again is not another attempt
        with self.hold_trait_notifications():
            self.attempts = {**self.attempts, question_id: [*self.attempts.get(question_id, []), numbers]}
            self.results = {**self.results, question_id: self.grade(question_id, numbers)}
        return None

    def last_attempt(self, question_id):
        tries = self.attempts.get(question_id, [])
        return tries[-1] if tries else None

    def is_stale(self, question_id):
        """True when the learner has changed their answer since they last checked it."""
        last = self.last_attempt(question_id)
        return last is not None and last != self.selection(question_id)

    # -- what to tell the learner -------------------------------------------------------------
    def misses(self, question_id):
        return sum(1 for numbers in self.attempts.get(question_id, []) if not self.grade(question_id, numbers))

    def revealed(self, question_id):
        """True once every option's verdict may be shown: the question is right, or missed often enough."""
        return bool(self.results.get(question_id)) or self.misses(question_id) >= REVEAL_AFTER_MISSES

    def option_feedback(self, question_id):
        """For each option as shown, an `OptionFeedback` on the last check; [] before one. Before the answer
        is revealed, only the options the learner chose."""
        last = self.last_attempt(question_id)
        if last is None:
            return []
        revealed = self.revealed(question_id)
        feedback = []
        for option in self.shown_options(question_id):
            chosen = option.number in last
            if not chosen and not revealed:
                continue
            if chosen and option.correct:
                kind, label = "good", "✓ You chose this, and it is correct."
            elif chosen:
                kind, label = "bad", "✗ You chose this, but it is not correct."
            elif option.correct:
                kind, label = "warn", "✗ You didn't choose this, but it is correct."
            else:
                kind, label = "info", "Not correct, and you didn't choose it."
            feedback.append(OptionFeedback(option, Feedback(kind, label, option.feedback)))
        return feedback

    def result_text(self, question_id, advice=True):
        tries = len(self.attempts.get(question_id, []))
        if not tries:
            return "Not checked yet."
        times = f"{tries} attempt{'s' if tries != 1 else ''}"
        if self.results[question_id]:
            return f"✓ Right, after {times}." if tries > 1 else "✓ Right first time."
        text = f"✗ Not right yet ({times})."
        if not advice:
            return text
        if self.revealed(question_id):
            return text + " Every option's feedback is below: read it, then try again."
        question = self.question(question_id)
        unticked = sum(1 for o in question.options if o.correct and o.number not in self.last_attempt(question_id))
        if question.kind == MULTIPLE and unticked:
            text += (f" {unticked} correct option{'s are' if unticked != 1 else ' is'} not ticked yet.")
        return text + " Read the feedback on what you chose, then try again."

    def score(self):
        """(right now, right at the first attempt, checked, total)."""
        right = sum(1 for result in self.results.values() if result)
        first = sum(1 for qid, tries in self.attempts.items() if tries and self.grade(qid, tries[0]))
        checked = sum(1 for tries in self.attempts.values() if tries)
        return right, first, checked, len(self.questions)

    def score_text(self):
        right, first, checked, total = self.score()
        if not checked:
            return f"{total} questions. Answer each one and check it to see feedback on every option."
        text = f"Right so far: {right} of {total} questions ({first} right first time)."
        if checked < total:
            text += f" {total - checked} not checked yet."
        elif right == total:
            text += " All done."
        return text

    def journal_markdown(self):
        right, first, checked, total = self.score()
        lines = [f"Right: {right} of {total} questions; {first} right first time; {checked} checked.", ""]
        for number, question in enumerate(self.questions, start=1):
            last = self.last_attempt(question.id)
            if last is None:
                lines.append(f"{number}. {question.text} Not checked yet.")
                continue
            answer = "; ".join(question.option(n).text for n in last)
            lines.append(f"{number}. {question.text} {self.result_text(question.id, advice=False)} "
                         f"Last answer: {answer}.")
            if not self.results[question.id] and self.revealed(question.id):
                correct = "; ".join(question.option(n).text for n in question.correct_numbers())
                lines[-1] += f" Correct: {correct}."
        return "\n".join(lines)


def module_title(module_id):
    from ..content.modules import load_modules

    try:
        for module in load_modules():
            if module.id == module_id:
                return module.title
    except ContentError:
        pass  # the title is only a heading; build_state reports a broken file properly
    return module_id


def exercise(key):
    module_id = key.split(":", 1)[1].strip() if ":" in key else ""

    def build_state(rng):
        if not module_id:
            raise ContentError(QUESTIONS_FILE, f"the page asks for '{key}' but doesn't say which module's "
                                               f"questions; use '{KEY_PREFIX}:<module id>'.", column="module")
        questions = module_questions(module_id, load_questions())
        orders = {}
        for question in questions:  # options in an order of their own for each learner, the same every visit
            numbers = [o.number for o in question.options]
            rng.shuffle(numbers)
            orders[question.id] = numbers
        return KnowledgeCheckState(module_id, questions, orders)

    return Exercise(key=key, title=f"Knowledge check: {module_title(module_id)}",
                    build_state=build_state)
