"""The course home page: a welcome, Start or Continue, the modules in order with the learner's progress, their
personal link (in a room), their journal, and deleting everything they saved.

Named home_page, not home: a submodule `widgets.home` would hide the function `widgets.home` that
course/index.ipynb calls (importing a submodule sets the package's attribute of that name).
"""
import html

from ..content.modules import COURSE_TITLE, HOME_NOTEBOOK, load_modules
from ..log import log
from ..views.ui import message_html, shows_problems
from .course import course_length, modules_list_html, recovery_html, try_open_store, unrecognised_html, visit

# What the tutor's room view shows of a learner's work, in a room or behind the hub (widgets/storage/room.py).
TUTOR_SEES = ("Your tutor's view of the room shows figures for the whole room only, never from fewer than 3 "
              "learners and never with names, and the answers you tick “Share with the room (without my name)”; "
              "the course shows nobody else your other answers. If your tutor sets small groups and you join one, "
              "your group and your tutor see what you post on its board, without your name.")
# How each mode keeps a learner's work, and who sees what, for the welcome.
WORK_KEPT = {
    "solo": "Your work is saved on this computer as you go: there is nothing to sign in to, and you can stop and "
            "come back whenever you like. Nobody else sees it unless you share your journal.",
    "room": "In this room your work is kept on the course's server under a personal link that only you hold; "
            "with it you can come back from any browser. " + TUTOR_SEES + " If you give a name for your tutor "
            "(below), only your tutor sees it.",
    "hub": "Your work is saved under your sign-in as you go, so you can stop and come back whenever you like. "
           + TUTOR_SEES,
}


def welcome_html(modules, mode):
    """The one welcoming paragraph: what the course is, for whom, how long, how work is kept in this mode."""
    return ('<p class="sl-welcome">Welcome. This course follows the workshop of the same name and is for leaders '
            "in public services who want to work better across organisations, places and professions. It has "
            f"{len(modules)} short modules, about {course_length(modules)} in all: take them in order, at your own "
            f"pace, with exercises and reflections along the way. {html.escape(WORK_KEPT.get(mode, WORK_KEPT['solo']))}"
            "</p>")


def next_step_html(modules, learner, statuses, begin="Start the course"):
    """Start (a new learner; `begin` is the button's words) or Continue to the first unfinished module."""
    statuses = statuses or {}
    if all(statuses.get(m.id, "not started") == "not started" for m in modules):
        first = modules[0]
        href = html.escape(learner.link(first.notebook))
        return (f'<p class="sl-next-step"><a class="sl-button sl-begin" href="{href}">{html.escape(begin)}</a> '
                f"with module 1, {html.escape(first.title)}.</p>")
    unfinished = [m for m in modules if statuses.get(m.id) != "done"]
    if not unfinished:
        return ('<p class="sl-next-step">You have finished every module: well done. Make your journal below '
                "to keep what you did.</p>")
    module = unfinished[0]
    href = html.escape(learner.link(module.notebook))
    return (f'<p class="sl-next-step"><a class="sl-button sl-continue" href="{href}">Continue</a> '
            f"where you left off: module {module.number}, {html.escape(module.title)}.</p>")


@shows_problems
def home():
    """The course home page: the modules in order with this learner's progress, their personal link
    (in a room), their journal, and a way to delete everything they saved."""
    from IPython.display import HTML, display

    from ..storage.learner import KNOWN, NO_LINK as NO_LINK_STATUS, UNRECOGNISED as UNRECOGNISED_STATUS

    store, visitor, messages = visit()
    modules = load_modules()
    display(HTML(f"<h1>{html.escape(COURSE_TITLE)}</h1>" + "".join(messages) + recovery_html(store, visitor)
                 + welcome_html(modules, visitor.mode)))
    if visitor.status == UNRECOGNISED_STATUS:
        display(HTML(unrecognised_html()))
        return
    if visitor.status == NO_LINK_STATUS:
        # The store opens again when "Start the course" is pressed (none is kept open meanwhile).
        display(HomeView(modules, None, visitor, store_opener=try_open_store).widget)
        return
    if store is None or visitor.status != KNOWN:
        # The store is down: nothing can be shown or saved, but the course can still be read.
        display(HTML("<h2>What's in the course</h2>" + modules_list_html(modules, visitor.learner)))
        return
    display(HomeView(modules, store, visitor).widget)


