"""Six 'ways of' self-assessment (module 'ways-of').

The learner rates themselves, 1 (rarely) to 5 (consistently), on each quality the source lists
under the six 'ways of' (data/ways_of.csv, data/ways_of_qualities.csv). A quality they haven't
rated is simply absent from `ratings` — "not rated yet" never looks like an answer.

- A way's score is the mean of its rated qualities (None while none is rated).
- Once every way has a score, the two lowest (ties broken by the source's order) each get a
  reflection box and one lesson quoted from elsewhere in the source (data/self_assessment_suggestions.csv).
  The pairing of a way with a lesson is the course's suggestion, and the page says so.
- The profile is drawn as a radar chart (SVG), with the scores also written out as text.
"""
from dataclasses import dataclass

from traitlets import Dict, TraitError, validate

from ..markup.svg_chart import radar
from ..markup.escape import markdown_line, markdown_text
from .base import Exercise, ExerciseState, fit

LOWEST = 1
HIGHEST = 5
SCALE = {1: "rarely", 2: "occasionally", 3: "sometimes", 4: "often", 5: "consistently"}
MAX_REFLECTION = 2000
SUGGESTIONS_FILE = "self_assessment_suggestions.csv"


@dataclass(frozen=True)
class Way:
    number: int
    name: str
    focus: str
    qualities: tuple


@dataclass(frozen=True)
class Suggestion:
    quote: str
    source: str
    why: str = ""   # why the course pairs this lesson with its way, in the course's words


def load_ways(data_dir=None):
    """The six ways in the source's order, each with its qualities in file order."""
    from ..content import load_table

    qualities = load_table("ways_of_qualities.csv", data_dir)
    return [Way(row["number"], row["name"], row["focus"],
                tuple(q["quality"] for q in qualities if q["way"] == row["number"]))
            for row in sorted(load_table("ways_of.csv", data_dir), key=lambda r: r["number"])]


def load_suggestions(ways, data_dir=None):
    """{way name: Suggestion}; every way must have one (the schema already rejects unknown ways)."""
    from ..content import ContentError, load_table

    suggestions = {row["way"]: Suggestion(row["quote"], row["source"], row["why"])
                   for row in load_table(SUGGESTIONS_FILE, data_dir)}
    for way in ways:
        if way.name not in suggestions:
            raise ContentError(SUGGESTIONS_FILE, f"no row gives a lesson for '{way.name}'; every way needs one.",
                               column="way")
    return suggestions


def scale_text(value):
    return f"{value} = {SCALE[value]}"


def score_text(score):
    return "not rated yet" if score is None else f"{score:.1f}"


