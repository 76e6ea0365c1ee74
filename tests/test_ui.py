"""What a learner is told when something fails, and that tests turn those failures into failures."""
import pytest

from widgets.views import ui
from widgets.content import ContentError


@pytest.fixture
def shown(monkeypatch):
    """Whatever the page would display, as HTML strings."""
    import IPython.display

    captured = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: captured.append(obj.data))
    return captured


def test_content_problem_names_file_row_and_column():
    error = ContentError("places.csv", "'x' is not one of the allowed values.", row=4, column="theme")
    text = ui.problem_text(error)
    assert "data/places.csv, row 4, column 'theme'" in text and "tell your tutor" in text


def test_other_problems_are_told_without_details():
    text = ui.problem_text(KeyError("secret internals"))
    assert "secret internals" not in text and "saved work is safe" in text


def test_a_failing_cell_becomes_a_message_for_learners(monkeypatch, shown):
    monkeypatch.setenv("SL_STRICT", "0")

    @ui.shows_problems
    def broken():
        raise ContentError("quotes.csv", "the file is empty.")

    assert broken() is None
    assert len(shown) == 1 and "data/quotes.csv: the file is empty." in shown[0]
    assert 'class="sl-msg sl-msg-warn"' in shown[0]


def test_under_the_test_suite_a_failing_cell_fails(monkeypatch, shown):
    monkeypatch.setenv("SL_STRICT", "1")

    @ui.shows_problems
    def broken():
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        broken()


def test_messages_escape_their_text_and_carry_a_word_not_only_a_colour():
    html = ui.message_html("<script>alert(1)</script>", "bad")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Not quite" in html


def test_details_of_a_failure_go_to_the_server_log_not_the_page(monkeypatch, shown, capfd):
    monkeypatch.setenv("SL_STRICT", "0")

    @ui.shows_problems
    def broken():
        raise KeyError("the internals")

    broken()
    err = capfd.readouterr().err
    assert "[systems-leadership]" in err and "KeyError: 'the internals'" in err
    assert "the internals" not in shown[0]


def test_a_labelled_group_and_an_announced_widget_carry_the_classes_course_js_reads():
    import ipywidgets

    label, ticks = ipywidgets.HTML("<p>Which apply?</p>"), ipywidgets.VBox([ipywidgets.Checkbox()])
    assert ui.labelled_group(ticks, label) is ticks
    assert "sl-group" in ticks._dom_classes and "sl-group-label" in label._dom_classes
    feedback = ipywidgets.HTML()
    assert ui.announced(feedback) is feedback and "sl-live" in feedback._dom_classes
