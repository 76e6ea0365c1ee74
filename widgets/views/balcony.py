"""The balcony exercise's view: widgets wired to its state in widgets/exercises/balcony.py."""
import html

import ipywidgets as w
from traitlets import TraitError

from ..exercises.balcony import CHOICE_LABELS, CHOICES
from .ui import SharedLooks, message_html


def build_view(state):
    looks = SharedLooks()
    intro = looks(
        w.HTML, '<p class="sl-help">Among the <em>ways of perceiving</em> is “observing ‘from the balcony’ as well as '
        "‘from the dance floor’”. Both are ways of observing. On the dance floor you see what is happening "
        "close up, in the action, as it happens; from the balcony you step back and see the patterns of the "
        "whole, your own part in them included. Each vantage point shows something the other misses.</p>"
        '<p class="sl-help">For each observation below, choose where a senior leader makes it from: the '
        "balcony, the dance floor, or both at once. Then press <strong>Check</strong> to see what each "
        "vantage point shows and misses.</p>"
        '<p class="sl-help sl-balcony-source">The observations are written for this course, from '
        "public-service life.</p>")
    rows_box = looks(w.VBox, classes=["sl-balcony-items"])
    check = looks(w.Button, description="Check", button_style="primary", tooltip="Check your placings",
                  classes=["sl-balcony-check"])
    retry = looks(w.Button, description="Try the missed ones again", classes=["sl-balcony-retry"])
    restart = looks(w.Button, description="Start again", classes=["sl-balcony-restart"])
    message = looks(w.HTML, classes=["sl-balcony-message"])
    score = looks(w.HTML, classes=["sl-balcony-score"])
    toggles, notes = {}, {}

    def choose(item_id):
        def update(change):
            if change["new"] is None:  # cleared by the state (Start again), not by the learner
                return
            try:
                state.choose(item_id, change["new"])
                message.value = ""
            except TraitError as exc:
                message.value = message_html(str(exc), "warn")
        return update

    def build_rows():
        toggles.clear()
        notes.clear()
        rows = []
        for number, item in enumerate(state.round_items(), start=1):
            # The item's text is the control's own label; CSS sets it above the buttons and lets it wrap.
            toggle = looks(w.ToggleButtons,
                options=[(CHOICE_LABELS[c], c) for c in CHOICES], value=state.answers.get(item.id),
                description=f"{number}. {item.text}",
                style={"description_width": "initial", "button_width": "auto"},
                tooltips=[f"Item {number}: {CHOICE_LABELS[c].lower()}" for c in CHOICES], classes=["sl-balcony-choice"])
            toggle.observe(choose(item.id), names="value")
            note = looks(w.HTML, classes=["sl-balcony-feedback"])
            toggles[item.id], notes[item.id] = toggle, note
            row = looks(w.VBox, [toggle, note], classes=["sl-balcony-item"])
            rows.append(row)
        rows_box.children = rows

    def redraw(_=None):
        checked = state.round_checked()
        for item_id, note in notes.items():       # the feedback first: its messages leave before the rest
            found = state.feedback(item_id)
            note.value = message_html(found.text, found.kind, label=found.label) if found else ""
        for toggle in toggles.values():
            toggle.disabled = checked
        score.value = f'<p class="sl-count" role="status" aria-live="polite">{html.escape(state.score_text())}</p>'
        check.disabled = checked
        retry.disabled = not (checked and state.missed_ids())

    def show_answers(_=None):
        # "Start again" clears answers in the same round: the buttons must not keep showing them.
        for item_id, toggle in toggles.items():
            answer = state.answers.get(item_id)
            if toggle.value != answer:
                toggle.value = answer

    def on_round(_=None):
        build_rows()
        redraw()

    def on_check(_):
        problem = state.check()
        message.value = message_html(problem, "info") if problem else ""

    def on_retry(_):
        count = state.retry_missed()
        if count:
            message.value = message_html(f"Place the {count} missed item{'s' if count != 1 else ''} again; "
                                         "the ones you placed right are kept.", "info")

    def on_restart(_):
        state.start_again()
        message.value = message_html("Every item is back, with your answers cleared.", "info")

    check.on_click(on_check)
    retry.on_click(on_retry)
    restart.on_click(on_restart)
    state.observe(on_round, names=["round_ids", "round"])
    state.observe(redraw, names=["results", "attempts"])
    state.observe(show_answers, names="answers")
    on_round()
    buttons = looks(w.HBox, [check, retry, restart], layout=dict(flex_flow="row wrap"))
    box = looks(w.VBox, [intro, rows_box, buttons, message, score], classes=["sl-balcony"])
    return box
