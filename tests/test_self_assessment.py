"""The six 'ways of' self-assessment: data, scoring, the two lowest ways, validation, saving, chart, view."""
import random
import xml.etree.ElementTree as ET

import pytest
from traitlets import TraitError

from helpers import deck_text, find, flat
from widgets.content import ContentError, load_table
from widgets.registry import find_exercise
from widgets.exercises.self_assessment import (MAX_REFLECTION, SUGGESTIONS_FILE, SelfAssessmentState, Suggestion, Way,
                                               build_state, load_suggestions, load_ways)
from widgets.views.self_assessment import build_view

SLIDES = {"General lessons from Systems Leadership work", "So what do you need to do as a Systems Leader?",
          "Lessons from leadership development programmes", "Characteristics and behaviours to look for"}


@pytest.fixture
def state():
    return build_state()


def rate_all(state, value):
    state.ratings = {q: value for w in state.ways for q in w.qualities}


def rate_way(state, name, value):
    way = state.find_way(name)
    state.ratings = {**state.ratings, **{q: value for q in way.qualities}}


# ---- data -------------------------------------------------------------------------------------

def test_ways_and_qualities_load_in_deck_order():
    ways = load_ways()
    assert [w.number for w in ways] == [1, 2, 3, 4, 5, 6]
    assert ways[0].name == "Ways of feeling" and ways[-1].name == "Ways of being"
    assert sum(len(w.qualities) for w in ways) == len(load_table("ways_of_qualities.csv")) == 18
    assert all(w.qualities for w in ways)


def test_every_way_has_a_suggestion_from_a_named_slide():
    ways = load_ways()
    suggestions = load_suggestions(ways)
    assert set(suggestions) == {w.name for w in ways}
    assert {s.source for s in suggestions.values()} <= SLIDES
    assert len(load_table(SUGGESTIONS_FILE)) == 6


def test_suggestions_quote_the_deck_exactly_and_name_real_slides():
    deck = deck_text()
    for suggestion in load_suggestions(load_ways()).values():
        assert flat(suggestion.quote) in deck, suggestion.quote
        assert suggestion.source in deck, suggestion.source


def test_suggestion_for_an_unknown_way_names_file_row_and_column(data_copy):
    path = data_copy / SUGGESTIONS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("Ways of thinking,", "Ways of thinkin,", 1),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_suggestions(load_ways(data_copy), data_copy)
    error = caught.value
    assert (error.file, error.row, error.column) == (SUGGESTIONS_FILE, 4, "way")
    assert "'Ways of thinkin'" in str(error) and str(error).startswith(f"data/{SUGGESTIONS_FILE}, row 4")


def test_a_file_missing_a_way_is_refused(data_copy):
    path = data_copy / SUGGESTIONS_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("Ways of being")) + "\n",
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_suggestions(load_ways(data_copy), data_copy)
    assert caught.value.file == SUGGESTIONS_FILE


def test_a_way_without_a_suggestion_is_named():
    ways = load_ways() + [Way(7, "Ways of juggling", "hands", ("juggling",))]
    with pytest.raises(ContentError) as caught:
        load_suggestions(ways)
    assert (caught.value.file, caught.value.column) == (SUGGESTIONS_FILE, "way")
    assert "Ways of juggling" in str(caught.value)


def test_a_suggestion_from_an_unknown_slide_is_refused(data_copy):
    path = data_copy / SUGGESTIONS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "So what do you need to do as a Systems Leader?", "Somewhere else", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_suggestions(load_ways(data_copy), data_copy)
    assert caught.value.column == "source"


# ---- scoring ----------------------------------------------------------------------------------

def test_nothing_rated_means_no_scores_and_no_lowest(state):
    assert set(state.way_scores().values()) == {None}
    assert state.lowest_two() == []
    assert state.ratings == {}


def test_a_way_scores_the_mean_of_its_rated_qualities(state):
    perceiving = state.find_way("Ways of perceiving").qualities
    state.rate(perceiving[0], 2)
    state.rate(perceiving[1], 5)
    assert state.way_scores()["Ways of perceiving"] == pytest.approx(3.5)
    state.rate(perceiving[2], 5)
    assert state.way_scores()["Ways of perceiving"] == pytest.approx(4.0)
    assert state.rated_counts()["Ways of perceiving"] == 3


