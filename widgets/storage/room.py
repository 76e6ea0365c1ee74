"""The room's work as the tutor's room view shows it: anonymous aggregates, computed with pandas from the store.

Nothing here names a learner or keeps their id: every figure counts learners, and a figure drawn from fewer than
MIN_LEARNERS learners is left out (None), so nobody can be singled out. Shared answers are only those a learner
ticked "Share with the room (without my name)" for, and only once MIN_LEARNERS learners have started.
Items, questions and ways are read from data/ through the loaders, so the view follows the content.
"""
import random
from dataclasses import dataclass, field

MIN_LEARNERS = 3
TOP = 5                                  # hardest items and most missed questions shown
BALCONY_KEY = "balcony-sorter"
SELF_ASSESSMENT_KEY = "self-assessment"
ACTION_PLAN_KEY = "action-plan"
KNOWLEDGE_PREFIX = "knowledge-check:"
REFLECTION_PREFIX = "reflection:"
LEVELS = ("individual", "organisation", "system")
ACTION_HEADINGS = {"individual": "Actions: individually", "organisation": "Actions: in their organisation or area",
                   "system": "Actions: in their system"}


@dataclass(frozen=True)
class RoomContent:
    """What the aggregates are about, from data/: modules, balcony items, questions, ways, prompts."""
    modules: list
    balcony_items: list
    questions: list
    ways: list
    prompts: dict          # prompt id -> prompt text, for every reflection set
    list_prompts: frozenset = frozenset()   # ids of the prompts answered by a list (the wicked issues)


def load_room_content(data_dir=None):
    from ..content import load_table
    from ..content.modules import load_modules
    from ..exercises.balcony import load_items
    from ..exercises.knowledge_check import load_questions
    from ..exercises.self_assessment import load_ways

    rows = load_table("reflection_prompts.csv", data_dir)
    return RoomContent(load_modules(data_dir), load_items(data_dir), load_questions(data_dir), load_ways(data_dir),
                       {row["id"]: row["prompt"] for row in rows},
                       frozenset(row["id"] for row in rows if row["kind"] == "issues"))


@dataclass(frozen=True)
class SharedPost:
    what: str              # the question it answers, or the action plan's level
    text: str


@dataclass
class RoomSnapshot:
    """What the room view shows; each table is None when fewer than MIN_LEARNERS learners stand behind it."""
    registered: int
    started: int
    per_module: object = None      # DataFrame: module number, title, learners (None in a cell: fewer than 3)
    balcony: object = None         # DataFrame: item, learners, missed, share missed
    questions: object = None       # DataFrame: question, learners, missed first time, share missed
    ways: object = None            # DataFrame per way: learners, mean, min, lower quartile, median, upper, max
    actions: object = None         # DataFrame per level: actions, learners with any
    shared: list = field(default_factory=list)

    @property
    def enough(self):
        return self.started >= MIN_LEARNERS


def _frame(rows, columns):
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


def learners_per_module(progress, content):
    """Where the room is: each learner counted at the module they opened last; counts under 3 are None."""
    import pandas as pd

    frame = _frame(progress, ["learner", "module", "last_opened", "done"])
    counts = {}
    if not frame.empty:
        latest = frame.sort_values("last_opened").groupby("learner").tail(1)
        counts = latest["module"].value_counts().to_dict()
    rows = [(m.number, m.title, counts.get(m.id, 0)) for m in content.modules]
    table = pd.DataFrame(rows, columns=["number", "module", "learners"]).astype({"learners": "object"})
    table.loc[(table["learners"] > 0) & (table["learners"] < MIN_LEARNERS), "learners"] = None
    return table


def hardest_balcony_items(saves, content):
    """The balcony/dance-floor items most often missed at the first check, among items 3+ learners checked."""
    items = {item.id: item for item in content.balcony_items}
    rows = []
    for _learner, key, data in saves:
        if key != BALCONY_KEY or not isinstance(data, dict) or not data.get("round_scores"):
            continue
        missed = set(data.get("missed_first") or [])
        checked = set((data.get("results") or {})) | missed
        rows += [(item_id, item_id in missed) for item_id in checked if item_id in items]
    frame = _frame(rows, ["item", "missed"])
    if frame.empty:
        return None
    table = frame.groupby("item").agg(learners=("missed", "size"), missed=("missed", "sum")).reset_index()
    table = table[table["learners"] >= MIN_LEARNERS]
    if table.empty:
        return None
    table["share"] = table["missed"] / table["learners"]
    table["text"] = table["item"].map(lambda item_id: items[item_id].text)
    table["answer"] = table["item"].map(lambda item_id: items[item_id].answer)
    return table.sort_values(["share", "learners"], ascending=False).head(TOP).reset_index(drop=True)


