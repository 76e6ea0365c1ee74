"""Perturbation explorer: a self-preserving system under an outside push (module 'thinking-about-systems').

The source's "Maturana & Varela" points say organisms "act to preserve their own identity
(autopoeisis)", act to kill a source of perturbation, and, "if held perturbed for sufficient time",
adapt to the new condition. The learner chooses how strong a push is and how long it is held, sees
whether the system kills it off or adapts, and writes what perturbation their own system is acting
to kill now (saved with the exercise).

The model (the course's illustration; the page says plainly what it simplifies):

- Discrete time, t = 0 .. WINDOW steps. The system has a state x and an identity s (the level it
  acts to keep its state at); both start at ORIGINAL_IDENTITY (0).
- The push is an outside condition at level L = ORIGINAL_IDENTITY + strength, present for
  `duration` steps from PUSH_START. While it is present it pulls the state towards L at PUSH_RATE per
  step; at every step the system acts against any gap between its state and its identity, pulling the
  state back at RESTORE_RATE ("acts to kill it"):
      x[t+1] = x[t] + RESTORE_RATE * (s[t] - x[t]) + PUSH_RATE * (L - x[t])   while pushed
      x[t+1] = x[t] + RESTORE_RATE * (s[t] - x[t])                          otherwise
- Adaptation ("held perturbed for sufficient time"): only time counts, not strength. Once the push
  has been held for more than ADAPT_AFTER steps in a row, the identity moves towards the state at
  ADAPT_RATE per step for as long as the push lasts:
      s[t+1] = s[t] + ADAPT_RATE * (x[t+1] - s[t])   when held for more than ADAPT_AFTER steps
  So any push held for ADAPT_AFTER steps or fewer is killed off, however strong; any push held longer
  moves the identity, however weak. The identity moves towards a fixed level L, so it never runs away.
- Outcome at the end of the window: "adapted" if the identity moved at all (the push was held for
  more than ADAPT_AFTER steps); otherwise "absorbed" (killed off) if the state is back within
  RETURNED_WITHIN of its identity; otherwise "recovering" (still on its way back when the window ends).
  With these numbers a push short enough not to adapt ends early enough for the system to get back,
  so the sliders reach "absorbed" and "adapted"; "recovering" is there for a longer ADAPT_AFTER.

Everything is deterministic.
"""
from dataclasses import dataclass

from traitlets import Int, TraitError, Unicode, validate

from ..markup.svg_chart import line_plot
from ..markup.escape import markdown_text
from .base import Exercise, ExerciseState, fit

WINDOW = 60
PUSH_START = 5
ORIGINAL_IDENTITY = 0.0
RESTORE_RATE = 0.3
PUSH_RATE = 0.3
ADAPT_AFTER = 10
ADAPT_RATE = 0.1
RETURNED_WITHIN = 0.05

MIN_STRENGTH, MAX_STRENGTH = 1, 10
MIN_DURATION, MAX_DURATION = 1, 50

OUTCOMES = ("absorbed", "adapted", "recovering")

TEXT_FILE = "perturbation_text.csv"
TEXT_IDS = ("quote-identity", "quote-kill", "quote-adapt", "heading-absorbed", "heading-adapted",
            "heading-recovering", "intro", "prompt-own-system")
OWN_LIMIT = 2000  # characters kept of the learner's answer about their own system


def load_texts(data_dir=None):
    """The explorer's texts from data/perturbation_text.csv: {id: (text, source)}."""
    from ..content import ContentError, load_table

    texts = {row["id"]: (row["text"], row["source"]) for row in load_table(TEXT_FILE, data_dir)}
    for ident in TEXT_IDS:
        if ident not in texts:
            raise ContentError(TEXT_FILE, f"no row has the id '{ident}'; the explorer needs it.", column="id")
        if ident.startswith("quote-") and not texts[ident][1]:
            raise ContentError(TEXT_FILE, f"the quote '{ident}' needs its source.", column="source")
    return texts


@dataclass(frozen=True)
class Run:
    """One simulated run: values at t = 0 .. WINDOW, and how long the push was held before the identity moved."""
    times: tuple
    states: tuple
    identities: tuple
    pushed_level: float
    steps_adapting: int     # steps during which the identity moved (held beyond ADAPT_AFTER)

    @property
    def final_state(self):
        return self.states[-1]

    @property
    def final_identity(self):
        return self.identities[-1]

    @property
    def peak_state(self):
        return max(self.states, key=lambda x: abs(x - ORIGINAL_IDENTITY))


def simulate(strength, duration):
    """Run the model in this module's docstring for a push of `strength` held for `duration` steps."""
    level = ORIGINAL_IDENTITY + strength
    state = identity = ORIGINAL_IDENTITY
    held = adapting = 0
    states, identities = [state], [identity]
    for t in range(WINDOW):
        pushed = PUSH_START <= t < PUSH_START + duration
        change = RESTORE_RATE * (identity - state)   # the system acts against the gap: "acts to kill it"
        if pushed:
            change += PUSH_RATE * (level - state)
        state += change
        held = held + 1 if pushed else 0               # "held perturbed": time under the push, step after step
        if held > ADAPT_AFTER:
            identity += ADAPT_RATE * (state - identity)
            adapting += 1
        states.append(state)
        identities.append(identity)
    return Run(tuple(range(WINDOW + 1)), tuple(states), tuple(identities), level, adapting)