def test_partial_ratings_give_no_lowest_two_until_every_way_has_one(state):
    for way in state.ways[:-1]:
        state.rate(way.qualities[0], 3)
    assert state.way_scores()["Ways of being"] is None
    assert state.lowest_two() == []
    state.rate(state.find_way("Ways of being").qualities[-1], 4)
    assert len(state.lowest_two()) == 2


def test_lowest_two(state):
    rate_all(state, 4)
    rate_way(state, "Ways of doing", 2)
    rate_way(state, "Ways of relating", 1)
    assert state.lowest_two() == ["Ways of relating", "Ways of doing"]


def test_ties_are_broken_by_deck_order(state):
    rate_all(state, 3)
    assert state.lowest_two() == ["Ways of feeling", "Ways of perceiving"]
    rate_way(state, "Ways of being", 2)
    rate_way(state, "Ways of thinking", 2)
    assert state.lowest_two() == ["Ways of thinking", "Ways of being"]


def test_clearing_a_rating_makes_it_not_rated_again(state):
    quality = state.ways[0].qualities[0]
    state.rate(quality, 5)
    state.rate(quality, None)
    assert quality not in state.ratings and state.way_scores()["Ways of feeling"] is None


def test_thinking_and_relating_have_lessons_that_fit_their_qualities(state):
    """Thinking (curiosity, synthesising complexity, sense-making) and relating (mutuality, honesty, empathy)."""
    thinking = "Build a network…bring people together – offline – to think together"
    assert state.suggestion("Ways of thinking").quote == thinking
    assert state.suggestion("Ways of relating").quote == "Create conditions for an honest, difficult conversation"
    assert {state.suggestion(w).source for w in ("Ways of thinking", "Ways of relating")} == {
        "So what do you need to do as a Systems Leader?"}
    assert "sense-making" in state.suggestion("Ways of thinking").why
    assert "Honesty and authenticity" in state.suggestion("Ways of relating").why
    assert all(state.suggestion(way.name).why for way in state.ways)


def test_suggestion_for_a_way(state):
    suggestion = state.suggestion("Ways of perceiving")
    assert suggestion.quote == "Seek diverse perspectives and build engagement/relationships"
    assert suggestion.source == "General lessons from Systems Leadership work"


# ---- validation and saving --------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, 6, -1, True, 3.0, "3"])
def test_bad_rating_raises_trait_error_and_keeps_the_ratings(state, value):
    quality = state.ways[1].qualities[0]
    state.rate(quality, 2)
    with pytest.raises(TraitError):
        state.rate(quality, value)
    assert state.ratings == {quality: 2}


def test_rating_an_unknown_quality_raises_trait_error(state):
    with pytest.raises(TraitError, match="not one of the qualities"):
        state.rate("juggling", 3)


def test_reflections_are_limited_and_checked(state):
    assert state.reflect("Ways of doing", "x" * MAX_REFLECTION) == 0
    assert state.reflect("Ways of doing", "ab" + "x" * MAX_REFLECTION) == 2
    assert state.reflections["Ways of doing"] == "ab" + "x" * (MAX_REFLECTION - 2)
    with pytest.raises(TraitError, match=str(MAX_REFLECTION)):
        state.reflections = {"Ways of doing": "x" * (MAX_REFLECTION + 1)}
    with pytest.raises(TraitError):
        state.reflect("Ways of juggling", "hi")
    with pytest.raises(TraitError):
        state.reflections = {"Ways of doing": 42}


def test_round_trip(state):
    rate_all(state, 4)
    rate_way(state, "Ways of thinking", 1)
    state.reflect("Ways of thinking", "Ünïcode ✓ and <b>tags</b>")
    saved = state.to_dict()
    again = build_state()
    again.restore(saved)
    assert again.to_dict() == saved
    assert again.lowest_two() == state.lowest_two()


@pytest.mark.parametrize("bad", [
    {"ratings": {"curiosity": 0}}, {"ratings": {"curiosity": 6}}, {"ratings": {"juggling": 3}},
    {"ratings": ["curiosity", 3]}, {"reflections": {"Ways of doing": "x" * (MAX_REFLECTION + 1)}},
    {"ratings": {"curiosity": 3}, "reflections": {"nowhere": "x"}}, "not a dict"])
