"""Small groups: the tutor sets how many groups the session has; a learner chooses theirs on the home page (or the
tutor assigns it); each group has a shared board for the source's "we" questions (data/lists.csv, list
`influence-and-actions`), where members post and see each other's posts live. The tutor sees every board
(course/tutor-groups.ipynb); a group's board goes into each member's journal.

Posts carry no names on the board: the group sees what was said, and "(yours)" on one's own posts.
"""
from ..log import log
from ..markup.escape import html_text
from ..views.ui import message_html

QUESTIONS_LIST = "influence-and-actions"
POST_MAX_LENGTH = 500
MAX_GROUPS = 20
REFRESH_SECONDS = 2.0


def board_questions(data_dir=None):
    """The source's "we" questions, from data/lists.csv."""
    from ..content import load_table

    return [row["text"] for row in load_table("lists.csv", data_dir) if row["list_id"] == QUESTIONS_LIST]


def learner_group(store, learner_id):
    """The learner's group number, or None (no groups this session, or none chosen yet)."""
    count = store.group_count()
    number = (store.learner_names().get(learner_id) or (None, None))[1]
    return number if count and number and 1 <= number <= count else None


def posts_html(posts, questions, learner_id=None):
    """A board as HTML, question by question; `learner_id`'s own posts marked "(yours)"."""
    parts = []
    for question in questions:
        items = [(text, author) for _id, _group, author, asked, text, _when in posts if asked == question]
        rows = "".join(f'<li class="sl-board-post">{html_text(text)}'
                       + (' <span class="sl-board-yours">(yours)</span>' if learner_id and author == learner_id
                          else "") + "</li>" for text, author in items)
        parts.append(f'<h4 class="sl-board-question">{html_text(question)}</h4>'
                     + (f'<ul class="sl-board-posts">{rows}</ul>' if rows else
                        '<p class="sl-board-empty">Nothing posted yet.</p>'))
    return "".join(parts)


def every_board_html(posts, questions, count):
    """Every group's board, for the tutor."""
    if not count:
        return '<p class="sl-board-empty">No small groups are set for this session.</p>'
    return "".join(f'<section class="sl-room-panel sl-board sl-board-{number}"><h3>Group {number}</h3>'
                   + posts_html([p for p in posts if p[1] == number], questions) + "</section>"
                   for number in range(1, count + 1))


def set_choices(dropdown, options):
    """New options for a dropdown, keeping its choice if it is still there, else the first (ipywidgets leaves
    none chosen when options are replaced)."""
    kept = dropdown.value
    dropdown.options = options
    values = [value for _label, value in options]
    if values:
        dropdown.value = kept if kept in values else values[0]


def every_so_often(refresh, seconds=REFRESH_SECONDS):
    """Call `refresh` now and then every `seconds` on the kernel's loop (when there is one)."""
    import asyncio

    refresh()
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return

    def tick():
        refresh()
        loop.call_later(seconds, tick)

    loop.call_later(seconds, tick)


