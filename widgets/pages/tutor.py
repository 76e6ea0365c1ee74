"""The tutor's pages (course/tutor-*.ipynb): the gate each one passes first, and the room view.

`open_tutor_page()` checks, in the page's kernel, that its visitor is the course's tutor (widgets/storage/tutor.py;
the server has refused everyone else already) and shows a plain refusal otherwise: nothing of the room is read.
`show_room(page)` is the room view: large type for a projector, the room's anonymous aggregates
(widgets/storage/room.py) read afresh from the store every REFRESH_SECONDS by a callback on the kernel's loop,
so the view follows the room without a reload; with downloads of the aggregates and the shared answers.
"""
import base64
import datetime as dt

from ..log import log
from ..markup.escape import html_text
from ..views.ui import message_html, shows_problems

REFRESH_SECONDS = 2.0
ROOM_NOTEBOOK = "tutor-room.ipynb"
FEWER = "fewer than 3"
WAITING = ("Waiting for the room: figures appear once at least 3 learners have started, so that nobody can be "
           "singled out.")


class TutorPage:
    """A tutor page that passed the gate: how its links carry the tutor's key, and the store it reads."""

    def __init__(self, access):
        self.access = access

    def link(self, notebook):
        return self.access.link(notebook)


@shows_problems
def open_tutor_page():
    """The gate of every tutor page: a TutorPage for the tutor; for anyone else a plain refusal, and None."""
    from IPython.display import HTML, display

    from ..storage.learner import request_environ
    from ..storage.store import open_store
    from ..storage.tutor import REFUSED, tutor_access

    try:
        access = tutor_access(request_environ(), open_store)
    except Exception as exc:  # noqa: BLE001 - no answer is a refusal
        log("couldn't check who is on a tutor's page", exc)
        access = None
    if access is None or not access.allowed:
        if access is not None:
            log(f"refused a tutor's page in its kernel: {access.reason}")
        display(HTML(f'<p class="sl-tutor-refused">{html_text(REFUSED)}</p>'))
        return None
    page = TutorPage(access)
    display(HTML(tutor_nav_html(page)))
    return page


# The tutor's pages, for the links between them (those present in course/).
TUTOR_PAGES = (("tutor-room.ipynb", "The room"), ("tutor-groups.ipynb", "Small groups"),
               ("tutor-learners.ipynb", "Learners' links"), ("tutor-guide.ipynb", "Facilitator guide"))


def tutor_nav_html(page):
    from pathlib import Path

    course = Path(__file__).resolve().parents[2] / "course"
    links = [f'<a href="{html_text(page.link(notebook))}">{html_text(title)}</a>'
             for notebook, title in TUTOR_PAGES if (course / notebook).exists()]
    return f'<nav class="sl-nav sl-tutor-nav" aria-label="The tutor\'s pages">{" ".join(links)}</nav>'


# ---------------------------------------------------------------- the room view as HTML

def percent(share):
    return f"{round(100 * share)}%"


def bar(value, most, label):
    width = 0 if not most else round(100 * value / most)
    return (f'<span class="sl-room-bar" aria-hidden="true"><span style="width:{width}%"></span></span>'
            f'<span class="sl-room-figure">{html_text(label)}</span>')


def modules_html(table):
    if table is None:
        return ""
    shown = [value for value in table["learners"] if value is not None]
    most = max(shown) if shown else 0
    rows = []
    for row in table.itertuples():
        figure = FEWER if row.learners is None else str(row.learners)
        rows.append(f'<tr><th scope="row">{row.number}. {html_text(row.module)}</th>'
                    f"<td>{bar(row.learners or 0, most, figure)}</td></tr>")
    return ('<section class="sl-room-panel sl-room-modules"><h2>Where the room is</h2>'
            '<table class="sl-room-table"><caption>Learners at each module (the one each opened last)</caption>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')


def missed_html(table, title, caption, css, what):
    if table is None:
        body = '<p class="sl-room-none">Not yet checked by 3 learners.</p>'
    else:
        rows = "".join(f'<li><span class="sl-room-text">{html_text(row.text)}</span> '
                       f"{bar(row.share, 1, f'{percent(row.share)} of {row.learners} missed it {what}')}</li>"
                       for row in table.itertuples())
        body = f'<ol class="sl-room-list">{rows}</ol>'
    return (f'<section class="sl-room-panel {css}"><h2>{html_text(title)}</h2>'
            f'<p class="sl-room-caption">{html_text(caption)}</p>{body}</section>')


