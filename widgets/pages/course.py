"""The course's frame: its modules in manifest order, each page's header and navigation, who is
visiting, and placing exercises on a page with their work saved as the learner goes. The home page
(progress, personal links, deleting one's work) is in widgets/pages/home_page.py.

The order and titles of modules live in one place, data/modules.csv.
"""
import html

from ..content.modules import COURSE_TITLE, HOME_NOTEBOOK, find_module, load_modules
from ..exercises.base import exercise_rng
from ..log import brief, log
from ..views.ui import SharedLooks, message_html, show_problem, shows_problems

DONE_LABEL = "I've finished this module"

STORE_DOWN = ("Your work can't be saved right now: the course's store of saved work can't be reached. "
              "You can still read and try everything on this page; please tell your tutor.")
NO_LINK = ("You're reading without your personal link, so nothing you do on this page is kept. "
           "To keep your work, start from the course home page and use the link it gives you.")
UNRECOGNISED = ("This link isn't recognised. It may have been mistyped or changed, or the work saved under it "
                "may have been deleted. Nobody's work is shown here and nothing you do is kept.")
SAVE_FAILED = "Couldn't save — your text is still here; we'll try again."
LOAD_FAILED = ("Your earlier answers here couldn't be loaded just now, so this exercise won't save, "
               "to keep them safe. Reload the page to try again.")
NOT_FIT = ("Some of your earlier answers here no longer fit this exercise (the course has changed), "
           "so it shows what still fits. A copy of what you saved before has been kept for your tutor.")
LINK_DELETED = ("Not saved: the work kept under this link has been deleted. "
                "Start afresh from the course home page to keep new work.")
CHANGED_ELSEWHERE = "This was changed in another window — reload to see the latest."
STALE_KEPT = (CHANGED_ELSEWHERE + " Your text here isn't lost: it stays in the boxes, and a copy of it has been kept "
              "for your tutor. Nothing more is saved from this window.")
STALE_DELETED = (CHANGED_ELSEWHERE + " Your saved work was deleted there, so nothing more is saved from this window.")
STALE = CHANGED_ELSEWHERE + " Nothing more is saved from this window."
SAVING_STOPPED = "Saving stopped — your text is still here. "


def neighbours(module, modules):
    index = modules.index(module)
    previous = modules[index - 1] if index > 0 else None
    following = modules[index + 1] if index + 1 < len(modules) else None
    return previous, following


def nav_html(module, modules, learner, label="Course navigation"):
    """Back, home and onward links; `label` names this bar for a screen reader (a page's two bars differ)."""
    previous, following = neighbours(module, modules)
    home = f'<a class="sl-nav-home" href="{html.escape(learner.link(HOME_NOTEBOOK))}">Course home</a>'
    back = (f'<a class="sl-nav-prev" rel="prev" href="{html.escape(learner.link(previous.notebook))}">'
            f"← {html.escape(previous.title)}</a>") if previous else "<span></span>"
    onward = (f'<a class="sl-nav-next" rel="next" href="{html.escape(learner.link(following.notebook))}">'
              f"Next: {html.escape(following.title)} →</a>") if following else (
              '<span class="sl-nav-next">This is the last module.</span>')
    return f'<nav class="sl-nav" aria-label="{html.escape(label)}">{back}{home}{onward}</nav>'


def header_html(module, modules, learner, link_control=""):
    """A module's header; `link_control` is a room learner's "Your personal link" control (HTML), if any."""
    home = html.escape(learner.link(HOME_NOTEBOOK))
    return (f'<p class="sl-course-title"><a href="{home}">{html.escape(COURSE_TITLE)}</a></p>'
            f'<h1 class="sl-module-title">{html.escape(module.title)}</h1>'
            f'<p class="sl-module-meta">Module {module.number} of {len(modules)} · '
            f"about {module.minutes} minutes</p>" + link_control
            + nav_html(module, modules, learner))


