"""The perturbation exercise's view: widgets wired to its state in widgets/exercises/perturbation.py."""
import html

import ipywidgets as widgets
from traitlets import TraitError

from ..exercises.base import too_long_message
from ..exercises.perturbation import (ADAPT_AFTER, ADAPT_RATE, MAX_DURATION, MAX_STRENGTH, MIN_DURATION, MIN_STRENGTH,
                                      OWN_LIMIT, PUSH_RATE, RESTORE_RATE)
from ..log import log
from ..markup.figures import quote_figure
from .ui import SharedLooks, message_html

ABOUT_MODEL_HTML = (
    '<div class="sl-pert-about"><p><strong>What this model simplifies</strong></p>'
    "<p>It is a deliberately simple picture, for thinking with. The system’s identity is one number, and at "
    f"every step the system acts against any gap between its state and that identity, pulling the state "
    f"{RESTORE_RATE:.0%} of the way back. While the push lasts it pulls the state {PUSH_RATE:.0%} of the way "
    "towards its own level, so the system can’t cancel it while it lasts. Once the push has been held for more "
    f"than {ADAPT_AFTER} steps in a row (the model’s stand-in for ‘sufficient time’), the identity itself moves "
    f"towards the pushed state, {ADAPT_RATE:.0%} of the gap per step. Only time counts, not strength. Nothing "
    "is random: the same choices always give the same picture.</p>"
    "<p>What it leaves out: a real organisation’s identity is not one number; perturbations come from inside "
    "as well as outside, several at once; how long is ‘sufficient’ differs from system to system and isn’t "
    "known in advance; and an organisation can act on the source of a perturbation, not only on its effects. "
    "Maturana and Varela’s autopoiesis is about how living systems produce and maintain themselves; a single "
    "number pulled back to a level is closer to the simpler idea of homeostasis. The numbers only make the two "
    "points above visible.</p></div>")


def outcome_html(state):
    run = state.run()
    heading, happened, quotes = state.outcome_sentences(run)
    return (message_html(happened, "info", label=heading + " ")
            + "<p>What the workshop says:</p>"
            + "".join(quote_figure(text, source) for text, source in quotes))


def chart_html(state):
    run = state.run()
    return (f'<div class="sl-pert-chart">{state.journal_svg()}</div>'
            f'<p class="sl-chart-words"><strong>The chart in words:</strong> '
            f"{html.escape(state.chart_description(run))}</p>")


def build_view(state):
    looks = SharedLooks()
    intro = looks(widgets.HTML, f"<p>{html.escape(state.text('intro'))}</p>")
    slider_style = {"description_width": "14rem"}
    strength = looks(widgets.IntSlider, value=state.strength, min=MIN_STRENGTH, max=MAX_STRENGTH, step=1,
                     description="Strength of the push", continuous_update=False,
                     style=slider_style, layout=dict(width="100%", max_width="36rem"), classes=["sl-pert-strength"])
    duration = looks(widgets.IntSlider, value=state.duration, min=MIN_DURATION, max=MAX_DURATION, step=1,
                     description="How long it lasts (steps)", continuous_update=False,
                     style=slider_style, layout=dict(width="100%", max_width="36rem"), classes=["sl-pert-duration"])
    chart = looks(widgets.HTML, classes=["sl-pert-plot"])
    outcome = looks(widgets.HTML, classes=["sl-pert-outcome", "sl-live"])
    problem = looks(widgets.HTML)

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
    root = looks(widgets.VBox, [intro, strength, duration, problem, chart, outcome,
                                looks(widgets.HTML, ABOUT_MODEL_HTML), *own_system_part(state, looks)],
                 classes=["sl-perturbation"])
    return root


def own_system_part(state, looks):
    """The question about the learner's own system and the box for their answer, saved with the exercise."""
    prompt = looks(widgets.HTML, f'<p class="sl-pert-own-prompt"><strong>{html.escape(state.text("prompt-own-system"))}'
                   "</strong></p>")
    answer = looks(widgets.Textarea, value=state.own_system, description="Your answer:", rows=5,
                   placeholder="The perturbation, what your system does to kill it, and for how long…",
                   style={"description_width": "initial"}, layout=dict(width="100%"), classes=["sl-pert-own"])
    counter = looks(widgets.HTML, f'<p class="sl-count">{html.escape(state.count_text(answer.value))}</p>',
                    classes=["sl-pert-own-count"])

    def save(change):
        text = change["new"]
        if state.set_own_system(text):
            counter.value = message_html(too_long_message(len(text), OWN_LIMIT), "warn")
        else:
            # How long it is, not whether it is saved: the exercise's save line says that.
            counter.value = f'<p class="sl-count">{html.escape(state.count_text(text))}</p>'

    answer.observe(save, names="value")
    return [prompt, answer, counter]
