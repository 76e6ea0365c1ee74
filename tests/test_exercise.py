"""The exercise protocol's shared pieces: saving and restoring state, and learner text in the journal."""
import mistune
import pytest
from traitlets import Int, TraitError, Unicode, validate

from widgets.exercises.base import ExerciseState
from widgets.markup.escape import markdown_text
from widgets.registry import EXERCISES, find_exercise


class Note(ExerciseState):
    text = Unicode("").tag(saved=True)
    stars = Int(0).tag(saved=True)
    shown = Int(0)  # not the learner's work: never saved

    @validate("stars")
    def _valid_stars(self, proposal):
        if not 0 <= proposal["value"] <= 5:
            raise TraitError("stars run from 0 to 5")
        return proposal["value"]


def test_only_saved_traits_are_exported_and_restored():
    note = Note(text="hello", stars=3, shown=7)
    assert note.to_dict() == {"stars": 3, "text": "hello"}
    again = Note()
    again.restore(note.to_dict())
    assert (again.text, again.stars, again.shown) == ("hello", 3, 0)


def test_restore_is_all_or_nothing():
    note = Note(text="mine", stars=2)
    with pytest.raises(ValueError, match="doesn't fit"):
        note.restore({"text": "theirs", "stars": 9})
    assert note.to_dict() == {"stars": 2, "text": "mine"}
    with pytest.raises(ValueError):
        note.restore(["not", "a", "dict"])


def test_every_exercise_key_finds_its_component():
    for key in [e.name for e in EXERCISES] + [key for e in EXERCISES for key in e.shown_at]:
        assert find_exercise(key).key == key
    with pytest.raises(KeyError, match="no exercise is called"):
        find_exercise("no-such-thing")


@pytest.mark.parametrize("text", [
    "A line\n---", "A line\n===", "- not a list", "1. not a list", "2) nor this",
    "# not a heading", "**not bold** and _not italic_", "[not](a link)", "<script>alert(1)</script>",
    "| not | a table |", "`not code`",
])
def test_learner_text_reads_as_written_in_the_journal(text):
    rendered = mistune.html(markdown_text(text))
    for tag in ("<h1", "<h2", "<hr", "<ul", "<ol", "<strong", "<em", "<a ", "<script", "<code", "<table"):
        assert tag not in rendered, f"{text!r} became {tag}"
    assert rendered.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("<p>", "").replace(
        "</p>", "").replace("<br />", "").split() == text.split()