def ways_svg(table):
    """Each way's spread as a box plot on the 1-5 scale: whiskers from lowest to highest, the box the middle half,
    a line at the median and a dot at the mean."""
    width, left, right, row_height = 640, 230, 20, 46
    height = row_height * len(table) + 40

    def x(score):
        return left + (score - 1) / 4 * (width - left - right)

    parts = [f'<svg class="sl-room-ways-chart" viewBox="0 0 {width} {height}" role="img" '
             'aria-label="The room\'s scores for each way, from 1 to 5: range, middle half, median and mean">']
    for tick in range(1, 6):
        parts.append(f'<line x1="{x(tick):.1f}" y1="10" x2="{x(tick):.1f}" y2="{height - 26}" class="sl-grid"/>'
                     f'<text x="{x(tick):.1f}" y="{height - 8}" text-anchor="middle">{tick}</text>')
    for index, row in enumerate(table.itertuples()):
        middle = 10 + index * row_height + row_height / 2
        parts.append(f'<text x="0" y="{middle + 6:.1f}">{html_text(row.name)}</text>')
        if row.median is None or row.learners < 3:
            parts.append(f'<text x="{left}" y="{middle + 6:.1f}" class="sl-room-few">{FEWER} learners</text>')
            continue
        parts.append(f'<line x1="{x(row.min):.1f}" y1="{middle:.1f}" x2="{x(row.max):.1f}" y2="{middle:.1f}" '
                     'class="sl-whisker"/>'
                     f'<rect x="{x(row.lower):.1f}" y="{middle - 12:.1f}" '
                     f'width="{max(x(row.upper) - x(row.lower), 2):.1f}" height="24" class="sl-box"/>'
                     f'<line x1="{x(row.median):.1f}" y1="{middle - 14:.1f}" x2="{x(row.median):.1f}" '
                     f'y2="{middle + 14:.1f}" class="sl-median"/>'
                     f'<circle cx="{x(row.mean):.1f}" cy="{middle:.1f}" r="6" class="sl-mean"/>')
    parts.append("</svg>")
    return "".join(parts)


def ways_html(table):
    if table is None:
        return ('<section class="sl-room-panel sl-room-ways"><h2>The six ‘ways of’</h2>'
                '<p class="sl-room-none">Not yet rated by 3 learners.</p></section>')
    rows = []
    for row in table.itertuples():
        if row.median is None:
            rows.append(f"<tr><th scope=\"row\">{html_text(row.name)}</th><td colspan=\"4\">{FEWER} learners</td></tr>")
            continue
        rows.append(f'<tr><th scope="row">{html_text(row.name)}</th><td>{row.learners}</td><td>{row.mean:.1f}</td>'
                    f"<td>{row.median:.1f}</td><td>{row.lower:.1f}–{row.upper:.1f}</td>"
                    f"<td>{row.min:.1f}–{row.max:.1f}</td></tr>")
    return ('<section class="sl-room-panel sl-room-ways"><h2>The six ‘ways of’: the room’s profile</h2>'
            '<p class="sl-room-caption">Each learner’s score for a way is the mean of their ratings (1 rarely, '
            "5 consistently); the bar runs from the lowest to the highest score in the room, the box holds the "
            "middle half, the line is the median and the dot the mean.</p>"
            f"{ways_svg(table)}"
            '<table class="sl-room-table sl-room-ways-table"><thead><tr><th scope="col">Way</th>'
            '<th scope="col">Learners</th><th scope="col">Mean</th><th scope="col">Median</th>'
            '<th scope="col">Middle half</th><th scope="col">Range</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')


LEVEL_TITLES = {"individual": "Individually", "organisation": "In their organisation or area",
                "system": "In their system"}


def actions_html(table):
    if table is None:
        body = '<p class="sl-room-none">Not yet in 3 learners’ plans.</p>'
    else:
        most = int(table["actions"].max())
        body = ('<table class="sl-room-table"><tbody>' + "".join(
            f'<tr><th scope="row">{html_text(LEVEL_TITLES.get(row.level, row.level))}</th>'
            f"<td>{bar(row.actions, most, f'{row.actions} actions, in {row.learners} plans')}</td></tr>"
            for row in table.itertuples()) + "</tbody></table>")
    return f'<section class="sl-room-panel sl-room-actions"><h2>Action plans by level</h2>{body}</section>'


def shared_html(posts):
    if not posts:
        body = ('<p class="sl-room-none">Nothing shared yet. Learners can tick “Share with the room (without my '
                "name)” under their wicked issues, their influence and connections, and their action plan.</p>")
    else:
        groups, current = [], None
        for post in posts:
            if post.what != current:
                groups.append(f'</ul><h3>{html_text(post.what)}</h3><ul class="sl-room-posts">')
                current = post.what
            groups.append(f'<li class="sl-room-post">{html_text(post.text)}</li>')
        body = ("".join(groups) + "</ul>")[len("</ul>"):]
    return (f'<section class="sl-room-panel sl-room-shared"><h2>Shared with the room ({len(posts)})</h2>'
            f"{body}</section>")


