"""The learner's journal: everything they saved in the course, module by module, to keep.

Two documents are made from the same saved work:
  - `journal_zip(...)`: a .zip holding journal.md (Markdown) and its pictures as files in images/, which a
    text editor and a Markdown viewer both read well (`journal_markdown(...)` is the same Markdown with each
    picture as a data-URI image instead);
  - `journal_html(...)`: one standalone, printable web page (styles from app/journal.css inlined,
    pictures inlined) that makes no request of any kind when opened.
`journal_download_view(...)` is the button on the home page and the last module that makes both. Times are
shown in the learner's own time zone, which their browser tells the view (course.js fills a hidden box).

`saves` maps an exercise key (as saved by the store, e.g. "knowledge-check:context") to the saved
work and when it was saved: either a `(data, updated_at)` pair or an object with `.data` and
`.updated_at` (the store's `SavedWork`). Each entry is read back through its exercise's own state
(`build_state` → `restore` → `journal_markdown` / `journal_svg`), so the journal shows the work the
way the exercise describes it. An entry that can't be read becomes a note; the rest still shows.
"""
import base64
import datetime as dt
import html
import io
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..content.modules import COURSE_TITLE
from ..exercises.base import exercise_rng
from ..registry import find_exercise, journal_order, module_for_key
from ..log import log
from ..markup.escape import markdown_line, markdown_text
from ..views.ui import message_html

JOURNAL_CSS = Path(__file__).resolve().parents[2] / "app" / "journal.css"
HTML_FILE_NAME = "systems-leadership-journal.html"
ZIP_FILE_NAME = "systems-leadership-journal.zip"
ZIP_MARKDOWN_NAME = "journal.md"
JOURNAL_TITLE = "My learning journal"

INTRO = ("This journal gathers the work you saved in the course, module by module: your map of a system, "
         "your self-assessment profile, your answers to the exercises, your reflections and your action plan. "
         "Each piece shows when you last saved it. Keep it, print it, and come back to it as you put the "
         "learning to use, individually, in your organisation and in your systems.")
NOTHING_SAVED = "Nothing saved yet."
UNREADABLE = ("This part of your work couldn't be read, so it can't be shown here. "
              "What you saved is unchanged; please tell your tutor if this keeps happening.")
EMPTY_WORK = "Saved, but nothing written here yet."
OTHER_WORK_TITLE = "Other saved work"

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

# Used only when app/journal.css can't be read, so the journal still prints legibly.
FALLBACK_CSS = "body{font-family:sans-serif;max-width:46rem;margin:0 auto;padding:1rem;line-height:1.5}"


@dataclass(frozen=True)
class JournalPiece:
    """One saved exercise, read back and ready to show."""
    key: str
    title: str
    updated_at: object          # datetime, or None when the store didn't say
    markdown: str = ""          # the exercise's own account of the learner's work
    svg: str = None             # a picture of the work, when the exercise has one
    readable: bool = True


@dataclass(frozen=True)
class JournalSection:
    heading: str
    anchor: str
    pieces: tuple


# ---------------------------------------------------------------- reading the saved work

def saved_entry(value):
    """(data, updated_at) from the store's SavedWork or a plain pair."""
    if hasattr(value, "data"):
        return value.data, getattr(value, "updated_at", None)
    data, updated_at = value
    return data, updated_at


def fallback_title(key):
    name, _, parameter = key.partition(":")
    title = name.replace("-", " ").capitalize()
    return f"{title} ({parameter.replace('-', ' ')})" if parameter else title


def read_piece(key, value, learner=None):
    """Rebuild one exercise from its saved work; never raises (an unreadable entry becomes a note).
    With the learner, the exercise is rebuilt with the same shuffle as on their page, so lists
    come out in the order they saw; without, with a fixed one."""
    title = fallback_title(key)
    try:
        data, updated_at = saved_entry(value)
    except (TypeError, ValueError):
        data, updated_at = None, None   # restore() below turns this into the note
    try:
        exercise = find_exercise(key)
        title = exercise.title or title
        state = exercise.build_state(exercise_rng(learner, key) if learner is not None else random.Random(0))
        state.restore(data)
        markdown = state.journal_markdown()
        svg = state.journal_svg()
        if not isinstance(markdown, str) or (svg is not None and not isinstance(svg, str)):
            raise ValueError("the exercise described the work in an unexpected form")
    except Exception as exc:  # noqa: BLE001 - one bad entry must not cost the learner the whole journal
        # The type only: an exercise's refusal quotes the refused value, which is the learner's own text.
        log(f"journal: saved work '{key}' can't be read ({type(exc).__name__})")
        return JournalPiece(key=key, title=title, updated_at=_as_datetime(updated_at), readable=False)
    return JournalPiece(key=key, title=title, updated_at=_as_datetime(updated_at),
                        markdown=markdown.strip(), svg=svg.strip() if svg and svg.strip() else None)


