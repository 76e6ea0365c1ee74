"""The room view's figures (widgets/storage/room.py) and the store's room tables, without a browser, on SQLite and
on PostgreSQL: anonymous aggregates only, nothing from fewer than 3 learners, shared answers only when shared."""
import datetime as dt

import pytest
from traitlets import TraitError

import test_store
from widgets.exercises.action_plan import ActionPlanState
from widgets.exercises.reflection import ReflectionState, load_prompts
from widgets.markup.escape import html_text
from widgets.pages import tutor as tutor_page
from widgets.storage import room
from widgets.storage.store import SCHEMA_VERSION, Store, UnknownLearner

location = test_store.location
CONTENT = room.load_room_content()


@pytest.fixture
def store(location):
    with Store(location).open() as opened:
        yield opened


def learners(store, count):
    ids = [f"room:{number:03d}" for number in range(count)]
    for learner in ids:
        store.register_learner(learner)
    return ids


def balcony_work(missed, checked):
    return {"answers": {}, "results": {item: item not in missed for item in checked}, "round_ids": list(checked),
            "round": 1, "attempts": 1, "round_scores": [[len(checked) - len(missed), len(checked)]],
            "missed_first": list(missed)}


def resave(store, learner, key, state):
    store.save(learner, key, state.to_dict(), store.load_saved(learner, key).version)


def snapshot(store):
    return room.room_snapshot(store, CONTENT)


def test_the_store_has_the_room_tables_at_schema_4(store):
    assert store.schema_version() == SCHEMA_VERSION == 4
    store.set_tutor_key("a" * 64)
    assert store.is_tutor_key("a" * 64) and not store.is_tutor_key("b" * 64)
    store.set_tutor_key("b" * 64)                                    # a new key: the old one stops working
    assert store.is_tutor_key("b" * 64) and not store.is_tutor_key("a" * 64)


def test_a_version_3_store_gains_the_room_tables_keeping_its_rows(location):
    from helpers import database
    from test_store import insert_rows
    from widgets.storage.store import create_tables

    when = dt.datetime(2026, 3, 4, tzinfo=dt.timezone.utc)
    with database(location) as conn:
        create_tables(conn, schema_version=3)
        insert_rows(conn, "sl_meta", [{"name": "schema_version", "value": "3"}])
        insert_rows(conn, "sl_learners", [{"id": "room:abc", "created_at": when}])
        insert_rows(conn, "sl_saves", [{"learner_id": "room:abc", "exercise_key": "action-plan", "data": "{}",
                                        "updated_at": when, "version": 7}])
    with Store(location).open() as migrated:
        assert migrated.schema_version() == 4
        assert migrated.load_saved("room:abc", "action-plan").version == 7
        migrated.set_learner_name("room:abc", display_name="Sam")
        assert migrated.learner_names() == {"room:abc": ("Sam", None)}
        assert migrated.add_group_post(1, "room:abc", "we-influence", "We chair the board") > 0


def test_nothing_is_shown_from_fewer_than_3_learners(store):
    ids = learners(store, 2)
    for learner in ids:
        store.record_visit(learner, "ways-of")
        store.save(learner, "action-plan", {"actions": [{"level": "system", "text": "x", "who": "", "by_when": ""}],
                                            "shared": ["actions"]})
    seen = snapshot(store)
    assert seen.started == 2 and not seen.enough
    assert seen.per_module is None and seen.actions is None and seen.shared == []
    html = tutor_page.room_html(seen)
    assert "Waiting for the room" in html and "x</li>" not in html


def test_where_the_room_is_counts_each_learner_at_their_last_module_hiding_small_counts(store):
    ids = learners(store, 5)
    for learner in ids:
        store.record_visit(learner, "context")
    for learner in ids[:3]:
        store.record_visit(learner, "ways-of")           # three move on; two stay at context
    seen = snapshot(store)
    table = seen.per_module.set_index("module")["learners"]
    titles = {m.id: m.title for m in CONTENT.modules}
    assert table[titles["ways-of"]] == 3
    assert table[titles["context"]] is None               # 2: fewer than 3, not shown
    assert table[titles["welcome"]] == 0
    assert "fewer than 3" in tutor_page.modules_html(seen.per_module)