def most_missed_questions(saves, content):
    """The knowledge-check questions most often wrong at the first attempt, among those 3+ learners checked."""
    questions = {q.id: q for q in content.questions}
    rows = []
    for _learner, key, data in saves:
        if not key.startswith(KNOWLEDGE_PREFIX) or not isinstance(data, dict):
            continue
        for question_id, tries in (data.get("attempts") or {}).items():
            if question_id in questions and isinstance(tries, list) and tries and isinstance(tries[0], list):
                first_right = sorted(tries[0]) == questions[question_id].correct_numbers()
                rows.append((question_id, not first_right))
    frame = _frame(rows, ["question", "missed"])
    if frame.empty:
        return None
    table = frame.groupby("question").agg(learners=("missed", "size"), missed=("missed", "sum")).reset_index()
    table = table[table["learners"] >= MIN_LEARNERS]
    if table.empty:
        return None
    table["share"] = table["missed"] / table["learners"]
    table["text"] = table["question"].map(lambda question_id: questions[question_id].text)
    return table.sort_values(["share", "learners"], ascending=False).head(TOP).reset_index(drop=True)


def ways_profile(saves, content):
    """The room's six 'ways of': each learner's score for a way (the mean of their rated qualities), then the
    spread of those scores across learners; a way rated by fewer than 3 learners has no figures."""
    import pandas as pd

    rows = []
    for learner, key, data in saves:
        if key != SELF_ASSESSMENT_KEY or not isinstance(data, dict):
            continue
        ratings = data.get("ratings") or {}
        for way in content.ways:
            scores = [ratings[q] for q in way.qualities
                      if isinstance(ratings.get(q), int) and not isinstance(ratings.get(q), bool)]
            if scores:
                rows.append((learner, way.number, sum(scores) / len(scores)))
    frame = _frame(rows, ["learner", "way", "score"])
    table = pd.DataFrame({"way": [w.number for w in content.ways], "name": [w.name for w in content.ways]})
    stats = frame.groupby("way")["score"].describe() if not frame.empty else pd.DataFrame()
    for column, source in (("learners", "count"), ("mean", "mean"), ("min", "min"), ("lower", "25%"),
                           ("median", "50%"), ("upper", "75%"), ("max", "max")):
        table[column] = table["way"].map(stats[source]) if source in stats else None
    table["learners"] = table["learners"].fillna(0).astype(int)
    thin = table["learners"] < MIN_LEARNERS
    figures = ["mean", "min", "lower", "median", "upper", "max"]
    table[figures] = table[figures].astype(object).where(~thin, None, axis=0)  # None, never NaN: "not shown"
    return None if thin.all() else table


def action_levels(saves):
    """How many actions the room's plans hold at each level, and how many learners have any there."""
    rows = []
    for learner, key, data in saves:
        if key != ACTION_PLAN_KEY or not isinstance(data, dict):
            continue
        for action in data.get("actions") or []:
            if isinstance(action, dict) and action.get("level") in LEVELS:
                rows.append((learner, action["level"]))
    frame = _frame(rows, ["learner", "level"])
    if frame["learner"].nunique() < MIN_LEARNERS:
        return None
    table = frame.groupby("level").agg(actions=("learner", "size"), learners=("learner", "nunique"))
    return table.reindex(list(LEVELS), fill_value=0).reset_index()


def shared_posts(saves, content, seed=0):
    """Every answer a learner chose to share with the room, without anything that says whose; in a shuffled
    order, so the order can't tell who wrote what."""
    posts = []
    for _learner, key, data in saves:
        if not isinstance(data, dict):
            continue
        shared = set(data.get("shared") or [])
        if not shared:
            continue
        if key.startswith(REFLECTION_PREFIX):
            for prompt_id, text in (data.get("answers") or {}).items():
                if prompt_id in shared and isinstance(text, str) and text.strip():
                    posts.append(SharedPost(content.prompts.get(prompt_id, prompt_id), text))
            for prompt_id in sorted(shared & content.list_prompts):
                for issue in data.get("issues") or []:      # the list prompt: each issue on its own
                    if isinstance(issue, dict) and str(issue.get("text", "")).strip():
                        posts.append(SharedPost(content.prompts[prompt_id], issue["text"]))
        elif key == ACTION_PLAN_KEY and "actions" in shared:
            for action in data.get("actions") or []:
                if isinstance(action, dict) and str(action.get("text", "")).strip():
                    posts.append(SharedPost(ACTION_HEADINGS.get(action.get("level"), "Actions"), action["text"]))
    posts.sort(key=lambda post: (post.what, post.text))
    random.Random(seed).shuffle(posts)
    posts.sort(key=lambda post: post.what)          # grouped by question, shuffled within
    return posts


def room_snapshot(store, content):
    """Everything the room view shows, read afresh from the store."""
    progress = store.room_progress()
    saves = store.room_saves(keys=(BALCONY_KEY, SELF_ASSESSMENT_KEY, ACTION_PLAN_KEY),
                             prefixes=(KNOWLEDGE_PREFIX, REFLECTION_PREFIX))
    registered = len(store.room_learners())
    started = len({row[0] for row in progress} | {row[0] for row in saves})
    snapshot = RoomSnapshot(registered=registered, started=started)
    if not snapshot.enough:
        return snapshot
    snapshot.per_module = learners_per_module(progress, content)
    snapshot.balcony = hardest_balcony_items(saves, content)
    snapshot.questions = most_missed_questions(saves, content)
    snapshot.ways = ways_profile(saves, content)
    snapshot.actions = action_levels(saves)
    snapshot.shared = shared_posts(saves, content)
    return snapshot