def journal_sections(saves, modules, learner=None):
    """The journal's sections: every module in course order, then any work that fits no module."""
    module_ids = [m.id for m in modules]
    order = journal_order()
    by_module = {module_id: [] for module_id in module_ids}
    others = []
    for key, value in (saves or {}).items():
        key = str(key)
        module_id = module_for_key(key, module_ids)
        (by_module[module_id] if module_id else others).append((key, value))

    def rank(item):
        name = item[0].partition(":")[0]
        return (order.index(name) if name in order else len(order), item[0])

    sections = [JournalSection(heading=f"{m.number}. {m.title}", anchor=f"module-{m.id}",
                               pieces=tuple(read_piece(k, v, learner) for k, v in sorted(by_module[m.id], key=rank)))
                for m in modules]
    if others:
        sections.append(JournalSection(heading=OTHER_WORK_TITLE, anchor="other-work",
                                       pieces=tuple(read_piece(k, v, learner) for k, v in sorted(others, key=rank))))
    return summary_sections(saves, learner) + sections


# ---------------------------------------------------------------- the summary that opens the journal

SUMMARY_HEADING = "At a glance: my system, my profile, my plan"
SUMMARY_ANCHOR = "at-a-glance"


def summary_sections(saves, learner=None):
    """[the journal's first page], one a leader could hand their director: the system they mapped, their
    'ways of' profile and their action plan at its three levels, each in brief; the detail follows, module by
    module. What isn't saved, or can't be read, is left out (the module sections say so in full); [] when
    none of the three is saved yet."""
    from ..exercises.action_plan import LEVELS, TO_DECIDE, show_date
    from ..exercises.self_assessment import HIGHEST, score_text
    from ..markup.escape import markdown_text

    def restored(key):
        if key not in (saves or {}):
            return None, None
        try:
            data, updated_at = saved_entry(saves[key])
            exercise = find_exercise(key)
            state = exercise.build_state(exercise_rng(learner, key) if learner is not None else random.Random(0))
            state.restore(data)
            return state, _as_datetime(updated_at)
        except Exception as exc:  # noqa: BLE001 - the summary leaves it out; its module's section has the note
            log(f"journal: the summary leaves out '{key}' ({type(exc).__name__})")
            return None, None

    def system(state):
        if not state.actors:
            return None, None
        # one sentence, not a list: the summary is one printed page, and the map beside it shows each one's kind
        links = len(state.links)
        return (f"{len(state.actors)} people, organisations and bodies, joined by {links} "
                f"interaction{'' if links == 1 else 's'}: " + ", ".join(markdown_line(a["name"]) for a in state.actors)
                + "."), state.journal_svg()

    def profile(state):
        scores = state.way_scores()
        if all(score is None for score in scores.values()):
            return None, None
        rows = [f"How often I show each of the six ‘ways of’, from 1 (rarely) to {HIGHEST} (consistently):", "",
                "| Way | My score |", "| --- | --- |"]
        # the way's name only: each row one line on the printed page (the detail gives each way's focus)
        rows += [f"| {markdown_line(way.name)} | {score_text(scores[way.name])} |" for way in state.ways]
        lowest = state.lowest_two()
        if lowest:
            rows += ["", "My two lowest, to work on: " + " and ".join(markdown_line(n) for n in lowest) + "."]
        return "\n".join(rows), None

    def plan(state):
        if not state.actions:
            return None, None
        parts = []
        # in the leader's own voice, as the rest of the page is: it is theirs to hand on
        titles = dict(zip(LEVELS, ("Individually", "In my organisation or area", "In my system")))
        for level, entries in state.grouped().items():
            parts.append(f"**{titles[level]}**")
            items = []
            for _, action in entries:
                when = show_date(action["by_when"]) if action["by_when"] else TO_DECIDE
                items.append(f"- {markdown_text(' '.join(action['text'].split()))} "
                             f"(who: {markdown_line(action['who']) or TO_DECIDE}; by when: {when})")
            parts.append("\n".join(items) if items else "_No action at this level yet._")
        return "\n\n".join(parts), None

    pieces = []
    for key, title, brief in (("system-builder", "My system", system),
                              ("self-assessment", "My ‘ways of’ profile", profile),
                              ("action-plan", "My action plan, at three levels", plan)):
        state, updated_at = restored(key)
        if state is None:
            continue
        try:
            markdown, svg = brief(state)
        except Exception as exc:  # noqa: BLE001 - as above: one part missing from the summary, never the journal
            log(f"journal: the summary leaves out '{key}' ({type(exc).__name__})")
            continue
        if markdown:
            pieces.append(JournalPiece(key=f"summary:{key}", title=title, updated_at=updated_at,
                                       markdown=markdown, svg=svg.strip() if svg and svg.strip() else None))
    return [JournalSection(heading=SUMMARY_HEADING, anchor=SUMMARY_ANCHOR, pieces=tuple(pieces))] if pieces else []


