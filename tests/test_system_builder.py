"""'Define your system': the state, its reflections, the drawing, the view and the data files."""
import html
import random
import re

import pytest

from widgets.content import ContentError, load_table
from widgets.registry import find_exercise
from widgets.markup.network_svg import network_svg, wrap_label
from widgets.exercises.system_builder import (MAX_ACTORS, MAX_LABEL, MAX_LINKS, MAX_NAME, SystemBuilderState,
                                              build_state, load_actor_types, load_example)
from widgets.views.system_builder import build_view


@pytest.fixture
def state():
    return build_state(random.Random(0))


def codes(state):
    return [r.code for r in state.reflections()]


def texts(state):
    return " ".join(r.text for r in state.reflections())


def small_system(state):
    """Three actors of three kinds, each connected, both links through the family carer."""
    state.add_actor("Ward team", "team")
    state.add_actor("Family carer", "individual")
    state.add_actor("Council adult social care", "public body")
    state.add_link("Ward team", "Family carer", "agrees the discharge date")
    state.add_link("Council adult social care", "Family carer", "assesses their needs as a carer")
    return state


def small_network(state):
    """Three actors of three kinds, two organisations and a person, each connected, no hub."""
    state.add_actor("Ward team", "team", "Acute hospital trust")
    state.add_actor("Family carer", "individual")
    state.add_actor("Council adult social care", "public body")
    state.add_link("Ward team", "Family carer", "agrees the discharge date")
    state.add_link("Council adult social care", "Family carer", "assesses their needs as a carer")
    state.add_link("Ward team", "Council adult social care", "asks for an assessment")
    return state


# -- data files -------------------------------------------------------------------------------------
def test_data_files_load():
    types = load_actor_types()
    assert [t["type"] for t in types] == ["individual", "team", "organisation", "community group", "public body"]
    assert len({t["shape"] for t in types}) == len(types)
    actors, links = load_example()
    assert len(actors) == 11 and len(links) == 14
    assert len(actors) <= MAX_ACTORS and len(links) <= MAX_LINKS


def test_example_link_to_unknown_actor_names_file_row_and_column(data_copy):
    path = data_copy / "system_example_links.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("Council adult social care,", "Council adult social car,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_example(data_copy)
    error = caught.value
    assert (error.file, error.row, error.column) == ("system_example_links.csv", 4, "from")
    assert "Council adult social car" in str(error) and "data/system_example_links.csv, row 4" in str(error)