class HomeView:
    """The interactive part of the home page, built for one visitor.

    In a room without a link it offers "Start the course", which issues a personal link."""

    def __init__(self, modules, store, visitor, store_opener=None):
        import ipywidgets as widgets

        self.modules, self.store, self.visitor = modules, store, visitor
        self.learner = visitor.learner
        self.store_opener = store_opener
        self.progress = widgets.HTML("")
        self.progress.add_class("sl-home-progress")
        self.listing = widgets.HTML("")
        self.listing.add_class("sl-home-modules")
        self.link_box = widgets.HTML("")
        self.link_box.add_class("sl-personal-link-box")
        self.next_step = widgets.HTML("")
        self.next_step.add_class("sl-home-next")
        self.start_box = widgets.VBox([])
        self.extras = widgets.VBox([])
        self.widget = widgets.VBox([self.start_box, self.next_step, self.link_box, self.progress, self.listing,
                                    self.extras])
        self.widget.add_class("sl-home")
        if store is None and visitor.status != "known":
            self._build_start()
        else:
            self._show_learner()
        self.refresh()

    # ---- a room visitor without a link
    def _build_start(self):
        import ipywidgets as widgets

        # Filled in and shown by the page's script when this browser remembers a personal link (course.js).
        resume = widgets.HTML(
            '<div class="sl-resume" hidden><p><strong>Welcome back.</strong> This browser remembers your personal '
            f'link. <a class="sl-button sl-resume-link" href="{html.escape(HOME_NOTEBOOK)}">Continue as before</a> '
            '<button type="button" class="sl-forget-device">Forget me on this device</button></p>'
            "<p>Someone else? Start the course below to get a personal link of your own.</p></div>")
        intro = widgets.HTML(
            "<p>Start the course to get your <strong>personal link</strong>: bookmark it, or copy it somewhere "
            "safe. With it you can come back from any browser; without it nobody, not even you, can open "
            "your work.</p>")
        self.shared_computer = widgets.Checkbox(
            value=False, indent=False, description="This is a shared computer: don't remember me in this browser",
            layout=widgets.Layout(width="auto"))
        self.shared_computer.add_class("sl-shared-computer")
        start = widgets.Button(description="Start the course", button_style="primary",
                               tooltip="Get your personal link and start the course",
                               layout=widgets.Layout(width="auto"))
        start.add_class("sl-start")
        self.start_status = widgets.HTML("")
        start.on_click(self._start)
        self.start_button = start
        self.start_box.children = [resume, intro, self.shared_computer, start, self.start_status]

    def _start(self, _button=None):
        from ..storage.learner import KNOWN, Visitor, issue_learner

        self.start_button.disabled = True
        try:
            store, problem = self.store_opener()
            if store is None:
                raise RuntimeError("the store can't be opened")
            learner = issue_learner(store)
        except Exception as exc:  # noqa: BLE001 - say so and let them try again
            log("couldn't issue a personal link", exc)
            self.start_status.value = message_html("Your personal link couldn't be made just now. "
                                                   "Please try again in a moment, or tell your tutor.", "warn")
            self.start_button.disabled = False
            return
        self.store, self.learner = store, learner
        self.visitor = Visitor(self.visitor.mode, KNOWN, learner)
        self.start_box.children = []
        self._show_learner(new=True, remember=not self.shared_computer.value)
        self.refresh()

    # ---- a known learner
    def _show_learner(self, new=False, remember=None):
        if self.visitor.mode == "room":
            from ..storage.learner import request_environ
            from .personal_link import personal_link_html

            self.link_box.value = personal_link_html(self.learner, request_environ(), new, remember)
        if self.store is None:
            return
        from .groups import group_view

        name = tutor_name_view(self.store, self.learner) if self.visitor.mode == "room" else None
        group = group_view(self.store, self.learner) if self.visitor.mode in ("room", "hub") else None
        self.extras.children = [w for w in (group, name, self._journal_view(), self._delete_view()) if w is not None]

    def statuses(self):
        from ..storage.progress import module_statuses

        if self.store is None or self.visitor.status != "known":
            return None
        try:
            return module_statuses(self.modules, self.store.progress(self.learner.id))
        except Exception as exc:  # noqa: BLE001 - the list still shows, without progress
            log("couldn't read the learner's progress", exc)
            return None

    def refresh(self):
        from ..storage.progress import summary_html

        statuses = self.statuses()
        self.progress.value = summary_html(self.modules, statuses) if statuses is not None else ""
        known = self.store is not None and self.visitor.status == "known"
        # In a room "Start the course" is the button that issued the link, so the first module is "Begin".
        begin = "Begin" if self.visitor.mode == "room" else "Start the course"
        self.next_step.value = next_step_html(self.modules, self.learner, statuses, begin) if known else ""
        heading = "<h2>The modules</h2>" if statuses is not None else "<h2>What's in the course</h2>"
        self.listing.value = heading + modules_list_html(self.modules, self.learner, statuses)

    def _journal_view(self):
        try:
            from .journal import journal_download_view

            store, learner_id = self.store, self.learner.id
            from .groups import journal_group_sections

            learner = self.learner
            return journal_download_view(lambda: store.saved_work(learner_id), self.modules,
                                         self.learner.label, learner=self.learner,
                                         extra_sections=lambda: journal_group_sections(store, learner))
        except Exception as exc:  # noqa: BLE001 - the rest of the home page still works
            log("the journal can't be offered", exc)
            return None

    def _delete_view(self):
        return delete_view(self.store, self.learner, self.visitor.mode, self._after_delete)

    def _after_delete(self):
        if self.visitor.mode == "room":
            # The link is dead now: links on this page must not carry it.
            from ..storage.learner import NOBODY

            self.learner = NOBODY
            self.link_box.value = ""
            self.store = None
            self.visitor = type(self.visitor)(self.visitor.mode, "unrecognised", NOBODY)
        # A journal made before the delete still carries the deleted work in its download links:
        # offer a fresh one (none in a room, where the link is gone), and keep the delete box and its message.
        journal = self._journal_view() if self.store is not None else None
        delete_box = self.extras.children[-1]
        self.extras.children = [w for w in (journal, delete_box) if w is not None]
        self.refresh()


