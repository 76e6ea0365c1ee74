-- A schema-4 store as the course wrote it through SQLAlchemy (before 3 December 2026), dumped with sqlite3's iterdump:
-- tests/test_store.py checks that the store opens such a file unchanged.
BEGIN TRANSACTION;
CREATE TABLE sl_group_posts (
	id INTEGER NOT NULL,
	group_number INTEGER NOT NULL,
	learner_id VARCHAR(200) NOT NULL,
	question VARCHAR(100) NOT NULL,
	text TEXT NOT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(learner_id) REFERENCES sl_learners (id) ON DELETE CASCADE
);
INSERT INTO "sl_group_posts" VALUES(1,2,'room:a','q','post text','2026-12-03 13:56:04.429247');
CREATE TABLE sl_learner_names (
	learner_id VARCHAR(200) NOT NULL,
	display_name VARCHAR(200),
	group_number INTEGER,
	updated_at DATETIME NOT NULL,
	PRIMARY KEY (learner_id),
	FOREIGN KEY(learner_id) REFERENCES sl_learners (id) ON DELETE CASCADE
);
INSERT INTO "sl_learner_names" VALUES('room:a','Ann',2,'2026-12-03 13:56:04.395683');
CREATE TABLE sl_learners (
	id VARCHAR(200) NOT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (id)
);
INSERT INTO "sl_learners" VALUES('room:a','2026-12-03 13:56:04.134256');
INSERT INTO "sl_learners" VALUES('room:b','2026-12-03 13:56:04.135789');
CREATE TABLE sl_meta (
	name VARCHAR(64) NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (name)
);
INSERT INTO "sl_meta" VALUES('schema_version','4');
INSERT INTO "sl_meta" VALUES('created_at','2026-12-03T13:56:04.094572+00:00');
INSERT INTO "sl_meta" VALUES('group_count','3');
CREATE TABLE sl_progress (
	learner_id VARCHAR(200) NOT NULL,
	module_id VARCHAR(100) NOT NULL,
	first_opened_at DATETIME NOT NULL,
	last_opened_at DATETIME NOT NULL,
	done BOOLEAN NOT NULL,
	done_at DATETIME,
	version BIGINT DEFAULT '1' NOT NULL,
	PRIMARY KEY (learner_id, module_id),
	FOREIGN KEY(learner_id) REFERENCES sl_learners (id) ON DELETE CASCADE
);
INSERT INTO "sl_progress" VALUES('room:a','welcome','2026-12-03 13:56:04.343721','2026-12-03 13:56:04.343721',1,'2026-12-03 13:56:04.363106',1796306164363112);
CREATE TABLE sl_saves (
	learner_id VARCHAR(200) NOT NULL,
	exercise_key VARCHAR(200) NOT NULL,
	data TEXT NOT NULL,
	updated_at DATETIME NOT NULL,
	version BIGINT DEFAULT '1' NOT NULL,
	PRIMARY KEY (learner_id, exercise_key),
	FOREIGN KEY(learner_id) REFERENCES sl_learners (id) ON DELETE CASCADE
);
INSERT INTO "sl_saves" VALUES('room:a','reflection','{"text":"kept <b> é 😀"}','2026-12-03 13:56:04.156167',1796306164156173);
INSERT INTO "sl_saves" VALUES('room:a','reflection#set-aside-20261203T135604342362Z','{"text":"old2"}','2026-12-03 13:56:04.156167',1796306164156173);
CREATE TABLE sl_tutor_keys (
	key_hash VARCHAR(64) NOT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (key_hash)
);
INSERT INTO "sl_tutor_keys" VALUES('kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk','2026-12-03 13:56:04.395143');
CREATE INDEX ix_sl_group_posts_group_number ON sl_group_posts (group_number);
COMMIT;
