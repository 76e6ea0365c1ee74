"""The reflection exercise's view: widgets wired to its state in widgets/exercises/reflection.py."""
import html

import ipywidgets as w
from traitlets import TraitError

from ..exercises.base import too_long_message
from ..exercises.reflection import ANSWER_MAX_LENGTH, ISSUE_MAX_LENGTH, MAX_ISSUES, RATING_WORDS, RATINGS
from .ui import SharedLooks, message_html, read_by_a_button, share_tick


def build_view(state):
    looks = SharedLooks()
    parts = []
    help_text = looks(w.HTML, f'<p class="sl-help">Write as much or as little as you like (up to {ANSWER_MAX_LENGTH} '
                      "characters for each answer). You can come back and change or clear your answers at any "
                      "time: delete the text to clear an answer.</p>")
    parts.append(help_text)
    for prompt in state.prompts:
        if prompt["kind"] == "issues":
            parts.append(_issues_view(state, prompt, looks))
        else:
            parts.append(_answer_view(state, prompt, looks))
    box = looks(w.VBox, parts, classes=["sl-reflection", f"sl-reflection-{state.prompt_set}"])
    return box


def _answer_view(state, prompt, looks):
    area = looks(w.Textarea, value=state.answers.get(prompt["id"], ""), description=prompt["prompt"],
                 continuous_update=True, rows=5, style={"description_width": "initial"},
                 layout=dict(width="100%"), classes=["sl-stacked", "sl-reflection-answer", f"sl-prompt-{prompt['id']}"])
    message = looks(w.HTML)

    def update(change):
        try:
            over = state.set_answer(prompt["id"], change["new"])
        except TraitError as exc:
            message.value = message_html(str(exc), "warn")
            return
        message.value = (message_html(too_long_message(len(change["new"]), ANSWER_MAX_LENGTH), "warn")
                         if over else "")

    area.observe(update, names="value")
    tick = [share_tick(state, prompt["id"], looks)] if prompt["id"] in state.shareable_parts() else []
    block = looks(w.VBox, [area] + tick + [message], classes=["sl-reflection-prompt"])
    return block


def _rating_options():
    return [("Not rated yet", 0)] + [(f"{r} – {RATING_WORDS[r]}", r) for r in RATINGS]


def _issues_view(state, prompt, looks):
    wide = {"description_width": "initial"}
    heading = looks(w.HTML, f'<h3 class="sl-issues-heading">{html.escape(prompt["prompt"])}</h3>'
                    '<p class="sl-help">List each wicked issue on its own, and rate how far you are using '
                    "systems leadership on it, from 1 (not at all) to 5 (fully). The scale is the course’s "
                    f"own. Up to {MAX_ISSUES} issues of up to {ISSUE_MAX_LENGTH} characters each.</p>")
    rows = looks(w.VBox, classes=["sl-issues-list"])
    message = looks(w.HTML)
    new_text = read_by_a_button(looks(w.Text, description="New wicked issue:",
                                      placeholder="e.g. delayed discharges from hospital",
                                      style=wide, layout=dict(width="100%"),
                                      classes=["sl-issue-new-text", "sl-stacked"]))
    new_rating = looks(w.Dropdown, options=_rating_options(), value=0, description="How far are you using systems "
                       "leadership on it?", style=wide, classes=["sl-issue-new-rating", "sl-stacked"])
    add = looks(w.Button, description="Add issue", button_style="primary", classes=["sl-issue-add"])

    def rebuild():
        children = []
        for index, issue in enumerate(state.issues):
            children.append(_issue_row(state, index, issue, message, rebuild, looks))
        if not children:
            children.append(looks(w.HTML, '<p class="sl-issues-empty">No issues listed yet.</p>'))
        rows.children = children

    def on_add(_):
        try:
            state.add_issue(new_text.value, new_rating.value or None)
        except TraitError as exc:
            message.value = message_html(str(exc), "warn")
            return
        message.value = message_html(f"Added issue {len(state.issues)}.", "info", label="Done:")
        new_text.value, new_rating.value = "", 0
        rebuild()

    add.on_click(on_add)
    rebuild()
    adder = looks(w.VBox, [new_text, looks(w.HBox, [new_rating, add], layout=dict(flex_flow="row wrap"))],
                  classes=["sl-issue-adder"])
    block = looks(w.VBox, [heading, rows, adder]
                  + ([share_tick(state, prompt["id"], looks)] if prompt["id"] in state.shareable_parts() else [])
                  + [message], classes=["sl-issues"])
    return block


def _issue_row(state, index, issue, message, rebuild, looks):
    wide = {"description_width": "initial"}
    number = index + 1
    text = looks(w.Text, value=issue["text"], description=f"Issue {number}:", continuous_update=True, style=wide,
                 layout=dict(width="100%"), classes=["sl-issue-text", "sl-stacked"])
    rating = looks(w.Dropdown, options=_rating_options(), value=issue["rating"] or 0,
                   description=f"Issue {number}: using systems leadership", style=wide,
                   classes=["sl-issue-rating", "sl-stacked"])
    remove = looks(w.Button, description=f"Remove issue {number}", tooltip="Take this issue off the list",
                   classes=["sl-issue-remove"])

    def on_text(change):
        try:
            over = state.edit_issue(index, text=change["new"])
        except TraitError as exc:
            message.value = message_html(str(exc), "warn")
            return
        message.value = (message_html(too_long_message(len(change["new"]), ISSUE_MAX_LENGTH, "issue"), "warn")
                         if over else "")

    def on_rating(change):
        state.edit_issue(index, rating=change["new"] or None)

    def on_remove(_):
        removed = state.issues[index]["text"]
        state.remove_issue(index)
        message.value = message_html(f"Removed issue {number}: {removed}", "info", label="Done:")
        rebuild()

    text.observe(on_text, names="value")
    rating.observe(on_rating, names="value")
    remove.on_click(on_remove)
    row = looks(w.VBox, [text, looks(w.HBox, [rating, remove], layout=dict(flex_flow="row wrap"))],
                classes=["sl-issue-row"])
    return row
