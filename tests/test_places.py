"""Places explorer: filtering the source's places by theme, programme and words, the view that shows them, and
the task that makes the learner use the filter and write what the places share."""
import random
import shutil

import pytest
from traitlets import TraitError

from helpers import one, walk
from widgets.content import DATA_DIR, ContentError, load_table
from widgets.registry import find_exercise
from widgets.exercises.places import SEARCH_MAX_LENGTH, PlacesExplorerState, load_places
from widgets.views.places import build_view, table_html


@pytest.fixture
def state():
    return PlacesExplorerState(load_places())


def test_places_file_loads_with_the_source_places():
    names = [p["place"] for p in load_places()]
    for name in ("Wiltshire", "Cheshire West and Chester", "Dudley", "London WELC", "Waverley DC / Birtley House",
                 "South Devon and Torbay", "Waltham Forest CCG"):
        assert name in names
    assert any("Merton" in n for n in names)


def test_exercise_builds_state_and_view():
    found = find_exercise("places-explorer")
    state = found.build_state(random.Random(1))
    assert found.key == "places-explorer" and len(state.places) == len(load_table("places.csv"))
    assert "sl-places" in found.build_view(state)._dom_classes


def test_no_filter_shows_every_place(state):
    total = len(state.places)
    assert len(state.shown()) == total
    assert state.count_text() == f"Showing {total} of {total} places"


def test_theme_filter(state):
    state.theme = "working with communities"
    assert set(state.shown()["id"]) == {"cheshire-west", "dudley"}
    assert state.count_text() == f"Showing 2 of {len(state.places)} places"


def test_programme_filter(state):
    state.programme = "Pioneer"
    assert set(state.shown()["id"]) == {p["id"] for p in state.places if p["programme"] == "Pioneer"}


def test_search_is_every_word_anywhere_ignoring_case_and_width(state):
    state.search = "NURSE"
    assert list(state.shown()["id"]) == ["waverley"]
    state.search = "ｎｕｒｓｅ  social"  # full-width letters, two spaces
    assert list(state.shown()["id"]) == ["waverley"]
    state.search = "nurse dudley"
    assert state.shown().empty


def test_filters_combine_and_nothing_matching_says_so(state):
    state.theme, state.search = "new roles and teams", "community"
    assert state.shown().empty
    assert "No place matches" in table_html(state)
    assert state.count_text().startswith("Showing 0 of")


def test_bad_filter_values_are_refused(state):
    with pytest.raises(TraitError):
        state.theme = "not a theme"
    with pytest.raises(TraitError):
        state.programme = "Vanguard of nowhere"
    with pytest.raises(TraitError):
        state.search = "x" * (SEARCH_MAX_LENGTH + 1)
    assert (state.theme, state.programme, state.search) == ("", "", "")


def test_table_is_accessible_and_escapes_text():
    rows = [{"id": "x", "place": "<script>alert(1)</script>", "programme": "P & Q", "theme": "t",
             "slide": "real progress", "what_changed": "a < b"}]
    html_text = table_html(PlacesExplorerState(rows))
    assert "<caption>" in html_text and '<th scope="col">Place</th>' in html_text
    assert '<th scope="row">&lt;script&gt;alert(1)&lt;/script&gt;</th>' in html_text
    assert "P &amp; Q" in html_text and "a &lt; b" in html_text and "<script>" not in html_text


def test_round_trip(state):
    state.theme, state.programme, state.search = "new roles and teams", "Pioneer", "roles"
    again = PlacesExplorerState(load_places())
    again.restore(state.to_dict())
    assert again.to_dict() == state.to_dict() == {"theme": "new roles and teams", "programme": "Pioneer",
                                                  "search": "roles", "task_found": False, "task_answer": ""}
    assert list(again.shown()["id"]) == list(state.shown()["id"])