def room_html(snapshot):
    head = (f'<p class="sl-room-status"><strong>{snapshot.started}</strong> started '
            f"(of {snapshot.registered} with a link or sign-in)</p>")
    if not snapshot.enough:
        return head + f'<p class="sl-room-waiting">{html_text(WAITING)}</p>'
    return head + '<div class="sl-room-grid">' + "".join([
        modules_html(snapshot.per_module),
        missed_html(snapshot.balcony, "Balcony or dance floor: hardest items",
                    "The items most often placed wrongly at the first check.", "sl-room-balcony", "at first"),
        missed_html(snapshot.questions, "Knowledge checks: most missed",
                    "The questions most often answered wrongly at the first attempt.", "sl-room-questions",
                    "first time"),
        ways_html(snapshot.ways),
        actions_html(snapshot.actions),
        shared_html(snapshot.shared),
    ]) + "</div>"


# ---------------------------------------------------------------- exports (CSV and a printable page)

def export_tables(snapshot):
    """{file name: DataFrame} of what the room view shows, for the tutor to keep after the session."""
    import pandas as pd

    tables = {"room-summary.csv": pd.DataFrame([{"learners started": snapshot.started,
                                                 "learners with a link or sign-in": snapshot.registered}])}
    if not snapshot.enough:
        return tables
    if snapshot.per_module is not None:
        tables["room-modules.csv"] = snapshot.per_module.assign(
            learners=snapshot.per_module["learners"].map(lambda v: FEWER if v is None else v))
    if snapshot.balcony is not None:
        tables["room-balcony-hardest.csv"] = snapshot.balcony[["text", "answer", "learners", "missed", "share"]]
    if snapshot.questions is not None:
        tables["room-questions-most-missed.csv"] = snapshot.questions[["text", "learners", "missed", "share"]]
    if snapshot.ways is not None:
        tables["room-ways-of.csv"] = snapshot.ways
    if snapshot.actions is not None:
        tables["room-actions-by-level.csv"] = snapshot.actions
    tables["room-shared.csv"] = pd.DataFrame([(p.what, p.text) for p in snapshot.shared],
                                             columns=["question", "shared answer"])
    return tables


def printable_page(snapshot, now):
    from ..content.modules import COURSE_TITLE

    title = f"The room · {COURSE_TITLE}"
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>{html_text(title)}</title><style>{ROOM_CSS}\nbody{{font-size:12pt;margin:2em}}"
            ".sl-room-grid{display:block}.sl-room-panel{break-inside:avoid}</style></head>"
            f'<body class="sl-room"><h1>{html_text(title)}</h1>'
            f"<p>Made on {now:%-d %B %Y at %H:%M}. Anonymous figures only; nothing from fewer than 3 learners.</p>"
            f"{room_html(snapshot)}</body></html>")


def data_link(css, name, mime, text, label):
    uri = f"data:{mime};charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f'<a class="{css}" download="{html_text(name)}" href="{uri}">{html_text(label)}</a>'


def export_links_html(snapshot, now):
    links = [data_link("sl-room-export-page", "room.html", "text/html", printable_page(snapshot, now),
                       "The room as a printable page (HTML)")]
    for name, table in export_tables(snapshot).items():
        links.append(data_link("sl-room-export-csv", name, "text/csv", table.to_csv(index=False), name))
    return ('<ul class="sl-room-exports">' + "".join(f"<li>{link}</li>" for link in links) + "</ul>")


# ---------------------------------------------------------------- the live view

