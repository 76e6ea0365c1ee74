"""The course's frame: its modules in manifest order, each page's header and navigation,
the home page, and placing exercises on a page.

The order and titles of modules live in one place, data/modules.csv.
"""
import html
import random
from dataclasses import dataclass

from .content import ContentError, load_table
from .ui import message_html, show_problem, shows_problems

COURSE_TITLE = "Systems Leadership: improvising your way to change"
HOME_NOTEBOOK = "index.ipynb"


@dataclass(frozen=True)
class Module:
    id: str
    notebook: str
    title: str
    minutes: int
    summary: str
    number: int


def load_modules(data_dir=None):
    return [Module(number=i, **row) for i, row in enumerate(load_table("modules.csv", data_dir), start=1)]


def find_module(module_id, modules):
    for module in modules:
        if module.id == module_id:
            return module
    raise ContentError("modules.csv", f"no module has the id '{module_id}' that this page asks for.",
                       column="id")


def neighbours(module, modules):
    index = modules.index(module)
    previous = modules[index - 1] if index > 0 else None
    following = modules[index + 1] if index + 1 < len(modules) else None
    return previous, following


def nav_html(module, modules, learner):
    previous, following = neighbours(module, modules)
    home = f'<a class="sl-nav-home" href="{html.escape(learner.link(HOME_NOTEBOOK))}">Course home</a>'
    back = (f'<a class="sl-nav-prev" rel="prev" href="{html.escape(learner.link(previous.notebook))}">'
            f"← {html.escape(previous.title)}</a>") if previous else "<span></span>"
    onward = (f'<a class="sl-nav-next" rel="next" href="{html.escape(learner.link(following.notebook))}">'
              f"Next: {html.escape(following.title)} →</a>") if following else (
              '<span class="sl-nav-next">This is the last module.</span>')
    return f'<nav class="sl-nav" aria-label="Course navigation">{back}{home}{onward}</nav>'


def header_html(module, modules, learner):
    home = html.escape(learner.link(HOME_NOTEBOOK))
    return (f'<p class="sl-course-title"><a href="{home}">{html.escape(COURSE_TITLE)}</a></p>'
            f'<h1 class="sl-module-title">{html.escape(module.title)}</h1>'
            f'<p class="sl-module-meta">Module {module.number} of {len(modules)} · '
            f"about {module.minutes} minutes</p>"
            + nav_html(module, modules, learner))


def modules_list_html(modules, learner, statuses=None):
    statuses = statuses or {}
    items = []
    for module in modules:
        status = statuses.get(module.id)
        badge = (f' <span class="sl-status sl-status-{status.replace(" ", "-")}">{html.escape(status)}</span>'
                 if status else "")
        items.append(
            f'<li><a class="sl-module-title" href="{html.escape(learner.link(module.notebook))}">'
            f"{module.number}. {html.escape(module.title)}</a>{badge}"
            f' <span class="sl-module-minutes">({module.minutes} min)</span>'
            f'<p class="sl-module-summary">{html.escape(module.summary)}</p></li>')
    total = sum(m.minutes for m in modules)
    hours, minutes = divmod(total, 60)
    length = f"{hours} h {minutes} min" if hours else f"{minutes} min"
    return (f'<p class="sl-module-meta">{len(modules)} modules · about {length} in all</p>'
            f'<ol class="sl-modules">{"".join(items)}</ol>')


def exercise_rng(learner, key):
    """The same shuffle for the same learner and exercise, visit after visit."""
    return random.Random(f"{learner.id}:{key}")


class Page:
    """One module's page for one learner: built by `open_module`, used by the notebook's cells."""

    def __init__(self, module, modules, learner, store):
        self.module, self.modules, self.learner, self.store = module, modules, learner, store

    @shows_problems
    def show(self, key):
        """Show the exercise called `key` (see widgets.exercise.EXERCISE_MODULES), with saved work."""
        from IPython.display import display

        from .exercise import find_exercise

        exercise = find_exercise(key)
        state = exercise.build_state(exercise_rng(self.learner, key))
        if self.store is not None:
            saved = self.store.load(self.learner.id, key)
            if saved is not None:
                state.restore(saved)
            state.observe(lambda change: self.store.save(self.learner.id, key, state.to_dict()),
                          names=state.saved_trait_names())
        view = exercise.build_view(state)
        view.add_class("sl-exercise")
        display(view)
        return None

    @shows_problems
    def end(self):
        """The foot of a module: where to go next."""
        from IPython.display import HTML, display

        if self.module is not None:
            display(HTML(nav_html(self.module, self.modules, self.learner)))


def open_store():
    """The learners' store, or None (with the reason shown) when it can't be opened."""
    from IPython.display import HTML, display

    try:
        from .store import open_store as open_learner_store

        return open_learner_store()
    except Exception as exc:  # noqa: BLE001 - the course stays readable without its store
        show_problem(exc)
        display(HTML(message_html("Your work on this page can't be saved right now.", "warn")))
        return None


def open_module(module_id):
    """Show a module's header and navigation; return the `Page` its cells use."""
    from IPython.display import HTML, display

    from .learner import current_learner

    learner = current_learner()
    try:
        modules = load_modules()
        module = find_module(module_id, modules)
    except Exception as exc:  # noqa: BLE001 - the page's own text still shows below the message
        show_problem(exc)
        return Page(None, [], learner, open_store())
    display(HTML(header_html(module, modules, learner)))
    return Page(module, modules, learner, open_store())


@shows_problems
def home():
    """The course home page: the modules in order, with their durations."""
    from IPython.display import HTML, display

    from .learner import current_learner

    learner = current_learner()
    modules = load_modules()
    display(HTML(f"<h1>{html.escape(COURSE_TITLE)}</h1>" + modules_list_html(modules, learner)))