def test_the_hardest_balcony_items_come_from_the_first_check(store):
    items = [item.id for item in CONTENT.balcony_items]
    ids = learners(store, 4)
    hard, easy = items[0], items[1]
    for number, learner in enumerate(ids):
        store.save(learner, "balcony-sorter", balcony_work([hard] if number < 3 else [], items[:3]))
    table = snapshot(store).balcony
    assert table.iloc[0]["item"] == hard and table.iloc[0]["missed"] == 3 and table.iloc[0]["learners"] == 4
    assert table.set_index("item").loc[easy, "missed"] == 0
    assert set(table["item"]) <= set(items[:3])            # an item nobody checked isn't listed


def test_the_most_missed_questions_are_graded_from_the_data(store):
    question = CONTENT.questions[0]
    right = question.correct_numbers()
    wrong = [n for n in range(1, len(question.options) + 1) if n not in right][:1]
    ids = learners(store, 3)
    key = f"knowledge-check:{question.module}"
    store.save(ids[0], key, {"selections": {}, "attempts": {question.id: [wrong, right]}, "results": {}})
    store.save(ids[1], key, {"selections": {}, "attempts": {question.id: [wrong]}, "results": {}})
    store.save(ids[2], key, {"selections": {}, "attempts": {question.id: [right]}, "results": {}})
    table = snapshot(store).questions
    assert list(table["question"]) == [question.id]
    assert table.iloc[0]["missed"] == 2 and table.iloc[0]["learners"] == 3
    assert html_text(question.text) in tutor_page.missed_html(table, "t", "c", "x", "first time")


def test_the_ways_profile_shows_the_spread_not_only_the_mean(store):
    first, second = CONTENT.ways[0], CONTENT.ways[1]
    ids = learners(store, 4)
    for score, learner in zip((1, 2, 4, 5), ids):
        store.save(learner, "self-assessment", {"ratings": {q: score for q in first.qualities}, "reflections": {}})
    store.save(ids[0], "self-assessment", {"ratings": {**{q: 1 for q in first.qualities},
                                                       **{q: 5 for q in second.qualities}}, "reflections": {}},
               store.load_saved(ids[0], "self-assessment").version)
    table = snapshot(store).ways.set_index("way")
    assert table.loc[first.number, "learners"] == 4
    assert table.loc[first.number, "mean"] == 3 and table.loc[first.number, "min"] == 1
    assert table.loc[first.number, "max"] == 5 and table.loc[first.number, "median"] == 3
    assert table.loc[first.number, "lower"] == 1.75 and table.loc[first.number, "upper"] == 4.25
    assert table.loc[second.number, "learners"] == 1 and table.loc[second.number, "mean"] is None
    html = tutor_page.ways_html(snapshot(store).ways)
    assert "<svg" in html and "fewer than 3 learners" in html


def test_action_plans_are_counted_by_level(store):
    ids = learners(store, 3)
    for learner in ids:
        store.save(learner, "action-plan", {"actions": [
            {"level": "individual", "text": "a", "who": "", "by_when": ""},
            {"level": "system", "text": "b", "who": "", "by_when": ""}]})
    table = snapshot(store).actions.set_index("level")
    assert table.loc["individual", "actions"] == 3 and table.loc["system", "learners"] == 3
    assert table.loc["organisation", "actions"] == 0


