"""Small groups without a browser: the tutor sets groups, learners choose one (or are put in one), post on their
group's board and see each other's posts; the tutor sees every board; the board goes into each member's journal."""
import base64
import io
import zipfile

import pytest

from widgets.pages import groups, journal
from widgets.storage.learner import issue_learner
from widgets.storage.store import Store

QUESTIONS = groups.board_questions()


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite").open() as opened:
        yield opened


def board_for(store, learner):
    view = groups.GroupBoardView(store, learner, QUESTIONS)
    view.setup()
    return view


def test_the_questions_are_the_source_s_we_questions():
    assert QUESTIONS == ["What influence/connections do we have?", "What actions might we take?"]


def test_no_groups_no_board(store):
    assert groups.group_view(store, issue_learner(store)) is None


def test_members_see_each_other_s_posts_and_other_groups_don_t(store):
    store.set_group_count(3)
    ann, bob, cy = (issue_learner(store) for _ in range(3))
    boards = {learner: board_for(store, learner) for learner in (ann, bob, cy)}
    assert [label for label, _ in boards[ann].chooser.options] == ["Not chosen yet", "Group 1", "Group 2", "Group 3"]
    boards[ann].post()
    assert "Choose your group first" in boards[ann].message.value
    boards[ann].chooser.value = 2
    boards[bob].chooser.value = 2
    boards[cy].chooser.value = 3
    boards[ann].post()
    assert "Write your post first" in boards[ann].message.value
    boards[ann].question.value = QUESTIONS[1]
    boards[ann].text.value = "Pool the <b>winter</b> budget"
    boards[ann].post()
    assert boards[ann].text.value == "" and "Posted to group 2" in boards[ann].message.value
    assert "Pool the &lt;b&gt;winter&lt;/b&gt; budget <span class=\"sl-board-yours\">(yours)</span>" in (
        boards[ann].board.value)
    boards[bob].refresh()                                       # what the page's loop does every 2 seconds
    assert "Pool the &lt;b&gt;winter&lt;/b&gt; budget</li>" in boards[bob].board.value
    boards[cy].refresh()
    assert "winter" not in boards[cy].board.value
    boards[bob].text.value = "x" * 501
    boards[bob].post()
    assert "at most 500" in boards[bob].message.value and boards[bob].text.value == "x" * 501

    tutor_view = groups.TutorGroupsView(lambda: store, QUESTIONS)
    tutor_view.setup()
    assert "Group 1" in tutor_view.boards.value and "Group 3" in tutor_view.boards.value
    assert "Pool the &lt;b&gt;winter&lt;/b&gt; budget" in tutor_view.boards.value
    assert "(yours)" not in tutor_view.boards.value


def test_the_tutor_sets_the_groups_and_puts_a_named_learner_in_one(store):
    ann = issue_learner(store)
    store.set_learner_name(ann.id, display_name="Ann")
    view = groups.TutorGroupsView(lambda: store, QUESTIONS)
    view.setup()
    view.count.value = 4
    view.set_count()
    assert store.group_count() == 4 and "4 groups are set" in view.message.value
    view.learner.value = ann.id
    view.group.value = 3
    view.assign()
    assert groups.learner_group(store, ann.id) == 3
    assert board_for(store, ann).chooser.value == 3
    view.count.value = 2
    view.set_count()                                             # fewer groups: group 3 is no more
    assert groups.learner_group(store, ann.id) is None


def test_a_group_s_board_goes_into_each_member_s_journal(store):
    store.set_group_count(2)
    ann, bob, cy = (issue_learner(store) for _ in range(3))
    for learner, group in ((ann, 1), (bob, 1), (cy, 2)):
        store.set_learner_name(learner.id, group_number=group)
    store.add_group_post(1, ann.id, QUESTIONS[0], "We chair the *place* board")
    store.add_group_post(1, bob.id, QUESTIONS[1], "Share data")
    store.add_group_post(2, cy.id, QUESTIONS[1], "Other group's idea")
    for learner in (ann, bob):
        sections = groups.journal_group_sections(store, learner)
        _status, links = journal.make_journal_links(dict, [], "", extra_sections=lambda found=sections: found)
        archive = base64.b64decode(links.split("data:application/zip;base64,")[1].split('"')[0])
        markdown = zipfile.ZipFile(io.BytesIO(archive)).read("journal.md").decode()
        assert "Small group 1" in markdown and r"We chair the \*place\* board" in markdown and "Share data" in markdown
        assert "Other group's idea" not in markdown
    assert groups.journal_group_sections(store, issue_learner(store)) == []
