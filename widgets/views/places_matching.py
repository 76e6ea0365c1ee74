"""The places matching exercise's view: widgets wired to its state in widgets/exercises/places_matching.py."""
import html

import ipywidgets as w
from traitlets import TraitError

from ..exercises.places_matching import WRONG
from .ui import SharedLooks, message_html


def build_view(state):
    looks = SharedLooks()
    intro = looks(
        w.HTML, '<p class="sl-help">For each place, choose the lesson from the workshop that you think it illustrates '
        "best, then press <strong>Check my matches</strong>. Several lessons can fit one place: every lesson "
        "that what the workshop reports there supports is accepted, each with its reason. The pairings are "
        "the course’s reading.</p>"
        '<p class="sl-help">LB Merton isn’t here: the workshop pairs it with its lesson itself, as its example '
        "of leadership going from senior to operational level.</p>")
    options = [("Choose a lesson…", "")] + [(lesson["text"], lesson["id"]) for lesson in state.lessons]
    pickers, notes, rows = {}, {}, []
    for item in state.items:
        heading = looks(w.HTML, f'<h3 class="sl-match-place">{html.escape(item.place)}</h3>'
                        f'<p class="sl-match-changed">{html.escape(item.what_changed)}</p>')
        picker = looks(w.Dropdown, options=options, value=state.answers.get(item.id, ""),
                       description=f"Lesson for {item.place}:", style={"description_width": "initial"},
                       layout=dict(width="100%"), classes=["sl-match-choice", "sl-stacked"])
        note = looks(w.HTML, classes=["sl-match-feedback"])
        pickers[item.id], notes[item.id] = picker, note
        row = looks(w.VBox, [heading, picker, note], classes=["sl-match-row"])
        rows.append(row)

    check = looks(w.Button, description="Check my matches", button_style="primary", classes=["sl-match-check"])
    retry = looks(w.Button, description="Try the missed ones again", classes=["sl-match-retry"])
    restart = looks(w.Button, description="Start again", classes=["sl-match-restart"])
    message = looks(w.HTML)
    score = looks(w.HTML, classes=["sl-match-score"])

    def choose(place_id):
        def update(change):
            try:
                state.choose(place_id, change["new"])
                message.value = ""
            except TraitError as exc:
                message.value = message_html(str(exc), "warn")
        return update

    for place_id, picker in pickers.items():
        picker.observe(choose(place_id), names="value")

    def redraw(_=None):
        for place_id, picker in pickers.items():
            answer = state.answers.get(place_id, "")
            if picker.value != answer:
                picker.value = answer
            picker.disabled = state.is_settled(place_id)
            found = state.feedback(place_id)
            notes[place_id].value = message_html(found.text, found.kind, label=found.label) if found else ""
        score.value = f'<p class="sl-count" role="status" aria-live="polite">{html.escape(state.score_text())}</p>'
        retry.disabled = not any(r == WRONG for r in state.results.values())

    def on_check(_):
        unanswered = state.check()
        if unanswered:
            names = ", ".join(state.item(p).place for p in unanswered)
            message.value = message_html(f"Not checked yet, because no lesson is chosen for: {names}.", "info")
        else:
            message.value = ""

    def on_retry(_):
        missed = state.retry_missed()
        if missed:
            message.value = message_html(f"Choose again for {len(missed)} place(s); your right matches stay.",
                                         "info")

    def on_restart(_):
        state.start_again()
        message.value = message_html("All your matches are cleared.", "info")

    check.on_click(on_check)
    retry.on_click(on_retry)
    restart.on_click(on_restart)
    state.observe(redraw, names=["answers", "results", "misses"])
    redraw()
    box = looks(w.VBox, [intro, *rows, looks(w.HBox, [check, retry, restart], layout=dict(flex_flow="row wrap")),
                  message, score], classes=["sl-places-matching"])
    return box