def test_only_shared_answers_reach_the_room_escaped_and_unticking_removes_them(store):
    ids = learners(store, 3)
    prompts = load_prompts("reflection")
    state = ReflectionState("reflection", prompts)
    state.set_answer("influence-and-connections", "<script>alert(1)</script> We sit on the ICB board")
    state.set_answer("develop-and-promote", "private thoughts")
    state.add_issue("Delayed discharges")
    state.set_shared("influence-and-connections", True)
    store.save(ids[0], "reflection:reflection", state.to_dict())
    plan = ActionPlanState()
    plan.add_action("system", "Convene the partners", who="me")
    store.save(ids[1], "action-plan", plan.to_dict())                 # not shared
    store.record_visit(ids[2], "welcome")
    seen = snapshot(store)
    texts = [post.text for post in seen.shared]
    assert texts == ["<script>alert(1)</script> We sit on the ICB board"]
    html = tutor_page.room_html(seen)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; We sit" in html and "<script>" not in html
    assert "private thoughts" not in html and "Delayed discharges" not in html and "Convene" not in html
    state.set_shared("wicked-issues", True)
    plan.set_shared("actions", True)
    store.save(ids[1], "action-plan", plan.to_dict(), store.load_saved(ids[1], "action-plan").version)
    resave(store, ids[0], "reflection:reflection", state)
    texts = [post.text for post in snapshot(store).shared]
    assert "Delayed discharges" in texts and "Convene the partners" in texts
    state.set_shared("influence-and-connections", False)
    resave(store, ids[0], "reflection:reflection", state)
    assert not [post for post in snapshot(store).shared if "ICB" in post.text]


def test_only_the_room_prompts_can_be_shared():
    state = ReflectionState("reflection", load_prompts("reflection"))
    assert set(state.shareable_parts()) == {"wicked-issues", "influence-and-connections"}
    with pytest.raises(TraitError, match="no part 'develop-and-promote'"):
        state.set_shared("develop-and-promote", True)
    restored = ReflectionState("reflection", load_prompts("reflection"))
    restored.restore({"answers": {}, "issues": []})                  # work saved before sharing existed
    assert restored.shared == []


def test_the_exports_hold_the_aggregates_and_shared_answers(store):
    ids = learners(store, 3)
    plan = ActionPlanState()
    plan.add_action("organisation", 'Ask "why" at the board, then <b>listen</b>')
    plan.set_shared("actions", True)
    for learner in ids:
        store.save(learner, "action-plan", plan.to_dict())
    seen = snapshot(store)
    tables = tutor_page.export_tables(seen)
    assert {"room-summary.csv", "room-modules.csv", "room-actions-by-level.csv", "room-shared.csv"} <= set(tables)
    shared_csv = tables["room-shared.csv"].to_csv(index=False)
    assert shared_csv.count('Ask ""why"" at the board, then <b>listen</b>') == 3
    page = tutor_page.printable_page(seen, dt.datetime(2026, 12, 3, 15, 0))
    assert "&lt;b&gt;listen&lt;/b&gt;" in page and "<b>listen" not in page and "3 December 2026" in page
    links = tutor_page.export_links_html(seen, dt.datetime(2026, 12, 3, 15, 0))
    assert links.count("data:text/csv") == len(tables) and 'download="room.html"' in links


def test_a_learner_is_moved_to_a_new_link_with_all_their_work(store):
    old, other = learners(store, 2)
    store.save(old, "action-plan", {"actions": []})
    store.record_visit(old, "context")
    store.set_learner_name(old, display_name="Priya", group_number=2)
    store.add_group_post(2, old, "we-actions", "Pool budgets")
    store.reissue_learner(old, "room:new")
    assert not store.is_registered(old) and store.is_registered("room:new")
    assert store.load("room:new", "action-plan") == {"actions": []} and "context" in store.progress("room:new")
    assert store.learner_names()["room:new"] == ("Priya", 2)
    assert store.group_board(2)[0][2] == "room:new"
    with pytest.raises(UnknownLearner):
        store.reissue_learner(old, "room:again")
    store.delete_learner_work("room:new", forget=True)
    assert store.group_board() == [] and store.learner_names() == {}
