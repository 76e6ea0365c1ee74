"""The self assessment exercise's view: widgets wired to its state in widgets/exercises/self_assessment.py."""
import html
import sys
import traceback

import ipywidgets as widgets
from traitlets import TraitError

from ..exercises.base import too_long_message
from ..exercises.self_assessment import MAX_REFLECTION, SCALE, scale_text, score_text
from ..markup.figures import quote_figure
from .ui import SharedLooks, message_html


def _guarded(problem):
    """Run a widget callback so that a failure becomes a message, never a traceback."""
    def wrap(callback):
        def run(*args):
            try:
                return callback(*args)
            except Exception as exc:  # noqa: BLE001 - a learner must never see a traceback
                traceback.print_exception(exc, file=sys.stderr)
                problem.value = message_html("Something went wrong with that change; your saved ratings are "
                                             "safe. Try again, or reload the page.", "warn")
        return run
    return wrap


def legend_html():
    return ('<p class="sl-sa-legend"><strong>Scale:</strong> '
            + " · ".join(f"<span>{html.escape(scale_text(v))}</span>" for v in SCALE)
            + ". A quality stays <em>not rated yet</em> until you choose; use “Clear” to undo a rating.</p>")


def scores_html(state):
    scores, counts = state.way_scores(), state.rated_counts()
    rows = "".join(
        f"<tr><th scope=\"row\">{html.escape(w.name)}</th><td>{html.escape(score_text(scores[w.name]))}</td>"
        f"<td>{counts[w.name]} of {len(w.qualities)}</td></tr>" for w in state.ways)
    return (f'<div class="sl-sa-radar">{state.journal_svg()}</div>'
            '<table class="sl-sa-scores"><caption>Your scores (mean of the qualities you rated)</caption>'
            f"<thead><tr><th scope=\"col\">Way</th><th scope=\"col\">Score</th><th scope=\"col\">Rated</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


def suggestion_html(state, name):
    way, suggestion = state.find_way(name), state.suggestion(name)
    score = state.way_scores()[name]
    return (f"<h4>{html.escape(name)} <span class=\"sl-sa-score\">({html.escape(way.focus)}; "
            f"score {score_text(score)})</span></h4>"
            "<p>A lesson from the workshop to try:</p>"
            + quote_figure(suggestion.quote, f"the workshop, “{suggestion.source}”")
            + (f'<p class="sl-sa-why">Why this lesson: {html.escape(suggestion.why)}</p>' if suggestion.why else "") +
            "<p>What gets in the way of this for you at the moment, and what might you try?</p>")


def status_html(value):
    """What a quality's rating says beside its buttons."""
    return (f"<span>{html.escape(scale_text(value))}</span>" if value
            else '<span class="sl-sa-unrated">Not rated yet</span>')


def build_view(state):
    looks = SharedLooks()
    problem = looks(widgets.HTML)
    guarded = _guarded(problem)
    intro = looks(widgets.HTML, "<p>Rate yourself on each quality the research found in systems leaders: how often "
                  "does it describe how you work? There are no right answers, and you can change a "
                  "rating at any time.</p>" + legend_html())
    options = [(str(v), v) for v in SCALE]
    tooltips = [scale_text(v) for v in SCALE]

    def quality_row(quality):
        toggles = looks(widgets.ToggleButtons, options=options, value=state.ratings.get(quality), description=quality,
                        tooltips=tooltips,
                        style={"description_width": "13rem", "button_width": "2.6rem"}, classes=["sl-sa-rating"])
        # Built as they first show, so that no change follows each to the browser as a message of its own.
        status = looks(widgets.HTML, status_html(state.ratings.get(quality)), classes=["sl-sa-status"])
        clear = looks(widgets.Button, description="Clear", tooltip=f"Clear your rating for {quality}",
                      disabled=state.ratings.get(quality) is None, layout=dict(width="4.5rem"),
                      classes=["sl-sa-clear"])

        def show_status():
            value = state.ratings.get(quality)
            status.value = status_html(value)
            clear.disabled = value is None

        @guarded
        def chosen(change):
            try:
                state.rate(quality, change["new"])
                problem.value = ""
            except TraitError as exc:
                problem.value = message_html(str(exc), "warn")
            show_status()

        @guarded
        def cleared(button):
            toggles.value = None

        toggles.observe(chosen, names="value")
        clear.on_click(cleared)
        row = looks(widgets.HBox, [toggles, status, clear], layout=dict(flex_flow="row wrap", align_items="center"),
                    classes=["sl-sa-row"])
        return row

    way_boxes = []
    for way in state.ways:
        heading = looks(widgets.HTML, f"<h3>{way.number}. {html.escape(way.name)} "
                        f"<span class=\"sl-sa-focus\">({html.escape(way.focus)})</span></h3>")
        box = looks(widgets.VBox, [heading] + [quality_row(q) for q in way.qualities], classes=["sl-sa-way"])
        way_boxes.append(box)

    scores = looks(widgets.HTML, classes=["sl-sa-profile"])
    lowest_box = looks(widgets.VBox, classes=["sl-sa-lowest"])
    shown_lowest = [None]

    def reflection_box(name):
        # sent as the learner types, like every other written answer, so a closed tab loses at most a second
        area = looks(widgets.Textarea, value=state.reflections.get(name, ""), description=f"Your reflection on {name}",
                     placeholder="Write a few sentences…", continuous_update=True,
                     style={"description_width": "initial"},
                     layout=dict(width="100%"), classes=["sl-sa-reflection"])
        note = looks(widgets.HTML, classes=["sl-sa-note"])

        @guarded
        def keep(change):
            text = change["new"]
            if state.reflect(name, text):
                note.value = message_html(too_long_message(len(text), MAX_REFLECTION, "reflection"), "warn")
            else:
                # How long it is, not whether it is saved: the exercise's save line says that.
                note.value = message_html(f"{len(text):,} of {MAX_REFLECTION:,} characters.", "info", label="")

        area.observe(keep, names="value")
        box = looks(widgets.VBox, [looks(widgets.HTML, suggestion_html(state, name)), area, note],
                    classes=["sl-sa-lowest-way"])
        return box

    def show_lowest():
        lowest = state.lowest_two()
        if lowest and lowest == shown_lowest[0]:
            # same two ways: only their scores may have moved; keep the text boxes (and focus) as they are
            for box, name in zip(lowest_box.children[1:], lowest):
                box.children[0].value = suggestion_html(state, name)
            return
        shown_lowest[0] = lowest
        if not lowest:
            missing = [w.name for w in state.ways if state.way_scores()[w.name] is None]
            lowest_box.children = [looks(
                widgets.HTML, "<h3>Your two lowest ways</h3>" + message_html(
                    "Rate at least one quality in every way to see your two lowest ways. Still to rate: "
                    + ", ".join(missing) + ".", "info"))]
            return
        lowest_box.children = [looks(
            widgets.HTML,
            "<h3>Your two lowest ways</h3><p>These are where your ratings are lowest (a tie goes to the way that "
            "comes first in the research’s list). Each comes with one lesson from elsewhere in the workshop to try."
            '</p><p class="sl-help sl-sa-pairing">Which lesson goes with which way is the course’s suggestion: the '
            "workshop lists the ways and the lessons separately.</p>")] + [
            reflection_box(name) for name in lowest]

    @guarded
    def refresh(change=None):
        scores.value = scores_html(state)
        show_lowest()

    state.observe(refresh, names="ratings")
    refresh()
    root = looks(widgets.VBox, [intro, problem] + way_boxes
                 + [looks(widgets.HTML, "<h3>Your profile</h3>"), scores, lowest_box], classes=["sl-self-assessment"])
    return root