def test_restore_of_bad_data_raises_value_error_and_keeps_the_work(state, bad):
    state.rate("curiosity", 2)
    before = state.to_dict()
    with pytest.raises(ValueError):
        state.restore(bad)
    assert state.to_dict() == before


# ---- chart and journal ------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_names_every_way_and_writes_the_scores(state):
    rate_all(state, 3)
    rate_way(state, "Ways of being", 5)
    svg = state.journal_svg()
    root = ET.fromstring(svg)
    axes = [t.text for t in root.findall(f".//{SVG}text[@class='sl-chart-axis']")]
    assert axes == [w.name for w in state.ways]
    values = [t.text for t in root.findall(f".//{SVG}text[@class='sl-chart-value']")]
    assert values == ["3.0"] * 5 + ["5.0"]
    desc = root.find(f"{SVG}desc").text
    assert "Ways of being: 5.0 (4 of 4 qualities rated)" in desc
    assert len(root.findall(f".//{SVG}polygon[@class='sl-chart-shape']")) == 1


def test_svg_of_a_partial_profile_draws_no_shape(state):
    state.rate("curiosity", 4)
    root = ET.fromstring(state.journal_svg())
    assert root.findall(f".//{SVG}polygon[@class='sl-chart-shape']") == []
    assert [t.text for t in root.findall(f".//{SVG}text[@class='sl-chart-value']")].count("not rated") == 5


def test_svg_escapes_text():
    ways = [Way(i, f"<b>Way {i} & co</b>", "focus", (f"quality {i}",)) for i in range(1, 7)]
    tricky = SelfAssessmentState(ways, {w.name: Suggestion("q", "s") for w in ways})
    tricky.rate("quality 1", 2)
    svg = tricky.journal_svg()
    assert "<b>" not in svg and "&lt;b&gt;Way 1 &amp; co&lt;/b&gt;" in svg
    root = ET.fromstring(svg)      # still well-formed
    assert root.find(f".//{SVG}text[@class='sl-chart-axis']").text == "<b>Way 1 & co</b>"


def test_journal_markdown_before_all_ways_are_rated(state):
    state.rate("curiosity", 4)
    text = state.journal_markdown()
    assert "| 3. Ways of thinking (intellectual and cognitive abilities) | 4.0 | 1 of 3 |" in text
    assert "| curiosity | Ways of thinking | 4 = often |" in text
    assert "not rated yet" in text and "Rate at least one quality in every way" in text


def test_journal_markdown_lists_the_two_lowest_with_reflections_and_suggestions(state):
    rate_all(state, 4)
    rate_way(state, "Ways of doing", 2)
    rate_way(state, "Ways of feeling", 1)
    state.reflect("Ways of doing", "I hold on to <script>control</script>\nsecond line")
    text = state.journal_markdown()
    assert "### Your two lowest ways" in text
    assert "**Ways of feeling** — score 1.0" in text and "**Ways of doing** — score 2.0" in text
    assert "> I hold on to &lt;script&gt;control&lt;/script&gt;\n> second line" in text
    assert "<script>" not in text
    assert "_No reflection written yet._" in text   # feeling has none
    assert ("A lesson from the workshop to try (the course’s pairing; from “So what do you need to do as a Systems "
            "Leader?”): “Find the ‘real’ leaders who are making change happen, or (with support) could do so” "
            "Why this lesson: Enabling and supporting others") in text
    assert "deck" not in text and "slide" not in text


# ---- exercise and view ------------------------------------------------------------------------

def test_exercise_builds_from_its_key():
    exercise = find_exercise("self-assessment")
    state = exercise.build_state(random.Random(0))
    assert isinstance(state, SelfAssessmentState)
    assert exercise.build_view(state) is not None


def test_view_starts_unrated_and_rates_through_the_buttons(state):
    view = build_view(state)
    toggles = find(view, "sl-sa-rating")
    assert len(toggles) == 18
    assert all(t.value is None and t.description for t in toggles)
    statuses = find(view, "sl-sa-status")
    assert all("Not rated yet" in s.value for s in statuses)
    toggles[0].value = 4
    assert state.ratings == {toggles[0].description: 4}
    assert "4 = often" in statuses[0].value
    find(view, "sl-sa-clear")[0].click()
    assert state.ratings == {} and toggles[0].value is None


