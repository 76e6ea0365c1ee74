"""The exercise registry (widgets/registry.py) agrees with the notebooks, the code, data/ and the README."""
import importlib
import json
import re
from pathlib import Path

import pytest

from widgets.content.modules import load_modules
from widgets.content.schemas import SCHEMAS
from widgets.registry import EXERCISES, find_exercise, module_for_key, registered

REPO = Path(__file__).resolve().parent.parent
MODULES = load_modules()
MODULE_IDS = [m.id for m in MODULES]


def shown_in(module):
    """The keys a module's notebook passes to page.show, in page order."""
    cells = json.loads((REPO / "course" / module.notebook).read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    return [key for cell in code for key in re.findall(r'page\.show\("([^"]+)"\)', cell)]


@pytest.mark.parametrize("module", MODULES, ids=MODULE_IDS)
def test_every_exercise_a_notebook_shows_is_registered_under_that_module(module):
    for key in shown_in(module):
        assert key in registered(key).shown_at, f"{module.notebook} shows '{key}', which the registry doesn't list"
        assert module_for_key(key, MODULE_IDS) == module.id, (
            f"{module.notebook} shows '{key}' but the journal would file its work under "
            f"{module_for_key(key, MODULE_IDS)}")


def test_every_registered_key_is_shown_by_a_notebook():
    shown = {key for module in MODULES for key in shown_in(module)}
    for entry in EXERCISES:
        for key in entry.shown_at:
            assert key in shown, f"the registry lists '{key}' but no notebook shows it"


def test_names_are_unique_and_keys_start_with_their_name():
    names = [e.name for e in EXERCISES]
    assert len(names) == len(set(names))
    for entry in EXERCISES:
        assert entry.module is None or entry.module in MODULE_IDS
        for key in entry.shown_at:
            assert key.split(":", 1)[0] == entry.name


@pytest.mark.parametrize("entry", EXERCISES, ids=[e.name for e in EXERCISES])
def test_each_exercise_has_its_state_view_and_data_files(entry):
    assert callable(importlib.import_module(entry.state_module).exercise)
    assert callable(importlib.import_module(entry.view_module).build_view)
    assert (REPO / "widgets" / "exercises" / f"{entry.code}.py").exists()
    assert (REPO / "widgets" / "views" / f"{entry.code}.py").exists()
    for file in entry.data_files:
        assert file in SCHEMAS, f"{entry.name} reads data/{file}, which has no schema"
    for key in entry.shown_at:
        exercise = find_exercise(key)
        assert exercise.key == key and exercise.title and exercise.build_view is not None


@pytest.mark.parametrize("entry", EXERCISES, ids=[e.name for e in EXERCISES])
def test_the_registry_names_each_exercise_and_heads_its_work_in_the_journal(entry):
    titles = {key: find_exercise(key).title for key in entry.shown_at}
    if entry.shown_at == (entry.name,):     # one key: the registry's title is its heading
        assert titles == {entry.name: entry.title}
    else:                                    # a key of each: each its own heading, none the bare title
        assert len(set(titles.values())) == len(titles) and entry.title not in titles.values()


def test_an_unknown_exercise_names_the_known_ones():
    with pytest.raises(KeyError, match="no exercise is called 'no-such-thing'; the exercises are perturbation"):
        find_exercise("no-such-thing")


def readme_rows():
    """The README's table of exercises as the registry says it should be."""
    rows = []
    for entry in EXERCISES:
        modules = list(dict.fromkeys(module_for_key(key, MODULE_IDS) for key in entry.shown_at))
        files = ", ".join(f"`{f}`" for f in entry.data_files) or "none"
        rows.append(f"| {entry.title} | {', '.join(f'`{k}`' for k in entry.shown_at)} | {', '.join(modules)} | "
                    f"`exercises/{entry.code}.py`, `views/{entry.code}.py` | {files} |")
    return rows


def test_readme_table_of_exercises_follows_the_registry():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The exercises", 1)[1]
    table = section.split("\n\n", 2)[1].splitlines()[2:]   # below the header and its rule
    expected = readme_rows()
    assert table == expected, "README's table of exercises should read:\n" + "\n".join(expected)
