"""The facilitator guide (widgets/pages/facilitator_guide.py, docs/facilitator-guide.md, course/tutor-guide.ipynb):
it is made from the course's data, its plans add up, every answer's reasoning is in it, and the committed copy is
up to date."""
import json
import re
import socket
from pathlib import Path

import pytest

from widgets.content import load_table
from widgets.content.modules import load_modules
from widgets.content.schemas import SCHEMAS
from widgets.markup.escape import markdown_line
from widgets.pages import facilitator_guide as guide
from widgets.registry import EXERCISES

REPO = Path(__file__).resolve().parent.parent
COURSE = REPO / "course"
REGISTERED_FILES = list(dict.fromkeys(f for e in EXERCISES for f in e.data_files))


@pytest.fixture(scope="module")
def text():
    return guide.guide_markdown()


def plan_rows(markdown, title):
    """The (start, end, minutes) of each row of a plan's timetable, and the total it states."""
    section = markdown.split(f"### {title}", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| (\d\d:\d\d)–(\d\d:\d\d) \| (\d+) \|", section, re.M)
    total = int(re.search(r"^\| \| \*\*(\d+)\*\* \| \*\*Total in the room\*\*", section, re.M).group(1))
    return rows, total


def minutes_of(clock):
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


# ---------------------------------------------------------------- in sync with the data

def test_the_committed_guide_is_up_to_date(text):
    committed = (REPO / "docs" / "facilitator-guide.md").read_text(encoding="utf-8")
    assert committed == text, f"docs/facilitator-guide.md is out of date with data/: run `{guide.REGENERATE}`"


def test_every_module_appears_with_its_minutes(text):
    for module in load_modules():
        line = f"| {guide.module_line(module)} | {module.minutes} |"
        assert line in text, f"the table of modules should have {line!r}"
        assert f"### {guide.module_line(module)} ({module.minutes} min)" in text


def test_a_change_of_minutes_reaches_the_guide(data_copy, monkeypatch):
    rows = (data_copy / "modules.csv").read_text(encoding="utf-8")
    (data_copy / "modules.csv").write_text(re.sub(r"^(ways-of,ways-of\.ipynb,(?:\"[^\"]*\"|[^,\n]*),)\d+,",
                                                  r"\g<1>55,", rows, flags=re.M), encoding="utf-8")
    monkeypatch.setenv("SL_DATA_DIR", str(data_copy))
    ways_of = next(m for m in load_modules() if m.id == "ways-of")
    assert ways_of.minutes == 55
    text = guide.guide_markdown()
    assert f"### {guide.module_line(ways_of)} (55 min)" in text and f"| {guide.module_line(ways_of)} | 55 |" in text


# ---------------------------------------------------------------- the plans add up

@pytest.mark.parametrize("spec", guide.PLANS, ids=[s.key for s in guide.PLANS])
def test_each_plan_adds_up(text, spec):
    modules = load_modules()
    plan = guide.build_plan(spec, modules)
    rows, total = plan_rows(text, spec.title)
    assert total == plan.total == sum(int(m) for _, _, m in rows)
    for (start, end, minutes), following in zip(rows, rows[1:] + [None]):
        assert minutes_of(end) - minutes_of(start) == int(minutes)
        if following:
            assert following[0] == end, "each row starts when the one before it ends"
    assert minutes_of(rows[0][0]) == spec.start and minutes_of(rows[-1][1]) == spec.start + total
    # every module is taken exactly once: before, in or after the session, with its own minutes
    in_room = [s.module for s in plan.room if s.module]
    taken = list(plan.before) + in_room + list(plan.after)
    assert sorted(m.number for m in taken) == [m.number for m in modules]
    for segment in plan.room:
        if segment.module:
            assert segment.minutes == segment.module.minutes
    assert sum(minutes for _, minutes in spec.breaks) == sum(s.minutes for s in plan.room if s.kind == "break")
    assert spec.group_min <= plan.group_minutes <= spec.group_max
    protocol = text.split("## Small groups: the protocol", 1)[1]
    assert f"- {spec.name}: {plan.group_minutes} min (" in protocol


def test_the_half_day_is_three_and_a_half_hours_in_the_workshops_order(text):
    half = guide.build_plan(guide.PLANS[0], load_modules())
    assert half.total == 210
    order = [s.part for s in half.room if s.kind != "break"]
    expected = ["opening", "context", "overview", "field", "groups", "closing"]
    assert [p for p in dict.fromkeys(order)] == expected
    assert half.room[-1].what.startswith("Closing plenary")
    closing = text.split("**The closing.**", 1)[1]
    for question in ("What influence/connections do we have?", "What actions might we take?"):
        assert question in closing


def test_a_long_course_moves_early_modules_before_the_session_and_says_when_it_overruns(data_copy, monkeypatch):
    text = (data_copy / "modules.csv").read_text(encoding="utf-8")
    longer = re.sub(r"^([^,\n]+,[^,\n]+\.ipynb,(?:\"[^\"]*\"|[^,\n]*),)\d+,", r"\g<1>60,", text, flags=re.M)
    (data_copy / "modules.csv").write_text(longer, encoding="utf-8")
    monkeypatch.setenv("SL_DATA_DIR", str(data_copy))
    modules = load_modules()
    assert {m.minutes for m in modules} == {60}
    half = guide.build_plan(guide.PLANS[0], modules)
    parts = guide.parts_of(modules)
    assert list(half.before) == [m for m in modules if parts[m.id].movable]
    assert half.total > 210
    markdown = guide.plan_markdown(half)
    assert f"overruns by {guide.duration_text(half.total - 210)}" in markdown
    assert "Recap: Context" in markdown


def test_the_group_time_is_split_to_the_minute():
    for minutes in (30, 40, 41, 75, 90):
        steps = guide.group_steps(minutes, ["one", "two"])
        assert sum(m for _, m in steps) == minutes


# ---------------------------------------------------------------- every answer's reasoning

def shown_columns(file):
    """The columns whose words the guide shows as they are: not ids (shown by what they name), not a fixed choice
    (shown in the guide's own words)."""
    return [c.name for c in SCHEMAS[file].columns
            if c.kind == "text" and not c.choices and not guide.looked_up(file, c.name)]


@pytest.mark.parametrize("file", REGISTERED_FILES)
def test_every_exercise_file_is_in_the_guide_word_for_word(text, file):
    for row in load_table(file):
        for column in shown_columns(file):
            if row[column]:
                assert markdown_line(row[column]) in text, f"data/{file}, column {column}: {row[column]!r}"


def guide_line(text, words):
    lines = [line for line in text.splitlines() if markdown_line(words) in line]
    assert lines, words
    return lines[0]


def test_each_balcony_item_has_its_key_and_reasoning(text):
    for item in load_table("balcony_items.csv"):
        line = guide_line(text, item["text"])
        assert f"key: **{markdown_line(item['answer'])}**" in line and markdown_line(item["explanation"]) in line


def test_each_knowledge_check_option_says_whether_it_is_right_and_why(text):
    questions = load_table("knowledge_questions.csv")
    for question in questions:
        section = text.split(markdown_line(question["question"]), 1)[1].split("\n\n", 1)[0]
        for option in (o for o in load_table("knowledge_options.csv") if o["question_id"] == question["id"]):
            mark = "✓ right" if option["correct"] else "✗ not right"
            expected = f"{markdown_line(option['option'])} — **{mark}**. {markdown_line(option['feedback'])}"
            assert expected in section


def test_each_place_has_its_lessons_and_why(text):
    places = {p["id"]: p["place"] for p in load_table("places.csv")}
    lessons = {m["id"]: m["text"] for m in load_table("matching_lessons.csv")}
    for pairing in load_table("place_lessons.csv"):
        line = guide_line(text, pairing["explanation"])
        assert line.startswith(f"- **{markdown_line(places[pairing['place']])}**: best lesson “"
                               f"{markdown_line(lessons[pairing['best_lesson']])}”")
        for other in filter(None, (i.strip() for i in pairing["also_accepted"].split(";"))):
            assert f"“{markdown_line(lessons[other])}”" in line


def test_a_column_the_guide_does_not_name_still_reaches_it(data_copy, monkeypatch):
    from widgets.content.schemas import Column, Table

    table, rows = SCHEMAS["balcony_items.csv"], load_table("balcony_items.csv")
    monkeypatch.setitem(SCHEMAS, "balcony_items.csv", Table(table.file, (*table.columns, Column("tutor_hint"))))
    write_rows(data_copy / "balcony_items.csv", [*table.column_names, "tutor_hint"],
               [{**row, "tutor_hint": f"Ask about {row['id']} first"} for row in rows])
    monkeypatch.setenv("SL_DATA_DIR", str(data_copy))
    text = guide.guide_markdown()
    for row in rows:
        assert f"*tutor hint:* Ask about {markdown_line(row['id'])} first" in text


def write_rows(path, columns, rows):
    import csv

    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


# ---------------------------------------------------------------- escaped, and nothing leaves the machine

def test_the_guide_escapes_what_the_data_says(data_copy, monkeypatch):
    nasty = "<script>alert(1)</script> *not bold* | not a cell [a link](http://example.org) # not a heading"
    rows = load_table("balcony_items.csv", data_copy)
    rows[0]["text"], rows[0]["explanation"] = nasty, "Why: <img src=x onerror=alert(1)>"
    write_rows(data_copy / "balcony_items.csv", SCHEMAS["balcony_items.csv"].column_names, rows)
    monkeypatch.setenv("SL_DATA_DIR", str(data_copy))
    markdown = guide.guide_markdown()
    assert markdown_line(nasty) in markdown and "<script>" not in markdown and "<img" not in markdown
    assert not re.search(r"(?<!\\)\[a link", markdown) and not re.search(r"(?<!\\)\| not a cell", markdown)
    page = guide.guide_html(markdown)
    assert "<script" not in page and "<img" not in page and 'href="http://example.org"' not in page
    assert "&lt;script&gt;alert" in page


ROOM = {"SERVER_NAME": "192.168.1.20", "SERVER_PORT": "8866", "SCRIPT_NAME": "/voila/render/tutor-guide.ipynb"}


def test_the_room_address_and_its_qr_code_come_from_the_request_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the QR code must be made without a network call")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    address = "http://192.168.1.20:8866/"
    assert guide.room_address(ROOM) == address
    page = guide.room_address_html(ROOM)
    assert "<svg" in page and 'viewBox="0 0 ' in page and f">{address}</figcaption>" in page
    import segno

    drawn = segno.make(address, error="m").svg_inline(scale=1, border=2, omitsize=True)
    assert re.search(r' d="([^"]+)"', drawn).group(1) in page        # the code is of the address shown
    assert guide.room_address({**ROOM, "SERVER_PORT": "443"}) == "https://192.168.1.20/"
    behind_a_prefix = {**ROOM, "SCRIPT_NAME": "/course/voila/render/tutor-guide.ipynb"}
    assert guide.room_address(behind_a_prefix) == "http://192.168.1.20:8866/course/"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "::1"])
