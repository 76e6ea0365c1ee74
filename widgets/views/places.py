"""The places exercise's view: widgets wired to its state in widgets/exercises/places.py."""
import html

import ipywidgets as w
from traitlets import TraitError

from ..exercises.base import too_long_message
from ..exercises.places import ALL, ANSWER_MAX_LENGTH, COMPARE_MIN_WORDS
from .ui import SharedLooks, message_html


def table_html(state):
    shown = state.shown()
    caption = f"{html.escape(state.count_text())} ({html.escape(state.filter_text())})"
    if shown.empty:
        return (f'<p class="sl-places-empty" role="status">{caption}. No place matches this filter: '
                "choose “All” or clear the search words to see them all again.</p>")
    head = "".join(f'<th scope="col">{name}</th>'
                   for name in ("Place", "Programme", "Theme", "What changed there"))
    # data-label names a cell's column where a phone's screen shows each place as a card (course.css)
    rows = "".join(
        f'<tr><th scope="row">{html.escape(row.place)}</th><td data-label="Programme">{html.escape(row.programme)}'
        f'</td><td data-label="Theme">{html.escape(row.theme)}</td>'
        f'<td data-label="What changed there">{html.escape(row.what_changed)}</td></tr>'
        for row in shown.itertuples(index=False))
    return (f'<table class="sl-table sl-places-table"><caption>{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def task_boxes(state, looks):
    """(the task, its answer): the task above the filter, with how the filter stands against it; below the
    table, the question, the learner's answer (once they have found the places) and, once written, what to
    compare it with."""
    task = state.task
    heading = looks(w.HTML, f'<h3 class="sl-places-task-heading">Your task</h3>'
                    f'<p class="sl-places-task-text">{html.escape(task.task)}</p>')
    status = looks(w.HTML, classes=["sl-places-task-status"])
    question = looks(w.HTML, f'<p class="sl-places-question"><strong>{html.escape(task.question)}</strong></p>')
    text = looks(w.Textarea, value=state.task_answer, description="Your answer:", rows=5,
                 placeholder="What do they share? What would it take in your system?",
                 style={"description_width": "initial"}, layout=dict(width="100%"),
                 classes=["sl-places-answer-text", "sl-stacked"])
    count = looks(w.HTML, classes=["sl-places-answer-count"])
    answer = looks(w.VBox, [question, text, count], own_layout=True, classes=["sl-places-answer"])
    compare = looks(w.HTML, classes=["sl-places-compare"])

    def redraw(_=None):
        kind, words = state.task_status()
        status.value = message_html(words, kind, label="✓ Found:" if kind == "good" else "Not yet:")
        answer.layout.display = None if state.can_answer() else "none"
        compare.value = (f'<div class="sl-places-compare-text"><h4>To compare with your answer</h4>'
                         f"<p>{html.escape(task.compare)}</p></div>" if state.can_compare() else "")

    def save(change):
        typed = change["new"]
        if state.set_answer(typed):
            count.value = message_html(too_long_message(len(typed), ANSWER_MAX_LENGTH), "warn")
        else:
            count.value = (f'<p class="sl-count">{len(typed):,} of {ANSWER_MAX_LENGTH:,} characters'
                           + (f"; after {COMPARE_MIN_WORDS} words or more, something to compare it with "
                              "appears below" if not state.can_compare() else "") + "</p>")

    text.observe(save, names="value")
    state.observe(redraw, names=["theme", "programme", "search", "task_found", "task_answer"])
    redraw()
    save({"new": text.value})
    top = looks(w.VBox, [heading, status], classes=["sl-places-task"])
    bottom = looks(w.VBox, [answer, compare], classes=["sl-places-task-answer"])
    return top, bottom


def build_view(state):
    looks = SharedLooks()
    wide = {"description_width": "initial"}
    theme = looks(w.Dropdown, options=[("All themes", ALL)] + [(t, t) for t in state.themes()],
                  value=state.theme, description="Theme:", style=wide, classes=["sl-places-theme"])
    programme = looks(w.Dropdown, options=[("All programmes", ALL)] + [(p, p) for p in state.programmes()],
                      value=state.programme, description="Programme:", style=wide,
                      layout=dict(width="auto", max_width="100%"), classes=["sl-places-programme"])
    search = looks(w.Text, value=state.search, description="Search words:", placeholder="e.g. community, roles",
                   continuous_update=True, style=wide, classes=["sl-places-search"])
    clear = looks(w.Button, description="Show all places", tooltip="Clear the theme, programme and search words",
                  classes=["sl-places-clear"])
    message = looks(w.HTML)
    count = looks(w.HTML, classes=["sl-places-count"])
    table = looks(w.HTML, classes=["sl-places-table-box"])

    def redraw(_=None):
        count.value = f'<p class="sl-count" role="status" aria-live="polite">{state.count_text()}</p>'
        table.value = table_html(state)

    def to_state(name):
        def update(change):
            try:
                setattr(state, name, change["new"])
                message.value = ""
            except TraitError as exc:
                message.value = message_html(str(exc), "warn")
        return update

    theme.observe(to_state("theme"), names="value")
    programme.observe(to_state("programme"), names="value")
    search.observe(to_state("search"), names="value")
    state.observe(redraw, names=["theme", "programme", "search"])

    def show_all(_):
        theme.value, programme.value, search.value = ALL, ALL, ""

    clear.on_click(show_all)
    redraw()
    intro = looks(w.HTML, '<p class="sl-help">Choose a theme or a programme, or type words to search for '
                  "(every word must appear). The table shows what changed in each place, as the workshop "
                  "reported it.</p>")
    parts = [intro, looks(w.HBox, [theme, programme], layout=dict(flex_flow="row wrap")),
             looks(w.HBox, [search, clear], layout=dict(flex_flow="row wrap")), message, count, table]
    if state.task is not None:
        task, answer = task_boxes(state, looks)
        parts = [intro, task, *parts[1:], answer]
    box = looks(w.VBox, parts, classes=["sl-places"])
    return box