def test_example_self_link_and_repeated_pair_are_named(data_copy):
    path = data_copy / "system_example_links.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "GP practice,GP practice,talks to itself\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_example(data_copy)
    assert (caught.value.row, caught.value.column) == (16, "to")
    path.write_text(text + "Ward team,GP practice,sends the summary again\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_example(data_copy)
    assert caught.value.row == 16 and "row 10" in str(caught.value)


def test_example_actor_with_unknown_type_is_named(data_copy):
    path = data_copy / "system_example_actors.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("GP practice,organisation", "GP practice,surgery"),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_table("system_example_actors.csv", data_copy)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("system_example_actors.csv", 8, "type")


def test_the_key_finds_this_exercise(state):
    exercise = find_exercise("system-builder")
    assert exercise.title == "Define your system"
    assert isinstance(exercise.build_state(random.Random(1)), SystemBuilderState)


def test_importing_the_state_does_not_import_widgets():
    import subprocess
    import sys

    code = "import sys, widgets.exercises.system_builder; print('ipywidgets' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# -- adding, editing, removing ------------------------------------------------------------------
def test_add_actor_keeps_a_clean_name(state):
    assert state.add_actor("  Ward   team ", "team") == "Ward team"
    assert state.actors == [{"name": "Ward team", "type": "team"}]


@pytest.mark.parametrize("name, words", [
    ("", "type a name"),
    ("   ", "type a name"),
    ("x" * (MAX_NAME + 1), f"{MAX_NAME} or fewer"),
    ("ward TEAM", "‘Ward team’ is in your system already"),
])
def test_bad_actor_names_are_refused_and_nothing_is_lost(state, name, words):
    state.add_actor("Ward team", "team")
    with pytest.raises(ValueError, match=words):
        state.add_actor(name, "team")
    assert state.actors == [{"name": "Ward team", "type": "team"}]


def test_unknown_type_is_refused(state):
    with pytest.raises(ValueError, match="choose a type"):
        state.add_actor("Ward team", "wizard")
    assert state.actors == []


def test_odd_unicode_and_html_names_are_kept_as_written(state):
    state.add_actor("<script>alert(1)</script>", "individual")
    state.add_actor("Cafe\u0301 owners' group \U0001F30D", "community group")
    assert state.actor_names == ["<script>alert(1)</script>", "Café owners' group \U0001F30D"]


def test_actor_limit(state):
    for number in range(MAX_ACTORS):
        state.add_actor(f"Actor {number}", "team")
    with pytest.raises(ValueError, match=f"{MAX_ACTORS} actors"):
        state.add_actor("One too many", "team")
    assert len(state.actors) == MAX_ACTORS


def test_link_limit(state):
    for number in range(9):
        state.add_actor(f"Actor {number}", "team")
    pairs = [(a, b) for a in range(9) for b in range(9) if a != b][:MAX_LINKS]
    for a, b in pairs:
        state.add_link(f"Actor {a}", f"Actor {b}", "works with")
    with pytest.raises(ValueError, match=f"{MAX_LINKS} interactions"):
        state.add_link("Actor 8", "Actor 7", "works with")
    assert len(state.links) == MAX_LINKS


def test_link_problems_have_clear_messages(state):
    state.add_actor("Ward team", "team")
    with pytest.raises(ValueError, match="at least two actors"):
        state.add_link("Ward team", "Ward team", "x")
    state.add_actor("GP practice", "organisation")
    with pytest.raises(ValueError, match="can't interact with itself"):
        state.add_link("Ward team", "Ward team", "talks")
    with pytest.raises(ValueError, match="no actor called ‘Nobody’"):
        state.add_link("Ward team", "Nobody", "talks")
    with pytest.raises(ValueError, match="in a few words"):
        state.add_link("Ward team", "GP practice", "  ")
    with pytest.raises(ValueError, match=f"{MAX_LABEL} or fewer"):
        state.add_link("Ward team", "GP practice", "y" * (MAX_LABEL + 1))
    state.add_link("Ward team", "GP practice", "sends the discharge summary")
    with pytest.raises(ValueError, match="already"):
        state.add_link("Ward team", "GP practice", "phones")
    state.add_link("GP practice", "Ward team", "asks about medicines")   # the other direction is another interaction
    assert [(l["from"], l["to"]) for l in state.links] == [("Ward team", "GP practice"), ("GP practice", "Ward team")]


def test_rename_carries_links_and_type_change(state):
    small_system(state)
    state.edit_actor("Ward team", "Ward 7 team", "team")
    assert "Ward 7 team" in state.actor_names and "Ward team" not in state.actor_names
    assert state.links[0]["from"] == "Ward 7 team"
    state.edit_actor("Family carer", "Family carer", "community group")
    assert state.type_of("Family carer") == "community group"
    state.edit_actor("Family carer", "family CARER", "individual")   # a change of case of its own name is fine
    assert state.type_of("family CARER") == "individual"


def test_rename_to_another_actors_name_is_refused(state):
    small_system(state)
    before = state.to_dict()
    with pytest.raises(ValueError, match="already"):
        state.edit_actor("Ward team", "Family Carer", "team")
    with pytest.raises(ValueError, match="type a name"):
        state.edit_actor("Ward team", "", "team")
    assert state.to_dict() == before


def test_removing_an_actor_removes_its_links(state):
    small_system(state)
    assert state.remove_actor("Family carer") == 2
    assert state.actor_names == ["Ward team", "Council adult social care"]
    assert state.links == []
    with pytest.raises(ValueError):
        state.remove_actor("Family carer")


def test_edit_and_remove_a_link(state):
    small_system(state)
    state.edit_link("Ward team", "Family carer", "phones about the discharge date")
    assert state.links[0]["label"] == "phones about the discharge date"
    with pytest.raises(ValueError, match="in a few words"):
        state.edit_link("Ward team", "Family carer", "")
    assert state.links[0]["label"] == "phones about the discharge date"
    state.remove_link("Ward team", "Family carer")
    assert len(state.links) == 1
    with pytest.raises(ValueError, match="no interaction"):
        state.remove_link("Ward team", "Family carer")


# -- reflections against the definition ------------------------------------------------------------
def test_empty_map_invites_a_start(state):
    assert codes(state) == ["empty"]


def test_unconnected_actor_is_named(state):
    state.add_actor("Ward team", "team")
    assert codes(state) == ["isolated"]
    assert "‘Ward team’ isn't connected to anyone yet — a system is an interconnecting network" in texts(state)
    state.add_actor("GP practice", "organisation")
    assert "‘Ward team’ and ‘GP practice’ aren't connected" in texts(state)
    state.add_link("Ward team", "GP practice", "sends the discharge summary")
    assert "isolated" not in codes(state)


def test_organisations_alone_fit_the_definition(state):
    """A hospital, a care home and a charity, all of the kind 'organisation', are a system by the definition."""
    for name in ("Acute hospital", "Care home", "Befriending charity"):
        state.add_actor(name, "organisation")
    state.add_link("Acute hospital", "Care home", "discharges residents to")
    state.add_link("Befriending charity", "Care home", "visits residents of")
    state.add_link("Befriending charity", "Acute hospital", "meets patients leaving")
    assert codes(state) == ["network"]
    assert "3 organisations (individuals, organisations or bodies, in any mix)" in texts(state)
    assert "3 of the interactions cross from one organisation to another" in texts(state)
    assert "one type" not in texts(state) and "balcony" not in texts(state)


def test_one_organisation_is_not_a_boundary_and_a_shared_team_is_a_hub(state):
    """'Me → My team ← My deputy', all one organisation: no boundary is crossed, and both links run through one hub."""
    state.add_actor("Me", "individual", "City Council")
    state.add_actor("My team", "team", "city council")
    state.add_actor("My deputy", "individual", "City Council")
    state.add_link("Me", "My team", "leads")
    state.add_link("My deputy", "My team", "manages")
    assert codes(state) == ["one-organisation", "hub"]
    assert "Everyone in your map is part of ‘City Council’" in texts(state)
    assert "taking leadership beyond your organisation" in texts(state)
    assert "Both of your interactions go through ‘My team’" in texts(state)
    assert state.cross_boundary_links() == []


def test_no_link_across_a_boundary(state):
    state.add_actor("Ward team", "team", "Acute hospital trust")
    state.add_actor("Discharge lounge team", "team", "Acute hospital trust")
    state.add_actor("GP practice", "organisation")
    state.add_actor("Practice nurse", "individual", "GP practice")
    state.add_link("Ward team", "Discharge lounge team", "hands over patients")
    state.add_link("GP practice", "Practice nurse", "employs")
    assert codes(state) == ["no-cross-boundary"]
    assert "‘Acute hospital trust’ and ‘GP practice’" in texts(state)
    state.add_link("Practice nurse", "Ward team", "asks about medicines")
    assert "no-cross-boundary" not in codes(state)
    assert state.cross_boundary_links() == [
        {"from": "Practice nurse", "to": "Ward team", "label": "asks about medicines"}]


def test_kinds_of_actor_are_not_boundaries(state):
    """Actors of different kinds in one organisation don't cross a boundary; actors of one kind in two do."""
    state.add_actor("Ward sister", "individual", "Acute hospital trust")
    state.add_actor("Ward team", "team", "Acute hospital trust")
    state.add_actor("District nurse", "individual", "Community trust")
    state.add_link("Ward sister", "Ward team", "leads")
    state.add_link("Ward sister", "District nurse", "hands over to")
    assert state.cross_boundary_links() == [{"from": "Ward sister", "to": "District nurse", "label": "hands over to"}]


def test_people_and_teams_without_an_organisation_are_asked_about_it(state):
    state.add_actor("Ward team", "team")
    state.add_actor("Family carer", "individual")
    state.add_link("Ward team", "Family carer", "agrees the discharge date")
    assert codes(state) == ["keep-going", "part-of"]
    assert "‘Ward team’ and ‘Family carer’ are part of an organisation, say which under ‘Part of’" in texts(state)
    state.edit_actor("Ward team", "Ward team", "team", "Acute hospital trust")
    assert state.organisation_said("Ward team") == "Acute hospital trust"
    assert "‘Family carer’ is part of" in texts(state)
    state.edit_actor("Ward team", "Ward 7 team", "team")     # None keeps the organisation
    assert state.organisation_said("Ward 7 team") == "Acute hospital trust"


def test_hub_on_every_link(state):
    state.add_actor("Discharge coordinator", "individual")
    for name, kind in [("Ward team", "team"), ("Home care agency", "organisation"), ("Family carer", "individual")]:
        state.add_actor(name, kind)
        state.add_link("Discharge coordinator", name, "arranges the discharge with")
    assert codes(state)[0] == "hub"
    assert "Every interaction in your map goes through ‘Discharge coordinator’" in texts(state)
    assert "Depending on a hub" in texts(state)
    state.add_link("Ward team", "Family carer", "agrees the date with")
    assert "hub" not in codes(state)


def test_hub_on_most_links(state):
    names = [("Hub", "individual"), ("A", "team"), ("B", "organisation"), ("C", "public body"), ("D", "team")]
    for name, kind in names:
        state.add_actor(name, kind)
    for other in "ABCD":
        state.add_link("Hub", other, "works with")
    state.add_link("A", "B", "works with")
    assert state.hub() == ("Hub", 4)
    assert "4 of your 5 interactions go through ‘Hub’" in texts(state)
    state.add_link("C", "D", "works with")
    state.add_link("B", "C", "works with")
    assert state.hub() is None


def test_a_triangle_is_not_a_hub(state):
    small_system(state)
    state.add_link("Ward team", "Council adult social care", "asks for an assessment")
    assert state.hub() is None


def test_an_interconnecting_network_is_praised(state):
    small_network(state)
    assert codes(state) == ["network", "part-of"]   # the family carer says no organisation
    assert state.reflections()[0].kind == "good"
    assert "interconnecting network" in texts(state) and "balcony" not in texts(state)
    assert "1 individual, 1 team and 1 public body" in texts(state)
    assert "1 of the interactions crosses from one organisation to another" in texts(state)  # the carer: none said


def test_two_connected_actors_is_a_start(state):
    state.add_actor("Ward team", "team")
    state.add_actor("Family carer", "individual")
    state.add_link("Ward team", "Family carer", "agrees the discharge date")
    assert codes(state) == ["keep-going", "part-of"]


def test_two_links_through_one_actor_are_a_hub(state):
    small_system(state)
    assert state.hub() == ("Family carer", 2) and "network" not in codes(state)


def test_the_worked_example_looks_like_a_network(state):
    state.load_example(load_example())
    assert codes(state)[0] == "network"


# -- the worked example never silently replaces the learner's work -------------------------------
def test_example_loads_into_an_empty_map(state):
    state.load_example(load_example())
    assert len(state.actors) == 11 and len(state.links) == 14


def test_example_asks_before_replacing(state):
    state.add_actor("My own team", "team")
    with pytest.raises(ValueError, match="replace your 1 actor"):
        state.load_example(load_example())
    assert state.actor_names == ["My own team"]
    state.load_example(load_example(), replace=True)
    assert "My own team" not in state.actor_names


# -- saving and restoring ------------------------------------------------------------------------------
def test_round_trip(state):
    small_system(state)
    saved = state.to_dict()
    assert set(saved) == {"actors", "links"}
    fresh = build_state(random.Random(5))
    fresh.restore(saved)
    assert fresh.to_dict() == saved
    assert fresh.reflections() == state.reflections()


def test_restore_links_before_actors_in_the_dict(state):
    small_system(state)
    saved = state.to_dict()
    fresh = build_state(random.Random(5))
    fresh.restore({"links": saved["links"], "actors": saved["actors"]})
    assert fresh.to_dict() == saved


@pytest.mark.parametrize("bad", [
    "not a dict",
    {"actors": "Ward team"},
    {"actors": [["Ward team", "team"]]},
    {"actors": [{"name": "Ward team"}]},
    {"actors": [{"name": "Ward team", "type": "wizard"}]},
    {"actors": [{"name": "", "type": "team"}]},
    {"actors": [{"name": "x" * (MAX_NAME + 1), "type": "team"}]},
    {"actors": [{"name": 7, "type": "team"}]},
    {"actors": [{"name": "A", "type": "team"}, {"name": "a", "type": "team"}]},
    {"actors": [{"name": f"A{i}", "type": "team"} for i in range(MAX_ACTORS + 1)]},
    {"actors": [{"name": "A", "type": "team"}], "links": [{"from": "A", "to": "B", "label": "x"}]},
    {"actors": [{"name": "A", "type": "team"}], "links": [{"from": "A", "to": "A", "label": "x"}]},
    {"actors": [{"name": "A", "type": "team"}, {"name": "B", "type": "team"}],
     "links": [{"from": "A", "to": "B", "label": "x"}, {"from": "A", "to": "B", "label": "y"}]},
    {"actors": [{"name": "A", "type": "team"}, {"name": "B", "type": "team"}],
     "links": [{"from": "A", "to": "B", "label": ""}]},
    {"actors": [{"name": "A", "type": "team"}, {"name": "B", "type": "team"}],
     "links": [{"from": "A", "to": "B"}]},
    {"actors": [], "links": [{"from": "A", "to": "B", "label": "x"}]},
])
def test_restore_rejects_malformed_work_and_keeps_what_was_there(state, bad):
    small_system(state)
    before = state.to_dict()
    with pytest.raises(ValueError):
        state.restore(bad)
    assert state.to_dict() == before


# -- the drawing and the journal ---------------------------------------------------------------------
def test_svg_contains_every_name_and_a_text_alternative(state):
    state.load_example(load_example())
    svg = state.journal_svg()
    assert svg.startswith("<svg")
    assert '<title id="sl-sys-map-title">Map of your system: 11 actor(s), 14 interaction(s)</title>' in svg
    assert '<desc id="sl-sys-map-desc">Map of your system with 11 actor(s)' in svg and 'role="img"' in svg
    assert 'aria-labelledby="sl-sys-map-title sl-sys-map-desc"' in svg
    for actor in state.actors:
        for line in wrap_label(actor["name"]):
            assert f">{line}</tspan>" in svg
        assert f"<title>{actor['name']} ({actor['type']})</title>" in svg
    assert svg.count('class="sl-sys-link"') == 14
    for kind in ("individual (3)", "team (2)", "organisation (3)", "community group (1)", "public body (2)"):
        assert kind in svg   # the legend, with counts


def test_svg_escapes_learner_text(state):
    state.add_actor('<script>alert("x")</script>', "individual")
    state.add_actor("Tom & Jerry's", "team")
    state.add_link('<script>alert("x")</script>', "Tom & Jerry's", "<b>shouts</b>")
    svg = state.journal_svg()
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "Tom &amp; Jerry&#x27;s" in svg and "&lt;b&gt;shouts&lt;/b&gt;" in svg


def test_shapes_differ_by_type_and_unconnected_actors_are_dashed(state):
    state.add_actor("Person", "individual")
    state.add_actor("Team", "team")
    state.add_actor("Council", "public body")
    state.add_link("Person", "Team", "works in")
    svg = state.journal_svg()
    nodes = re.findall(r'<g class="sl-sys-node">(.*?)</g>', svg)
    assert nodes[0].count("<circle") == 1 and nodes[1].count("<rect") == 1 and nodes[2].count("<polygon") == 1
    assert "stroke-dasharray" in nodes[2] and "stroke-dasharray" not in nodes[0]


def test_empty_svg_says_what_to_do(state):
    svg = state.journal_svg()
    assert "<title " in svg and "appears here" in svg


def test_long_names_wrap_and_are_cut():
    lines = wrap_label("A very long name for a multi agency safeguarding partnership board in the north")
    assert len(lines) == 3 and lines[-1].endswith("…") and all(len(line) <= 18 for line in lines)
    assert wrap_label("x" * 40) == ["x" * 18, "x" * 18, "xxxx"]


def test_drawing_is_deterministic(state):
    small_system(state)
    assert state.journal_svg() == network_svg(state.actors, state.links, state.actor_types)
    assert state.journal_svg() == state.journal_svg()


def test_journal_markdown_lists_actors_links_and_reflections(state):
    small_system(state)
    state.add_actor("*Bold* <i>", "individual")
    text = state.journal_markdown()
    assert "- Ward team (team)" in text
    assert "- Ward team → Family carer: agrees the discharge date" in text
    assert "Reflections:" in text and "isn't connected to anyone yet" in text
    assert r"\*Bold\* &lt;i&gt;" in text and "<i>" not in text


# -- the view, driven like a learner ------------------------------------------------------------------
def find(widget, css):
    """The first widget below `widget` that carries the CSS class `css`."""
    if css in getattr(widget, "_dom_classes", ()):
        return widget
    for child in getattr(widget, "children", ()):
        found = find(child, css)
        if found is not None:
            return found
    return None


def shown(view, css):
    """The text an HTML widget shows, with HTML entities turned back into characters."""
    return html.unescape(find(view, css).value)


@pytest.fixture
def view(state):
    return build_view(state)


def test_view_adds_actors_and_links(state, view):
    find(view, "sl-sys-actor-name").value = "Ward team"
    find(view, "sl-sys-actor-type").value = "team"
    find(view, "sl-sys-add-actor").click()
    assert state.actors == [{"name": "Ward team", "type": "team"}]
    assert find(view, "sl-sys-actor-name").value == ""
    assert "‘Ward team’ isn't connected to anyone yet" in shown(view, "sl-sys-reflections")
    find(view, "sl-sys-actor-name").value = "Family carer"
    find(view, "sl-sys-actor-type").value = "individual"
    find(view, "sl-sys-add-actor").click()
    assert (find(view, "sl-sys-link-from").value, find(view, "sl-sys-link-to").value) == ("Ward team", "Family carer")
    find(view, "sl-sys-link-label").value = "agrees the discharge date"
    find(view, "sl-sys-add-link").click()
    assert state.links == [{"from": "Ward team", "to": "Family carer", "label": "agrees the discharge date"}]
    drawing = find(view, "sl-sys-drawing").value
    assert "Ward team" in drawing and "Family carer" in drawing
    assert "A good start" in shown(view, "sl-sys-reflections")


def test_view_refusal_keeps_what_was_typed(state, view):
    state.add_actor("Ward team", "team")
    name = find(view, "sl-sys-actor-name")
    name.value = "WARD TEAM"
    find(view, "sl-sys-add-actor").click()
    assert name.value == "WARD TEAM"
    assert "✗ Not changed:" in find(view, "sl-sys-actor-message").value
    assert "‘Ward team’ is in your system already" in shown(view, "sl-sys-actor-message")
    assert len(state.actors) == 1


def test_view_refuses_a_self_link(state, view):
    state.add_actor("Ward team", "team")
    state.add_actor("GP practice", "organisation")
    find(view, "sl-sys-link-from").value = "Ward team"
    find(view, "sl-sys-link-to").value = "Ward team"
    find(view, "sl-sys-link-label").value = "talks"
    find(view, "sl-sys-add-link").click()
    assert "itself" in find(view, "sl-sys-link-message").value
    assert find(view, "sl-sys-link-label").value == "talks" and state.links == []


def test_view_edits_and_removes(state, view):
    small_system(state)
    find(view, "sl-sys-edit-actor").value = "Ward team"
    assert find(view, "sl-sys-edit-name").value == "Ward team"
    find(view, "sl-sys-edit-name").value = "Ward 7"
    find(view, "sl-sys-edit-type").value = "organisation"
    find(view, "sl-sys-save-actor").click()
    assert {"name": "Ward 7", "type": "organisation"} in state.actors
    assert state.links[0]["from"] == "Ward 7"
    find(view, "sl-sys-edit-link").value = ("Ward 7", "Family carer")
    find(view, "sl-sys-edit-label").value = "phones"
    find(view, "sl-sys-save-link").click()
    assert state.links[0]["label"] == "phones"
    find(view, "sl-sys-remove-link").click()
    assert len(state.links) == 1
    find(view, "sl-sys-edit-actor").value = "Family carer"
    find(view, "sl-sys-remove-actor").click()
    assert "Family carer" not in state.actor_names and state.links == []
    assert "Family carer" not in find(view, "sl-sys-drawing").value


def test_view_example_asks_before_replacing(state, view):
    state.add_actor("My own team", "team")
    find(view, "sl-sys-example").click()
    assert state.actor_names == ["My own team"]
    find(view, "sl-sys-example-cancel").click()
    assert state.actor_names == ["My own team"]
    find(view, "sl-sys-example").click()
    find(view, "sl-sys-example-confirm").click()
    assert len(state.actors) == 11
    assert "Patient ready to go home" in find(view, "sl-sys-drawing").value


def test_view_example_loads_straight_into_an_empty_map(state, view):
    find(view, "sl-sys-example").click()
    assert len(state.links) == 14


def test_view_shows_a_broken_example_file_as_a_message(state):
    def broken():
        raise ContentError("system_example_links.csv", "'X' doesn't match any 'name'.", row=4, column="from")
    view = build_view(state, example_loader=broken)
    find(view, "sl-sys-example").click()
    message = find(view, "sl-sys-example-box").children[-1].value
    assert "data/system_example_links.csv, row 4, column &#x27;from&#x27;" in message
    assert state.actors == []


def test_view_with_saved_work_draws_it(state):
    small_network(state)
    view = build_view(state)
    assert "Council adult social care" in find(view, "sl-sys-drawing").value
    assert "interconnecting network" in shown(view, "sl-sys-reflections")


def test_view_adds_and_changes_the_organisation_an_actor_is_part_of(state, view):
    find(view, "sl-sys-actor-name").value = "Ward team"
    find(view, "sl-sys-actor-type").value = "team"
    find(view, "sl-sys-actor-org").value = "Acute hospital trust"
    find(view, "sl-sys-add-actor").click()
    assert state.actors == [{"name": "Ward team", "type": "team", "organisation": "Acute hospital trust"}]
    assert find(view, "sl-sys-actor-org").value == ""
    assert find(view, "sl-sys-edit-org").value == "Acute hospital trust"
    find(view, "sl-sys-edit-org").value = "Community trust"
    find(view, "sl-sys-save-actor").click()
    assert state.organisation_said("Ward team") == "Community trust"
    message = find(view, "sl-sys-edit-actors").children[-1]
    assert "part of ‘Community trust’" in html.unescape(message.value)
    assert "Ward team (part of Community trust)" in shown(view, "sl-sys-words")


def test_an_actor_saved_before_organisations_existed_still_restores(state):
    state.restore({"actors": [{"name": "A", "type": "team"}, {"name": "B", "type": "organisation"}],
                   "links": [{"from": "A", "to": "B", "label": "works with"}]})
    assert state.organisation_said("A") == "" and state.organisation_of("B") == "b"
    with pytest.raises(ValueError):
        state.restore({"actors": [{"name": "A", "type": "team", "organisation": ""}]})
    with pytest.raises(ValueError):
        state.restore({"actors": [{"name": "A", "type": "team", "organisation": 3}]})
    assert "- A (team)" in state.journal_markdown()
    state.edit_actor("A", "A", "team", "City  Council ")
    assert "- A (team, part of City Council)" in state.journal_markdown()
