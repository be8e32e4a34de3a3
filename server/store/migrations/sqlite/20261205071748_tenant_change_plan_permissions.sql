-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_tenants" table
CREATE TABLE `new_tenants` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `org_name` text NOT NULL, `admin_domain` text NOT NULL, `developer_domain` text NULL, `time_zone` text NOT NULL DEFAULT ('UTC'), `company_address1` text NULL, `company_address2` text NULL, `company_city` text NULL, `company_region` text NULL, `company_zip` text NULL, `company_country` text NULL, `company_phone` text NULL, `vat_code` text NULL, `from_email` text NULL, `support_email` text NULL, `strong_passwords` bool NOT NULL DEFAULT (false), `signups_enabled` bool NOT NULL DEFAULT (true), `account_approval_required` bool NOT NULL DEFAULT (false), `developer_details_editable` bool NOT NULL DEFAULT (true), `account_plans_ui_visible` bool NOT NULL DEFAULT (false), `service_plans_ui_visible` bool NOT NULL DEFAULT (false), `change_account_plan_permission` text NOT NULL DEFAULT ('REQUEST'), `change_service_plan_permission` text NOT NULL DEFAULT ('REQUEST'), `provider_key` text NOT NULL, `master` bool NOT NULL DEFAULT (false), `state` text NOT NULL DEFAULT ('APPROVED'));
-- set sequence for "new_tenants" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_tenants", 60129542144);
-- copy rows from old table "tenants" to new temporary table "new_tenants"
INSERT INTO `new_tenants` (`id`, `created_at`, `updated_at`, `org_name`, `admin_domain`, `developer_domain`, `time_zone`, `company_address1`, `company_address2`, `company_city`, `company_region`, `company_zip`, `company_country`, `company_phone`, `vat_code`, `from_email`, `support_email`, `strong_passwords`, `signups_enabled`, `account_approval_required`, `developer_details_editable`, `account_plans_ui_visible`, `service_plans_ui_visible`, `provider_key`, `master`, `state`) SELECT `id`, `created_at`, `updated_at`, `org_name`, `admin_domain`, `developer_domain`, `time_zone`, `company_address1`, `company_address2`, `company_city`, `company_region`, `company_zip`, `company_country`, `company_phone`, `vat_code`, `from_email`, `support_email`, `strong_passwords`, `signups_enabled`, `account_approval_required`, `developer_details_editable`, `account_plans_ui_visible`, `service_plans_ui_visible`, `provider_key`, `master`, `state` FROM `tenants`;
-- drop "tenants" table after copying rows
DROP TABLE `tenants`;
-- rename temporary table "new_tenants" to "tenants"
ALTER TABLE `new_tenants` RENAME TO `tenants`;
-- create index "tenants_admin_domain_key" to table: "tenants"
CREATE UNIQUE INDEX `tenants_admin_domain_key` ON `tenants` (`admin_domain`);
-- create index "tenants_provider_key_key" to table: "tenants"
CREATE UNIQUE INDEX `tenants_provider_key_key` ON `tenants` (`provider_key`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "tenants_provider_key_key" to table: "tenants"
DROP INDEX `tenants_provider_key_key`;
-- reverse: create index "tenants_admin_domain_key" to table: "tenants"
DROP INDEX `tenants_admin_domain_key`;
-- reverse: set sequence for "new_tenants" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_tenants";
-- reverse: create "new_tenants" table
DROP TABLE `new_tenants`;