class PerturbationState(ExerciseState):
    """The push the learner chose; the run and its outcome are computed from it.

    `texts` is `load_texts()`'s result: the source's sentences, the outcome headings and the prompts.
    """

    strength = Int(6, min=MIN_STRENGTH, max=MAX_STRENGTH).tag(saved=True)
    duration = Int(6, min=MIN_DURATION, max=MAX_DURATION).tag(saved=True)
    own_system = Unicode("").tag(saved=True)   # the learner's answer: what perturbation is their system resisting now

    @validate("own_system")
    def _valid_own_system(self, proposal):
        if len(proposal.value) > OWN_LIMIT:
            raise TraitError(f"the answer about your own system is {len(proposal.value):,} characters long; it can "
                             f"be at most {OWN_LIMIT:,}.")
        return proposal.value

    def set_own_system(self, text):
        """Keep the learner's answer as written, up to OWN_LIMIT characters; returns how many were too many."""
        kept, over = fit(text, OWN_LIMIT)
        self.own_system = kept
        return over

    def count_text(self, text):
        return f"{len(text):,} of {OWN_LIMIT:,} characters"

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
        """(the source's sentence, attribution)"""
        return self.texts[ident]

    def run(self):
        return simulate(self.strength, self.duration)

    def outcome(self, run=None):
        """'absorbed', 'adapted' or 'recovering' (see the module docstring)."""
        run = run or self.run()
        if run.steps_adapting:
            return "adapted"
        if abs(run.final_state - ORIGINAL_IDENTITY) <= RETURNED_WITHIN:
            return "absorbed"
        return "recovering"

    def push_end(self):
        return PUSH_START + self.duration

    def outcome_sentences(self, run=None):
        """(heading, what happened, [(the source's sentence it illustrates, attribution)]) — plain text."""
        run = run or self.run()
        outcome = self.outcome(run)
        steps = f"{self.duration} step{'s' if self.duration != 1 else ''}"
        push = f"A push of strength {self.strength} held for {steps} (steps {PUSH_START}–{self.push_end()})"
        if outcome == "absorbed":
            happened = (f"{push} moved the system's state up to {abs(run.peak_state):.1f} from its identity. The "
                        "system acted against it at every step, and the push wasn't held long enough to change "
                        f"the system (in this model that takes more than {ADAPT_AFTER} steps, whatever the push's "
                        f"strength). By the end it is back at its original identity ({ORIGINAL_IDENTITY:.0f}).")
            quotes = (self.quote("quote-identity"), self.quote("quote-kill"))
        elif outcome == "adapted":
            shift = run.final_identity - ORIGINAL_IDENTITY
            share = 100 * shift / (run.pushed_level - ORIGINAL_IDENTITY)
            happened = (f"{push}: longer than the {ADAPT_AFTER} steps this model takes as ‘sufficient time’. The "
                        "system acted against the push all along, but held perturbed it adapted: its identity "
                        f"moved from {ORIGINAL_IDENTITY:.0f} to {run.final_identity:.2f}, {share:.0f}% of the way to "
                        f"the pushed condition ({run.pushed_level:.0f}). When the push stopped, the system settled "
                        "around its new identity, not its old one.")
            quotes = (self.quote("quote-kill"), self.quote("quote-adapt"))
        else:
            happened = (f"{push} ended only {WINDOW - self.push_end()} steps before the end of the window. "
                        f"The system is still {abs(run.final_state - ORIGINAL_IDENTITY):.2f} away from its identity "
                        f"and acting against the gap; its identity ({ORIGINAL_IDENTITY:.0f}) has not changed.")
            quotes = (self.quote("quote-identity"), self.quote("quote-kill"))
        return self.text(f"heading-{outcome}"), happened, quotes

    def chart_description(self, run=None):
        run = run or self.run()
        return (f"Line chart over {WINDOW} time steps. A push of strength {self.strength} (pulling towards "
                f"{run.pushed_level:.0f}) lasts from step {PUSH_START} to step {self.push_end()}, shaded. "
                f"The system's state starts at {ORIGINAL_IDENTITY:.0f}, reaches {run.peak_state:.1f} and ends at "
                f"{run.final_state:.1f}. Its identity starts at {ORIGINAL_IDENTITY:.0f} and ends at "
                f"{run.final_identity:.1f}. Outcome: {self.outcome(run)}.")

    def journal_svg(self):
        run = self.run()
        original = ORIGINAL_IDENTITY
        references = [(original, f"original identity ({original:.0f})", "#52606d")]
        if run.steps_adapting:
            references.append((run.final_identity, f"new identity ({run.final_identity:.2f})", "#9b1c1c"))
        else:
            references[0] = (original, f"identity ({original:.0f}), unchanged", "#52606d")
        return line_plot(
            series=[("state of the system", list(zip(run.times, run.states)), "#1d4e89", ""),
                    ("identity", list(zip(run.times, run.identities)), "#9b1c1c", "2 3")],
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
        answer = self.own_system.strip()
        lines += ["", f"**{self.text('prompt-own-system')}**", ""]
        quoted = "\n".join(f"> {markdown_text(line)}" for line in answer.splitlines())
        lines.append(quoted if answer else "(no answer yet)")
        return "\n".join(lines) + "\n"


# ---- view -------------------------------------------------------------------------------------

def exercise(key):
    return Exercise(key=key, build_state=lambda rng: PerturbationState(load_texts()))
