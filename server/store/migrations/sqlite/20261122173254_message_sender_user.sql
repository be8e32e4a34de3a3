-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- forget users deleted while the column had no foreign key (hand-written)
UPDATE `messages` SET `sender_user_id` = NULL WHERE `sender_user_id` NOT IN (SELECT `id` FROM `users`);
-- create "new_messages" table
CREATE TABLE `new_messages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `direction` text NOT NULL, `subject` text NOT NULL, `body` text NOT NULL, `state` text NOT NULL DEFAULT ('SENT'), `tenant_id` integer NOT NULL, `sender_account_id` integer NULL, `sender_user_id` integer NULL, `reply_to_id` integer NULL, CONSTRAINT `messages_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `messages_accounts_sender_account` FOREIGN KEY (`sender_account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `messages_users_sender_user` FOREIGN KEY (`sender_user_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `messages_messages_replies` FOREIGN KEY (`reply_to_id`) REFERENCES `messages` (`id`) ON DELETE SET NULL);
-- set sequence for "new_messages" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_messages", 115964116992);
-- copy rows from old table "messages" to new temporary table "new_messages"
INSERT INTO `new_messages` (`id`, `created_at`, `updated_at`, `direction`, `subject`, `body`, `state`, `tenant_id`, `sender_account_id`, `sender_user_id`, `reply_to_id`) SELECT `id`, `created_at`, `updated_at`, `direction`, `subject`, `body`, `state`, `tenant_id`, `sender_account_id`, `sender_user_id`, `reply_to_id` FROM `messages`;
-- drop "messages" table after copying rows
DROP TABLE `messages`;
-- rename temporary table "new_messages" to "messages"
ALTER TABLE `new_messages` RENAME TO `messages`;
-- create index "message_tenant_id" to table: "messages"
CREATE INDEX `message_tenant_id` ON `messages` (`tenant_id`);
-- create index "message_tenant_id_direction_created_at" to table: "messages"
CREATE INDEX `message_tenant_id_direction_created_at` ON `messages` (`tenant_id`, `direction`, `created_at`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "message_tenant_id_direction_created_at" to table: "messages"
DROP INDEX `message_tenant_id_direction_created_at`;
-- reverse: create index "message_tenant_id" to table: "messages"
DROP INDEX `message_tenant_id`;
-- reverse: set sequence for "new_messages" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_messages";
-- reverse: create "new_messages" table
DROP TABLE `new_messages`;
