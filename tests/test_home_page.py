"""The home page's welcome and next step, and the personal link as the page shows it (no browser needed)."""
import re

from widgets.content.modules import load_modules
from widgets.pages.course import course_length
from widgets.pages.home_page import next_step_html, welcome_html
from widgets.pages.personal_link import personal_link_control_html, personal_link_html, qr_code_svg
from widgets.storage.learner import NOBODY, learner_for_token, personal_link

MODULES = load_modules()
TOKEN = "A" * 43
ENVIRON = {"SERVER_NAME": "192.168.1.20", "SERVER_PORT": "8866", "SCRIPT_NAME": "/voila/render/reflection.ipynb"}


def test_the_welcome_says_what_for_whom_how_long_and_how_work_is_kept():
    solo, room, hub = (welcome_html(MODULES, mode) for mode in ("solo", "room", "hub"))
    assert "public services" in solo and f"{len(MODULES)} short modules" in solo and course_length(MODULES) in solo
    assert "saved on this computer" in solo
    assert "personal link" in room and "any browser" in room
    assert "sign-in" in hub


def test_a_new_learner_is_offered_start_and_a_returning_one_continue_to_the_first_unfinished_module():
    new = next_step_html(MODULES, NOBODY, {})
    assert 'class="sl-button sl-begin" href="welcome.ipynb"' in new and "Start the course" in new
    statuses = {m.id: "not started" for m in MODULES}
    statuses.update({MODULES[0].id: "done", MODULES[1].id: "in progress", MODULES[2].id: "done"})
    returning = next_step_html(MODULES, learner_for_token(TOKEN), statuses)
    assert f'class="sl-button sl-continue" href="{MODULES[1].notebook}?learner={TOKEN}"' in returning
    assert "sl-begin" not in returning
    finished = next_step_html(MODULES, NOBODY, {m.id: "done" for m in MODULES})
    assert "finished every module" in finished and "sl-button" not in finished


def test_the_personal_link_is_the_home_page_in_full_wherever_it_is_shown():
    learner = learner_for_token(TOKEN)
    assert personal_link(ENVIRON, learner, "index.ipynb") == (
        f"http://192.168.1.20:8866/voila/render/index.ipynb?learner={TOKEN}")
    assert personal_link({**ENVIRON, "SERVER_PORT": "443", "SERVER_NAME": "course.example.org"}, learner,
                         "index.ipynb").startswith("https://course.example.org/voila/render/index.ipynb?")


def test_the_link_is_behind_a_disclosure_with_a_copy_button_and_a_qr_code_drawn_here():
    shown = personal_link_html(learner_for_token(TOKEN), ENVIRON, new=True, remember=False)
    before_details, _, inside = shown.partition("<details")
    assert TOKEN not in before_details                       # a shared screen shows no link by default
    assert "sl-copy-link" in before_details and "Show my personal link" in inside
    assert 'data-new="yes"' in shown and 'data-remember="no"' in shown and "shared computer" in shown
    assert "<svg" in inside
    svg = qr_code_svg("http://192.168.1.20:8866/")
    assert svg.startswith("<svg") and "href" not in svg and "url(" not in svg   # drawn inline, nothing fetched
    assert "<details open" not in shown
    control = personal_link_control_html(learner_for_token(TOKEN), ENVIRON)
    assert control.startswith('<details class="sl-link-control"><summary>Your personal link</summary>')
    assert "sl-this-device" not in control and "data-remember" not in control


def test_the_link_is_escaped():
    odd = {**ENVIRON, "SERVER_NAME": 'evil"><script>x</script>'}
    shown = personal_link_html(learner_for_token(TOKEN), odd)
    assert "<script>" not in shown and re.search(r'value="http://evil&quot;&gt;&lt;script&gt;', shown)
