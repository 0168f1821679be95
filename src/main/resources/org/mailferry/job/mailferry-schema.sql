-- mailferry's own tables in the job database (H2 and PostgreSQL), beside Spring Batch's.
-- TargetLedger: sync state of IMAP targets (restore, migrate). Rows are written in the chunk
-- transaction that commits the reader's cursor.
CREATE TABLE IF NOT EXISTS MF_TARGET_FOLDER (
    SCOPE               VARCHAR(100)  NOT NULL,  -- hash of the source and target store URIs
    SOURCE_FOLDER       VARCHAR(2000) NOT NULL,  -- JSON array of the source folder's segments
    TARGET_FOLDER       VARCHAR(2000) NOT NULL,  -- the folder's full name on the target
    SOURCE_UIDVALIDITY  BIGINT NOT NULL,
    LAST_SOURCE_UID     BIGINT NOT NULL,
    SOURCE_MODSEQ       BIGINT NOT NULL,
    TARGET_UIDVALIDITY  BIGINT NOT NULL,
    TARGET_UIDNEXT      BIGINT NOT NULL,
    PRIMARY KEY (SCOPE, SOURCE_FOLDER, TARGET_FOLDER)
);
CREATE TABLE IF NOT EXISTS MF_UID_MAP (
    SCOPE               VARCHAR(100)  NOT NULL,
    SOURCE_FOLDER       VARCHAR(2000) NOT NULL,
    TARGET_FOLDER       VARCHAR(2000) NOT NULL,
    SOURCE_UIDVALIDITY  BIGINT NOT NULL,
    SOURCE_UID          BIGINT NOT NULL,
    TARGET_UIDVALIDITY  BIGINT NOT NULL,
    TARGET_UID          BIGINT NOT NULL,
    PRIMARY KEY (SCOPE, SOURCE_FOLDER, TARGET_FOLDER, SOURCE_UIDVALIDITY, SOURCE_UID)
);
-- Messages of a source folder the target lacks: skipped (unreadable at the source, refused by the
-- target), with the last reason and how many runs tried; later runs send them again (3 tries).
CREATE TABLE IF NOT EXISTS MF_SKIPPED (
    SCOPE               VARCHAR(100)  NOT NULL,
    SOURCE_FOLDER       VARCHAR(2000) NOT NULL,
    TARGET_FOLDER       VARCHAR(2000) NOT NULL,
    SOURCE_UIDVALIDITY  BIGINT NOT NULL,
    SOURCE_UID          BIGINT NOT NULL,
    REASON              VARCHAR(2000) NOT NULL,
    ATTEMPTS            INTEGER NOT NULL,
    PRIMARY KEY (SCOPE, SOURCE_FOLDER, TARGET_FOLDER, SOURCE_UIDVALIDITY, SOURCE_UID)
);
-- The filter (--since, --before, --larger-than, --smaller-than; store.MessageRange as JSON) the
-- claim of a target folder is made under: every source message up to LAST_SOURCE_UID of
-- MF_TARGET_FOLDER that matches it was delivered. No row: no filter.
CREATE TABLE IF NOT EXISTS MF_TARGET_FILTER (
    SCOPE               VARCHAR(100)  NOT NULL,
    SOURCE_FOLDER       VARCHAR(2000) NOT NULL,
    TARGET_FOLDER       VARCHAR(2000) NOT NULL,
    SOURCE_UIDVALIDITY  BIGINT NOT NULL,
    FILTER              VARCHAR(2000) NOT NULL,
    PRIMARY KEY (SCOPE, SOURCE_FOLDER, TARGET_FOLDER, SOURCE_UIDVALIDITY)
);
-- Job leases (schedule.JobLeases): at most one process runs a job (named by its job file) at a
-- time, also across machines sharing the job database. A lease is held while EXPIRES, in the
-- database's own time, lies ahead; its holder renews it every 10 s while the run lasts and deletes
-- it at the end, so a crashed holder's lease runs out after 30 s (at once for a process of the
-- same host that is gone).
CREATE TABLE IF NOT EXISTS MF_JOB_LEASE (
    JOB_NAME   VARCHAR(100) NOT NULL PRIMARY KEY,
    OWNER      VARCHAR(300) NOT NULL,  -- the holding run: host, pid and a random id
    HOST       VARCHAR(255) NOT NULL,  -- host name of the holding process
    PID        BIGINT       NOT NULL,  -- its process id
    ACQUIRED   TIMESTAMP WITH TIME ZONE NOT NULL,
    EXPIRES    TIMESTAMP WITH TIME ZONE NOT NULL
);
-- The plan of each copy execution (run.CopyPlan as JSON, written by run.PlanCodec: secrets only as
-- references, commands left out), recorded when the execution starts; jobs show prints it.
CREATE TABLE IF NOT EXISTS MF_RUN_PLAN (
    JOB_EXECUTION_ID    BIGINT NOT NULL PRIMARY KEY,
    PLAN                VARCHAR(1000000) NOT NULL
);
-- Mailboxes a server told to back off (fleet.HostSlots): no worker connects to MAILBOX (user@host)
-- before UNTIL, in the database's time, so a partition retried on another worker waits too.
CREATE TABLE IF NOT EXISTS MF_MAILBOX_PAUSE (
    MAILBOX    VARCHAR(600) NOT NULL PRIMARY KEY,
    UNTIL      TIMESTAMP WITH TIME ZONE NOT NULL
);
-- Connection slots a fleet's workers share (fleet.HostSlots): a row is one open connection to
-- HOST, held by OWNER (a worker process and a counter) while EXPIRES, in the database's time, lies
-- ahead; the holder renews its rows every 10 s, so a killed worker's slots free after 30 s.
CREATE TABLE IF NOT EXISTS MF_HOST_SLOT (
    HOST       VARCHAR(255) NOT NULL,
    SLOT       INTEGER      NOT NULL,
    OWNER      VARCHAR(300) NOT NULL,
    EXPIRES    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (HOST, SLOT)
);