def course_length(modules):
    """How long the whole course takes, e.g. "3 h 25 min"."""
    hours, minutes = divmod(sum(m.minutes for m in modules), 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def modules_list_html(modules, learner, statuses=None):
    statuses = statuses or {}
    items = []
    for module in modules:
        status = statuses.get(module.id)
        badge = (f' <span class="sl-status sl-status-{status.replace(" ", "-")}">'
                 f'<span class="sl-visually-hidden">Status: </span>{html.escape(status)}</span>'
                 if status else "")
        items.append(
            f'<li><a class="sl-module-title" href="{html.escape(learner.link(module.notebook))}">'
            f"{module.number}. {html.escape(module.title)}</a>{badge}"
            f' <span class="sl-module-minutes">({module.minutes} min)</span>'
            f'<p class="sl-module-summary">{html.escape(module.summary)}</p></li>')
    return (f'<p class="sl-module-meta">{len(modules)} modules · about {course_length(modules)} in all</p>'
            f'<ol class="sl-modules">{"".join(items)}</ol>')


# ------------------------------------------------------------------ saving as the learner goes

def clock(moment):
    """A saved time as the server's clock shows it, e.g. 14:02."""
    return moment.astimezone().strftime("%H:%M")


# A status line's kind → its classes. "conflict": this window's copy is stale and it stopped saving (the
# page's script then drops the text it keeps for this exercise, so a reload shows the latest work);
# "stopped": saving can't go on (the script keeps the text, so a reload brings it back). Both look "bad".
STATUS_CLASSES = {"saved": "sl-save-saved", "bad": "sl-save-bad", "off": "sl-save-off", "info": "sl-save-info",
                  "conflict": "sl-save-bad sl-save-conflict", "stopped": "sl-save-bad sl-save-stopped"}


def status_html(text, kind, at=None, request=None):
    """The small line under an exercise that says whether its work is saved (escaped, announced politely).
    `at`: the moment its clock time stands for, which the page's script shows in the learner's own time zone.
    `request`: the id of the newest kernel request whose changes the save holds; the page's script drops the
    typing it keeps for the exercise only once a save holds a request it sent after the last keystroke."""
    symbol = {"saved": "✓", "bad": "✗", "off": "–", "info": "", "conflict": "✗", "stopped": "✗"}[kind]
    label = f'<span class="sl-save-symbol" aria-hidden="true">{symbol}</span> ' if symbol else ""
    when = f' data-at="{html.escape(at.isoformat())}"' if at is not None and at.tzinfo is not None else ""
    holds = f' data-request="{html.escape(request)}"' if request else ""
    return (f'<p class="{STATUS_CLASSES[kind]}" role="status" aria-live="polite"{when}{holds}>{label}'
            f"{html.escape(text)}</p>")


def current_request_id():
    """The id of the kernel request being handled (the page's script noted when it sent it); None outside a
    kernel, or when there is none."""
    try:
        from ipykernel.kernelbase import Kernel

        if not Kernel.initialized():
            return None
        request = Kernel.instance().get_parent().get("header", {}).get("msg_id")
    except Exception:  # noqa: BLE001 - without the id the page just keeps the typing a while longer
        return None
    return request if isinstance(request, str) and request else None


def in_a_kernel():
    """True in a page's kernel, where every change comes from a message handled on the kernel's event loop."""
    try:
        from ipykernel.kernelbase import Kernel
    except ImportError:
        return False
    return Kernel.initialized()


def running_loop():
    """The kernel's event loop when called on it, else None (tests, scripts). Only a kernel's: another
    program's loop (a browser driver's, in a test run) would never get round to the save."""
    import asyncio

    if not in_a_kernel():
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def stale_text(conflict):
    """What a window whose copy went stale (a SaveConflict) tells its learner."""
    if conflict.deleted:
        return STALE_DELETED
    return STALE_KEPT if conflict.kept_copy else STALE


class Autosaver:
    """Saves one piece of work on every change and says how it went; never raises into the page.

    A change is saved just after the kernel has handled the message that made it (on the kernel's event loop),
    so that message's feedback reaches the page first; the changes one message makes are saved together, as one
    committed transaction, so at most the changes being saved are at risk. What the learner types is kept in the
    browser until a save holding it is reported (the status line names the request it holds).
    Each save compares the store's version with the one this page last read or wrote: when
    another window has saved since (or the work was deleted), this window is stale and stops saving.
    When the store can't be written and retrying can't help (replaced, damaged, read-only, full), saving
    stops and the status says why. Any other failure keeps the learner's work on the page, says so, and
    the save is tried again a few seconds later (and on the next change)."""

    RETRY_SECONDS = 5.0

    def __init__(self, save, snapshot, show_status, what="work", version=None):
        self.save = save                  # (data, version) -> store.Saved; SaveConflict when `version` is stale
        self.snapshot = snapshot          # () -> the data to save
        self.show_status = show_status    # (html) -> None
        self.what = what                  # for the server log (never the learner's work itself)
        self.version = version            # the store's version of this work as this page last read or wrote it
        self.failing = False
        self.stopped = False
        self.retry_handle = None
        self.pending_handle = None        # the save scheduled for after the message being handled
        self.request = None               # the newest kernel request that changed the work

    def changed(self, _change=None):
        """Save the change once the message that made it is handled (at once where no event loop runs)."""
        self.request = current_request_id() or self.request
        if self.pending_handle is not None:
            return                        # the save already scheduled takes this change too
        loop = running_loop()
        if loop is None:
            self.flush()
            return
        self.pending_handle = loop.call_soon(self.flush)

    @property
    def pending(self):
        """True while a change waits to be saved."""
        return self.pending_handle is not None

    def flush(self):
        """Save now; True when saved."""
        from ..storage.store import SaveConflict, StoreBroken, UnknownLearner

        self._cancel_retry()
        if self.pending_handle is not None:
            self.pending_handle.cancel()
            self.pending_handle = None
        if self.stopped:
            return False
        request = self.request
        try:
            saved = self.save(self.snapshot(), self.version)
        except SaveConflict as exc:
            log(f"not saving {self.what} from this page any more: {exc}")
            return self._stop(status_html(stale_text(exc), "conflict"))
        except UnknownLearner as exc:
            log(f"not saving {self.what}: {exc}")
            return self._stop(status_html(LINK_DELETED, "conflict"))
        except StoreBroken as exc:
            log(f"saving {self.what} stopped: {exc}" + (f" ({brief(exc.__cause__)})" if exc.__cause__ else ""))
            return self._stop(status_html(SAVING_STOPPED + str(exc), "stopped"))
        except Exception as exc:  # noqa: BLE001 - a failed save must never reach the page
            if not self.failing:
                log(f"couldn't save {self.what}; will try again", exc)
            self.failing = True
            self._show(status_html(SAVE_FAILED, "bad"))
            self._schedule_retry()
            return False
        if self.failing:
            log(f"saved {self.what} again after a failure")
        self.failing = False
        self.version = saved.version
        self._show(status_html(f"Saved {clock(saved.saved_at)}", "saved", at=saved.saved_at, request=request))
        return True

    def _stop(self, status):
        self.stopped = True
        self._show(status)
        return False

    def _show(self, value):
        try:
            self.show_status(value)
        except Exception as exc:  # noqa: BLE001 - the status line is a courtesy
            log("couldn't show the save status", exc)

    def _schedule_retry(self):
        if self.retry_handle is not None:
            return
        loop = running_loop()                   # the kernel's loop: the retry runs on its thread
        if loop is None:
            return                              # no loop (tests, scripts): the next change retries
        self.retry_handle = loop.call_later(self.RETRY_SECONDS, self.flush)

    def _cancel_retry(self):
        if self.retry_handle is not None:
            self.retry_handle.cancel()
            self.retry_handle = None


def restore_work(state, data):
    """Put saved work back into `state`; True when all of it fitted. What fits is restored even when
    some doesn't (a trait whose saved value the exercise now refuses is left as built)."""
    names = set(state.saved_trait_names())
    try:
        if not isinstance(data, dict):
            return False
        state.restore(data)
        return set(data) <= names
    except Exception:  # noqa: BLE001 - restore piece by piece below
        pass
    for name, value in data.items():
        if name in names:
            try:
                state.restore({name: value})
            except Exception:  # noqa: BLE001 - this piece no longer fits; keep the rest
                continue
    return False


class Page:
    """One module's page for one learner: built by `open_module`, used by the notebook's cells.

    `store` is None when nothing on the page can be saved; `unsaved_reason` then says why."""

    def __init__(self, module, modules, learner, store, unsaved_reason=STORE_DOWN):
        self.module, self.modules, self.learner, self.store = module, modules, learner, store
        self.unsaved_reason = unsaved_reason
        self.looks = SharedLooks()      # one Layout and Style for the page's save lines and "finished" box
        self.savers = []    # each Autosaver on the page, so that what reads the store first saves what waits

    @shows_problems
    def show(self, key):
        """Show the exercise called `key` (see widgets/registry.py) with the learner's
        saved work restored, saved again on every change, and a save status under it."""
        import ipywidgets as widgets
        from IPython.display import display

        from ..registry import find_exercise

        exercise = find_exercise(key)
        state = exercise.build_state(exercise_rng(self.learner, key))
        status = self.looks(widgets.HTML, "", classes=["sl-save-status"])
        saver = None
        if self.store is None:
            status.value = status_html(self.unsaved_reason, "off")
        else:
            saver = self._restore_and_autosave(key, state, status)
            if exercise.earlier_work:
                state.take_earlier_work(self.earlier_work(exercise.earlier_work))
        view = exercise.build_view(state)
        if saver is not None:
            # The saver hears each change after the view has shown it, and saves once the message is handled:
            # a click's feedback is on its way to the page before the store is written.
            state.observe(saver.changed, names=state.saved_trait_names())
            self.savers.append(saver)
        view.add_class("sl-exercise")
        display(view)
        display(status)
        return None

    def _restore_and_autosave(self, key, state, status):
        """Restore the saved work into `state`; return the Autosaver for it (for `show` to connect), or None."""
        from ..storage.store import UnreadableSave

        store, learner_id = self.store, self.learner.id
        note = ""
        try:
            saved = store.load_saved(learner_id, key)
            version = None if saved is None else saved.version
        except UnreadableSave as exc:
            saved, note, version = None, NOT_FIT, exc.version
            if not self._set_aside(key, exc):
                status.value = status_html(LOAD_FAILED, "bad")
                return None
        except Exception as exc:  # noqa: BLE001 - without the earlier work, saving would overwrite it
            log(f"couldn't load the saved work for {key}", exc)
            status.value = status_html(LOAD_FAILED, "bad")
            return None
        if saved is not None and not restore_work(state, saved.data):
            note = NOT_FIT
            if not self._set_aside(key, None):
                status.value = status_html(LOAD_FAILED, "bad")
                return None
        # Each save is compared with the version loaded here, then with the one this page last wrote.
        saver = Autosaver(lambda data, version: store.save(learner_id, key, data, version), state.to_dict,
                          lambda value: setattr(status, "value", value), what=f"'{key}'", version=version)
        if note:
            status.value = status_html(note, "info")
        elif saved is not None:
            status.value = status_html(f"Your earlier answers are back (last saved {clock(saved.updated_at)} "
                                       f"on {saved.updated_at.astimezone().strftime('%-d %b')}); "
                                       "changes are saved as you go.", "info")
        else:
            status.value = status_html("Your answers are saved as you go.", "info")
        return saver

    def _set_aside(self, key, problem):
        try:
            copy_key = self.store.set_aside(self.learner.id, key)
        except Exception as exc:  # noqa: BLE001 - keep the page up; don't overwrite what we couldn't copy
            log(f"couldn't keep a copy of the saved work for {key} that no longer fits", exc)
            return False
        log(f"the saved work for {key} didn't fit the exercise ({problem or 'some values were refused'}); "
            f"a copy is kept under '{copy_key}'")
        return True

    def earlier_work(self, keys):
        """{key: saved data} of the learner's work in the exercises `keys` name, for an exercise that offers it
        back; what isn't saved, or can't be read, is left out (and the page goes on)."""
        found = {}
        for key in keys:
            try:
                data = self.store.load(self.learner.id, key)
            except Exception as exc:  # noqa: BLE001 - an offer is a courtesy; the exercise works without it
                log(f"couldn't read the saved work for {key} to offer it again", exc)
                continue
            if data is not None:
                found[key] = data
        return found

    def saved_work(self):
        """{exercise key: SavedWork} of everything this learner saved (e.g. for the journal);
        {} when nothing on this page can be saved. Raises if the store fails (the journal says so)."""
        if self.store is None:
            return {}
        self.save_pending()
        return self.store.saved_work(self.learner.id)

    def save_pending(self):
        """Save now the changes waiting for the end of the message that made them (so a read sees them)."""
        for saver in self.savers:
            if saver.pending:
                saver.flush()

    @shows_problems
    def journal(self):
        """The "Make my journal" button: everything saved so far, as a document to take away."""
        from IPython.display import HTML, display

        from .journal import journal_download_view

        if self.store is None:
            display(HTML(status_html(self.unsaved_reason, "off")))
            return
        display(journal_download_view(self.saved_work, self.modules, self.learner.label, learner=self.learner))

    @shows_problems
    def end(self):
        """The foot of a module: "I've finished this module" (saved) and where to go next."""
        from IPython.display import HTML, display

        if self.module is None:
            return
        display(self.done_view())
        display(HTML(nav_html(self.module, self.modules, self.learner, label="Course navigation, end of module")))

    def done_view(self):
        """The "I've finished this module" checkbox with its save status."""
        import ipywidgets as widgets

        status = self.looks(widgets.HTML, "", classes=["sl-save-status"])
        done = self.looks(widgets.Checkbox, value=False, description=DONE_LABEL, indent=False,
                          classes=["sl-module-done"])
        box = self.looks(widgets.VBox, [done, status], classes=["sl-module-end"])
        if self.store is None:
            done.disabled = True
            status.value = status_html(self.unsaved_reason, "off")
            return box
        store, learner_id, module_id = self.store, self.learner.id, self.module.id
        try:
            recorded = store.progress(learner_id).get(module_id)
        except Exception as exc:  # noqa: BLE001 - the box still works; it just starts unticked
            log(f"couldn't read progress for {module_id}", exc)
            recorded = None
        done.value = bool(recorded and recorded.done)
        saver = Autosaver(lambda value, version: store.set_done(learner_id, module_id, value, version),
                          lambda: done.value, lambda value: setattr(status, "value", value),
                          what=f"progress on {module_id}", version=recorded.version if recorded else None)
        done.observe(saver.changed, names="value")
        self.savers.append(saver)
        status.value = status_html("Tick this when you've finished; the course home page shows your progress.",
                                   "info")
        return box


# ------------------------------------------------------------------ who is here, and their store

def try_open_store():
    """(store, None), or (None, message HTML) when it can't be opened; the server log says why."""
    try:
        from ..storage.store import open_store as open_learner_store

        return open_learner_store(), None
    except Exception as exc:  # noqa: BLE001 - the course stays readable without its store
        log("the learners' store can't be opened", exc)
        return None, message_html(STORE_DOWN, "warn")


def visit():
    """(store, visitor, messages HTML) for the page being opened."""
    from ..storage.learner import KNOWN, UNRECOGNISED as UNRECOGNISED_STATUS, identify

    store, problem = try_open_store()
    messages = [problem] if problem else []
    try:
        visitor = identify(store)
    except Exception as exc:  # noqa: BLE001 - e.g. the store can't register the learner
        log("couldn't identify the learner against the store", exc)
        if store is not None:
            store.close()
            store = None
            messages.append(message_html(store_down_text(exc), "warn"))
        visitor = identify(None)
    if store is not None and store.notice:
        messages.append(message_html(store.notice, "warn"))
    if visitor.status != KNOWN and store is not None and visitor.mode == "room":
        if visitor.status == UNRECOGNISED_STATUS and not store.notice:
            messages.append(recovery_html(store, visitor, unrecognised=True))
        # Nobody's work may be read or written without a recognised link.
        store.close()
        store = None
    return store, visitor, messages


def store_down_text(exc):
    """Why nothing on this page can be saved, when the store failed as the page opened."""
    from ..storage.store import StoreBroken

    return f"Your work can't be saved on this page. {exc}" if isinstance(exc, StoreBroken) else STORE_DOWN


def _visitor_message(visitor):
    from ..storage.learner import NO_LINK as NO_LINK_STATUS, UNRECOGNISED as UNRECOGNISED_STATUS

    home = html.escape(HOME_NOTEBOOK)
    if visitor.status == NO_LINK_STATUS:
        return (message_html(NO_LINK, "info")
                + f'<p class="sl-start-link"><a href="{home}">Go to the course home page</a></p>')
    if visitor.status == UNRECOGNISED_STATUS:
        return unrecognised_html()
    return ""


def unrecognised_html():
    return (f'<div class="sl-unrecognised">{message_html(UNRECOGNISED, "warn", label="Link not recognised:")}'
            f'<p class="sl-start-link"><a class="sl-start-afresh" href="{html.escape(HOME_NOTEBOOK)}">'
            "Start afresh from the course home page</a> (you'll get a new personal link).</p></div>")


def _unsaved_reason(visitor):
    from ..storage.learner import NO_LINK as NO_LINK_STATUS, UNRECOGNISED as UNRECOGNISED_STATUS

    if visitor.status == NO_LINK_STATUS:
        return "Not saved: open the course from your personal link to keep your work."
    if visitor.status == UNRECOGNISED_STATUS:
        return "Not saved: this link isn't recognised."
    return STORE_DOWN


def open_module(module_id):
    """Show a module's header and navigation, record the visit; return the `Page` its cells use."""
    from IPython.display import HTML, display

    store, visitor, messages = visit()
    learner = visitor.learner
    try:
        modules = load_modules()
        module = find_module(module_id, modules)
    except Exception as exc:  # noqa: BLE001 - the page's own text still shows below the message
        show_problem(exc)
        return Page(None, [], learner, store, _unsaved_reason(visitor))
    display(HTML(header_html(module, modules, learner, _link_control(learner)) + "".join(messages)
                 + _visitor_message(visitor)))
    unsaved_reason = _unsaved_reason(visitor)
    if store is not None:
        from ..storage.store import StoreBroken

        try:
            store.record_visit(learner.id, module.id)
        except StoreBroken as exc:      # e.g. a read-only or full store: say so before any work is typed
            log(f"nothing on this page of {module.id} will be saved: {exc}"
                + (f" ({brief(exc.__cause__)})" if exc.__cause__ else ""))
            store.close()
            store = None
            display(HTML(message_html(store_down_text(exc), "warn")))
            unsaved_reason = f"Not saved. {exc}"
        except Exception as exc:  # noqa: BLE001 - progress is a courtesy; the page goes on
            log(f"couldn't record a visit to {module.id}", exc)
    return Page(module, modules, learner, store, unsaved_reason)


def _link_control(learner):
    """A room learner's "Your personal link" control for the header ("" for anyone else, or if it fails)."""
    if not learner.token:
        return ""
    try:
        from ..storage.learner import request_environ
        from .personal_link import personal_link_control_html

        return personal_link_control_html(learner, request_environ())
    except Exception as exc:  # noqa: BLE001 - the page goes on; its address still carries the link
        log("couldn't show the personal link in a module's header", exc)
        return ""


def recovery_html(store, visitor, unrecognised=False):
    """After a damaged store was replaced, say so on the home page for a week (not just to the first page),
    and on a room's "not recognised" page, where an old link's record may be among what was lost."""
    if store is None or store.notice:
        return ""
    try:
        recovery = store.recent_recovery()
    except Exception:  # noqa: BLE001
        return ""
    if recovery is None:
        return ""
    when = recovery.when.astimezone().strftime("%-d %B at %H:%M")
    if unrecognised:
        if recovery.complete:
            return ""
        lost = ("links issued before then no longer work" if not recovery.recovered else
                "not everything in it could be recovered, so some links issued before then may no longer work")
        return message_html(f"If this link worked before {when}: the course's store of saved work was found "
                            f"damaged then and a fresh one was started; {lost}. The damaged file was kept for "
                            "your tutor.", "info")
    if recovery.complete:
        return message_html(f"On {when} the course's store of saved work was found damaged and repaired; all the "
                            "saved work in it was recovered.", "info")
    if recovery.recovered:
        return message_html(f"On {when} the course's store of saved work was found damaged. Everything that could "
                            "still be read was copied into a fresh store, but some work saved before then may be "
                            "missing. The damaged file was kept for your tutor.", "warn")
    return message_html(f"On {when} the course's store of saved work was found damaged and a fresh one was "
                        "started; work saved before then isn't shown. The damaged file was kept for your tutor.",
                        "warn")
