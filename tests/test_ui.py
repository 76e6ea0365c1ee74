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


def test_shared_looks_make_one_layout_and_one_style_per_setting():
    import ipywidgets

    looks = ui.SharedLooks()
    first, second = looks(ipywidgets.HTML, "<p>One</p>"), looks(ipywidgets.HTML, value="<p>Two</p>")
    assert first.layout is second.layout and first.style is second.style
    assert type(first.style).__name__ == "HTMLStyle" and second.value == "<p>Two</p>"
    wide = looks(ipywidgets.Button, description="Go", layout={"width": "auto"}, style={"button_color": "red"})
    assert wide.layout is not first.layout and wide.layout.width == "auto"
    assert isinstance(wide.style, ipywidgets.ButtonStyle) and wide.style.button_color == "red"
    assert looks(ipywidgets.Button, layout={"width": "auto"}).style is not wide.style   # other settings
    assert looks(ipywidgets.Button, layout={"width": "auto"}, style={"button_color": "red"}).style is wide.style
    box = looks(ipywidgets.VBox, [first, wide])     # a box has a Layout and no Style
    assert box.layout is first.layout and list(box.children) == [first, wide]
    assert ui.SharedLooks()(ipywidgets.HTML).layout is not first.layout     # shared within one view only


def test_a_view_opens_one_layout_and_style_per_setting_not_one_per_widget():
    import functools
    import random

    from helpers import widgets_opened
    from widgets.registry import find_exercise

    for key in ("self-assessment", "balcony-sorter", "knowledge-check:what-leaders-do", "places-matching"):
        exercise = find_exercise(key)
        state = exercise.build_state(random.Random(1))
        view, opened = widgets_opened(functools.partial(exercise.build_view, state))
        styles = sum(n for name, n in opened.items() if name.endswith("Style"))
        controls = sum(opened.values()) - opened["Layout"] - styles
        assert controls > 10, key
        # What is left: one Layout per distinct setting, and the few a view shows and hides by their own layout.
        assert opened["Layout"] <= 6 and styles <= 8, (key, opened)
