"""Reflection prompts from the deck: written answers, and a list of wicked issues with ratings.

`reflection:reflection` and `reflection:looking-ahead` are the two sets of prompts in
data/reflection_prompts.csv. A prompt of kind 'text' takes a written answer; the prompt of
kind 'issues' takes a list of the learner's wicked issues, each rated 1-5 for how far they
are using systems leadership on it.

Long answers lose nothing: the first ANSWER_MAX_LENGTH characters are saved and the box
keeps everything typed, with a message asking the learner to shorten it.
"""

from traitlets import Dict, List, TraitError, Unicode, validate

from ..content import ContentError, load_table
from ..markup.escape import markdown_text
from .base import Exercise, ExerciseState, fit
from .sharing import Shareable

ANSWER_MAX_LENGTH = 4000
ISSUE_MAX_LENGTH = 300
MAX_ISSUES = 20
RATINGS = (1, 2, 3, 4, 5)
RATING_WORDS = {1: "not at all", 2: "a little", 3: "partly", 4: "a good deal", 5: "fully"}
# The answers the room would discuss, which a learner may share with it (widgets/exercises/sharing.py).
ROOM_PROMPTS = ("wicked-issues", "influence-and-connections", "our-influence")
SET_TITLES = {"reflection": "Reflection: your wicked issues and your influence",
              "looking-ahead": "Looking ahead: using the learning",
              "context": "Your notes: complexity and difficulty",
              "what-it-involves": "Your notes: the situations you lead in",
              "what-leaders-do": "Your notes: a leader you have seen, and you",
              "leadership-development": "Your notes: lessons that hold and lessons missing",
              "general-lessons": "Your notes: a lesson to act on"}


def load_prompts(prompt_set, data_dir=None):
    prompts = [row for row in load_table("reflection_prompts.csv", data_dir) if row["set"] == prompt_set]
    if not prompts:
        raise ContentError("reflection_prompts.csv", f"no rows have the set '{prompt_set}' that this page "
                                                     "asks for.", column="set")
    if sum(1 for p in prompts if p["kind"] == "issues") > 1:
        raise ContentError("reflection_prompts.csv", f"the set '{prompt_set}' has more than one prompt of "
                                                     "kind 'issues'; it can have at most one.", column="kind")
    return prompts


def _valid_issue(issue):
    if not isinstance(issue, dict) or set(issue) != {"text", "rating"}:
        raise TraitError("each issue must have a text and a rating.")
    text, rating = issue["text"], issue["rating"]
    if not isinstance(text, str) or not text.strip():
        raise TraitError("an issue needs some words.")
    if len(text) > ISSUE_MAX_LENGTH:
        raise TraitError(f"an issue can be at most {ISSUE_MAX_LENGTH} characters long.")
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATINGS):
        raise TraitError("a rating must be a whole number from 1 to 5, or none yet.")
    return {"text": text, "rating": rating}


class ReflectionState(Shareable, ExerciseState):
    prompt_set = Unicode()
    prompts = List()                        # rows of reflection_prompts.csv for this set
    answers = Dict().tag(saved=True)        # prompt id -> the learner's answer (no entry: none yet)
    issues = List().tag(saved=True)         # [{"text": ..., "rating": 1-5 or None}], in the learner's order

    def __init__(self, prompt_set, prompts, **kwargs):
        super().__init__(prompt_set=prompt_set, prompts=list(prompts), **kwargs)

    def shareable_parts(self):
        return tuple(p["id"] for p in self.prompts if p["id"] in ROOM_PROMPTS)

    def text_prompts(self):
        return [p for p in self.prompts if p["kind"] == "text"]

    def issues_prompt(self):
        return next((p for p in self.prompts if p["kind"] == "issues"), None)

    @validate("answers")
    def _valid_answers(self, proposal):
        value = proposal["value"]
        if not isinstance(value, dict):
            raise TraitError("answers must be a dictionary.")
        known = {p["id"] for p in self.text_prompts()}
        for prompt_id, text in value.items():
            if prompt_id not in known:
                raise TraitError(f"there is no prompt '{prompt_id}' to answer here.")
            if not isinstance(text, str):
                raise TraitError(f"the answer to '{prompt_id}' must be text.")
            if len(text) > ANSWER_MAX_LENGTH:
                raise TraitError(f"an answer can be at most {ANSWER_MAX_LENGTH} characters long.")
        return value

    @validate("issues")
    def _valid_issues(self, proposal):
        value = proposal["value"]
        if not isinstance(value, list):
            raise TraitError("issues must be a list.")
        if len(value) > MAX_ISSUES:
            raise TraitError(f"you can list at most {MAX_ISSUES} issues.")
        return [_valid_issue(issue) for issue in value]

    # -- written answers ---------------------------------------------------------
    def set_answer(self, prompt_id, text):
        """Save an answer (or clear it with ''); returns how many characters were too many to save."""
        kept, over = fit(text, ANSWER_MAX_LENGTH)
        answers = {k: v for k, v in self.answers.items() if k != prompt_id}
        if kept.strip():
            answers[prompt_id] = kept
        self.answers = answers
        return over

    # -- wicked issues ----------------------------------------------------------------
    def add_issue(self, text, rating=None):
        if len(self.issues) >= MAX_ISSUES:
            raise TraitError(f"You can list at most {MAX_ISSUES} issues; remove one to add another.")
        if not text.strip():
            raise TraitError("Write the issue first, then add it.")
        if len(text) > ISSUE_MAX_LENGTH:
            raise TraitError(f"An issue can be at most {ISSUE_MAX_LENGTH} characters long; this one is "
                             f"{len(text)}. Shorten it, then add it.")
        self.issues = self.issues + [{"text": text.strip(), "rating": rating}]

    def edit_issue(self, index, text=None, rating=...):
        """Change an issue's words and/or rating; returns how many characters were too many to save."""
        issue = dict(self.issues[index])
        over = 0
        if text is not None:
            if not text.strip():
                raise TraitError("An issue needs some words; to take it off the list, press its Remove button.")
            issue["text"], over = fit(text, ISSUE_MAX_LENGTH)
        if rating is not ...:
            issue["rating"] = rating
        issues = list(self.issues)
        issues[index] = issue
        self.issues = issues
        return over

    def remove_issue(self, index):
        self.issues = [issue for i, issue in enumerate(self.issues) if i != index]

    # -- journal ------------------------------------------------------------------------
    def journal_markdown(self):
        parts = []
        for prompt in self.prompts:
            parts.append(f"**{markdown_text(prompt['prompt'])}**")
            if prompt["kind"] == "issues":
                if not self.issues:
                    parts.append("_No issues listed yet._")
                    continue
                rows = ["| Wicked issue | Using systems leadership on it (1–5) |", "| --- | --- |"]
                for issue in self.issues:
                    rating = issue["rating"]
                    shown = f"{rating} – {RATING_WORDS[rating]}" if rating else "not rated yet"
                    rows.append(f"| {markdown_text(' '.join(issue['text'].split()))} | {shown} |")
                parts.append("\n".join(rows))
            else:
                answer = self.answers.get(prompt["id"], "")
                parts.append("\n".join(f"> {markdown_text(line)}" for line in answer.splitlines())
                             if answer.strip() else "_No answer yet._")
        return "\n\n".join(parts)


def exercise(key):
    _, _, prompt_set = key.partition(":")
    prompt_set = prompt_set or "reflection"
    return Exercise(key=key, title=SET_TITLES.get(prompt_set, "Reflection"),
                    build_state=lambda rng: ReflectionState(prompt_set, load_prompts(prompt_set)))