@pytest.mark.parametrize("bad", [{"theme": "gone"}, {"search": 5}, {"search": "y" * 500}, ["theme"],
                                 {"task_answer": 3}, {"task_answer": "z" * 2001}, {"task_found": "yes"}])
def test_restore_of_malformed_work_raises_value_error_and_keeps_state(state, bad):
    state.search = "dudley"
    with pytest.raises(ValueError):
        state.restore(bad)
    assert state.search == "dudley" and state.theme == ""


def test_journal_says_what_was_looked_at(state):
    state.search = "dudley"
    text = state.journal_markdown()
    assert "Dudley" in text and "showing 1 of" in text


def test_view_filters_as_the_controls_change(state):
    view = build_view(state)
    one(view, "sl-places-theme").value = "working with communities"
    assert state.theme == "working with communities"
    assert "Showing 2 of" in one(view, "sl-places-count").value
    assert "Cheshire West and Chester" in one(view, "sl-places-table-box").value
    assert "Wiltshire" not in one(view, "sl-places-table-box").value
    one(view, "sl-places-search").value = "dudley"
    assert "Showing 1 of" in one(view, "sl-places-count").value
    one(view, "sl-places-clear").click()
    assert (state.theme, state.search) == ("", "")
    assert f"Showing {len(state.places)} of" in one(view, "sl-places-count").value


def test_view_turns_too_long_search_into_a_message(state):
    view = build_view(state)
    one(view, "sl-places-search").value = "z" * (SEARCH_MAX_LENGTH + 5)
    assert state.search == ""
    message = view.children[-3]   # the message box, above the count and the table
    assert "at most" in message.value
    one(view, "sl-places-search").value = "wilt"
    assert message.value == "" and state.search == "wilt"


def test_every_control_has_a_label(state):
    view = build_view(state)
    for css in ("sl-places-theme", "sl-places-programme", "sl-places-search", "sl-places-clear"):
        assert one(view, css).description