# ---------------------------------------------------------------- dates

def _as_datetime(value):
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def learner_zone(name):
    """The time zone the learner's browser names (e.g. "Europe/London"), or None when it names none we know."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-/]{0,63}", name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def format_when(moment, zone=None):
    """'26 November 2026 at 15:44 UTC', or in the learner's time zone when it is known: '… at 15:44 GMT'
    (times without a zone are taken as UTC)."""
    moment = _as_datetime(moment)
    if moment is None:
        return "date unknown"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    moment = moment.astimezone(zone or dt.timezone.utc)
    name = moment.tzname() or "UTC"
    name = f"UTC{name}" if name[:1] in "+-" else name   # zones without a letter abbreviation, e.g. "+03"
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year} at {moment:%H:%M} {name}"


# ---------------------------------------------------------------- Markdown

def demote_headings(markdown, by=3):
    """An exercise's own Markdown headings moved below the journal's (levels 1-3), code left alone."""
    lines, in_code = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        heading = None if in_code else re.match(r"^(#{1,6})(\s)", line)
        if heading:
            line = "#" * min(6, len(heading.group(1)) + by) + line[len(heading.group(1)):]
        lines.append(line)
    return "\n".join(lines)


def svg_data_uri(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def journal_markdown(saves, modules, learner_label, now, learner=None, zone=None):
    """The learner's journal as Markdown text (`learner`: see `read_piece`)."""
    return markdown_document(journal_sections(saves, modules, learner), learner_label, now, zone)


def picture_files(sections):
    """{piece key: file name in the .zip} for every picture, e.g. "images/01-system-map.svg"."""
    pieces = [p for s in sections for p in s.pieces if p.readable and p.svg]
    return {p.key: f"images/{n:02d}-{re.sub(r'[^a-z0-9]+', '-', p.title.lower()).strip('-') or 'picture'}.svg"
            for n, p in enumerate(pieces, start=1)}


def journal_zip(sections, learner_label, now, zone=None):
    """The journal as a .zip: journal.md, whose pictures are the files beside it in images/."""
    files = picture_files(sections)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(ZIP_MARKDOWN_NAME, markdown_document(sections, learner_label, now, zone, files))
        for piece in (p for s in sections for p in s.pieces if p.key in files):
            archive.writestr(files[piece.key], piece.svg)
    return buffer.getvalue()


def markdown_document(sections, learner_label, now, zone=None, picture_files=None):
    """`picture_files`: {piece key: file name} to link pictures as files; otherwise they are data URIs."""
    picture_files = picture_files or {}
    lines = [f"# {JOURNAL_TITLE}", "", f"*{markdown_line(COURSE_TITLE)}*", ""]
    if learner_label:
        lines += [f"**Learner:** {markdown_line(learner_label)}  "]
    lines += [f"**Made on:** {format_when(now, zone)}", "", INTRO, ""]
    for section in sections:
        lines += [f"## {markdown_line(section.heading)}", ""]
        if not section.pieces:
            lines += [f"*{NOTHING_SAVED}*", ""]
        for piece in section.pieces:
            lines += [f"### {markdown_line(piece.title)}", "",
                      f"*Last saved: {format_when(piece.updated_at, zone)}*", ""]
            if not piece.readable:
                lines += [f"> **Note:** {UNREADABLE}", ""]
                continue
            lines += [demote_headings(piece.markdown) or f"*{EMPTY_WORK}*", ""]
            if piece.svg:
                where = picture_files.get(piece.key) or svg_data_uri(piece.svg)
                lines += [f"![{markdown_line(piece.title)}]({where})", ""]
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- HTML

