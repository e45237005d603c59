-- 007: 会议交办事项 — what a safety meeting assigned, to whom, by when (issue 12).
--
-- Versioned, append-only: every add, edit, close or reopen is a new row of
-- assignment_versions with who and when; nothing is updated or deleted. The view
-- `assignments` shows each assignment's latest version (highest version number). Two
-- analysts editing at once both get a version (numbers are taken inside the write
-- transaction); `based_on` records the version each editor saw, so a version whose
-- based_on is not the one before it was made without seeing that one.
--
-- kind 'hazard': done when the hazard is rectified (and verified, for a major);
-- kind 'figure': done when the assignee's named figure reaches the target (figure <= target);
-- kind 'free'  : done when an analyst closed it with a note.
-- Status is computed by the named query assignment_status, never stored.

CREATE SEQUENCE assignment_id_seq START 1;

CREATE TABLE assignment_versions (
    assignment_id  BIGINT NOT NULL,
    version        INTEGER NOT NULL,
    meeting_date   DATE NOT NULL,
    kind           VARCHAR NOT NULL,          -- 'hazard' | 'figure' | 'free'
    title          VARCHAR NOT NULL,          -- what was assigned, as written
    assignee_kind  VARCHAR NOT NULL,          -- 'town' | 'department'
    assignee       VARCHAR NOT NULL,
    due_date       DATE NOT NULL,
    hazard_key     VARCHAR,                   -- kind 'hazard'
    figure         VARCHAR,                   -- kind 'figure': 'overdue_major' | 'overdue' | 'open_major' | 'unverified_major'
    target         DOUBLE,                    -- kind 'figure': done when figure <= target
    closed         BOOLEAN NOT NULL,          -- kind 'free': closed by an analyst
    note           VARCHAR,
    action         VARCHAR NOT NULL,          -- 'add' | 'edit' | 'close' | 'reopen'
    based_on       INTEGER,                   -- the version the editor saw (NULL for 'add')
    changed_by     VARCHAR NOT NULL,
    changed_at     TIMESTAMP NOT NULL
);

CREATE VIEW assignments AS
SELECT * EXCLUDE (rn) FROM (
    SELECT v.*, row_number() OVER (PARTITION BY assignment_id ORDER BY version DESC) AS rn
    FROM assignment_versions v
) WHERE rn = 1;
