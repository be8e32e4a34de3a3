-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_accounts" table
CREATE TABLE `new_accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `org_name` text NOT NULL, `state` text NOT NULL DEFAULT ('CREATED'), `state_changed_at` datetime NOT NULL, `vat_code` text NULL, `vat_rate` text NULL, `billing_address` text NULL, `billing_address_parts` json NULL, `extra_fields` json NULL, `monthly_billing_enabled` bool NOT NULL DEFAULT (true), `monthly_charging_enabled` bool NOT NULL DEFAULT (true), `plan_paid_until` datetime NULL, `plan_trial_ends_at` datetime NULL, `plan_setup_fee` text NULL, `tenant_id` integer NOT NULL, `plan_id` integer NULL, CONSTRAINT `accounts_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `accounts_plans_plan` FOREIGN KEY (`plan_id`) REFERENCES `plans` (`id`) ON DELETE SET NULL);
-- set sequence for "new_accounts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_accounts", 4294967296);
-- copy rows from old table "accounts" to new temporary table "new_accounts"
INSERT INTO `new_accounts` (`id`, `created_at`, `updated_at`, `org_name`, `state`, `state_changed_at`, `vat_code`, `vat_rate`, `billing_address`, `billing_address_parts`, `extra_fields`, `tenant_id`, `plan_id`) SELECT `id`, `created_at`, `updated_at`, `org_name`, `state`, `state_changed_at`, `vat_code`, `vat_rate`, `billing_address`, `billing_address_parts`, `extra_fields`, `tenant_id`, `plan_id` FROM `accounts`;
-- drop "accounts" table after copying rows
DROP TABLE `accounts`;
-- rename temporary table "new_accounts" to "accounts"
ALTER TABLE `new_accounts` RENAME TO `accounts`;
-- create index "account_tenant_id" to table: "accounts"
CREATE INDEX `account_tenant_id` ON `accounts` (`tenant_id`);
-- create index "account_tenant_id_state" to table: "accounts"
CREATE INDEX `account_tenant_id_state` ON `accounts` (`tenant_id`, `state`);
-- add column "paid_until" to table: "applications"
ALTER TABLE `applications` ADD COLUMN `paid_until` datetime NULL;
-- add column "variable_cost_paid_until" to table: "applications"
ALTER TABLE `applications` ADD COLUMN `variable_cost_paid_until` datetime NULL;
-- add column "setup_fee" to table: "applications"
ALTER TABLE `applications` ADD COLUMN `setup_fee` text NULL;
-- add column "trial_ends_at" to table: "service_subscriptions"
ALTER TABLE `service_subscriptions` ADD COLUMN `trial_ends_at` datetime NULL;
-- add column "paid_until" to table: "service_subscriptions"
ALTER TABLE `service_subscriptions` ADD COLUMN `paid_until` datetime NULL;
-- add column "setup_fee" to table: "service_subscriptions"
ALTER TABLE `service_subscriptions` ADD COLUMN `setup_fee` text NULL;
-- create "billing_settings" table
CREATE TABLE `billing_settings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `finance_enabled` bool NOT NULL DEFAULT (false), `strategy` text NOT NULL DEFAULT ('POSTPAID'), `charging_enabled` bool NOT NULL DEFAULT (false), `currency` text NOT NULL DEFAULT ('USD'), `invoice_footnote` text NULL, `zero_vat_text` text NULL, `numbering_period` text NOT NULL DEFAULT ('MONTHLY'), `finance_support_email` text NULL, `tenant_id` integer NOT NULL, CONSTRAINT `billing_settings_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "billing_settings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("billing_settings", 154618822656);
-- create index "billingsettings_tenant_id" to table: "billing_settings"
CREATE INDEX `billingsettings_tenant_id` ON `billing_settings` (`tenant_id`);
-- create index "billingsettings_one_per_tenant" to table: "billing_settings"
CREATE UNIQUE INDEX `billingsettings_one_per_tenant` ON `billing_settings` (`tenant_id`);
-- create "invoices" table
CREATE TABLE `invoices` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `period` text NOT NULL, `state` text NOT NULL DEFAULT ('OPEN'), `friendly_id` text NOT NULL DEFAULT ('fix'), `creation_type` text NOT NULL, `issued_on` datetime NULL, `due_on` datetime NULL, `paid_at` datetime NULL, `finalized_at` datetime NULL, `currency` text NOT NULL, `vat_rate` text NULL, `vat_code` text NULL, `fiscal_code` text NULL, `from_address` json NULL, `to_address` json NULL, `cost_without_vat` text NOT NULL, `vat_amount` text NOT NULL, `cost` text NOT NULL, `charging_retries_count` integer NOT NULL DEFAULT (0), `last_charging_retry` datetime NULL, `pdf` blob NULL, `pdf_sha256` text NULL, `tenant_id` integer NOT NULL, `account_id` integer NULL, CONSTRAINT `invoices_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `invoices_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL);
-- set sequence for "invoices" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("invoices", 158913789952);
-- create index "invoice_tenant_id" to table: "invoices"
CREATE INDEX `invoice_tenant_id` ON `invoices` (`tenant_id`);
-- create index "invoice_tenant_id_period_state" to table: "invoices"
CREATE INDEX `invoice_tenant_id_period_state` ON `invoices` (`tenant_id`, `period`, `state`);
-- create index "invoice_account_id_period" to table: "invoices"
CREATE INDEX `invoice_account_id_period` ON `invoices` (`account_id`, `period`);
-- create index "invoice_tenant_id_friendly_id" to table: "invoices"
CREATE UNIQUE INDEX `invoice_tenant_id_friendly_id` ON `invoices` (`tenant_id`, `friendly_id`) WHERE friendly_id <> 'fix';
-- create "invoice_counters" table
CREATE TABLE `invoice_counters` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `prefix` text NOT NULL, `count` integer NOT NULL DEFAULT (0), `tenant_id` integer NOT NULL, CONSTRAINT `invoice_counters_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "invoice_counters" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("invoice_counters", 163208757248);
-- create index "invoicecounter_tenant_id" to table: "invoice_counters"
CREATE INDEX `invoicecounter_tenant_id` ON `invoice_counters` (`tenant_id`);
-- create index "invoicecounter_tenant_id_prefix" to table: "invoice_counters"
CREATE UNIQUE INDEX `invoicecounter_tenant_id_prefix` ON `invoice_counters` (`tenant_id`, `prefix`);
-- create "line_items" table
CREATE TABLE `line_items` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `description` text NULL, `quantity` text NULL, `cost` text NOT NULL, `kind` text NOT NULL DEFAULT ('OTHER'), `plan_id` integer NULL, `metric_id` integer NULL, `contract_id` integer NULL, `contract_kind` text NULL, `interval_begin` datetime NULL, `interval_end` datetime NULL, `usage` integer NULL, `source_key` text NULL, `invoice_id` integer NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `line_items_invoices_line_items` FOREIGN KEY (`invoice_id`) REFERENCES `invoices` (`id`) ON DELETE CASCADE, CONSTRAINT `line_items_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "line_items" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("line_items", 167503724544);
-- create index "lineitem_tenant_id" to table: "line_items"
CREATE INDEX `lineitem_tenant_id` ON `line_items` (`tenant_id`);
-- create index "lineitem_tenant_id_source_key" to table: "line_items"
CREATE UNIQUE INDEX `lineitem_tenant_id_source_key` ON `line_items` (`tenant_id`, `source_key`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "lineitem_tenant_id_source_key" to table: "line_items"
DROP INDEX `lineitem_tenant_id_source_key`;
-- reverse: create index "lineitem_tenant_id" to table: "line_items"
DROP INDEX `lineitem_tenant_id`;
-- reverse: set sequence for "line_items" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "line_items";
-- reverse: create "line_items" table
DROP TABLE `line_items`;
-- reverse: create index "invoicecounter_tenant_id_prefix" to table: "invoice_counters"
DROP INDEX `invoicecounter_tenant_id_prefix`;
-- reverse: create index "invoicecounter_tenant_id" to table: "invoice_counters"
DROP INDEX `invoicecounter_tenant_id`;
-- reverse: set sequence for "invoice_counters" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "invoice_counters";
-- reverse: create "invoice_counters" table
DROP TABLE `invoice_counters`;
-- reverse: create index "invoice_tenant_id_friendly_id" to table: "invoices"
DROP INDEX `invoice_tenant_id_friendly_id`;
-- reverse: create index "invoice_account_id_period" to table: "invoices"
DROP INDEX `invoice_account_id_period`;
-- reverse: create index "invoice_tenant_id_period_state" to table: "invoices"
DROP INDEX `invoice_tenant_id_period_state`;
-- reverse: create index "invoice_tenant_id" to table: "invoices"
DROP INDEX `invoice_tenant_id`;
-- reverse: set sequence for "invoices" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "invoices";
-- reverse: create "invoices" table
DROP TABLE `invoices`;
-- reverse: create index "billingsettings_one_per_tenant" to table: "billing_settings"
DROP INDEX `billingsettings_one_per_tenant`;
-- reverse: create index "billingsettings_tenant_id" to table: "billing_settings"
DROP INDEX `billingsettings_tenant_id`;
-- reverse: set sequence for "billing_settings" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "billing_settings";
-- reverse: create "billing_settings" table
DROP TABLE `billing_settings`;
-- reverse: add column "setup_fee" to table: "service_subscriptions"
ALTER TABLE `service_subscriptions` DROP COLUMN `setup_fee`;
-- reverse: add column "paid_until" to table: "service_subscriptions"
ALTER TABLE `service_subscriptions` DROP COLUMN `paid_until`;
-- reverse: add column "trial_ends_at" to table: "service_subscriptions"
ALTER TABLE `service_subscriptions` DROP COLUMN `trial_ends_at`;
-- reverse: add column "setup_fee" to table: "applications"
ALTER TABLE `applications` DROP COLUMN `setup_fee`;
-- reverse: add column "variable_cost_paid_until" to table: "applications"
ALTER TABLE `applications` DROP COLUMN `variable_cost_paid_until`;
-- reverse: add column "paid_until" to table: "applications"
ALTER TABLE `applications` DROP COLUMN `paid_until`;
-- reverse: create index "account_tenant_id_state" to table: "accounts"
DROP INDEX `account_tenant_id_state`;
-- reverse: create index "account_tenant_id" to table: "accounts"
DROP INDEX `account_tenant_id`;
-- reverse: set sequence for "new_accounts" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_accounts";
-- reverse: create "new_accounts" table
DROP TABLE `new_accounts`;
