"""Places explorer: the places and programmes the deck names, filtered by theme, programme and words.

The state holds only the learner's filter (theme, programme, search words); the table is
worked out from data/places.csv with pandas each time the filter changes.
"""

from traitlets import List, TraitError, Unicode, validate

from ..content import load_table
from ..markup.escape import markdown_text
from .base import Exercise, ExerciseState

SEARCH_MAX_LENGTH = 100
ALL = ""  # the filter value that means "any theme" / "any programme"


def load_places(data_dir=None):
    return load_table("places.csv", data_dir)


def unique_in_order(values):
    seen = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def fold(text):
    """Text for matching: case and width folded, so 'WELC', 'welc' and full-width letters all match."""
    import unicodedata

    return unicodedata.normalize("NFKC", text).casefold()


class PlacesExplorerState(ExerciseState):
    places = List()  # rows of places.csv, not the learner's work
    theme = Unicode(ALL).tag(saved=True)
    programme = Unicode(ALL).tag(saved=True)
    search = Unicode("").tag(saved=True)

    def __init__(self, places, **kwargs):
        super().__init__(places=list(places), **kwargs)

    # -- what the filters may be -------------------------------------------------
    def themes(self):
        return unique_in_order(p["theme"] for p in self.places)

    def programmes(self):
        return unique_in_order(p["programme"] for p in self.places)

    @validate("theme")
    def _valid_theme(self, proposal):
        value = proposal["value"]
        if value != ALL and value not in self.themes():
            raise TraitError(f"'{value}' is not one of the themes of the places.")
        return value

    @validate("programme")
    def _valid_programme(self, proposal):
        value = proposal["value"]
        if value != ALL and value not in self.programmes():
            raise TraitError(f"'{value}' is not one of the programmes of the places.")
        return value

    @validate("search")
    def _valid_search(self, proposal):
        value = proposal["value"]
        if len(value) > SEARCH_MAX_LENGTH:
            raise TraitError(f"Search words can be at most {SEARCH_MAX_LENGTH} characters long.")
        return value

    # -- the filtered table -------------------------------------------------------
    def frame(self):
        import pandas

        return pandas.DataFrame(self.places, columns=["id", "place", "programme", "theme", "slide", "what_changed"])

    def shown(self):
        """The places that pass the filter, as a pandas DataFrame in file order."""
        import pandas

        frame = self.frame()
        keep = pandas.Series(True, index=frame.index)
        if self.theme != ALL:
            keep &= frame["theme"] == self.theme
        if self.programme != ALL:
            keep &= frame["programme"] == self.programme
        words = fold(self.search).split()
        if words:
            haystack = (frame["place"] + " " + frame["programme"] + " " + frame["theme"] + " "
                        + frame["what_changed"]).map(fold)
            for word in words:  # every word must appear somewhere in the row
                keep &= haystack.map(lambda text, word=word: word in text).astype(bool)
        return frame[keep]

    def count_text(self):
        shown, total = len(self.shown()), len(self.places)
        noun = "place" if total == 1 else "places"
        return f"Showing {shown} of {total} {noun}"

    def filter_text(self):
        parts = []
        if self.theme != ALL:
            parts.append(f"theme “{self.theme}”")
        if self.programme != ALL:
            parts.append(f"programme “{self.programme}”")
        if self.search.strip():
            parts.append(f"words “{self.search.strip()}”")
        return "; ".join(parts) if parts else "no filter"

    def journal_markdown(self):
        names = ", ".join(self.shown()["place"]) or "none"
        return (f"You explored the {len(self.places)} places the deck names. "
                # the search words are the learner's: escaped so they read as typed, never as Markdown or HTML
                f"Your last view ({markdown_text(self.filter_text())}): {self.count_text().lower()} – {names}.")


def exercise(key):
    return Exercise(key=key, title="Places explorer",
                    build_state=lambda rng: PlacesExplorerState(load_places()))