def _markdown_to_html():
    """A Markdown converter for the learners' words: raw HTML is escaped, links and pictures
    become plain text, so the page shows exactly what was written and loads nothing."""
    import mistune
    from mistune.renderers.html import HTMLRenderer
    from mistune.util import safe_entity

    class JournalRenderer(HTMLRenderer):
        def text(self, text):
            # Exercises write learners' words with HTML escaped ("&lt;script&gt;"), as Markdown allows:
            # entities are read as the characters they stand for, and escaped once, not twice.
            return safe_entity(text)

        def link(self, text, url, title=None):
            shown = html.escape(str(url))
            return text if html.unescape(text).strip() == str(url).strip() else f"{text} ({shown})"

        def image(self, text, url, title=None):
            return f"[picture: {text}]"

        def heading(self, text, level, **attrs):
            # The journal's own headings take levels 1-3; an exercise's headings sit below them.
            level = min(6, level + 3)
            return f"<h{level}>{text}</h{level}>\n"

    return mistune.create_markdown(renderer=JournalRenderer(escape=True),
                                   plugins=["strikethrough", "table"])


_SVG_FORBIDDEN_TAGS = {"script", "foreignobject", "iframe", "object", "embed", "audio", "video"}


def svg_is_plain(svg):
    """Whether an SVG is safe to place inline: well-formed, no scripts, handlers or outside links."""
    import xml.etree.ElementTree as ElementTree

    if "<!DOCTYPE" in svg.upper() or "<!ENTITY" in svg.upper():
        return False
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        return False
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return False
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in _SVG_FORBIDDEN_TAGS:
            return False
        if tag == "style" and re.search(r"url\s*\(|@import", element.text or "", re.I):
            return False
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            value = value.strip().lower()
            if name.startswith("on"):
                return False
            if name in ("href", "src") and not value.startswith("#"):
                return False
            if "url(" in value and not re.fullmatch(r"url\(\s*#[^)]*\)", value):
                return False
    return True


def svg_html(svg, title):
    """The picture inline when it is plain SVG; otherwise as an image, where nothing in it can run."""
    label = html.escape(f"Picture: {title}")
    if svg_is_plain(svg):
        body = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
        return f'<figure class="sl-journal-picture" role="img" aria-label="{label}">{body}</figure>'
    return (f'<figure class="sl-journal-picture"><img alt="{label}" src="{svg_data_uri(svg)}"></figure>')


def journal_css():
    try:
        return JOURNAL_CSS.read_text(encoding="utf-8")
    except OSError:
        return FALLBACK_CSS


def journal_html(saves, modules, learner_label, now, learner=None, zone=None):
    """The learner's journal as one standalone, printable HTML page (`learner`: see `read_piece`)."""
    return html_document(journal_sections(saves, modules, learner), learner_label, now, zone)


def html_document(sections, learner_label, now, zone=None):
    to_html = _markdown_to_html()
    escape = html.escape
    css = journal_css().replace("</", "<\\/")  # a stylesheet can't close its own <style> element
    contents = "".join(f'<li><a href="#{s.anchor}">{escape(s.heading)}</a></li>' for s in sections)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Belt and braces: the page may load nothing from anywhere, whatever it contains.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(JOURNAL_TITLE)} · {escape(COURSE_TITLE)}</title>",
        f"<style>\n{css}\n</style>",
        "</head>",
        '<body class="sl-journal">',
        "<header>",
        f'<p class="sl-journal-course">{escape(COURSE_TITLE)}</p>',
        f"<h1>{escape(JOURNAL_TITLE)}</h1>",
        '<dl class="sl-journal-meta">',
        (f"<dt>Learner</dt><dd>{escape(str(learner_label))}</dd>" if learner_label else ""),
        f"<dt>Made on</dt><dd>{escape(format_when(now, zone))}</dd>",
        "</dl>",
        f'<p class="sl-journal-intro">{escape(INTRO)}</p>',
        f'<nav class="sl-journal-contents" aria-label="Contents"><h2>Contents</h2><ol>{contents}</ol></nav>',
        "</header>",
        "<main>",
    ]
    for section in sections:
        parts.append(f'<section class="sl-journal-module" id="{section.anchor}">'
                     f"<h2>{escape(section.heading)}</h2>")
        if not section.pieces:
            parts.append(f'<p class="sl-journal-nothing">{escape(NOTHING_SAVED)}</p>')
        for piece in section.pieces:
            parts.append(f'<article class="sl-journal-piece"><h3>{escape(piece.title)}</h3>'
                         f'<p class="sl-journal-saved">Last saved: {escape(format_when(piece.updated_at, zone))}</p>')
            if not piece.readable:
                parts.append(f'<p class="sl-journal-unreadable" role="note"><strong>Note:</strong> '
                             f"{escape(UNREADABLE)}</p>")
            else:
                body = to_html(piece.markdown) if piece.markdown else (
                    f'<p class="sl-journal-nothing">{escape(EMPTY_WORK)}</p>')
                parts.append(f'<div class="sl-journal-work">{body}</div>')
                if piece.svg:
                    parts.append(svg_html(piece.svg, piece.title))
            parts.append("</article>")
        parts.append("</section>")
    parts += ["</main>",
              f'<footer><p>Made from the course “{escape(COURSE_TITLE)}” on {escape(format_when(now, zone))}.</p>'
              "</footer>",
              "</body>", "</html>"]
    return "\n".join(p for p in parts if p) + "\n"


