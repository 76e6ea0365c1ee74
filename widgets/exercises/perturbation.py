"""Perturbation explorer: a self-preserving system under an outside push (module 'thinking-about-systems').

The deck's slide "Maturana & Varela – evolutionary biology" says organisms "act to preserve their
own identity (autopoeisis)", act to kill a source of perturbation, and, "if held perturbed for
sufficient time", adapt to the new condition. The learner chooses how strong a push is and how
long it lasts, and sees whether the system absorbs it or adapts.

The model (the course's illustration, not the deck's — the page says so):

- Discrete time, t = 0 .. WINDOW steps. The system has a state x and an identity, its set
  point s; both start at ORIGINAL_SET_POINT (0).
- The push is an outside condition at level L = ORIGINAL_SET_POINT + strength, present for
  `duration` steps from PUSH_START. While it is present it pulls the state toward L at
  PUSH_RATE per step; the system always pulls its state back toward its set point at
  RESTORE_RATE per step ("acts to kill it"):
      x[t+1] = x[t] + RESTORE_RATE * (s[t] - x[t]) + PUSH_RATE * (L - x[t])   while pushed
      x[t+1] = x[t] + RESTORE_RATE * (s[t] - x[t])                          otherwise
  With equal rates the pushed state settles half-way between its set point and L: the
  system resists but can't cancel the push entirely.
- Adaptation ("held perturbed for sufficient time"): the system counts the consecutive steps
  during the push that its state has been more than TOLERANCE away from its set point (the count
  goes back to 0 when the push stops or the state comes back within TOLERANCE). Only once that
  count exceeds ADAPT_AFTER steps does the set point drift toward the current state, at
  ADAPT_RATE per step:
      s[t+1] = s[t] + ADAPT_RATE * (x[t+1] - s[t])   when held away > ADAPT_AFTER steps
  So a push of ADAPT_AFTER steps or fewer is absorbed whatever its strength, and a weak one (whose pull never takes
  the state more than TOLERANCE away) is absorbed however long it lasts. The push pulls toward
  a fixed level L, not relative to the set point, so an adapting set point moves toward L and
  never runs away. A push that is only a little stronger than the system tolerates moves the set
  point a little, until the state is back within TOLERANCE of it.
- Outcome at the end of the window: "adapted" if the set point moved (by ADAPTED_SHIFT or more);
  otherwise "absorbed" if the state is back within RETURNED_WITHIN of its original set point;
  otherwise "recovering" (still on its way back when the window ends).

Everything is deterministic; the numbers were chosen so that all three outcomes are reachable
with the sliders (durations up to MAX_DURATION leave at least 5 steps after the push).
"""
from dataclasses import dataclass

from traitlets import Int, TraitError, validate

from ..markup.svg_chart import line_plot
from .base import Exercise, ExerciseState

WINDOW = 60
PUSH_START = 5
ORIGINAL_SET_POINT = 0.0
RESTORE_RATE = 0.3
PUSH_RATE = 0.3
TOLERANCE = 1.0
ADAPT_AFTER = 10
ADAPT_RATE = 0.1
ADAPTED_SHIFT = 0.05
RETURNED_WITHIN = 0.05

MIN_STRENGTH, MAX_STRENGTH = 1, 10
MIN_DURATION, MAX_DURATION = 1, 50

OUTCOMES = ("absorbed", "adapted", "recovering")

TEXT_FILE = "perturbation_text.csv"
TEXT_IDS = ("quote-identity", "quote-kill", "quote-adapt", "heading-absorbed", "heading-adapted",
            "heading-recovering", "intro")


def load_texts(data_dir=None):
    """The explorer's texts from data/perturbation_text.csv: {id: (text, source)}."""
    from ..content import ContentError, load_table

    texts = {row["id"]: (row["text"], row["source"]) for row in load_table(TEXT_FILE, data_dir)}
    for ident in TEXT_IDS:
        if ident not in texts:
            raise ContentError(TEXT_FILE, f"no row has the id '{ident}'; the explorer needs it.", column="id")
        if ident.startswith("quote-") and not texts[ident][1]:
            raise ContentError(TEXT_FILE, f"the deck quote '{ident}' needs its source.", column="source")
    return texts


