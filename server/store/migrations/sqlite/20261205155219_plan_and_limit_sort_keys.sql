-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_plans" table
CREATE TABLE `new_plans` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `name` text NOT NULL, `system_name` text NOT NULL, `description` text NULL, `state` text NOT NULL DEFAULT ('HIDDEN'), `approval_required` bool NOT NULL DEFAULT (false), `setup_fee` text NOT NULL, `setup_fee_key` text NOT NULL DEFAULT ('0000000000000000.0000'), `cost_per_month` text NOT NULL, `cost_per_month_key` text NOT NULL DEFAULT ('0000000000000000.0000'), `trial_period_days` integer NOT NULL DEFAULT (0), `is_default` bool NOT NULL DEFAULT (false), `position` integer NOT NULL DEFAULT (0), `tenant_id` integer NOT NULL, `original_id` integer NULL, `product_id` integer NULL, CONSTRAINT `plans_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `plans_plans_customizations` FOREIGN KEY (`original_id`) REFERENCES `plans` (`id`) ON DELETE SET NULL, CONSTRAINT `plans_products_plans` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE);
-- set sequence for "new_plans" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_plans", 34359738368);
-- copy rows from old table "plans" to new temporary table "new_plans"
INSERT INTO `new_plans` (`id`, `created_at`, `updated_at`, `kind`, `name`, `system_name`, `description`, `state`, `approval_required`, `setup_fee`, `cost_per_month`, `trial_period_days`, `is_default`, `position`, `tenant_id`, `original_id`, `product_id`) SELECT `id`, `created_at`, `updated_at`, `kind`, `name`, `system_name`, `description`, `state`, `approval_required`, `setup_fee`, `cost_per_month`, `trial_period_days`, `is_default`, `position`, `tenant_id`, `original_id`, `product_id` FROM `plans`;
-- drop "plans" table after copying rows
DROP TABLE `plans`;
-- rename temporary table "new_plans" to "plans"
ALTER TABLE `new_plans` RENAME TO `plans`;
-- create index "plan_tenant_id" to table: "plans"
CREATE INDEX `plan_tenant_id` ON `plans` (`tenant_id`);
-- create index "plan_product_id_kind_system_name" to table: "plans"
CREATE UNIQUE INDEX `plan_product_id_kind_system_name` ON `plans` (`product_id`, `kind`, `system_name`);
-- create index "plan_tenant_id_kind_system_name" to table: "plans"
CREATE UNIQUE INDEX `plan_tenant_id_kind_system_name` ON `plans` (`tenant_id`, `kind`, `system_name`) WHERE product_id IS NULL;
-- create "new_usage_limits" table
CREATE TABLE `new_usage_limits` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `period` text NOT NULL, `period_rank` integer NOT NULL DEFAULT (0), `value` integer NOT NULL, `metric_id` integer NOT NULL, `plan_id` integer NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `usage_limits_metrics_usage_limits` FOREIGN KEY (`metric_id`) REFERENCES `metrics` (`id`) ON DELETE CASCADE, CONSTRAINT `usage_limits_plans_limits` FOREIGN KEY (`plan_id`) REFERENCES `plans` (`id`) ON DELETE CASCADE, CONSTRAINT `usage_limits_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "new_usage_limits" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_usage_limits", 64424509440);
-- copy rows from old table "usage_limits" to new temporary table "new_usage_limits"
INSERT INTO `new_usage_limits` (`id`, `created_at`, `updated_at`, `period`, `value`, `metric_id`, `plan_id`, `tenant_id`) SELECT `id`, `created_at`, `updated_at`, `period`, `value`, `metric_id`, `plan_id`, `tenant_id` FROM `usage_limits`;
-- drop "usage_limits" table after copying rows
DROP TABLE `usage_limits`;
-- rename temporary table "new_usage_limits" to "usage_limits"
ALTER TABLE `new_usage_limits` RENAME TO `usage_limits`;
-- create index "usagelimit_tenant_id" to table: "usage_limits"
CREATE INDEX `usagelimit_tenant_id` ON `usage_limits` (`tenant_id`);
-- create index "usagelimit_plan_id_metric_id_period" to table: "usage_limits"
CREATE UNIQUE INDEX `usagelimit_plan_id_metric_id_period` ON `usage_limits` (`plan_id`, `metric_id`, `period`);
-- fill the sort keys of existing rows (amounts are stored as plain decimal text)
UPDATE `plans` SET `setup_fee_key` = substr('0000000000000000' || (CASE WHEN instr(`setup_fee`, '.') > 0 THEN substr(`setup_fee`, 1, instr(`setup_fee`, '.') - 1) ELSE `setup_fee` END), -16) || '.' || substr((CASE WHEN instr(`setup_fee`, '.') > 0 THEN substr(`setup_fee`, instr(`setup_fee`, '.') + 1) ELSE '' END) || '0000', 1, 4), `cost_per_month_key` = substr('0000000000000000' || (CASE WHEN instr(`cost_per_month`, '.') > 0 THEN substr(`cost_per_month`, 1, instr(`cost_per_month`, '.') - 1) ELSE `cost_per_month` END), -16) || '.' || substr((CASE WHEN instr(`cost_per_month`, '.') > 0 THEN substr(`cost_per_month`, instr(`cost_per_month`, '.') + 1) ELSE '' END) || '0000', 1, 4);
UPDATE `usage_limits` SET `period_rank` = CASE `period` WHEN 'MINUTE' THEN 0 WHEN 'HOUR' THEN 1 WHEN 'DAY' THEN 2 WHEN 'WEEK' THEN 3 WHEN 'MONTH' THEN 4 WHEN 'YEAR' THEN 5 ELSE 6 END;
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "usagelimit_plan_id_metric_id_period" to table: "usage_limits"
DROP INDEX `usagelimit_plan_id_metric_id_period`;
-- reverse: create index "usagelimit_tenant_id" to table: "usage_limits"
DROP INDEX `usagelimit_tenant_id`;
-- reverse: set sequence for "new_usage_limits" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_usage_limits";
-- reverse: create "new_usage_limits" table
DROP TABLE `new_usage_limits`;
-- reverse: create index "plan_tenant_id_kind_system_name" to table: "plans"
DROP INDEX `plan_tenant_id_kind_system_name`;
-- reverse: create index "plan_product_id_kind_system_name" to table: "plans"
DROP INDEX `plan_product_id_kind_system_name`;
-- reverse: create index "plan_tenant_id" to table: "plans"
DROP INDEX `plan_tenant_id`;
-- reverse: set sequence for "new_plans" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_plans";
-- reverse: create "new_plans" table
DROP TABLE `new_plans`;
