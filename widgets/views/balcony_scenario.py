"""The balcony scenario exercise's view: widgets wired to its state in widgets/exercises/balcony_scenario.py."""
import html

import ipywidgets as w

from ..exercises.balcony_scenario import MODEL_ANSWER_MIN_WORDS, NOTE_LIMIT, VIEW_LABELS, VIEWS
from ..exercises.base import too_long_message
from .ui import SharedLooks, message_html


def paragraphs_html(text):
    """A tutor's text as paragraphs: a blank line in the cell starts a new one."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts)


def model_html(answer, view):
    return (f'<div class="sl-scenario-model-answer" role="region" aria-label="A model answer: '
            f'{html.escape(VIEW_LABELS[view].lower())}"><h4>A model answer, to compare with yours</h4>'
            f"{paragraphs_html(answer)}"
            '<p class="sl-help">It is one good answer, not the only one: where yours sees something it '
            "doesn’t, keep it.</p></div>")


def build_view(state):
    looks = SharedLooks()
    intro = looks(
        w.HTML, '<p class="sl-help">Here is one situation told twice: once from the dance floor, in the thick of it, '
        "and once from the balcony, stepping back. Switch between the two views. For each, note what that "
        "view misses; your notes are saved as you type. Once you have written a note, you can compare it "
        "with a model answer.</p>"
        '<p class="sl-help sl-scenario-source">The scenario and its model answers are the course’s own, '
        "written for this exercise.</p>")
    switch = looks(w.ToggleButtons, options=[(VIEW_LABELS[v], v) for v in VIEWS], value=state.view,
                   description="View:", style={"button_width": "auto"},
                   tooltips=["The scenario as you live it", "The scenario seen from above"],
                   classes=["sl-scenario-switch"])
    w.link((switch, "value"), (state, "view"))
    panels = {}
    opened = {view: False for view in VIEWS}   # whether the learner has asked for each model answer
    for view in VIEWS:
        telling = state.telling(view)
        story = looks(w.HTML, f'<div class="sl-scenario-text"><h3>{html.escape(VIEW_LABELS[view])}</h3>'
                      f"{paragraphs_html(telling.text)}</div>")
        prompt = looks(w.HTML, f'<p class="sl-scenario-prompt"><strong>{html.escape(telling.prompt)}</strong></p>')
        note = looks(w.Textarea, value=state.note(view), description=f"Your note ({VIEW_LABELS[view].lower()}):",
                     placeholder="Write what this view misses…", rows=6,
                     style={"description_width": "initial"}, layout=dict(width="100%"), classes=["sl-scenario-note"])
        counter = looks(w.HTML, classes=["sl-scenario-count"])
        compare = looks(w.Button, description="Compare with a model answer",
                        tooltip="Show a model answer next to your note", layout=dict(width="auto", max_width="100%"),
                        own_layout=True, classes=["sl-scenario-compare"])
        model = looks(w.HTML, classes=["sl-scenario-model"])
        panel = looks(w.VBox, [story, prompt, note, counter, compare, model], own_layout=True,
                      classes=["sl-scenario-panel", "sl-scenario-" + view.replace(" ", "-")])
        panels[view] = panel

        def show_model(_=None, view=view, compare=compare, model=model):
            """The model answer once asked for, and only while the learner's own note stands beside it."""
            ready = state.has_own_answer(view)
            compare.disabled = not ready
            compare.layout.display = "none" if opened[view] and ready else None
            if opened[view] and ready:
                model.value = model_html(state.model_answer(view), view)
            elif ready:
                model.value = ""
            else:
                model.value = (f'<p class="sl-help sl-scenario-wait">Write your own note first '
                               f"({MODEL_ANSWER_MIN_WORDS} words or more); then you can compare it with a "
                               "model answer.</p>")

        def open_model(_, view=view, show_model=show_model):
            opened[view] = True
            show_model()

        def save(change, view=view, counter=counter, show_model=show_model):
            text = change["new"]
            if state.set_note(view, text):
                counter.value = message_html(too_long_message(len(text), NOTE_LIMIT, "note"), "warn")
            else:
                # How long it is, not whether it is saved: the exercise's save line says that.
                counter.value = f'<p class="sl-count">{html.escape(state.count_text(text))}</p>'
            show_model()

        note.observe(save, names="value")
        compare.on_click(open_model)
        counter.value = f'<p class="sl-count">{html.escape(state.count_text(note.value))}</p>'
        show_model()

    def show_view(_=None):
        for view, panel in panels.items():
            panel.layout.display = None if view == state.view else "none"

    state.observe(show_view, names="view")
    show_view()
    box = looks(w.VBox, [intro, switch, *panels.values()], classes=["sl-balcony-scenario"])
    return box
