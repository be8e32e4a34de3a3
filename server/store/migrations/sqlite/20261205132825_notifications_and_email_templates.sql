-- +goose Up
-- add column "admin_alert_levels" to table: "products"
ALTER TABLE `products` ADD COLUMN `admin_alert_levels` json NULL;
-- add column "developer_alert_levels" to table: "products"
ALTER TABLE `products` ADD COLUMN `developer_alert_levels` json NULL;
-- create "email_templates" table
CREATE TABLE `email_templates` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `subject` text NOT NULL, `body` text NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `email_templates_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "email_templates" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("email_templates", 214748364800);
-- create index "emailtemplate_tenant_id" to table: "email_templates"
CREATE INDEX `emailtemplate_tenant_id` ON `email_templates` (`tenant_id`);
-- create index "emailtemplate_tenant_id_name" to table: "email_templates"
CREATE UNIQUE INDEX `emailtemplate_tenant_id_name` ON `email_templates` (`tenant_id`, `name`);
-- create "notifications" table
CREATE TABLE `notifications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `title` text NOT NULL, `body` text NULL, `link` text NULL, `product_id` integer NULL, `emailed` bool NOT NULL DEFAULT (false), `created_at` datetime NOT NULL, `read_at` datetime NULL, `tenant_id` integer NOT NULL, `user_id` integer NOT NULL, CONSTRAINT `notifications_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `notifications_users_notifications` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- set sequence for "notifications" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("notifications", 201863462912);
-- create index "notification_tenant_id" to table: "notifications"
CREATE INDEX `notification_tenant_id` ON `notifications` (`tenant_id`);
-- create index "notification_user_id_read_at" to table: "notifications"
CREATE INDEX `notification_user_id_read_at` ON `notifications` (`user_id`, `read_at`);
-- create index "notification_user_id_created_at" to table: "notifications"
CREATE INDEX `notification_user_id_created_at` ON `notifications` (`user_id`, `created_at`);
-- create "notification_preferences" table
CREATE TABLE `notification_preferences` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `email` bool NOT NULL, `tenant_id` integer NOT NULL, `user_id` integer NOT NULL, CONSTRAINT `notification_preferences_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `notification_preferences_users_notification_preferences` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- set sequence for "notification_preferences" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("notification_preferences", 206158430208);
-- create index "notificationpreference_tenant_id" to table: "notification_preferences"
CREATE INDEX `notificationpreference_tenant_id` ON `notification_preferences` (`tenant_id`);
-- create index "notificationpreference_user_id_kind" to table: "notification_preferences"
CREATE UNIQUE INDEX `notificationpreference_user_id_kind` ON `notification_preferences` (`user_id`, `kind`);
-- create "usage_alerts" table
CREATE TABLE `usage_alerts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `metric_id` integer NOT NULL, `metric_name` text NOT NULL, `period` text NOT NULL, `period_start` datetime NOT NULL, `level` integer NOT NULL, `value` integer NOT NULL, `max` integer NOT NULL, `created_at` datetime NOT NULL, `read_at` datetime NULL, `account_id` integer NOT NULL, `application_id` integer NOT NULL, `product_id` integer NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `usage_alerts_accounts_usage_alerts` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `usage_alerts_applications_usage_alerts` FOREIGN KEY (`application_id`) REFERENCES `applications` (`id`) ON DELETE CASCADE, CONSTRAINT `usage_alerts_products_usage_alerts` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE, CONSTRAINT `usage_alerts_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "usage_alerts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("usage_alerts", 210453397504);
-- create index "usagealert_tenant_id" to table: "usage_alerts"
CREATE INDEX `usagealert_tenant_id` ON `usage_alerts` (`tenant_id`);
-- create index "usagealert_application_id_metric_id_period_period_start_level" to table: "usage_alerts"
CREATE UNIQUE INDEX `usagealert_application_id_metric_id_period_period_start_level` ON `usage_alerts` (`application_id`, `metric_id`, `period`, `period_start`, `level`);
-- create index "usagealert_tenant_id_created_at" to table: "usage_alerts"
CREATE INDEX `usagealert_tenant_id_created_at` ON `usage_alerts` (`tenant_id`, `created_at`);
-- create index "usagealert_product_id_created_at" to table: "usage_alerts"
CREATE INDEX `usagealert_product_id_created_at` ON `usage_alerts` (`product_id`, `created_at`);
-- create index "usagealert_account_id" to table: "usage_alerts"
CREATE INDEX `usagealert_account_id` ON `usage_alerts` (`account_id`);

-- +goose Down
-- reverse: create index "usagealert_account_id" to table: "usage_alerts"
DROP INDEX `usagealert_account_id`;
-- reverse: create index "usagealert_product_id_created_at" to table: "usage_alerts"
DROP INDEX `usagealert_product_id_created_at`;
-- reverse: create index "usagealert_tenant_id_created_at" to table: "usage_alerts"
DROP INDEX `usagealert_tenant_id_created_at`;
-- reverse: create index "usagealert_application_id_metric_id_period_period_start_level" to table: "usage_alerts"
DROP INDEX `usagealert_application_id_metric_id_period_period_start_level`;
-- reverse: create index "usagealert_tenant_id" to table: "usage_alerts"
DROP INDEX `usagealert_tenant_id`;
-- reverse: set sequence for "usage_alerts" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "usage_alerts";
-- reverse: create "usage_alerts" table
DROP TABLE `usage_alerts`;
-- reverse: create index "notificationpreference_user_id_kind" to table: "notification_preferences"
DROP INDEX `notificationpreference_user_id_kind`;
-- reverse: create index "notificationpreference_tenant_id" to table: "notification_preferences"
DROP INDEX `notificationpreference_tenant_id`;
-- reverse: set sequence for "notification_preferences" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "notification_preferences";
-- reverse: create "notification_preferences" table
DROP TABLE `notification_preferences`;
-- reverse: create index "notification_user_id_created_at" to table: "notifications"
DROP INDEX `notification_user_id_created_at`;
-- reverse: create index "notification_user_id_read_at" to table: "notifications"
DROP INDEX `notification_user_id_read_at`;
-- reverse: create index "notification_tenant_id" to table: "notifications"
DROP INDEX `notification_tenant_id`;
-- reverse: set sequence for "notifications" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "notifications";
-- reverse: create "notifications" table
DROP TABLE `notifications`;
-- reverse: create index "emailtemplate_tenant_id_name" to table: "email_templates"
DROP INDEX `emailtemplate_tenant_id_name`;
-- reverse: create index "emailtemplate_tenant_id" to table: "email_templates"
DROP INDEX `emailtemplate_tenant_id`;
-- reverse: set sequence for "email_templates" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "email_templates";
-- reverse: create "email_templates" table
DROP TABLE `email_templates`;
-- reverse: add column "developer_alert_levels" to table: "products"
ALTER TABLE `products` DROP COLUMN `developer_alert_levels`;
-- reverse: add column "admin_alert_levels" to table: "products"
ALTER TABLE `products` DROP COLUMN `admin_alert_levels`;
