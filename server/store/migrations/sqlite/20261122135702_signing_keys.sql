-- +goose Up
-- create "signing_keys" table
CREATE TABLE `signing_keys` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kid` text NOT NULL, `secret` blob NOT NULL);
-- set sequence for "signing_keys" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("signing_keys", 73014444032);
-- create index "signing_keys_kid_key" to table: "signing_keys"
CREATE UNIQUE INDEX `signing_keys_kid_key` ON `signing_keys` (`kid`);

-- +goose Down
-- reverse: create index "signing_keys_kid_key" to table: "signing_keys"
DROP INDEX `signing_keys_kid_key`;
-- reverse: set sequence for "signing_keys" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "signing_keys";
-- reverse: create "signing_keys" table
DROP TABLE `signing_keys`;
