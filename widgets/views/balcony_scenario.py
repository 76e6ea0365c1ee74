"""The balcony scenario exercise's view: widgets wired to its state in widgets/exercises/balcony_scenario.py."""
import html

import ipywidgets as w

from ..exercises.balcony_scenario import NOTE_LIMIT, VIEW_LABELS, VIEWS
from ..exercises.base import too_long_message
from .ui import message_html


def paragraphs_html(text):
    """A tutor's text as paragraphs: a blank line in the cell starts a new one."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts)


def build_view(state):
    intro = w.HTML(
        '<p class="sl-help">Here is one situation told twice: once from the dance floor, in the thick of it, '
        "and once from the balcony, stepping back. Switch between the two views. For each, note what that "
        "view misses; your notes are saved as you type.</p>"
        '<p class="sl-help sl-scenario-source">The scenario is the course’s own, written for this exercise; '
        "it is not from the deck.</p>")
    switch = w.ToggleButtons(options=[(VIEW_LABELS[v], v) for v in VIEWS], value=state.view,
                             description="View:", style={"button_width": "auto"},
                             tooltips=["The scenario as you live it", "The scenario seen from above"])
    switch.add_class("sl-scenario-switch")
    w.link((switch, "value"), (state, "view"))
    panels = {}
    for view in VIEWS:
        telling = state.telling(view)
        story = w.HTML(f'<div class="sl-scenario-text"><h3>{html.escape(VIEW_LABELS[view])}</h3>'
                       f"{paragraphs_html(telling.text)}</div>")
        prompt = w.HTML(f'<p class="sl-scenario-prompt"><strong>{html.escape(telling.prompt)}</strong></p>')
        note = w.Textarea(value=state.note(view), description=f"Your note ({VIEW_LABELS[view].lower()}):",
                          placeholder="Write what this view misses…", rows=6,
                          style={"description_width": "initial"}, layout=w.Layout(width="100%"))
        note.add_class("sl-scenario-note")
        counter = w.HTML()
        counter.add_class("sl-scenario-count")
        panel = w.VBox([story, prompt, note, counter])
        panel.add_class("sl-scenario-panel")
        panel.add_class("sl-scenario-" + view.replace(" ", "-"))
        panels[view] = panel

        def save(change, view=view, counter=counter):
            text = change["new"]
            if state.set_note(view, text):
                counter.value = message_html(too_long_message(len(text), NOTE_LIMIT, "note"), "warn")
            else:
                # How long it is, not whether it is saved: the exercise's save line says that.
                counter.value = f'<p class="sl-count">{html.escape(state.count_text(text))}</p>'

        note.observe(save, names="value")
        counter.value = f'<p class="sl-count">{html.escape(state.count_text(note.value))}</p>'

    def show_view(_=None):
        for view, panel in panels.items():
            panel.layout.display = None if view == state.view else "none"

    state.observe(show_view, names="view")
    show_view()
    box = w.VBox([intro, switch, *panels.values()])
    box.add_class("sl-balcony-scenario")
    return box
