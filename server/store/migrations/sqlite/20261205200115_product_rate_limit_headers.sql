-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_products" table
CREATE TABLE `new_products` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `system_name` text NOT NULL, `description` text NULL, `state` text NOT NULL DEFAULT ('INCOMPLETE'), `authentication` text NOT NULL DEFAULT ('USER_KEY'), `referrer_filters_required` bool NOT NULL DEFAULT (false), `rate_limit_headers` bool NOT NULL DEFAULT (false), `admin_alert_levels` json NULL, `developer_alert_levels` json NULL, `plan_change_permission` text NOT NULL DEFAULT ('REQUEST'), `tenant_id` integer NOT NULL, CONSTRAINT `products_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "new_products" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_products", 42949672960);
-- copy rows from old table "products" to new temporary table "new_products"
INSERT INTO `new_products` (`id`, `created_at`, `updated_at`, `name`, `system_name`, `description`, `state`, `authentication`, `referrer_filters_required`, `admin_alert_levels`, `developer_alert_levels`, `plan_change_permission`, `tenant_id`) SELECT `id`, `created_at`, `updated_at`, `name`, `system_name`, `description`, `state`, `authentication`, `referrer_filters_required`, `admin_alert_levels`, `developer_alert_levels`, `plan_change_permission`, `tenant_id` FROM `products`;
-- drop "products" table after copying rows
DROP TABLE `products`;
-- rename temporary table "new_products" to "products"
ALTER TABLE `new_products` RENAME TO `products`;
-- create index "product_tenant_id" to table: "products"
CREATE INDEX `product_tenant_id` ON `products` (`tenant_id`);
-- create index "product_tenant_id_system_name" to table: "products"
CREATE UNIQUE INDEX `product_tenant_id_system_name` ON `products` (`tenant_id`, `system_name`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "product_tenant_id_system_name" to table: "products"
DROP INDEX `product_tenant_id_system_name`;
-- reverse: create index "product_tenant_id" to table: "products"
DROP INDEX `product_tenant_id`;
-- reverse: set sequence for "new_products" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_products";
-- reverse: create "new_products" table
DROP TABLE `new_products`;