@dataclass(frozen=True)
class Run:
    """One simulated run: values at t = 0 .. WINDOW, and how long the state was held away."""
    times: tuple
    states: tuple
    set_points: tuple
    pushed_level: float
    longest_held_away: int

    @property
    def final_state(self):
        return self.states[-1]

    @property
    def final_set_point(self):
        return self.set_points[-1]

    @property
    def peak_state(self):
        return max(self.states, key=lambda x: abs(x - ORIGINAL_SET_POINT))


def simulate(strength, duration):
    """Run the model in this module's docstring for a push of `strength` held for `duration` steps."""
    level = ORIGINAL_SET_POINT + strength
    state = set_point = ORIGINAL_SET_POINT
    held_away = longest = 0
    states, set_points = [state], [set_point]
    for t in range(WINDOW):
        pushed = PUSH_START <= t < PUSH_START + duration
        change = RESTORE_RATE * (set_point - state)
        if pushed:
            change += PUSH_RATE * (level - state)
        state += change
        # "held perturbed": under the push AND kept away from its identity, step after step
        held_away = held_away + 1 if pushed and abs(state - set_point) > TOLERANCE else 0
        longest = max(longest, held_away)
        if held_away > ADAPT_AFTER:
            set_point += ADAPT_RATE * (state - set_point)
        states.append(state)
        set_points.append(set_point)
    return Run(tuple(range(WINDOW + 1)), tuple(states), tuple(set_points), level, longest)