# Only the room view's page carries this stylesheet: it widens the page and enlarges the type for a projector.
ROOM_CSS = """
#rendered_cells{max-width:110rem;width:auto!important;left:0!important;right:0!important}
.sl-room .jp-RenderedHTMLCommon p,.sl-room .jp-RenderedHTMLCommon li{max-width:none}
.sl-room,.sl-room .widget-html-content{font-size:1.35rem;line-height:1.45;max-width:none}
.sl-room-checked{font-size:1rem;color:#444}
#rendered_cells{padding:1rem 2rem 4rem;background:#fff}.sl-room .sl-room-export{align-self:flex-start}
.sl-room-table td{width:45%}.sl-room-figure{white-space:nowrap}
.sl-room h2{font-size:1.6rem;margin:.2em 0 .4em}
.sl-room-status{font-size:1.5rem}
.sl-room-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,34rem),1fr));gap:1.2rem}
.sl-room-panel{border:2px solid #d0d7de;border-radius:8px;padding:.8rem 1rem;background:#fff;min-width:0;
overflow-x:auto;overflow-wrap:anywhere}
.sl-room-table{border-collapse:collapse;width:100%}
.sl-room-table th,.sl-room-table td{text-align:left;padding:.2em .4em;vertical-align:middle}
.sl-room-table caption{text-align:left;color:#444;font-size:1rem}
.sl-room-bar{display:inline-block;width:40%;height:.9em;background:#eef1f4;margin-right:.5em;vertical-align:middle}
.sl-room-bar span{display:block;height:100%;background:#1f5f99}
.sl-room-list li{margin-bottom:.5em}
.sl-room-caption,.sl-room-none{color:#444;font-size:1.1rem}
.sl-room-ways-chart{width:100%;height:auto;font-size:20px}
.sl-room-ways-chart .sl-grid{stroke:#d0d7de}.sl-room-ways-chart .sl-whisker{stroke:#1b1f23;stroke-width:3}
.sl-room-ways-chart .sl-box{fill:#9cc3e6;stroke:#1f5f99;stroke-width:2}
.sl-room-ways-chart .sl-median{stroke:#1b1f23;stroke-width:4}.sl-room-ways-chart .sl-mean{fill:#b3261e}
.sl-room-posts{padding-left:1.2em}.sl-room-post{margin:.3em 0;white-space:pre-wrap}
@media (max-width:600px){.sl-room,.sl-room .widget-html-content{font-size:1.05rem}.sl-room-bar{width:30%}
#rendered_cells{padding:1rem .75rem 4rem}}
"""


class RoomView:
    """The live room view: re-reads the store on the kernel's loop and updates its widget when anything changed."""

    def __init__(self, open_store, content, now=None):
        import ipywidgets as widgets

        self.open_store, self.content = open_store, content
        self.now = now or (lambda: dt.datetime.now().astimezone())
        self.store = None
        self.last_snapshot = None
        self.handle = None
        self.view = widgets.HTML("")
        self.view.add_class("sl-room-live")
        self.clock = widgets.HTML("")
        self.clock.add_class("sl-room-clock")
        self.exports = widgets.HTML("")
        self.exports.add_class("sl-room-export-links")
        export = widgets.Button(description="Make the exports", tooltip="The room's figures and shared answers as "
                                "CSV files and a printable page", layout=widgets.Layout(width="auto"))
        export.add_class("sl-room-export")
        export.on_click(self.make_exports)
        self.widget = widgets.VBox([widgets.HTML(f"<style>{ROOM_CSS}</style>"), self.clock, self.view,
                                    widgets.HTML("<h2>After the session</h2>"), export, self.exports])
        self.widget.add_class("sl-room")

    def snapshot(self):
        from ..storage.room import room_snapshot

        if self.store is None:
            self.store = self.open_store()
        return room_snapshot(self.store, self.content)

    def refresh(self):
        """Read the room again; the page changes only when what it shows does (the time aside)."""
        try:
            snapshot = self.snapshot()
        except Exception as exc:  # noqa: BLE001 - keep the last figures up; say the store can't be read
            log("the room view couldn't read the store", exc)
            if self.store is not None:
                self.store.close()
                self.store = None
            self.clock.value = message_html("The room's work can't be read just now; the figures below are "
                                            "the last read. Trying again.", "warn")
            return
        fresh = room_html(snapshot)
        if fresh != self.view.value:          # only a change is sent to the page
            self.view.value = fresh
        self.clock.value = (f'<p class="sl-room-checked">Live: read {self.now():%H:%M:%S}, again every '
                            f"{REFRESH_SECONDS:g} seconds.</p>")
        self.last_snapshot = snapshot

    def make_exports(self, _button=None):
        try:
            snapshot = self.snapshot()
            self.exports.value = export_links_html(snapshot, self.now())
        except Exception as exc:  # noqa: BLE001 - say so; the view goes on
            log("the room's exports couldn't be made", exc)
            self.exports.value = message_html("The exports couldn't be made just now; try again.", "warn")

    def start(self, seconds=REFRESH_SECONDS):
        """Refresh now and then every `seconds` on the kernel's loop (none in tests: call `refresh`)."""
        import asyncio

        self.refresh()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            try:
                loop = asyncio.get_event_loop()
            except RuntimeError:
                return

        def tick():
            self.refresh()
            self.handle = loop.call_later(seconds, tick)

        self.handle = loop.call_later(seconds, tick)


