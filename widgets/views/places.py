"""The places exercise's view: widgets wired to its state in widgets/exercises/places.py."""
import html

import ipywidgets as w
from traitlets import TraitError

from ..exercises.places import ALL
from .ui import message_html


def table_html(state):
    shown = state.shown()
    caption = (f"{html.escape(state.count_text())} named in the deck "
               f"({html.escape(state.filter_text())})")
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


def build_view(state):
    wide = {"description_width": "initial"}
    theme = w.Dropdown(options=[("All themes", ALL)] + [(t, t) for t in state.themes()],
                       value=state.theme, description="Theme:", style=wide)
    programme = w.Dropdown(options=[("All programmes", ALL)] + [(p, p) for p in state.programmes()],
                           value=state.programme, description="Programme:", style=wide,
                           layout=w.Layout(width="auto", max_width="100%"))
    search = w.Text(value=state.search, description="Search words:", placeholder="e.g. community, roles",
                    continuous_update=True, style=wide)
    clear = w.Button(description="Show all places", tooltip="Clear the theme, programme and search words")
    message = w.HTML()
    count = w.HTML()
    table = w.HTML()
    for control, css in ((theme, "sl-places-theme"), (programme, "sl-places-programme"),
                         (search, "sl-places-search"), (clear, "sl-places-clear"),
                         (count, "sl-places-count"), (table, "sl-places-table-box")):
        control.add_class(css)

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
    intro = w.HTML('<p class="sl-help">Choose a theme or a programme, or type words to search for '
                   "(every word must appear). The table shows what the deck says changed in each place.</p>")
    box = w.VBox([intro, w.HBox([theme, programme], layout=w.Layout(flex_flow="row wrap")),
                  w.HBox([search, clear], layout=w.Layout(flex_flow="row wrap")), message, count, table])
    box.add_class("sl-places")
    return box
