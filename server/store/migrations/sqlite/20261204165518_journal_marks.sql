-- +goose Up
-- create "journal_marks" table
CREATE TABLE `journal_marks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `journal` text NOT NULL, `consumer` text NOT NULL, `segment` integer NOT NULL);
-- set sequence for "journal_marks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("journal_marks", 137438953472);
-- create index "journalmark_journal_consumer" to table: "journal_marks"
CREATE UNIQUE INDEX `journalmark_journal_consumer` ON `journal_marks` (`journal`, `consumer`);

-- +goose Down
-- reverse: create index "journalmark_journal_consumer" to table: "journal_marks"
DROP INDEX `journalmark_journal_consumer`;
-- reverse: set sequence for "journal_marks" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "journal_marks";
-- reverse: create "journal_marks" table
DROP TABLE `journal_marks`;
