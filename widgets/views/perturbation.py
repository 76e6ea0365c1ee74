"""The perturbation exercise's view: widgets wired to its state in widgets/exercises/perturbation.py."""
import html

import ipywidgets as widgets
from traitlets import TraitError

from ..exercises.perturbation import (ADAPT_AFTER, ADAPT_RATE, MAX_DURATION, MAX_STRENGTH, MIN_DURATION, MIN_STRENGTH,
                                      PUSH_RATE, RESTORE_RATE, TOLERANCE)
from ..log import log
from ..markup.figures import quote_figure
from .ui import message_html

ABOUT_MODEL_HTML = (
    '<div class="sl-pert-about"><p><strong>About this model (added by the course, not from the deck)</strong></p>'
    "<p>A deliberately simple picture, for thinking with. At every time step the system pulls its state "
    f"{RESTORE_RATE:.0%} of the way back to its set point (its identity). While the push lasts, it pulls the "
    f"state {PUSH_RATE:.0%} of the way toward a new level (the push's strength), so the system resists but "
    f"can't cancel it. If the state stays more than {TOLERANCE:.0f} away from the set point for more than "
    f"{ADAPT_AFTER} steps in a row while the push lasts, the set point itself starts to move toward the state, "
    f"{ADAPT_RATE:.0%} of the gap per step. Nothing is random: the same choices always give the same picture. "
    "Real organisations are not this tidy; the numbers only make the deck's two points visible.</p></div>")


def outcome_html(state):
    run = state.run()
    heading, happened, quotes = state.outcome_sentences(run)
    return (message_html(happened, "info", label=heading + " ")
            + "<p>This is what the slide describes:</p>"
            + "".join(quote_figure(text, source) for text, source in quotes))


def chart_html(state):
    run = state.run()
    return (f'<div class="sl-pert-chart">{state.journal_svg()}</div>'
            f'<p class="sl-chart-words"><strong>The chart in words:</strong> '
            f"{html.escape(state.chart_description(run))}</p>")


def build_view(state):
    intro = widgets.HTML(f"<p>{html.escape(state.text('intro'))}</p>")
    slider_style = {"description_width": "14rem"}
    strength = widgets.IntSlider(value=state.strength, min=MIN_STRENGTH, max=MAX_STRENGTH, step=1,
                                 description="Strength of the push", continuous_update=False,
                                 style=slider_style, layout=widgets.Layout(width="100%", max_width="36rem"))
    duration = widgets.IntSlider(value=state.duration, min=MIN_DURATION, max=MAX_DURATION, step=1,
                                 description="How long it lasts (steps)", continuous_update=False,
                                 style=slider_style, layout=widgets.Layout(width="100%", max_width="36rem"))
    strength.add_class("sl-pert-strength")
    duration.add_class("sl-pert-duration")
    chart = widgets.HTML()
    chart.add_class("sl-pert-plot")
    outcome = widgets.HTML()
    outcome.add_class("sl-pert-outcome")
    outcome.add_class("sl-live")
    problem = widgets.HTML()

    def redraw(change=None):
        try:
            chart.value = chart_html(state)
            outcome.value = outcome_html(state)
            problem.value = ""
        except Exception as exc:  # noqa: BLE001 - never a traceback on the page
            log("the perturbation chart can't be drawn", exc)
            problem.value = message_html("The chart can't be drawn for these settings; try other values.", "warn")

    def to_state(name):
        def apply(change):
            try:
                setattr(state, name, change["new"])
            except TraitError as exc:
                problem.value = message_html(str(exc), "warn")
        return apply

    strength.observe(to_state("strength"), names="value")
    duration.observe(to_state("duration"), names="value")
    # the state may also change from outside (restore); keep the sliders in step
    state.observe(lambda change: setattr(strength, "value", change["new"]), names="strength")
    state.observe(lambda change: setattr(duration, "value", change["new"]), names="duration")
    state.observe(redraw, names=["strength", "duration"])
    redraw()
    root = widgets.VBox([intro, strength, duration, problem, chart, outcome, widgets.HTML(ABOUT_MODEL_HTML)])
    root.add_class("sl-perturbation")
    return root
