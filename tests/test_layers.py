"""The package's layers (see widgets/__init__.py): every import, at the top of a module or inside a function,
goes to the module's own layer or one before it, and no modules import one another in a circle."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "widgets"

# In order: a module may import from its own layer and the layers before it, never after.
LAYERS = ("log", "markup", "content", "exercises", "storage", "views", "registry", "pages")
# The server (widgets/serve.py, the command; widgets/server.py, Voila with the room's additions) stands apart;
# widgets/hub.py, the server a JupyterHub spawns, is widgets/server.py with the hub's sign-in;
# widgets/server.py reads only the course's manifest (the content layer), for the titles its pages show as they open;
# widgets/kernel.py starts a page's kernel and imports nothing of the course.
SERVER = ("serve", "server", "hub", "kernel")
# Both check and issue the tutor's key (widgets/storage/tutor.py) in the store.
TUTOR_CHECK = {"widgets.storage.tutor", "widgets.storage.store"}
SERVER_MAY_IMPORT = {"widgets.serve": TUTOR_CHECK, "widgets.server": {"widgets.content.modules"} | TUTOR_CHECK,
                     "widgets.hub": {"widgets.serve", "widgets.server"}, "widgets.kernel": set()}
# Layers that show nothing on a page themselves, so a kernel can use them without ipywidgets.
WITHOUT_WIDGETS = ("log", "markup", "content", "exercises", "storage")


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module):
    """The layer a module of the package is in: its folder, or for widgets/log.py "log"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imports(module):
    """[(line, imported module)] for every import in the module, wherever it is."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            for alias in node.names:   # `from . import journal` imports the module widgets.pages.journal
                submodule = f"{source}.{alias.name}"
                found.append((node.lineno, submodule if submodule in MODULES else source))
    return found


def course_imports(module):
    return [(line, target) for line, target in imports(module) if target in MODULES]


def test_the_layers_are_the_packages_folders():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(LAYERS) - {"log", "registry"}
    assert {layer(m) for m in MODULES} - {None} == set(LAYERS) | set(SERVER)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_layers(module):
    if layer(module) is None:   # the package's lazy names
        assert course_imports(module) == [], f"{module} imports the course's modules"
        return
    if layer(module) in SERVER:
        wrong = {target for _, target in course_imports(module)} - SERVER_MAY_IMPORT[module]
        assert not wrong, f"{module} imports the course's modules: {sorted(wrong)}"
        return
    rank = LAYERS.index(layer(module))
    wrong = [f"line {line}: {target} ({layer(target)})" for line, target in course_imports(module)
             if layer(target) not in LAYERS or LAYERS.index(layer(target)) > rank]
    assert not wrong, f"{module} ({layer(module)}) imports from a later layer: " + "; ".join(wrong)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) in WITHOUT_WIDGETS))
def test_state_and_content_never_import_ipywidgets(module):
    assert not [t for _, t in imports(module) if t.split(".")[0] in ("ipywidgets", "IPython")]


def find_cycle(graph):
    """One cycle as a list of modules, or None."""
    done, path = set(), []

    def visit(node):
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return None
        path.append(node)
        for target in graph[node]:
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for node in graph:
        cycle = visit(node)
        if cycle:
            return cycle
    return None


def test_no_import_cycles():
    graph = {m: sorted({t for _, t in course_imports(m)} - {m}) for m in MODULES}
    cycle = find_cycle(graph)
    assert cycle is None, "modules import one another in a circle: " + " -> ".join(cycle)


def test_find_cycle_finds_one():
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["b"], "b": [], "c": ["a", "b"]}) is None


def test_every_exercise_state_loads_without_ipywidgets():
    exercises = sorted(m for m in MODULES if layer(m) == "exercises")
    code = ("import importlib, sys\n"
            f"for name in {exercises!r}:\n    importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'IPython')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=PACKAGE.parent, check=True)
    assert result.stdout.strip() == "[]"


def test_the_server_starts_without_building_a_grammar_it_never_uses():
    # jsonschema 4.25+ makes jupyter_events pull in rfc3987-syntax, whose import builds a parser: 1.2 s of CPU on
    # every server start (every browser test, every learner's server on a hub). requirements.txt pins it out.
    code = "import sys, widgets.server\nprint(sorted(m for m in ('rfc3987_syntax', 'lark') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=PACKAGE.parent, check=True)
    assert result.stdout.strip() == "[]"