def test_view_shows_reflections_for_the_lowest_two_and_keeps_the_first_part_of_too_long_text(state):
    view = build_view(state)
    assert find(view, "sl-sa-reflection") == []
    for toggle, value in zip(find(view, "sl-sa-rating"), [1, 4, 4, 4, 4, 2] + [5] * 12):
        toggle.value = value
    assert state.lowest_two() == ["Ways of feeling", "Ways of perceiving"]
    areas = find(view, "sl-sa-reflection")
    assert [a.description for a in areas] == ["Your reflection on Ways of feeling",
                                              "Your reflection on Ways of perceiving"]
    areas[0].value = "<i>Values</i> first"
    assert state.reflections == {"Ways of feeling": "<i>Values</i> first"}
    areas[1].value = "x" * (MAX_REFLECTION + 5)
    assert state.reflections["Ways of perceiving"] == "x" * MAX_REFLECTION
    assert areas[1].value == "x" * (MAX_REFLECTION + 5)  # the whole text stays in the box
    notes = find(view, "sl-sa-note")
    assert "only the first 2,000 are saved" in notes[1].value and "shorten it by 5" in notes[1].value
    assert "characters." in notes[0].value and "aved" not in notes[0].value   # the save line says "Saved"
    profile = find(view, "sl-sa-profile")[0].value
    assert "Ways of feeling" in profile and "<svg" in profile
    lowest = "".join(w.value for w in find(view, "sl-sa-lowest")[0].children if hasattr(w, "value"))
    lowest += "".join(c.value for box in find(view, "sl-sa-lowest")[0].children for c in getattr(box, "children", ())
                      if isinstance(getattr(c, "value", None), str))
    assert "A lesson from the workshop to try" in lowest and "the course’s suggestion" in lowest
    assert "Why this lesson: Values and commitment" in lowest
    assert "deck" not in lowest


# ---- in a real browser ------------------------------------------------------------------------

@pytest.mark.browser
def test_self_assessment_in_a_browser(voila_server, page):
    from conftest import page_problems, wait_for_page

    notebook = "ways-of.ipynb"
    page.goto(voila_server.module_url(notebook))
    wait_for_page(page)
    assessment = page.locator(".sl-self-assessment")
    rows = assessment.locator(".sl-sa-rating")
    rows.first.wait_for()
    assert rows.count() == 18
    # the first by keyboard, the rest by mouse: 'Ways of feeling' lowest, then 'Ways of perceiving'
    first = rows.nth(0).get_by_role("button", name="1", exact=True)
    first.focus()
    page.keyboard.press("Enter")
    for index, value in enumerate([2, 2, 2, 2] + [5] * 13, start=1):
        rows.nth(index).get_by_role("button", name=str(value), exact=True).click()
    page.wait_for_function(
        "() => document.querySelectorAll('.sl-self-assessment .widget-toggle-button.mod-active').length === 18")
    page.wait_for_selector(".sl-sa-reflection textarea")
    lowest = assessment.locator(".sl-sa-lowest").inner_text()
    assert "Ways of feeling" in lowest and "Ways of perceiving" in lowest
    assert "General lessons from Systems Leadership work" in lowest
    area = assessment.locator(".sl-sa-reflection textarea").first
    area.fill("<script>alert(1)</script> values first")  # saved as it is typed: there is no save button
    page.locator(".sl-sa-note .sl-msg-info", has_text="38 of 2,000 characters.").wait_for()
    radar = assessment.locator(".sl-sa-profile svg[role='img']")
    assert "Ways of feeling" in radar.inner_html() and radar.locator("desc").count() == 1
    assert page_problems(page) == []
    assert page.outside_requests == []


def test_journal_shows_a_reflection_as_written_not_as_markdown(state):
    rate_all(state, 4)
    rate_way(state, "Ways of doing", 2)
    rate_way(state, "Ways of feeling", 1)
    state.reflect("Ways of doing", "# not a heading\n**not bold** and [not a link](javascript:x)")
    text = state.journal_markdown()
    assert "> \\# not a heading\n> \\*\\*not bold\\*\\* and \\[not a link\\]\\(javascript:x\\)" in text