NAME_MAX_LENGTH = 60


def tutor_name_view(store, learner):
    """A name the learner may give so that their tutor can re-issue their link if they lose it; the tutor's pages
    alone show it (never the room view, nor anyone else)."""
    import ipywidgets as widgets

    try:
        current = (store.learner_names().get(learner.id) or (None, None))[0] or ""
    except Exception as exc:  # noqa: BLE001 - the rest of the home page still works
        log("couldn't read the learner's name for the tutor", exc)
        return None
    intro = widgets.HTML(
        "<h2>If you lose your link</h2><p>Give your name here and your tutor can make you a new personal link "
        "(your old one then stops working). Only your tutor sees this name, on the tutor's pages; it is never "
        "shown to other learners or on the room view. Leave it empty to stay nameless.</p>")
    field = widgets.Text(value=current, description="Your name for your tutor:", style={"description_width": "initial"},
                         layout=widgets.Layout(width="100%"))
    field.add_class("sl-tutor-name")
    field.add_class("sl-stacked")
    save = widgets.Button(description="Save my name", layout=widgets.Layout(width="auto"))
    save.add_class("sl-tutor-name-save")
    result = widgets.HTML("")
    result.add_class("sl-tutor-name-result")

    def on_save(_button):
        name = " ".join(field.value.split())
        if len(name) > NAME_MAX_LENGTH:
            result.value = message_html(f"A name can be at most {NAME_MAX_LENGTH} characters long; this one is "
                                        f"{len(name)}. Shorten it, then save again.", "warn")
            return
        try:
            store.set_learner_name(learner.id, display_name=name or None)
        except Exception as exc:  # noqa: BLE001 - say so; the name in the box stays
            log("couldn't save a learner's name for the tutor", exc)
            result.value = message_html("Your name couldn't be saved just now; try again in a moment.", "warn")
            return
        result.value = message_html(f"Saved: your tutor will see “{name}”." if name else
                                    "Saved: your tutor sees no name for you.", "info", label="✓ Saved:")

    save.on_click(on_save)
    box = widgets.VBox([intro, field, widgets.HBox([save]), result])
    box.add_class("sl-tutor-name-box")
    return box