def test_broken_places_file_names_file_row_and_column(tmp_path):
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    text = (DATA_DIR / "places.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[3] = lines[3].replace("working with communities", "working with comunities", 1)
    (tmp_path / "places.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_places(tmp_path)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("places.csv", 4, "theme")


def test_journal_shows_the_search_words_as_typed(state):
    state.search = "<b>**care**</b>"
    text = state.journal_markdown()
    assert "<b>" not in text and "&lt;b&gt;\\*\\*care\\*\\*&lt;/b&gt;" in text


# -- the task ------------------------------------------------------------------------------------

@pytest.fixture
def tasked():
    return find_exercise("places-explorer").build_state(random.Random(0))


def test_the_task_names_places_the_filter_can_find(tasked):
    from widgets.exercises.places import load_task

    task = load_task(load_places())
    assert task.places == ("cheshire-west", "dudley") and tasked.task == task
    assert "deck" not in (task.task + task.hint + task.question + task.compare).lower()


@pytest.mark.parametrize("places, words", [("cheshire-west;atlantis", "'atlantis' is not an id"),
                                           (" ; ", "name at least one place")])
def test_a_task_naming_unknown_places_is_named(data_copy, places, words):
    from widgets.exercises.places import load_task

    (data_copy / "places_task.csv").write_text(
        f"task,places,hint,question,compare\nFind them,{places},Try,What?,Compare\n", encoding="utf-8")
    with pytest.raises(ContentError, match=words) as caught:
        load_task(load_places(data_copy), data_copy)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("places_task.csv", 2, "places")


def test_the_explorer_sets_one_task(data_copy):
    from widgets.exercises.places import load_task

    (data_copy / "places_task.csv").write_text(
        "task,places,hint,question,compare\nA,dudley,H,Q,C\nB,dudley,H,Q,C\n", encoding="utf-8")
    with pytest.raises(ContentError, match="one task; this file has 2 rows"):
        load_task(load_places(data_copy), data_copy)


@pytest.mark.parametrize("filters", [{"theme": "working with communities"}, {"search": "community"},
                                     {"search": "COMMUNIT", "theme": "working with communities"}])
def test_the_task_is_found_by_a_filter_that_shows_just_its_places(tasked, filters):
    assert not tasked.shows_task_places() and tasked.task_status()[0] == "info"
    assert "the task is about 2" in tasked.task_status()[1]
    for name, value in filters.items():
        setattr(tasked, name, value)
    assert tasked.shows_task_places() and tasked.task_found
    assert tasked.task_status() == ("good", "Your table shows the 2 places this task is about.")
    tasked.search, tasked.theme = "", ""
    assert not tasked.shows_task_places() and tasked.task_found   # found once stays found


def test_fewer_places_is_not_found(tasked):
    tasked.search = "Dudley"
    assert len(tasked.shown()) == 1 and not tasked.task_found
    assert "shows 1 of" in tasked.task_status()[1] and tasked.task.hint in tasked.task_status()[1]


def test_too_many_places_is_not_found(tasked):
    tasked.programme = next(p for p in tasked.programmes() if "Local Vision" in p)   # three places, one too many
    assert len(tasked.shown()) == 3 and not tasked.task_found


def test_the_answer_opens_after_finding_and_is_kept_as_written(tasked):
    assert not tasked.can_answer()
    tasked.theme = "working with communities"
    assert tasked.can_answer() and not tasked.can_compare()
    assert tasked.set_answer("Both worked <b>with</b> communities, schools and faith groups.") == 0
    assert tasked.can_compare()
    assert tasked.set_answer("x" * 2003) == 3 and len(tasked.task_answer) == 2000
    again = find_exercise("places-explorer").build_state(random.Random(0))
    again.restore({"task_answer": "Written before the task asked for finding"})
    assert again.can_answer() and not again.task_found


def test_the_journal_has_the_task_and_the_answer_as_written(tasked):
    assert "_No answer yet._" in tasked.journal_markdown() and "(not found yet)" in tasked.journal_markdown()
    tasked.search = "community"
    tasked.set_answer("# Both\nworked with *communities* <script>")
    text = tasked.journal_markdown()
    assert "Cheshire West and Chester, Dudley (you found them with the filter)." in text
    assert "> \\# Both" in text and "\\*communities\\*" in text and "<script>" not in text
    assert "deck" not in text.lower()


def test_the_view_sets_the_task_opens_the_answer_and_then_the_comparison(tasked):
    view = build_view(tasked)
    status, answer, compare = one(view, "sl-places-task-status"), one(view, "sl-places-answer"), one(
        view, "sl-places-compare")
    assert tasked.task.task in one(view, "sl-places-task").children[0].value
    assert view.children.index(one(view, "sl-places-task")) == 1                   # the task comes first
    assert view.children[-1] is one(view, "sl-places-task-answer")                  # its answer after the table
    assert "the task is about 2" in status.value
    assert answer.layout.display == "none" and compare.value == ""
    one(view, "sl-places-theme").value = "working with communities"
    assert "Found:" in status.value and answer.layout.display is None
    box = one(view, "sl-places-answer-text")
    box.value = "They worked with"
    assert tasked.task_answer == "They worked with" and compare.value == ""
    box.value = "They worked with schools, housing associations and faith groups."
    assert "Involve people in communities" in compare.value
    one(view, "sl-places-clear").click()              # the answer stays open once the places were found
    assert answer.layout.display is None and "the task is about 2" in status.value
    box.value = "y" * 2005
    assert "only the first 2,000 are saved" in one(view, "sl-places-answer-count").value
    # the course's own words here (the table's rows are content from data/places.csv)
    own = [view.children[0], *walk(one(view, "sl-places-task")), *walk(one(view, "sl-places-task-answer"))]
    assert "deck" not in " ".join(w.value for w in own if isinstance(getattr(w, "value", None), str)).lower()
    assert "deck" not in table_html(tasked).split("<thead>")[0].lower()