# ---------------------------------------------------------------- the download view

def download_links_html(html_text, markdown_zip):
    """Two download links carrying the documents as data: URIs (nothing leaves the page): the web page, and the
    .zip of the Markdown and its pictures (bytes)."""
    html_uri = "data:text/html;charset=utf-8;base64," + base64.b64encode(html_text.encode("utf-8")).decode("ascii")
    zip_uri = "data:application/zip;base64," + base64.b64encode(markdown_zip).decode("ascii")
    return ('<ul class="sl-journal-downloads">'
            f'<li><a class="sl-journal-download-html" download="{HTML_FILE_NAME}" href="{html_uri}">'
            "Download as a web page (HTML, printable)</a></li>"
            f'<li><a class="sl-journal-download-md" download="{ZIP_FILE_NAME}" href="{zip_uri}">'
            "Download as text with its pictures (Markdown, in a .zip file)</a></li></ul>")


def board_section(title, posts):
    """A small group's board as a journal section: `posts` is [(question, text, posted at)], in the order posted."""
    parts = []
    for question in dict.fromkeys(question for question, _text, _when in posts):
        parts.append(f"**{markdown_text(question)}**")
        parts.append("\n".join(f"- {markdown_text(' '.join(text.split()))}" for q, text, _when in posts
                               if q == question))
    piece = JournalPiece(key="group-board", title="Your group's board (everyone in the group wrote on it)",
                         updated_at=max((when for _q, _t, when in posts), default=None),
                         markdown="\n\n".join(parts) or "_Nothing posted yet._")
    return JournalSection(heading=title, anchor="group-board", pieces=(piece,))


def make_journal_links(saves_provider, modules, learner_label, now=None, learner=None, zone=None,
                       extra_sections=None):
    """(status HTML, links HTML) for the view; a failure becomes a friendly message. `extra_sections()` gives
    sections to add after the modules' (e.g. a small group's board)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    try:
        sections = journal_sections(saves_provider(), modules, learner)   # read once, written out twice
        sections += list(extra_sections() if extra_sections else [])
        document = html_document(sections, learner_label, now, zone)
        markdown = journal_zip(sections, learner_label, now, zone)
    except Exception as exc:  # noqa: BLE001 - a learner must never see a traceback
        log("the journal couldn't be made", exc)
        return (message_html("Your journal couldn't be made just now. Your saved work is safe; "
                             "try again in a moment, and tell your tutor if it keeps happening.", "warn"), "")
    status = message_html(f"Your journal is ready (made {format_when(now, zone)}). Download it below; "
                          "open the web page in your browser to read or print it.", "info", label="✓ Ready:")
    return status, download_links_html(document, markdown)


def journal_download_view(saves_provider, modules, learner_label, learner=None, extra_sections=None):
    """A 'Make my journal' button that builds the journal from the latest saves and offers it.
    `saves_provider()` returns {key: SavedWork or (data, updated_at)} at click time; pass the page's
    `learner` so lists come out in the order the learner saw them."""
    import ipywidgets as widgets

    intro = widgets.HTML(
        "<p>Your journal gathers everything you have saved in the course, module by module, "
        "as a web page you can print and as a Markdown text file with its pictures beside it (a .zip).</p>")
    button = widgets.Button(description="Make my journal", icon="book", button_style="primary",
                            tooltip="Make a journal of the work you have saved so far")
    button.add_class("sl-journal-make")
    status = widgets.HTML("")
    status.add_class("sl-journal-status")
    links = widgets.HTML("")
    links.add_class("sl-journal-links")
    # course.js puts the browser's time zone here (e.g. "Europe/London"), so times are the learner's own.
    zone_name = widgets.Text(value="", layout=widgets.Layout(display="none"))
    zone_name.add_class("sl-time-zone")

    def make(_button):
        button.disabled = True
        status.value = message_html("Making your journal…", "info")
        links.value = ""
        try:
            status.value, links.value = make_journal_links(saves_provider, modules, learner_label,
                                                           learner=learner, zone=learner_zone(zone_name.value),
                                                           extra_sections=extra_sections)
        finally:
            button.disabled = False

    button.on_click(make)
    box = widgets.VBox([intro, button, status, links, zone_name])
    box.add_class("sl-journal-download")
    return box