class GroupBoardView:
    """A learner's view of their group: choose the group, post to its board, see everyone's posts live."""

    def __init__(self, store, learner, questions):
        import ipywidgets as widgets

        self.store, self.learner, self.questions = store, learner, questions
        self.chooser = widgets.Dropdown(description="Your small group:", style={"description_width": "initial"})
        self.chooser.add_class("sl-group-choice")
        self.chooser.add_class("sl-stacked")
        self.board = widgets.HTML("")
        self.board.add_class("sl-board")
        self.message = widgets.HTML("")
        self.question = widgets.Dropdown(options=questions, description="Question:",
                                         style={"description_width": "initial"}, layout=widgets.Layout(width="100%"))
        self.question.add_class("sl-board-question-choice")
        self.text = widgets.Textarea(description="Your post:", rows=2, style={"description_width": "initial"},
                                     layout=widgets.Layout(width="100%"), continuous_update=False)
        self.text.add_class("sl-board-text")
        self.text.add_class("sl-stacked")
        self.post_button = widgets.Button(description="Post to the group", button_style="primary",
                                          layout=widgets.Layout(width="auto"))
        self.post_button.add_class("sl-board-post-button")
        self.question.add_class("sl-stacked")
        self.poster = widgets.VBox([self.question, self.text, widgets.HBox([self.post_button])])
        intro = widgets.HTML("<h2>Your small group</h2><p>Your group's board holds the workshop's questions for the "
                             "group. Everyone in your group and your tutor see what is posted, without names; it "
                             "goes into each member's journal.</p>")
        self.widget = widgets.VBox([intro, self.chooser, self.poster, self.message, self.board])
        self.widget.add_class("sl-group")
        self.chooser.observe(self.choose, names="value")
        self.post_button.on_click(lambda _button: self.post())
        self.shown = None

    def setup(self):
        count = self.store.group_count()
        self.updating = True
        self.chooser.options = [("Not chosen yet", 0)] + [(f"Group {n}", n) for n in range(1, count + 1)]
        self.chooser.value = learner_group(self.store, self.learner.id) or 0
        self.updating = False
        self.refresh()

    def choose(self, change):
        if getattr(self, "updating", False):
            return
        try:
            self.store.set_learner_name(self.learner.id, group_number=change["new"] or None)
        except Exception as exc:  # noqa: BLE001 - say so; nothing else changes
            log("couldn't save a learner's group", exc)
            self.message.value = message_html("Your group couldn't be saved just now; try again.", "warn")
            return
        self.message.value = message_html(f"You're in group {change['new']}." if change["new"] else
                                          "You're in no group.", "info", label="✓ Saved:")
        self.refresh()

    def post(self):
        group = learner_group(self.store, self.learner.id)
        text = " ".join(self.text.value.split())
        if not group:
            self.message.value = message_html("Choose your group first, then post.", "warn")
            return
        if not text:
            self.message.value = message_html("Write your post first, then press Post.", "warn")
            return
        if len(text) > POST_MAX_LENGTH:
            self.message.value = message_html(f"A post can be at most {POST_MAX_LENGTH} characters long; this one "
                                              f"is {len(text)}. Shorten it, then post again.", "warn")
            return
        try:
            self.store.add_group_post(group, self.learner.id, self.question.value, text)
        except Exception as exc:  # noqa: BLE001 - the text stays in the box
            log("couldn't post to a group's board", exc)
            self.message.value = message_html("Your post couldn't be saved just now; it is still in the box. "
                                              "Try again in a moment.", "warn")
            return
        self.text.value = ""
        self.message.value = message_html(f"Posted to group {group}.", "info", label="✓ Posted:")
        self.refresh()

    def refresh(self):
        try:
            group = learner_group(self.store, self.learner.id)
            posts = self.store.group_board(group) if group else []
        except Exception as exc:  # noqa: BLE001 - keep what is shown
            log("couldn't read a group's board", exc)
            return
        self.poster.layout.display = "" if group else "none"
        value = (posts_html(posts, self.questions, self.learner.id) if group else
                 '<p class="sl-board-empty">Choose your group to see its board.</p>')
        if value != self.shown:
            self.board.value = self.shown = value


def group_view(store, learner):
    """The home page's small-group part, or None when the tutor has set no groups (or the store can't say)."""
    try:
        if not store.group_count():
            return None
        view = GroupBoardView(store, learner, board_questions())
        view.setup()
    except Exception as exc:  # noqa: BLE001 - the rest of the home page still works
        log("the small groups can't be shown", exc)
        return None
    every_so_often(view.refresh)
    return view.widget


def journal_group_sections(store, learner):
    """The learner's group's board as a journal section ([] when they are in no group)."""
    from .journal import board_section

    group = learner_group(store, learner.id)
    if not group:
        return []
    posts = [(question, text, when) for _id, _g, _author, question, text, when in store.group_board(group)]
    return [board_section(f"Small group {group}: the group's board", posts)]


