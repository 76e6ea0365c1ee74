"""A damaged SQLite store in a room: what can still be read is salvaged into the fresh store, learners and
the tutor are told in words, and pages that were open on the damaged file stop saving and say why."""
import sqlite3
from contextlib import closing

import test_progress
from test_progress import MODULES, plain, status_of
from widgets.pages import course, home_page
from widgets.storage.learner import KNOWN, Learner, identify, issue_learner, token_hash
from widgets.storage.store import Store

PAGE = 4096
GARBAGE = b"\xde\xad\xbe\xef" * (PAGE // 4)
MODULE_IDS = [module.id for module in MODULES]
shown, fake = test_progress.shown, test_progress.fake     # fixtures: what a page displays; a reachable exercise


def answer(token, number):
    return {"text": f"{token[:10]} answer {number}: " + "words " * 60}


def room_store(path, learners=30, saves_each=6, visits_each=5, idle_learners=0):
    """A room's store with several learners, saves and progress, everything in the main file (no -wal).
    Returns the learners' tokens (those with work first)."""
    tokens = []
    with Store(path).open() as store:
        for _ in range(learners + idle_learners):
            tokens.append(issue_learner(store).token)
        for number in range(saves_each):
            for token in tokens[:learners]:
                store.save(f"room:{token_hash(token)}", f"exercise-{number}", answer(token, number))
        for module_id in MODULE_IDS[:visits_each]:
            for token in tokens[:learners]:
                store.record_visit(f"room:{token_hash(token)}", module_id)
    with closing(sqlite3.connect(path)) as raw:   # closed now: an open one keeps the -wal file
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return tokens


def leaf_pages(path, table):
    """[(page number, rows on it)] of a table's leaf pages, in file order."""
    with closing(sqlite3.connect(path)) as raw:
        return raw.execute("SELECT pageno, ncell FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
                           (table,)).fetchall()


def all_pages(path, name):
    with closing(sqlite3.connect(path)) as raw:
        return [row[0] for row in raw.execute("SELECT pageno FROM dbstat WHERE name = ?", (name,))]


def trash(path, page_numbers):
    """Write garbage over whole pages of the file, as a failing disk might."""
    with open(path, "r+b") as handle:
        for number in page_numbers:
            handle.seek((number - 1) * PAGE)
            handle.write(GARBAGE)


def rows(path, query):
    with closing(sqlite3.connect(path)) as raw:
        return raw.execute(query).fetchall()


def in_room(token):
    return {"SL_MODE": "room", "QUERY_STRING": f"learner={token}"}


# ------------------------------------------------------------------ salvage

def test_damaged_pages_are_salvaged_row_by_row_and_counted(tmp_path, capfd):
    path = tmp_path / "store.sqlite"
    tokens = room_store(path)
    saves_before = rows(path, "SELECT learner_id, exercise_key, data, version FROM sl_saves")
    progress_before = rows(path, "SELECT learner_id, module_id FROM sl_progress")
    save_leaves, progress_leaves = leaf_pages(path, "sl_saves"), leaf_pages(path, "sl_progress")
    assert len(save_leaves) >= 12 and len(progress_leaves) >= 3
    # Pages in the middle, so a plain SELECT fails part-way and reading must go on past them.
    damaged = [save_leaves[3], save_leaves[4], save_leaves[9], progress_leaves[1]]
    trash(path, [page for page, _ in damaged])
    lost_saves = sum(cells for _, cells in damaged[:3])
    lost_progress = damaged[3][1]
    capfd.readouterr()

    with Store(path).open() as store:
        assert store.notice and "Everything that could still be read" in store.notice
        saves_after = store._read(lambda conn: conn.all(
            "SELECT learner_id, exercise_key, data, version FROM sl_saves"))
        progress_count = store._read(lambda conn: conn.scalar("SELECT count(*) FROM sl_progress"))
        for token in tokens:                                     # every registered room learner stays recognised
            assert identify(store, in_room(token)).status == KNOWN
        recovery = store.recent_recovery()
        assert recovery.recovered > 0 and not recovery.complete
    assert len(saves_after) == len(saves_before) - lost_saves
    assert {tuple(row) for row in saves_after} <= set(saves_before)          # exactly as they were
    assert progress_count == len(progress_before) - lost_progress
    log = capfd.readouterr().err
    expected = (f"recovered {len(tokens)} learners, {len(saves_after)} saves, {progress_count} progress rows "
                f"and 0 settings")
    assert expected in log and f"{lost_saves} saves, {lost_progress} progress rows unreadable" in log
    print(f"\nsalvaged from {len(damaged)} damaged pages: {len(tokens)} of {len(tokens)} learners, "
          f"{len(saves_after)} of {len(saves_before)} saves, {progress_count} of {len(progress_before)} "
          f"progress rows; {lost_saves} saves and {lost_progress} progress rows unreadable")
    aside = [p for p in tmp_path.glob("store.sqlite.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and not list(tmp_path.glob(".salvage-*"))          # the scratch copy is gone


def test_a_damaged_register_is_rebuilt_from_its_index_and_the_saves(tmp_path):
    path = tmp_path / "store.sqlite"
    tokens = room_store(path, learners=8, saves_each=2, visits_each=1, idle_learners=4)
    trash(path, all_pages(path, "sl_learners"))                  # the register's own pages, not its index
    with Store(path).open() as store:
        assert store.notice
        for token in tokens:                                     # idle learners too: their links still work
            assert identify(store, in_room(token)).status == KNOWN


def test_the_damaged_file_is_kept_byte_for_byte(tmp_path):
    path = tmp_path / "store.sqlite"
    room_store(path, learners=10, saves_each=3)
    trash(path, [leaf_pages(path, "sl_saves")[1][0]])
    damaged = path.read_bytes()
    with Store(path).open() as store:
        assert store.notice
    aside = [p for p in tmp_path.glob("store.sqlite.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert aside[0].read_bytes() == damaged


def test_learners_and_the_home_page_are_told_what_happened(tmp_path, monkeypatch, shown):
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("SL_STORE", str(path))
    monkeypatch.setenv("SL_MODE", "room")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    tokens = room_store(path, learners=10, saves_each=3)
    trash(path, [leaf_pages(path, "sl_saves")[1][0]])
    monkeypatch.setenv("QUERY_STRING", f"learner={tokens[0]}")
    home_page.home()                                              # the page that finds the damage
    first = plain(shown[0].data)
    assert "was found damaged" in first and "Everything that could still be read has been copied" in first
    assert "some work saved before now may be missing" in first
    shown.clear()
    home_page.home()                                              # the next learner's home page, later
    later = plain(shown[0].data)
    assert "was found damaged. Everything that could still be read was copied into a fresh store" in later
    shown.clear()
    monkeypatch.setenv("QUERY_STRING", "learner=" + "x" * 43)     # a link whose record may have been lost
    home_page.home()
    text = plain("".join(getattr(item, "data", "") for item in shown))
    assert "This link isn't recognised" in text and "not everything in it could be recovered" in text


# ------------------------------------------------------------------ pages open on the damaged file

def open_reflection(store, fake, shown, learner):
    course.Page(course.find_module("reflection", MODULES), MODULES, learner, store).show("reflection")
    return fake.states[-1], status_of(shown)


def test_an_open_page_whose_store_was_moved_aside_stops_saving_and_says_so(tmp_path, fake, shown):
    path = tmp_path / "store.sqlite"
    tokens = room_store(path, learners=10, saves_each=3)
    learner = Learner(f"room:{token_hash(tokens[0])}", f"learner={tokens[0]}", tokens[0])
    with Store(path).open() as open_page_store:
        state, status = open_reflection(open_page_store, fake, shown, learner)
        state.text = "before the damage"
        assert "Saved " in status.value
        with closing(sqlite3.connect(path)) as raw:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        trash(path, [leaf_pages(path, "sl_saves")[1][0]])
        with Store(path).open() as next_page_store:               # the next page to open moves it aside
            assert next_page_store.notice
        state.text = "AFTER-THE-MOVE"
        assert 'class="sl-save-bad sl-save-stopped"' in status.value
        assert "Saving stopped" in plain(status.value) and "replaced while this page was open" in plain(status.value)
        assert "reload the page" in plain(status.value) and "Saved" not in status.value
        state.text = "AFTER-THE-MOVE, typed on"                   # no more tries
        assert state.text == "AFTER-THE-MOVE, typed on"
    with Store(path).open() as fresh:
        assert "AFTER-THE-MOVE" not in str(fresh.load(learner.id, "reflection"))


def test_an_open_page_whose_store_is_corrupt_stops_saving_and_says_so(tmp_path, fake, shown):
    path = tmp_path / "store.sqlite"
    room_store(path, learners=1, saves_each=0, visits_each=0)
    with Store(path).open() as store:
        store.register_learner("solo")
        for number in range(60):
            store.save("solo", f"other-{number}", {"text": "words " * 100})
        state, status = open_reflection(store, fake, shown, Learner("solo", ""))
        state.text = "before the damage"
        assert "Saved " in status.value
        store.drop_connections()                                  # closed, so the damage is read afresh
        trash(path, all_pages(path, "sl_saves") + all_pages(path, "sqlite_autoindex_sl_saves_1"))
        state.text = "written on a damaged file"
        assert "sl-save-stopped" in status.value and "is damaged" in plain(status.value)
        assert "Saved" not in status.value