def delete_view(store, learner, mode, after_delete):
    """"Delete all my saved work", in two steps: ask, then confirm (or keep)."""
    import ipywidgets as widgets

    room = mode == "room"
    ask = widgets.Button(description="Delete all my saved work…", button_style="", layout=widgets.Layout(width="auto"),
                         tooltip="Delete everything you have saved in this course (asks first)")
    ask.add_class("sl-delete-start")
    warning = widgets.HTML(message_html(
        "This deletes everything you have saved in this course — your answers, reflections, action plan and "
        "progress — for good. It can't be undone." + (" Your personal link will stop working too." if room else ""),
        "warn", label="Are you sure?"))
    confirm = widgets.Button(description="Yes, delete all my work", button_style="danger",
                             layout=widgets.Layout(width="auto"),
                             tooltip="Delete everything you have saved, for good")
    confirm.add_class("sl-delete-confirm")
    cancel = widgets.Button(description="No, keep my work", tooltip="Keep everything as it is",
                            layout=widgets.Layout(width="auto"))
    cancel.add_class("sl-delete-cancel")
    step_two = widgets.VBox([warning, widgets.HBox([confirm, cancel])])
    step_two.layout.display = "none"
    result = widgets.HTML("")
    result.add_class("sl-delete-result")

    def show_step_two(_button):
        result.value = ""
        step_two.layout.display = ""
        ask.disabled = True
        # a delete that went through left these disabled; asking again must offer both choices
        confirm.disabled = cancel.disabled = False

    def keep(_button):
        step_two.layout.display = "none"
        ask.disabled = False
        result.value = message_html("Nothing was deleted.", "info")

    def delete(_button):
        confirm.disabled = cancel.disabled = True
        try:
            store.delete_learner_work(learner.id, forget=room)
        except Exception as exc:  # noqa: BLE001 - say so; nothing was half-deleted (one transaction)
            log("couldn't delete a learner's work", exc)
            result.value = message_html("Your work couldn't be deleted just now; nothing was changed. "
                                        "Please try again in a moment.", "warn")
            confirm.disabled = cancel.disabled = False
            return
        step_two.layout.display = "none"
        # The marker tells the page's script (course.js) that this browser should forget the link too.
        result.value = '<div class="sl-work-deleted"></div>' + message_html(
            "All your saved work has been deleted." + (
                " Your old link no longer works; start afresh from the course home page to get a new one."
                if room else " You can start the course afresh whenever you like. Course pages still open in other "
                "windows won't bring it back: reload them to start afresh."), "info", label="Done:")
        ask.disabled = room
        after_delete()

    ask.on_click(show_step_two)
    cancel.on_click(keep)
    confirm.on_click(delete)
    box = widgets.VBox([widgets.HTML("<h2>Your saved work</h2>"), ask, step_two, result])
    box.add_class("sl-delete")
    return box