@shows_problems
def show_room(page):
    """The room view, for a page that passed the gate (nothing when it didn't)."""
    from IPython.display import display

    from ..storage.room import load_room_content
    from ..storage.store import open_store

    if page is None:
        return
    view = RoomView(open_store, load_room_content())
    view.start()
    display(view.widget)


# ---------------------------------------------------------------- lost links

class LearnersView:
    """The learners who gave their tutor a name, and a new personal link for one who lost theirs: the learner's
    work moves to the new link in one transaction, and the old link stops working at once."""

    def __init__(self, open_store, environ):
        import ipywidgets as widgets

        self.open_store, self.environ = open_store, environ
        self.chooser = widgets.Dropdown(description="Learner:", style={"description_width": "initial"},
                                        layout=widgets.Layout(width="100%"))
        self.chooser.add_class("sl-learner-chooser")
        self.counts = widgets.HTML("")
        reload_list = widgets.Button(description="Read the list again", layout=widgets.Layout(width="auto"))
        reload_list.add_class("sl-learners-reload")
        self.reissue_button = widgets.Button(description="Make a new link for this learner", button_style="warning",
                                             layout=widgets.Layout(width="auto"))
        self.reissue_button.add_class("sl-reissue")
        self.result = widgets.HTML("")
        self.result.add_class("sl-reissue-result")
        reload_list.on_click(lambda _button: self.refresh())
        self.reissue_button.on_click(lambda _button: self.reissue())
        self.widget = widgets.VBox([self.counts, self.chooser,
                                    widgets.HBox([self.reissue_button, reload_list],
                                                 layout=widgets.Layout(flex_flow="row wrap")), self.result])
        self.widget.add_class("sl-learners")

    def refresh(self):
        with self.open_store() as store:
            names = store.learner_names()
            registered = {learner for learner, _when in store.room_learners()}
        named = sorted(((name, learner) for learner, (name, _group) in names.items()
                        if name and learner in registered), key=lambda pair: pair[0].lower())
        from .groups import set_choices

        set_choices(self.chooser, named)
        self.reissue_button.disabled = not named
        self.counts.value = (f"<p>{len(registered)} learners have a personal link; {len(named)} of them gave you "
                             "a name on the course home page. Only learners who gave a name can be found here.</p>")

    def reissue(self):
        from ..content.modules import HOME_NOTEBOOK
        from ..storage.learner import learner_for_token, new_token, personal_link
        from .personal_link import qr_code_svg

        old_id = self.chooser.value
        if not old_id:
            return
        name = self.chooser.label
        fresh = learner_for_token(new_token())
        try:
            with self.open_store() as store:
                store.reissue_learner(old_id, fresh.id)
        except Exception as exc:  # noqa: BLE001 - say so; nothing changed (one transaction)
            log("couldn't re-issue a learner's link", exc)
            self.result.value = message_html("A new link couldn't be made just now (the learner may have deleted "
                                             "their work); nothing was changed. Read the list again.", "warn")
            return
        link = personal_link(self.environ, fresh, HOME_NOTEBOOK)
        self.result.value = (
            message_html(f"{name}'s old link no longer works. Give them this new one, privately: whoever holds it "
                         "can see and change their work.", "info", label="✓ New link:")
            + f'<p><input class="sl-reissued-link" type="text" readonly value="{html_text(link)}" '
            f'aria-label="The new personal link" spellcheck="false" style="width:100%;box-sizing:border-box"></p>'
            f'<figure class="sl-qr">{qr_code_svg(link)}<figcaption>They can scan this code with a phone.</figcaption>'
            "</figure>")
        self.refresh()


@shows_problems
def show_learners(page):
    """Lost links: the learners' names and a new link for one (in a room; nothing when the gate refused)."""
    from IPython.display import HTML, display

    from ..storage.learner import request_environ
    from ..storage.store import open_store

    if page is None:
        return
    if page.access.mode != "room":
        display(HTML(message_html("Personal links exist only in a room (serve.sh --room): behind JupyterHub "
                                  "learners sign in, and on one's own there is one learner.", "info")))
        return
    view = LearnersView(open_store, request_environ())
    view.refresh()
    display(view.widget)


# ---------------------------------------------------------------- small groups

@shows_problems
def show_groups(page):
    """The tutor's small groups: the number of groups, who is in which, every group's board live."""
    from IPython.display import display

    from ..storage.store import open_store
    from .groups import TutorGroupsView, board_questions, every_so_often

    if page is None:
        return
    view = TutorGroupsView(open_store, board_questions())
    view.setup()
    every_so_often(view.refresh)
    display(view.widget)
