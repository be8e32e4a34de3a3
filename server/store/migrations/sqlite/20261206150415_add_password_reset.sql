-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_users" table
CREATE TABLE `new_users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `username` text NOT NULL, `email` text NOT NULL, `first_name` text NULL, `last_name` text NULL, `role` text NOT NULL DEFAULT ('MEMBER'), `state` text NOT NULL DEFAULT ('ACTIVE'), `password_hash` text NULL, `last_login_at` datetime NULL, `extra_fields` json NULL, `sections` json NULL, `product_ids` json NULL, `all_products` bool NOT NULL DEFAULT (true), `signup_type` text NOT NULL DEFAULT ('CREATED_BY_ADMIN'), `password_reset_digest` text NULL, `password_reset_expires_at` datetime NULL, `account_id` integer NULL, `tenant_id` integer NOT NULL, CONSTRAINT `users_accounts_users` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `users_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "new_users" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_users", 68719476736);
-- copy rows from old table "users" to new temporary table "new_users"
INSERT INTO `new_users` (`id`, `created_at`, `updated_at`, `username`, `email`, `first_name`, `last_name`, `role`, `state`, `password_hash`, `last_login_at`, `extra_fields`, `sections`, `product_ids`, `all_products`, `signup_type`, `account_id`, `tenant_id`) SELECT `id`, `created_at`, `updated_at`, `username`, `email`, `first_name`, `last_name`, `role`, `state`, `password_hash`, `last_login_at`, `extra_fields`, `sections`, `product_ids`, `all_products`, `signup_type`, `account_id`, `tenant_id` FROM `users`;
-- drop "users" table after copying rows
DROP TABLE `users`;
-- rename temporary table "new_users" to "users"
ALTER TABLE `new_users` RENAME TO `users`;
-- create index "user_tenant_id" to table: "users"
CREATE INDEX `user_tenant_id` ON `users` (`tenant_id`);
-- create index "user_tenant_id_username" to table: "users"
CREATE UNIQUE INDEX `user_tenant_id_username` ON `users` (`tenant_id`, `username`);
-- create index "user_tenant_id_email" to table: "users"
CREATE UNIQUE INDEX `user_tenant_id_email` ON `users` (`tenant_id`, `email`);
-- create index "user_account_id" to table: "users"
CREATE INDEX `user_account_id` ON `users` (`account_id`);
-- create index "user_password_reset_digest" to table: "users"
CREATE INDEX `user_password_reset_digest` ON `users` (`password_reset_digest`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "user_password_reset_digest" to table: "users"
DROP INDEX `user_password_reset_digest`;
-- reverse: create index "user_account_id" to table: "users"
DROP INDEX `user_account_id`;
-- reverse: create index "user_tenant_id_email" to table: "users"
DROP INDEX `user_tenant_id_email`;
-- reverse: create index "user_tenant_id_username" to table: "users"
DROP INDEX `user_tenant_id_username`;
-- reverse: create index "user_tenant_id" to table: "users"
DROP INDEX `user_tenant_id`;
-- reverse: set sequence for "new_users" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_users";
-- reverse: create "new_users" table
DROP TABLE `new_users`;
