-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- add column "billing_address_parts" to table: "accounts"
ALTER TABLE `accounts` ADD COLUMN `billing_address_parts` json NULL;
-- create "new_tenants" table
CREATE TABLE `new_tenants` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `org_name` text NOT NULL, `admin_domain` text NOT NULL, `developer_domain` text NULL, `time_zone` text NOT NULL DEFAULT ('UTC'), `company_address1` text NULL, `company_address2` text NULL, `company_city` text NULL, `company_region` text NULL, `company_zip` text NULL, `company_country` text NULL, `company_phone` text NULL, `vat_code` text NULL, `from_email` text NULL, `support_email` text NULL, `strong_passwords` bool NOT NULL DEFAULT (false), `signups_enabled` bool NOT NULL DEFAULT (true), `account_approval_required` bool NOT NULL DEFAULT (false), `developer_details_editable` bool NOT NULL DEFAULT (true), `provider_key` text NOT NULL, `master` bool NOT NULL DEFAULT (false), `state` text NOT NULL DEFAULT ('APPROVED'));
-- set sequence for "new_tenants" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_tenants", 60129542144);
-- copy rows from old table "tenants" to new temporary table "new_tenants"
INSERT INTO `new_tenants` (`id`, `created_at`, `updated_at`, `org_name`, `admin_domain`, `developer_domain`, `time_zone`, `company_address1`, `company_address2`, `company_city`, `company_region`, `company_zip`, `company_country`, `company_phone`, `vat_code`, `from_email`, `support_email`, `strong_passwords`, `provider_key`, `master`, `state`) SELECT `id`, `created_at`, `updated_at`, `org_name`, `admin_domain`, `developer_domain`, `time_zone`, `company_address1`, `company_address2`, `company_city`, `company_region`, `company_zip`, `company_country`, `company_phone`, `vat_code`, `from_email`, `support_email`, `strong_passwords`, `provider_key`, `master`, `state` FROM `tenants`;
-- drop "tenants" table after copying rows
DROP TABLE `tenants`;
-- rename temporary table "new_tenants" to "tenants"
ALTER TABLE `new_tenants` RENAME TO `tenants`;
-- create index "tenants_admin_domain_key" to table: "tenants"
CREATE UNIQUE INDEX `tenants_admin_domain_key` ON `tenants` (`admin_domain`);
-- create index "tenants_provider_key_key" to table: "tenants"
CREATE UNIQUE INDEX `tenants_provider_key_key` ON `tenants` (`provider_key`);
-- create "domain_events" table
CREATE TABLE `domain_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event_type` text NOT NULL, `object_type` text NOT NULL, `object_id` integer NOT NULL, `actor_kind` text NOT NULL, `actor_id` integer NULL, `payload` json NOT NULL, `created_at` datetime NOT NULL, `delivered_at` datetime NULL, `tenant_id` integer NOT NULL, CONSTRAINT `domain_events_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "domain_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("domain_events", 107374182400);
-- create index "domainevent_tenant_id" to table: "domain_events"
CREATE INDEX `domainevent_tenant_id` ON `domain_events` (`tenant_id`);
-- create index "domainevent_delivered_at_id" to table: "domain_events"
CREATE INDEX `domainevent_delivered_at_id` ON `domain_events` (`delivered_at`, `id`);
-- create index "domainevent_tenant_id_object_type_object_id" to table: "domain_events"
CREATE INDEX `domainevent_tenant_id_object_type_object_id` ON `domain_events` (`tenant_id`, `object_type`, `object_id`);
-- create "field_definitions" table
CREATE TABLE `field_definitions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `target` text NOT NULL, `name` text NOT NULL, `label` text NOT NULL, `required` bool NOT NULL DEFAULT (false), `read_only` bool NOT NULL DEFAULT (false), `hidden` bool NOT NULL DEFAULT (false), `choices` json NULL, `hint` text NULL, `position` integer NOT NULL DEFAULT (0), `tenant_id` integer NOT NULL, CONSTRAINT `field_definitions_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "field_definitions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("field_definitions", 111669149696);
-- create index "fielddefinition_tenant_id" to table: "field_definitions"
CREATE INDEX `fielddefinition_tenant_id` ON `field_definitions` (`tenant_id`);
-- create index "fielddefinition_tenant_id_target_name" to table: "field_definitions"
CREATE UNIQUE INDEX `fielddefinition_tenant_id_target_name` ON `field_definitions` (`tenant_id`, `target`, `name`);
-- create "messages" table
CREATE TABLE `messages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `direction` text NOT NULL, `sender_user_id` integer NULL, `subject` text NOT NULL, `body` text NOT NULL, `state` text NOT NULL DEFAULT ('SENT'), `tenant_id` integer NOT NULL, `sender_account_id` integer NULL, `reply_to_id` integer NULL, CONSTRAINT `messages_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `messages_accounts_sender_account` FOREIGN KEY (`sender_account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `messages_messages_replies` FOREIGN KEY (`reply_to_id`) REFERENCES `messages` (`id`) ON DELETE SET NULL);
-- set sequence for "messages" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("messages", 115964116992);
-- create index "message_tenant_id" to table: "messages"
CREATE INDEX `message_tenant_id` ON `messages` (`tenant_id`);
-- create index "message_tenant_id_direction_created_at" to table: "messages"
CREATE INDEX `message_tenant_id_direction_created_at` ON `messages` (`tenant_id`, `direction`, `created_at`);
-- create "message_recipients" table
CREATE TABLE `message_recipients` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `read_at` datetime NULL, `message_id` integer NOT NULL, `tenant_id` integer NOT NULL, `account_id` integer NULL, CONSTRAINT `message_recipients_messages_recipients` FOREIGN KEY (`message_id`) REFERENCES `messages` (`id`) ON DELETE CASCADE, CONSTRAINT `message_recipients_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `message_recipients_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE);
-- set sequence for "message_recipients" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("message_recipients", 120259084288);
-- create index "messagerecipient_tenant_id" to table: "message_recipients"
CREATE INDEX `messagerecipient_tenant_id` ON `message_recipients` (`tenant_id`);
-- create index "messagerecipient_message_id_account_id" to table: "message_recipients"
CREATE UNIQUE INDEX `messagerecipient_message_id_account_id` ON `message_recipients` (`message_id`, `account_id`);
-- create index "messagerecipient_tenant_id_account_id_read_at" to table: "message_recipients"
CREATE INDEX `messagerecipient_tenant_id_account_id_read_at` ON `message_recipients` (`tenant_id`, `account_id`, `read_at`);
-- create "plan_change_requests" table
CREATE TABLE `plan_change_requests` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `product_id` integer NOT NULL, `requested_by_id` integer NULL, `state` text NOT NULL DEFAULT ('PENDING'), `resolved_at` datetime NULL, `resolved_by_id` integer NULL, `tenant_id` integer NOT NULL, `application_id` integer NOT NULL, `account_id` integer NOT NULL, `from_plan_id` integer NOT NULL, `to_plan_id` integer NOT NULL, CONSTRAINT `plan_change_requests_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `plan_change_requests_applications_application` FOREIGN KEY (`application_id`) REFERENCES `applications` (`id`) ON DELETE CASCADE, CONSTRAINT `plan_change_requests_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `plan_change_requests_plans_from_plan` FOREIGN KEY (`from_plan_id`) REFERENCES `plans` (`id`) ON DELETE CASCADE, CONSTRAINT `plan_change_requests_plans_to_plan` FOREIGN KEY (`to_plan_id`) REFERENCES `plans` (`id`) ON DELETE CASCADE);
-- set sequence for "plan_change_requests" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("plan_change_requests", 124554051584);
-- create index "planchangerequest_tenant_id" to table: "plan_change_requests"
CREATE INDEX `planchangerequest_tenant_id` ON `plan_change_requests` (`tenant_id`);
-- create index "planchangerequest_tenant_id_state" to table: "plan_change_requests"
CREATE INDEX `planchangerequest_tenant_id_state` ON `plan_change_requests` (`tenant_id`, `state`);
-- create index "planchangerequest_application_id_state" to table: "plan_change_requests"
CREATE INDEX `planchangerequest_application_id_state` ON `plan_change_requests` (`application_id`, `state`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "planchangerequest_application_id_state" to table: "plan_change_requests"
DROP INDEX `planchangerequest_application_id_state`;
-- reverse: create index "planchangerequest_tenant_id_state" to table: "plan_change_requests"
DROP INDEX `planchangerequest_tenant_id_state`;
-- reverse: create index "planchangerequest_tenant_id" to table: "plan_change_requests"
DROP INDEX `planchangerequest_tenant_id`;
-- reverse: set sequence for "plan_change_requests" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "plan_change_requests";
-- reverse: create "plan_change_requests" table
DROP TABLE `plan_change_requests`;
-- reverse: create index "messagerecipient_tenant_id_account_id_read_at" to table: "message_recipients"
DROP INDEX `messagerecipient_tenant_id_account_id_read_at`;
-- reverse: create index "messagerecipient_message_id_account_id" to table: "message_recipients"
DROP INDEX `messagerecipient_message_id_account_id`;
-- reverse: create index "messagerecipient_tenant_id" to table: "message_recipients"
DROP INDEX `messagerecipient_tenant_id`;
-- reverse: set sequence for "message_recipients" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "message_recipients";
-- reverse: create "message_recipients" table
DROP TABLE `message_recipients`;
-- reverse: create index "message_tenant_id_direction_created_at" to table: "messages"
DROP INDEX `message_tenant_id_direction_created_at`;
-- reverse: create index "message_tenant_id" to table: "messages"
DROP INDEX `message_tenant_id`;
-- reverse: set sequence for "messages" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "messages";
-- reverse: create "messages" table
DROP TABLE `messages`;
-- reverse: create index "fielddefinition_tenant_id_target_name" to table: "field_definitions"
DROP INDEX `fielddefinition_tenant_id_target_name`;
-- reverse: create index "fielddefinition_tenant_id" to table: "field_definitions"
DROP INDEX `fielddefinition_tenant_id`;
-- reverse: set sequence for "field_definitions" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "field_definitions";
-- reverse: create "field_definitions" table
DROP TABLE `field_definitions`;
-- reverse: create index "domainevent_tenant_id_object_type_object_id" to table: "domain_events"
DROP INDEX `domainevent_tenant_id_object_type_object_id`;
-- reverse: create index "domainevent_delivered_at_id" to table: "domain_events"
DROP INDEX `domainevent_delivered_at_id`;
-- reverse: create index "domainevent_tenant_id" to table: "domain_events"
DROP INDEX `domainevent_tenant_id`;
-- reverse: set sequence for "domain_events" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "domain_events";
-- reverse: create "domain_events" table
DROP TABLE `domain_events`;
-- reverse: create index "tenants_provider_key_key" to table: "tenants"
DROP INDEX `tenants_provider_key_key`;
-- reverse: create index "tenants_admin_domain_key" to table: "tenants"
DROP INDEX `tenants_admin_domain_key`;
-- reverse: set sequence for "new_tenants" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_tenants";
-- reverse: create "new_tenants" table
DROP TABLE `new_tenants`;
-- reverse: add column "billing_address_parts" to table: "accounts"
ALTER TABLE `accounts` DROP COLUMN `billing_address_parts`;