class SelfAssessmentState(ExerciseState):
    """Ratings per quality and reflections per way; scores and suggestions are computed."""

    ratings = Dict().tag(saved=True)        # quality -> 1..5; an unrated quality has no entry
    reflections = Dict().tag(saved=True)    # way name -> the learner's text

    def __init__(self, ways, suggestions, **kwargs):
        self.ways = list(ways)
        self.suggestions = dict(suggestions)
        self._way_of_quality = {q: w for w in self.ways for q in w.qualities}
        super().__init__(**kwargs)

    @validate("ratings")
    def _valid_ratings(self, proposal):
        ratings = proposal.value
        for quality, value in ratings.items():
            if quality not in self._way_of_quality:
                raise TraitError(f"'{quality}' is not one of the qualities in this self-assessment")
            if isinstance(value, bool) or not isinstance(value, int) or not LOWEST <= value <= HIGHEST:
                raise TraitError(f"the rating for '{quality}' must be a whole number from {LOWEST} to {HIGHEST}, "
                                 f"not {value!r}")
        return dict(ratings)

    @validate("reflections")
    def _valid_reflections(self, proposal):
        names = {w.name for w in self.ways}
        for way, text in proposal.value.items():
            if way not in names:
                raise TraitError(f"'{way}' is not one of the six ways")
            if not isinstance(text, str):
                raise TraitError(f"the reflection on '{way}' must be text")
            if len(text) > MAX_REFLECTION:
                raise TraitError(f"your reflection on {way} has {len(text)} characters; "
                                 f"at most {MAX_REFLECTION} can be saved")
        return dict(proposal.value)

    # ---- the learner's actions ----

    def rate(self, quality, value):
        """Rate a quality 1..5, or None to make it 'not rated yet' again."""
        ratings = dict(self.ratings)
        if value is None:
            ratings.pop(quality, None)
        else:
            ratings[quality] = value
        self.ratings = ratings

    def reflect(self, way, text):
        """Keep a reflection as written, up to MAX_REFLECTION characters; returns how many were too many."""
        kept, over = fit(text, MAX_REFLECTION)
        self.reflections = {**self.reflections, way: kept}
        return over

    # ---- what follows from the ratings ----

    def way_of(self, quality):
        return self._way_of_quality[quality]

    def way_scores(self):
        """{way name: mean of its rated qualities, or None}, in the source's order."""
        scores = {}
        for way in self.ways:
            rated = [self.ratings[q] for q in way.qualities if q in self.ratings]
            scores[way.name] = sum(rated) / len(rated) if rated else None
        return scores

    def rated_counts(self):
        return {w.name: sum(q in self.ratings for q in w.qualities) for w in self.ways}

    def all_ways_rated(self):
        return all(score is not None for score in self.way_scores().values())

    def lowest_two(self):
        """The two lowest-scoring ways (ties: the source's order), once every way has a score; else []."""
        if not self.all_ways_rated():
            return []
        scores = self.way_scores()
        ranked = sorted(self.ways, key=lambda w: (scores[w.name], w.number))
        return [w.name for w in ranked[:2]]

    def suggestion(self, way_name):
        return self.suggestions[way_name]

    def find_way(self, way_name):
        for way in self.ways:
            if way.name == way_name:
                return way
        raise KeyError(way_name)

    # ---- the journal ----

    def scores_description(self):
        counts, scores = self.rated_counts(), self.way_scores()
        parts = [f"{w.name}: {score_text(scores[w.name])} ({counts[w.name]} of {len(w.qualities)} "
                 f"qualities rated)" for w in self.ways]
        return "Your 'ways of' profile, on a scale of 1 (rarely) to 5 (consistently). " + "; ".join(parts) + "."

    def journal_svg(self):
        scores = self.way_scores()
        return radar([w.name for w in self.ways], [scores[w.name] for w in self.ways], HIGHEST,
                     title="Your six 'ways of' profile", description=self.scores_description(),
                     id_prefix="sl-sa-radar")

    def journal_markdown(self):
        scores, counts = self.way_scores(), self.rated_counts()
        lines = ["Scale: " + ", ".join(scale_text(v) for v in SCALE) + ". A way's score is the mean of the "
                 "qualities you rated.", "",
                 "| Way | Your score | Qualities rated |", "|---|---|---|"]
        for way in self.ways:
            lines.append(f"| {way.number}. {markdown_line(way.name)} ({markdown_line(way.focus)}) | "
                         f"{score_text(scores[way.name])} | {counts[way.name]} of {len(way.qualities)} |")
        lines += ["", "| Quality | Way | Your rating |", "|---|---|---|"]
        for way in self.ways:
            for quality in way.qualities:
                rating = self.ratings.get(quality)
                said = scale_text(rating) if rating else "not rated yet"
                lines.append(f"| {markdown_line(quality)} | {markdown_line(way.name)} | {said} |")
        lines.append("")
        lowest = self.lowest_two()
        if not lowest:
            lines.append("_Rate at least one quality in every way to see your two lowest ways._")
            return "\n".join(lines) + "\n"
        lines += ["### Your two lowest ways", ""]
        for name in lowest:
            suggestion = self.suggestion(name)
            lines.append(f"**{name}** — score {score_text(scores[name])}")
            lines.append("")
            text = self.reflections.get(name, "").strip()
            if text:
                lines.append("Your reflection:")
                lines.append("")
                # escaped, so the learner's words show as written and never become markup, headings or emphasis
                lines += ["> " + markdown_text(line) for line in text.splitlines()]
            else:
                lines.append("_No reflection written yet._")
            lines += ["", f"A lesson from the workshop to try (the course’s pairing; from “{suggestion.source}”): "
                          f"“{suggestion.quote}”" + (f" Why this lesson: {suggestion.why}" if suggestion.why else ""),
                      ""]
        return "\n".join(lines) + "\n"


# ---- view -------------------------------------------------------------------------------------

def build_state(rng=None):
    ways = load_ways()
    return SelfAssessmentState(ways, load_suggestions(ways))


def exercise(key):
    return Exercise(key=key, build_state=build_state)