class TutorGroupsView:
    """The tutor's side: how many groups, who is in which (by the names learners gave), and every board live."""

    def __init__(self, open_store, questions):
        import ipywidgets as widgets

        self.open_store, self.questions = open_store, questions
        self.store = None
        self.count = widgets.BoundedIntText(min=0, max=MAX_GROUPS, description="Number of groups:",
                                            style={"description_width": "initial"})
        self.count.add_class("sl-group-count")
        set_count = widgets.Button(description="Set the groups", button_style="primary",
                                   layout=widgets.Layout(width="auto"))
        set_count.add_class("sl-group-count-set")
        self.learner = widgets.Dropdown(description="Learner:", style={"description_width": "initial"})
        self.learner.add_class("sl-group-learner")
        self.group = widgets.Dropdown(description="Group:", style={"description_width": "initial"})
        self.group.add_class("sl-group-assign-choice")
        assign = widgets.Button(description="Put in this group", layout=widgets.Layout(width="auto"))
        assign.add_class("sl-group-assign")
        self.message = widgets.HTML("")
        self.boards = widgets.HTML("")
        self.boards.add_class("sl-boards")
        set_count.on_click(lambda _button: self.set_count())
        assign.on_click(lambda _button: self.assign())
        self.widget = widgets.VBox([
            widgets.HBox([self.count, set_count], layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HTML("<p>Learners choose their group on the course home page; you can also put a learner who "
                         "gave you a name in a group here.</p>"),
            widgets.HBox([self.learner, self.group, assign], layout=widgets.Layout(flex_flow="row wrap")),
            self.message, widgets.HTML("<h2>Every group's board</h2>"), self.boards])
        self.widget.add_class("sl-tutor-groups")
        self.shown = None

    def _store(self):
        if self.store is None:
            self.store = self.open_store()
        return self.store

    def setup(self):
        store = self._store()
        count = store.group_count()
        self.count.value = count
        names = store.learner_names()
        # Behind the hub a learner is known by their hub name; in a room, by the name they gave (if any).
        for learner, _when in store.room_learners():
            if learner.startswith("hub:") and not (names.get(learner) or (None,))[0]:
                names[learner] = (learner[len("hub:"):], (names.get(learner) or (None, None))[1])
        set_choices(self.learner, sorted(((f"{name} (group {group})" if group else name, learner)
                                          for learner, (name, group) in names.items() if name),
                                         key=lambda pair: pair[0].lower()))
        set_choices(self.group, [("No group", 0)] + [(f"Group {n}", n) for n in range(1, count + 1)])
        self.refresh()

    def set_count(self):
        try:
            self._store().set_group_count(self.count.value)
        except Exception as exc:  # noqa: BLE001
            log("couldn't set the number of groups", exc)
            self.message.value = message_html("The groups couldn't be set just now; try again.", "warn")
            return
        self.message.value = message_html(f"{self.count.value} groups are set: learners can choose theirs on the "
                                          "course home page." if self.count.value else
                                          "No groups this session.", "info", label="✓ Done:")
        self.setup()

    def assign(self):
        if not self.learner.value:
            self.message.value = message_html("Choose a learner first.", "warn")
            return
        try:
            self._store().set_learner_name(self.learner.value, group_number=self.group.value or None)
        except Exception as exc:  # noqa: BLE001
            log("couldn't put a learner in a group", exc)
            self.message.value = message_html("That couldn't be saved just now; try again.", "warn")
            return
        self.message.value = message_html("Saved.", "info", label="✓ Done:")
        self.setup()

    def refresh(self):
        try:
            store = self._store()
            value = every_board_html(store.group_board(), self.questions, store.group_count())
        except Exception as exc:  # noqa: BLE001 - keep what is shown
            log("couldn't read the groups' boards", exc)
            return
        if value != self.shown:
            self.boards.value = self.shown = value