def test_a_page_opened_on_this_machine_says_how_to_reach_the_room_instead(host):
    page = guide.room_address_html({**ROOM, "SERVER_NAME": host})
    assert "<svg" not in page and "HOST=0.0.0.0" in page


def test_the_command_writes_the_guide_and_a_qr_code(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(guide, "GUIDE_FILE", tmp_path / "docs" / "facilitator-guide.md")
    assert guide.main(["--write"]) == 0
    assert (tmp_path / "docs" / "facilitator-guide.md").read_text(encoding="utf-8") == guide.guide_markdown()
    assert guide.main(["--qr", "http://192.168.1.20:8866/", "--qr-file", str(tmp_path / "room.svg")]) == 0
    assert (tmp_path / "room.svg").read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    assert guide.main(["--qr", "http://192.168.1.20:8866/"]) == 0
    assert "http://192.168.1.20:8866/" in capsys.readouterr().out


# ---------------------------------------------------------------- the tutor page

def notebooks():
    return sorted(p.name for p in COURSE.glob("*.ipynb"))


def test_every_notebook_in_course_is_the_home_page_a_module_or_a_tutor_page():
    modules = {m.notebook for m in load_modules()}
    for name in notebooks():
        assert name == "index.ipynb" or name in modules or re.fullmatch(r"tutor-.+\.ipynb", name), (
            f"course/{name} is neither the home page, a module in data/modules.csv nor a tutor page (tutor-*.ipynb)")
    assert not {n for n in modules if n.startswith("tutor-")}, "a tutor page is not a learner's module"


def test_the_home_page_does_not_list_the_tutor_guide():
    from widgets.pages.course import modules_list_html
    from widgets.storage.learner import NOBODY

    assert "tutor-guide" not in modules_list_html(load_modules(), NOBODY)


def test_the_tutor_guide_notebook_is_thin():
    cells = json.loads((COURSE / "tutor-guide.ipynb").read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert code and any(c["cell_type"] == "markdown" for c in cells)
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
            assert len("".join(cell["source"]).splitlines()) <= 2
            assert not re.search(r"^\s*(def|class) ", "".join(cell["source"]), re.M)
    assert "show_room_address(" in "\n".join(code) and "show_guide(" in "\n".join(code)
    assert "page.show(" not in "\n".join(code), "a tutor page saves no learner's work"


def test_a_renamed_column_still_leaves_every_row_in_the_guide(data_copy, monkeypatch):
    from widgets.content.schemas import Column, Table

    table, original = SCHEMAS["balcony_items.csv"], load_table("balcony_items.csv")
    renamed = tuple(Column("why", max_length=600) if c.name == "explanation" else c for c in table.columns)
    monkeypatch.setitem(SCHEMAS, "balcony_items.csv", Table(table.file, renamed))
    rows = [{("why" if k == "explanation" else k): v for k, v in row.items()} for row in original]
    write_rows(data_copy / "balcony_items.csv", [c.name for c in renamed], rows)
    monkeypatch.setenv("SL_DATA_DIR", str(data_copy))
    text = guide.guide_markdown()
    for row in rows:
        assert f"*why:* {markdown_line(row['why'])}" in text and markdown_line(row["text"]) in text


def test_the_tutor_page_shows_the_guide_from_its_contents(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda thing: shown.append(thing.data))
    guide.show_guide()
    assert shown[0].startswith("<h2>Contents</h2>") and "Setting up the room" in shown[0]
    assert guide.REGENERATE not in shown[0] and "<h1>" not in shown[0]     # the page has its own heading


def test_the_places_task_is_written_with_its_places_named(data_copy, monkeypatch):
    from widgets.content.schemas import Column, Table

    columns = ("task", "places", "hint", "question", "compare")
    monkeypatch.setitem(SCHEMAS, "places_task.csv", Table("places_task.csv", tuple(Column(c) for c in columns)))
    write_rows(data_copy / "places_task.csv", columns, [dict(task="Find the places that worked with communities.",
                                                             places="cheshire-west;dudley", hint="Try the theme.",
                                                             question="What do they share?",
                                                             compare="Both went beyond health and care.")])
    monkeypatch.setenv("SL_DATA_DIR", str(data_copy))
    text = "\n".join(guide._places_task("places_task.csv"))
    assert "*The places it asks for:* Cheshire West and Chester; Dudley" in text
    for words in ("Find the places that worked with communities.", "Try the theme.", "What do they share?",
                  "Both went beyond health and care."):
        assert markdown_line(words) in text


def test_a_model_answer_column_is_labelled_for_the_tutor(data_copy, monkeypatch):
    from widgets.content.schemas import Column, Table

    table, rows = SCHEMAS["balcony_scenario.csv"], load_table("balcony_scenario.csv")
    if "model_answer" not in table.column_names:      # the column another change adds to the file
        table = Table(table.file, (*table.columns, Column("model_answer")))
        monkeypatch.setitem(SCHEMAS, "balcony_scenario.csv", table)
    write_rows(data_copy / "balcony_scenario.csv", table.column_names,
               [{**row, "model_answer": f"What the {row['view']} view misses."} for row in rows])
    monkeypatch.setenv("SL_DATA_DIR", str(data_copy))
    text = guide.guide_markdown()
    for row in rows:
        assert (f"*Model answer, shown once a learner has written theirs:* What the {markdown_line(row['view'])} view "
                "misses.") in text


def test_the_tutor_page_shows_nothing_when_its_gate_refused(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda thing: shown.append(thing.data))
    guide.show_room_address(None)
    guide.show_guide(None)
    assert shown == []


def test_the_tutor_page_links_to_the_room_view_with_the_tutors_key(monkeypatch):
    class Passed:
        def link(self, notebook):
            return f"{notebook}?tutor=k&ey"

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda thing: shown.append(thing.data))
    monkeypatch.setattr("widgets.storage.learner.request_environ", lambda: ROOM)
    guide.show_room_address(Passed())
    assert 'href="tutor-room.ipynb?tutor=k&amp;ey">Open the room view</a>' in shown[0] and "<svg" in shown[0]
