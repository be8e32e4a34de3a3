-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_tenants" table
CREATE TABLE `new_tenants` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `org_name` text NOT NULL, `admin_domain` text NOT NULL, `developer_domain` text NULL, `time_zone` text NOT NULL DEFAULT ('UTC'), `company_address1` text NULL, `company_address2` text NULL, `company_city` text NULL, `company_region` text NULL, `company_zip` text NULL, `company_country` text NULL, `company_phone` text NULL, `vat_code` text NULL, `from_email` text NULL, `support_email` text NULL, `strong_passwords` bool NOT NULL DEFAULT (false), `provider_key` text NOT NULL, `master` bool NOT NULL DEFAULT (false), `state` text NOT NULL DEFAULT ('APPROVED'));
-- set sequence for "new_tenants" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_tenants", 60129542144);
-- copy rows from old table "tenants" to new temporary table "new_tenants"
INSERT INTO `new_tenants` (`id`, `created_at`, `updated_at`, `org_name`, `admin_domain`, `developer_domain`, `time_zone`, `provider_key`, `master`, `state`) SELECT `id`, `created_at`, `updated_at`, `org_name`, `admin_domain`, `developer_domain`, `time_zone`, `provider_key`, `master`, `state` FROM `tenants`;
-- drop "tenants" table after copying rows
DROP TABLE `tenants`;
-- rename temporary table "new_tenants" to "tenants"
ALTER TABLE `new_tenants` RENAME TO `tenants`;
-- create index "tenants_admin_domain_key" to table: "tenants"
CREATE UNIQUE INDEX `tenants_admin_domain_key` ON `tenants` (`admin_domain`);
-- create index "tenants_provider_key_key" to table: "tenants"
CREATE UNIQUE INDEX `tenants_provider_key_key` ON `tenants` (`provider_key`);
-- create "new_users" table
CREATE TABLE `new_users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `username` text NOT NULL, `email` text NOT NULL, `first_name` text NULL, `last_name` text NULL, `role` text NOT NULL DEFAULT ('MEMBER'), `state` text NOT NULL DEFAULT ('ACTIVE'), `password_hash` text NULL, `last_login_at` datetime NULL, `extra_fields` json NULL, `sections` json NULL, `product_ids` json NULL, `all_products` bool NOT NULL DEFAULT (true), `signup_type` text NOT NULL DEFAULT ('CREATED_BY_ADMIN'), `account_id` integer NULL, `tenant_id` integer NOT NULL, CONSTRAINT `users_accounts_users` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `users_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "new_users" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_users", 68719476736);
-- copy rows from old table "users" to new temporary table "new_users"
INSERT INTO `new_users` (`id`, `created_at`, `updated_at`, `username`, `email`, `first_name`, `last_name`, `role`, `state`, `password_hash`, `last_login_at`, `extra_fields`, `account_id`, `tenant_id`) SELECT `id`, `created_at`, `updated_at`, `username`, `email`, `first_name`, `last_name`, `role`, `state`, `password_hash`, `last_login_at`, `extra_fields`, `account_id`, `tenant_id` FROM `users`;
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
-- create "email_messages" table
CREATE TABLE `email_messages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `to` text NOT NULL, `subject` text NOT NULL, `body` text NOT NULL, `state` text NOT NULL DEFAULT ('QUEUED'), `attempts` integer NOT NULL DEFAULT (0), `next_attempt_at` datetime NULL, `sent_at` datetime NULL, `last_error` text NULL, `tenant_id` integer NOT NULL, CONSTRAINT `email_messages_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "email_messages" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("email_messages", 94489280512);
-- create index "emailmessage_tenant_id" to table: "email_messages"
CREATE INDEX `emailmessage_tenant_id` ON `email_messages` (`tenant_id`);
-- create index "emailmessage_state_next_attempt_at" to table: "email_messages"
CREATE INDEX `emailmessage_state_next_attempt_at` ON `email_messages` (`state`, `next_attempt_at`);
-- create "invitations" table
CREATE TABLE `invitations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `token_hash` text NOT NULL, `invited_by_id` integer NULL, `sent_at` datetime NULL, `expires_at` datetime NOT NULL, `accepted_at` datetime NULL, `revoked_at` datetime NULL, `user_id` integer NULL, `tenant_id` integer NOT NULL, `account_id` integer NULL, CONSTRAINT `invitations_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `invitations_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE);
-- set sequence for "invitations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("invitations", 98784247808);
-- create index "invitations_token_hash_key" to table: "invitations"
CREATE UNIQUE INDEX `invitations_token_hash_key` ON `invitations` (`token_hash`);
-- create index "invitation_tenant_id" to table: "invitations"
CREATE INDEX `invitation_tenant_id` ON `invitations` (`tenant_id`);
-- create index "invitation_tenant_id_email" to table: "invitations"
CREATE INDEX `invitation_tenant_id_email` ON `invitations` (`tenant_id`, `email`);
-- create "sso_integrations" table
CREATE TABLE `sso_integrations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `issuer` text NOT NULL, `client_id` text NOT NULL, `client_secret` text NOT NULL, `enabled` bool NOT NULL DEFAULT (true), `tenant_id` integer NOT NULL, CONSTRAINT `sso_integrations_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "sso_integrations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sso_integrations", 103079215104);
-- create index "ssointegration_tenant_id" to table: "sso_integrations"
CREATE INDEX `ssointegration_tenant_id` ON `sso_integrations` (`tenant_id`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "ssointegration_tenant_id" to table: "sso_integrations"
DROP INDEX `ssointegration_tenant_id`;
-- reverse: set sequence for "sso_integrations" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "sso_integrations";
-- reverse: create "sso_integrations" table
DROP TABLE `sso_integrations`;
-- reverse: create index "invitation_tenant_id_email" to table: "invitations"
DROP INDEX `invitation_tenant_id_email`;
-- reverse: create index "invitation_tenant_id" to table: "invitations"
DROP INDEX `invitation_tenant_id`;
-- reverse: create index "invitations_token_hash_key" to table: "invitations"
DROP INDEX `invitations_token_hash_key`;
-- reverse: set sequence for "invitations" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "invitations";
-- reverse: create "invitations" table
DROP TABLE `invitations`;
-- reverse: create index "emailmessage_state_next_attempt_at" to table: "email_messages"
DROP INDEX `emailmessage_state_next_attempt_at`;
-- reverse: create index "emailmessage_tenant_id" to table: "email_messages"
DROP INDEX `emailmessage_tenant_id`;
-- reverse: set sequence for "email_messages" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "email_messages";
-- reverse: create "email_messages" table
DROP TABLE `email_messages`;
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
-- reverse: create index "tenants_provider_key_key" to table: "tenants"
DROP INDEX `tenants_provider_key_key`;
-- reverse: create index "tenants_admin_domain_key" to table: "tenants"
DROP INDEX `tenants_admin_domain_key`;
-- reverse: set sequence for "new_tenants" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_tenants";
-- reverse: create "new_tenants" table
DROP TABLE `new_tenants`;