class PerturbationState(ExerciseState):
    """The push the learner chose; the run and its outcome are computed from it.

    `texts` is `load_texts()`'s result: the deck's sentences and the outcome headings.
    """

    strength = Int(6, min=MIN_STRENGTH, max=MAX_STRENGTH).tag(saved=True)
    duration = Int(6, min=MIN_DURATION, max=MAX_DURATION).tag(saved=True)

    @validate("strength", "duration")
    def _whole_number(self, proposal):
        # bool is an int in Python; True is not a strength
        if isinstance(proposal.value, bool):
            raise TraitError(f"the {proposal.trait.name} must be a whole number, not {proposal.value!r}")
        return proposal.value

    def __init__(self, texts, **kwargs):
        super().__init__(**kwargs)
        self.texts = dict(texts)

    def text(self, ident):
        return self.texts[ident][0]

    def quote(self, ident):
        """(deck sentence, attribution)"""
        return self.texts[ident]

    def run(self):
        return simulate(self.strength, self.duration)

    def outcome(self, run=None):
        """'absorbed', 'adapted' or 'recovering' (see the module docstring)."""
        run = run or self.run()
        if abs(run.final_set_point - ORIGINAL_SET_POINT) >= ADAPTED_SHIFT:
            return "adapted"
        if abs(run.final_state - ORIGINAL_SET_POINT) <= RETURNED_WITHIN:
            return "absorbed"
        return "recovering"

    def push_end(self):
        return PUSH_START + self.duration

    def outcome_sentences(self, run=None):
        """(heading, what happened, [(deck sentence it illustrates, attribution)]) — plain text."""
        run = run or self.run()
        outcome = self.outcome(run)
        push = (f"A push of strength {self.strength} held for {self.duration} "
                f"step{'s' if self.duration != 1 else ''} (steps {PUSH_START}–{self.push_end()})")
        if outcome == "absorbed":
            why = (f"it never took the state more than {TOLERANCE:.0f} from its set point, so the system "
                   f"tolerated it however long it lasted" if run.longest_held_away == 0 else
                   f"it wasn't held long enough to change the system (that takes more than {ADAPT_AFTER} "
                   f"steps in a row away from its set point)")
            happened = (f"{push} moved the state at most {abs(run.peak_state):.1f} from its set point. "
                        f"The system pushed back and, by the end, was back at its original identity "
                        f"(set point {ORIGINAL_SET_POINT:.0f}): {why}.")
            quotes = (self.quote("quote-identity"), self.quote("quote-kill"))
        elif outcome == "adapted":
            shift = run.final_set_point - ORIGINAL_SET_POINT
            share = 100 * shift / (run.pushed_level - ORIGINAL_SET_POINT)
            happened = (f"{push} held the system away from its set point for {run.longest_held_away} steps in a row, "
                        f"longer than the {ADAPT_AFTER} it tolerates. Its identity moved: the set point went from "
                        f"{ORIGINAL_SET_POINT:.0f} to {run.final_set_point:.1f}, {share:.0f}% of the way to the "
                        f"pushed condition ({run.pushed_level:.0f}). When the push stopped it settled around its new "
                        f"set point, not its old one.")
            quotes = (self.quote("quote-adapt"),)
        else:
            happened = (f"{push} ended only {WINDOW - self.push_end()} steps before the end of the window. "
                        f"The system is still {abs(run.final_state - ORIGINAL_SET_POINT):.2f} away from its set point "
                        f"and heading back; its identity (set point {ORIGINAL_SET_POINT:.0f}) has not changed.")
            quotes = (self.quote("quote-identity"), self.quote("quote-kill"))
        return self.text(f"heading-{outcome}"), happened, quotes

    def chart_description(self, run=None):
        run = run or self.run()
        return (f"Line chart over {WINDOW} time steps. A push of strength {self.strength} (pulling toward "
                f"{run.pushed_level:.0f}) lasts from step {PUSH_START} to step {self.push_end()}, shaded. "
                f"The system's state starts at {ORIGINAL_SET_POINT:.0f}, reaches {run.peak_state:.1f} and ends at "
                f"{run.final_state:.1f}. Its set point starts at {ORIGINAL_SET_POINT:.0f} and ends at "
                f"{run.final_set_point:.1f}. Outcome: {self.outcome(run)}.")

    def journal_svg(self):
        run = self.run()
        original = ORIGINAL_SET_POINT
        references = [(original, f"original identity ({original:.0f})", "#52606d")]
        if abs(run.final_set_point - original) >= ADAPTED_SHIFT:
            references.append((run.final_set_point, f"new identity ({run.final_set_point:.1f})", "#9b1c1c"))
        else:
            references[0] = (original, f"identity ({original:.0f}), unchanged", "#52606d")
        return line_plot(
            series=[("state of the system", list(zip(run.times, run.states)), "#1d4e89", ""),
                    ("set point (identity)", list(zip(run.times, run.set_points)), "#9b1c1c", "2 3")],
            x_range=(0, WINDOW), y_range=(-1, MAX_STRENGTH + 1),
            title=f"A self-preserving system under a push of strength {self.strength} for {self.duration} steps",
            description=self.chart_description(run),
            x_label="Time (steps)", y_label="State of the system",
            shaded=[(PUSH_START, self.push_end(), "push")], reference_lines=references,
            id_prefix="sl-pert-chart")

    def journal_markdown(self):
        heading, happened, quotes = self.outcome_sentences()
        lines = [f"You explored a push of strength **{self.strength}** (1–{MAX_STRENGTH}) held for "
                 f"**{self.duration}** step{'s' if self.duration != 1 else ''}.", "",
                 f"**{heading}** {happened}", ""]
        lines += [f"> “{text}” — {source}" for text, source in quotes]
        return "\n".join(lines) + "\n"


# ---- view -------------------------------------------------------------------------------------

def exercise(key):
    return Exercise(key=key, title="Perturbation explorer: absorb or adapt?",
                    build_state=lambda rng: PerturbationState(load_texts()))
