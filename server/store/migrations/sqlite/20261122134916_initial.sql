-- +goose Up
-- create "access_tokens" table
CREATE TABLE `access_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `scopes` json NOT NULL, `permission` text NOT NULL DEFAULT ('RO'), `token_hash` text NOT NULL, `expires_at` datetime NULL, `last_used_at` datetime NULL, `tenant_id` integer NOT NULL, `user_id` integer NOT NULL, CONSTRAINT `access_tokens_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `access_tokens_users_access_tokens` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- create index "access_tokens_token_hash_key" to table: "access_tokens"
CREATE UNIQUE INDEX `access_tokens_token_hash_key` ON `access_tokens` (`token_hash`);
-- create index "accesstoken_tenant_id" to table: "access_tokens"
CREATE INDEX `accesstoken_tenant_id` ON `access_tokens` (`tenant_id`);
-- create "accounts" table
CREATE TABLE `accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `org_name` text NOT NULL, `state` text NOT NULL DEFAULT ('CREATED'), `state_changed_at` datetime NOT NULL, `vat_code` text NULL, `vat_rate` text NULL, `billing_address` text NULL, `extra_fields` json NULL, `tenant_id` integer NOT NULL, `plan_id` integer NULL, CONSTRAINT `accounts_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `accounts_plans_plan` FOREIGN KEY (`plan_id`) REFERENCES `plans` (`id`) ON DELETE SET NULL);
-- set sequence for "accounts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("accounts", 4294967296);
-- create index "account_tenant_id" to table: "accounts"
CREATE INDEX `account_tenant_id` ON `accounts` (`tenant_id`);
-- create index "account_tenant_id_state" to table: "accounts"
CREATE INDEX `account_tenant_id_state` ON `accounts` (`tenant_id`, `state`);
-- create "applications" table
CREATE TABLE `applications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `description` text NULL, `state` text NOT NULL DEFAULT ('LIVE'), `user_key` text NULL, `app_id` text NULL, `app_keys` json NULL, `referrer_filters` json NULL, `redirect_url` text NULL, `accepted_at` datetime NULL, `trial_ends_at` datetime NULL, `first_traffic_at` datetime NULL, `extra_fields` json NULL, `account_id` integer NOT NULL, `tenant_id` integer NOT NULL, `plan_id` integer NOT NULL, `product_id` integer NOT NULL, CONSTRAINT `applications_accounts_applications` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `applications_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `applications_plans_applications` FOREIGN KEY (`plan_id`) REFERENCES `plans` (`id`) ON DELETE NO ACTION, CONSTRAINT `applications_products_applications` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE);
-- set sequence for "applications" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("applications", 8589934592);
-- create index "application_tenant_id" to table: "applications"
CREATE INDEX `application_tenant_id` ON `applications` (`tenant_id`);
-- create index "application_product_id_user_key" to table: "applications"
CREATE UNIQUE INDEX `application_product_id_user_key` ON `applications` (`product_id`, `user_key`);
-- create index "application_product_id_app_id" to table: "applications"
CREATE UNIQUE INDEX `application_product_id_app_id` ON `applications` (`product_id`, `app_id`);
-- create index "application_tenant_id_state" to table: "applications"
CREATE INDEX `application_tenant_id_state` ON `applications` (`tenant_id`, `state`);
-- create "backends" table
CREATE TABLE `backends` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `system_name` text NOT NULL, `description` text NULL, `private_endpoint` text NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `backends_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "backends" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("backends", 12884901888);
-- create index "backend_tenant_id" to table: "backends"
CREATE INDEX `backend_tenant_id` ON `backends` (`tenant_id`);
-- create index "backend_tenant_id_system_name" to table: "backends"
CREATE UNIQUE INDEX `backend_tenant_id_system_name` ON `backends` (`tenant_id`, `system_name`);
-- create "backend_usages" table
CREATE TABLE `backend_usages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `path` text NOT NULL DEFAULT ('/'), `backend_id` integer NOT NULL, `tenant_id` integer NOT NULL, `product_id` integer NOT NULL, CONSTRAINT `backend_usages_backends_usages` FOREIGN KEY (`backend_id`) REFERENCES `backends` (`id`) ON DELETE CASCADE, CONSTRAINT `backend_usages_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `backend_usages_products_backend_usages` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE);
-- set sequence for "backend_usages" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("backend_usages", 17179869184);
-- create index "backendusage_tenant_id" to table: "backend_usages"
CREATE INDEX `backendusage_tenant_id` ON `backend_usages` (`tenant_id`);
-- create index "backendusage_product_id_backend_id" to table: "backend_usages"
CREATE UNIQUE INDEX `backendusage_product_id_backend_id` ON `backend_usages` (`product_id`, `backend_id`);
-- create "features" table
CREATE TABLE `features` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `system_name` text NOT NULL, `description` text NULL, `visible` bool NOT NULL DEFAULT (true), `scope` text NOT NULL DEFAULT ('APPLICATION_PLAN'), `tenant_id` integer NOT NULL, `product_id` integer NULL, CONSTRAINT `features_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `features_products_features` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE);
-- set sequence for "features" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("features", 21474836480);
-- create index "feature_tenant_id" to table: "features"
CREATE INDEX `feature_tenant_id` ON `features` (`tenant_id`);
-- create index "feature_product_id_scope_system_name" to table: "features"
CREATE UNIQUE INDEX `feature_product_id_scope_system_name` ON `features` (`product_id`, `scope`, `system_name`);
-- create index "feature_tenant_id_scope_system_name" to table: "features"
CREATE UNIQUE INDEX `feature_tenant_id_scope_system_name` ON `features` (`tenant_id`, `scope`, `system_name`) WHERE product_id IS NULL;
-- create "mapping_rules" table
CREATE TABLE `mapping_rules` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `http_method` text NOT NULL, `pattern` text NOT NULL, `delta` integer NOT NULL DEFAULT (1), `position` integer NOT NULL DEFAULT (0), `last` bool NOT NULL DEFAULT (false), `backend_id` integer NULL, `tenant_id` integer NOT NULL, `metric_id` integer NOT NULL, `product_id` integer NULL, CONSTRAINT `mapping_rules_backends_mapping_rules` FOREIGN KEY (`backend_id`) REFERENCES `backends` (`id`) ON DELETE CASCADE, CONSTRAINT `mapping_rules_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `mapping_rules_metrics_mapping_rules` FOREIGN KEY (`metric_id`) REFERENCES `metrics` (`id`) ON DELETE CASCADE, CONSTRAINT `mapping_rules_products_mapping_rules` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE);
-- set sequence for "mapping_rules" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("mapping_rules", 25769803776);
-- create index "mappingrule_tenant_id" to table: "mapping_rules"
CREATE INDEX `mappingrule_tenant_id` ON `mapping_rules` (`tenant_id`);
-- create "metrics" table
CREATE TABLE `metrics` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `system_name` text NOT NULL, `friendly_name` text NOT NULL, `unit` text NOT NULL DEFAULT ('hit'), `description` text NULL, `backend_id` integer NULL, `tenant_id` integer NOT NULL, `parent_id` integer NULL, `product_id` integer NULL, CONSTRAINT `metrics_backends_metrics` FOREIGN KEY (`backend_id`) REFERENCES `backends` (`id`) ON DELETE CASCADE, CONSTRAINT `metrics_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `metrics_metrics_children` FOREIGN KEY (`parent_id`) REFERENCES `metrics` (`id`) ON DELETE CASCADE, CONSTRAINT `metrics_products_metrics` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE);
-- set sequence for "metrics" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("metrics", 30064771072);
-- create index "metric_tenant_id" to table: "metrics"
CREATE INDEX `metric_tenant_id` ON `metrics` (`tenant_id`);
-- create index "metric_product_id_system_name" to table: "metrics"
CREATE UNIQUE INDEX `metric_product_id_system_name` ON `metrics` (`product_id`, `system_name`);
-- create index "metric_backend_id_system_name" to table: "metrics"
CREATE UNIQUE INDEX `metric_backend_id_system_name` ON `metrics` (`backend_id`, `system_name`);
-- create index "metric_product_id_friendly_name" to table: "metrics"
CREATE UNIQUE INDEX `metric_product_id_friendly_name` ON `metrics` (`product_id`, `friendly_name`);
-- create index "metric_backend_id_friendly_name" to table: "metrics"
CREATE UNIQUE INDEX `metric_backend_id_friendly_name` ON `metrics` (`backend_id`, `friendly_name`);
-- create "plans" table
CREATE TABLE `plans` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `name` text NOT NULL, `system_name` text NOT NULL, `description` text NULL, `state` text NOT NULL DEFAULT ('HIDDEN'), `approval_required` bool NOT NULL DEFAULT (false), `setup_fee` text NOT NULL, `cost_per_month` text NOT NULL, `trial_period_days` integer NOT NULL DEFAULT (0), `is_default` bool NOT NULL DEFAULT (false), `position` integer NOT NULL DEFAULT (0), `tenant_id` integer NOT NULL, `original_id` integer NULL, `product_id` integer NULL, CONSTRAINT `plans_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `plans_plans_customizations` FOREIGN KEY (`original_id`) REFERENCES `plans` (`id`) ON DELETE SET NULL, CONSTRAINT `plans_products_plans` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE);
-- set sequence for "plans" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("plans", 34359738368);
-- create index "plan_tenant_id" to table: "plans"
CREATE INDEX `plan_tenant_id` ON `plans` (`tenant_id`);
-- create index "plan_product_id_kind_system_name" to table: "plans"
CREATE UNIQUE INDEX `plan_product_id_kind_system_name` ON `plans` (`product_id`, `kind`, `system_name`);
-- create index "plan_tenant_id_kind_system_name" to table: "plans"
CREATE UNIQUE INDEX `plan_tenant_id_kind_system_name` ON `plans` (`tenant_id`, `kind`, `system_name`) WHERE product_id IS NULL;
-- create "pricing_rules" table
CREATE TABLE `pricing_rules` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `min` integer NOT NULL DEFAULT (1), `max` integer NULL, `cost_per_unit` text NOT NULL, `metric_id` integer NOT NULL, `plan_id` integer NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `pricing_rules_metrics_pricing_rules` FOREIGN KEY (`metric_id`) REFERENCES `metrics` (`id`) ON DELETE CASCADE, CONSTRAINT `pricing_rules_plans_pricing_rules` FOREIGN KEY (`plan_id`) REFERENCES `plans` (`id`) ON DELETE CASCADE, CONSTRAINT `pricing_rules_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "pricing_rules" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("pricing_rules", 38654705664);
-- create index "pricingrule_tenant_id" to table: "pricing_rules"
CREATE INDEX `pricingrule_tenant_id` ON `pricing_rules` (`tenant_id`);
-- create "products" table
CREATE TABLE `products` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `system_name` text NOT NULL, `description` text NULL, `state` text NOT NULL DEFAULT ('INCOMPLETE'), `authentication` text NOT NULL DEFAULT ('USER_KEY'), `referrer_filters_required` bool NOT NULL DEFAULT (false), `plan_change_permission` text NOT NULL DEFAULT ('REQUEST'), `tenant_id` integer NOT NULL, CONSTRAINT `products_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "products" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("products", 42949672960);
-- create index "product_tenant_id" to table: "products"
CREATE INDEX `product_tenant_id` ON `products` (`tenant_id`);
-- create index "product_tenant_id_system_name" to table: "products"
CREATE UNIQUE INDEX `product_tenant_id_system_name` ON `products` (`tenant_id`, `system_name`);
-- create "service_subscriptions" table
CREATE TABLE `service_subscriptions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `state` text NOT NULL DEFAULT ('LIVE'), `accepted_at` datetime NULL, `account_id` integer NOT NULL, `plan_id` integer NOT NULL, `product_id` integer NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `service_subscriptions_accounts_subscriptions` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `service_subscriptions_plans_subscriptions` FOREIGN KEY (`plan_id`) REFERENCES `plans` (`id`) ON DELETE NO ACTION, CONSTRAINT `service_subscriptions_products_subscriptions` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE, CONSTRAINT `service_subscriptions_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "service_subscriptions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("service_subscriptions", 47244640256);
-- create index "servicesubscription_tenant_id" to table: "service_subscriptions"
CREATE INDEX `servicesubscription_tenant_id` ON `service_subscriptions` (`tenant_id`);
-- create index "servicesubscription_account_id_product_id" to table: "service_subscriptions"
CREATE UNIQUE INDEX `servicesubscription_account_id_product_id` ON `service_subscriptions` (`account_id`, `product_id`);
-- create "service_tokens" table
CREATE TABLE `service_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `value` text NOT NULL, `product_id` integer NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `service_tokens_products_service_tokens` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE, CONSTRAINT `service_tokens_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "service_tokens" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("service_tokens", 51539607552);
-- create index "service_tokens_value_key" to table: "service_tokens"
CREATE UNIQUE INDEX `service_tokens_value_key` ON `service_tokens` (`value`);
-- create index "servicetoken_tenant_id" to table: "service_tokens"
CREATE INDEX `servicetoken_tenant_id` ON `service_tokens` (`tenant_id`);
-- create "sessions" table
CREATE TABLE `sessions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `refresh_hash` text NOT NULL, `expires_at` datetime NOT NULL, `revoked_at` datetime NULL, `tenant_id` integer NOT NULL, `user_id` integer NOT NULL, CONSTRAINT `sessions_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `sessions_users_sessions` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- set sequence for "sessions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sessions", 55834574848);
-- create index "sessions_refresh_hash_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_refresh_hash_key` ON `sessions` (`refresh_hash`);
-- create index "session_tenant_id" to table: "sessions"
CREATE INDEX `session_tenant_id` ON `sessions` (`tenant_id`);
-- create "tenants" table
CREATE TABLE `tenants` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `org_name` text NOT NULL, `admin_domain` text NOT NULL, `developer_domain` text NULL, `time_zone` text NOT NULL DEFAULT ('UTC'), `provider_key` text NOT NULL, `master` bool NOT NULL DEFAULT (false), `state` text NOT NULL DEFAULT ('APPROVED'));
-- set sequence for "tenants" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("tenants", 60129542144);
-- create index "tenants_admin_domain_key" to table: "tenants"
CREATE UNIQUE INDEX `tenants_admin_domain_key` ON `tenants` (`admin_domain`);
-- create index "tenants_provider_key_key" to table: "tenants"
CREATE UNIQUE INDEX `tenants_provider_key_key` ON `tenants` (`provider_key`);
-- create "usage_limits" table
CREATE TABLE `usage_limits` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `period` text NOT NULL, `value` integer NOT NULL, `metric_id` integer NOT NULL, `plan_id` integer NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `usage_limits_metrics_usage_limits` FOREIGN KEY (`metric_id`) REFERENCES `metrics` (`id`) ON DELETE CASCADE, CONSTRAINT `usage_limits_plans_limits` FOREIGN KEY (`plan_id`) REFERENCES `plans` (`id`) ON DELETE CASCADE, CONSTRAINT `usage_limits_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "usage_limits" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("usage_limits", 64424509440);
-- create index "usagelimit_tenant_id" to table: "usage_limits"
CREATE INDEX `usagelimit_tenant_id` ON `usage_limits` (`tenant_id`);
-- create index "usagelimit_plan_id_metric_id_period" to table: "usage_limits"
CREATE UNIQUE INDEX `usagelimit_plan_id_metric_id_period` ON `usage_limits` (`plan_id`, `metric_id`, `period`);
-- create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `username` text NOT NULL, `email` text NOT NULL, `first_name` text NULL, `last_name` text NULL, `role` text NOT NULL DEFAULT ('MEMBER'), `state` text NOT NULL DEFAULT ('ACTIVE'), `password_hash` text NULL, `last_login_at` datetime NULL, `extra_fields` json NULL, `account_id` integer NULL, `tenant_id` integer NOT NULL, CONSTRAINT `users_accounts_users` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `users_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "users" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("users", 68719476736);
-- create index "user_tenant_id" to table: "users"
CREATE INDEX `user_tenant_id` ON `users` (`tenant_id`);
-- create index "user_tenant_id_username" to table: "users"
CREATE UNIQUE INDEX `user_tenant_id_username` ON `users` (`tenant_id`, `username`);
-- create index "user_tenant_id_email" to table: "users"
CREATE UNIQUE INDEX `user_tenant_id_email` ON `users` (`tenant_id`, `email`);
-- create "plan_features" table
CREATE TABLE `plan_features` (`plan_id` integer NOT NULL, `feature_id` integer NOT NULL, PRIMARY KEY (`plan_id`, `feature_id`), CONSTRAINT `plan_features_plan_id` FOREIGN KEY (`plan_id`) REFERENCES `plans` (`id`) ON DELETE CASCADE, CONSTRAINT `plan_features_feature_id` FOREIGN KEY (`feature_id`) REFERENCES `features` (`id`) ON DELETE CASCADE);

-- +goose Down
-- reverse: create "plan_features" table
DROP TABLE `plan_features`;
-- reverse: create index "user_tenant_id_email" to table: "users"
DROP INDEX `user_tenant_id_email`;
-- reverse: create index "user_tenant_id_username" to table: "users"
DROP INDEX `user_tenant_id_username`;
-- reverse: create index "user_tenant_id" to table: "users"
DROP INDEX `user_tenant_id`;
-- reverse: set sequence for "users" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "users";
-- reverse: create "users" table
DROP TABLE `users`;
-- reverse: create index "usagelimit_plan_id_metric_id_period" to table: "usage_limits"
DROP INDEX `usagelimit_plan_id_metric_id_period`;
-- reverse: create index "usagelimit_tenant_id" to table: "usage_limits"
DROP INDEX `usagelimit_tenant_id`;
-- reverse: set sequence for "usage_limits" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "usage_limits";
-- reverse: create "usage_limits" table
DROP TABLE `usage_limits`;
-- reverse: create index "tenants_provider_key_key" to table: "tenants"
DROP INDEX `tenants_provider_key_key`;
-- reverse: create index "tenants_admin_domain_key" to table: "tenants"
DROP INDEX `tenants_admin_domain_key`;
-- reverse: set sequence for "tenants" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "tenants";
-- reverse: create "tenants" table
DROP TABLE `tenants`;
-- reverse: create index "session_tenant_id" to table: "sessions"
DROP INDEX `session_tenant_id`;
-- reverse: create index "sessions_refresh_hash_key" to table: "sessions"
DROP INDEX `sessions_refresh_hash_key`;
-- reverse: set sequence for "sessions" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "sessions";
-- reverse: create "sessions" table
DROP TABLE `sessions`;
-- reverse: create index "servicetoken_tenant_id" to table: "service_tokens"
DROP INDEX `servicetoken_tenant_id`;
-- reverse: create index "service_tokens_value_key" to table: "service_tokens"
DROP INDEX `service_tokens_value_key`;
-- reverse: set sequence for "service_tokens" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "service_tokens";
-- reverse: create "service_tokens" table
DROP TABLE `service_tokens`;
-- reverse: create index "servicesubscription_account_id_product_id" to table: "service_subscriptions"
DROP INDEX `servicesubscription_account_id_product_id`;
-- reverse: create index "servicesubscription_tenant_id" to table: "service_subscriptions"
DROP INDEX `servicesubscription_tenant_id`;
-- reverse: set sequence for "service_subscriptions" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "service_subscriptions";
-- reverse: create "service_subscriptions" table
DROP TABLE `service_subscriptions`;
-- reverse: create index "product_tenant_id_system_name" to table: "products"
DROP INDEX `product_tenant_id_system_name`;
-- reverse: create index "product_tenant_id" to table: "products"
DROP INDEX `product_tenant_id`;
-- reverse: set sequence for "products" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "products";
-- reverse: create "products" table
DROP TABLE `products`;
-- reverse: create index "pricingrule_tenant_id" to table: "pricing_rules"
DROP INDEX `pricingrule_tenant_id`;
-- reverse: set sequence for "pricing_rules" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "pricing_rules";
-- reverse: create "pricing_rules" table
DROP TABLE `pricing_rules`;
-- reverse: create index "plan_tenant_id_kind_system_name" to table: "plans"
DROP INDEX `plan_tenant_id_kind_system_name`;
-- reverse: create index "plan_product_id_kind_system_name" to table: "plans"
DROP INDEX `plan_product_id_kind_system_name`;
-- reverse: create index "plan_tenant_id" to table: "plans"
DROP INDEX `plan_tenant_id`;
-- reverse: set sequence for "plans" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "plans";
-- reverse: create "plans" table
DROP TABLE `plans`;
-- reverse: create index "metric_backend_id_friendly_name" to table: "metrics"
DROP INDEX `metric_backend_id_friendly_name`;
-- reverse: create index "metric_product_id_friendly_name" to table: "metrics"
DROP INDEX `metric_product_id_friendly_name`;
-- reverse: create index "metric_backend_id_system_name" to table: "metrics"
DROP INDEX `metric_backend_id_system_name`;
-- reverse: create index "metric_product_id_system_name" to table: "metrics"
DROP INDEX `metric_product_id_system_name`;
-- reverse: create index "metric_tenant_id" to table: "metrics"
DROP INDEX `metric_tenant_id`;
-- reverse: set sequence for "metrics" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "metrics";
-- reverse: create "metrics" table
DROP TABLE `metrics`;
-- reverse: create index "mappingrule_tenant_id" to table: "mapping_rules"
DROP INDEX `mappingrule_tenant_id`;
-- reverse: set sequence for "mapping_rules" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "mapping_rules";
-- reverse: create "mapping_rules" table
DROP TABLE `mapping_rules`;
-- reverse: create index "feature_tenant_id_scope_system_name" to table: "features"
DROP INDEX `feature_tenant_id_scope_system_name`;
-- reverse: create index "feature_product_id_scope_system_name" to table: "features"
DROP INDEX `feature_product_id_scope_system_name`;
-- reverse: create index "feature_tenant_id" to table: "features"
DROP INDEX `feature_tenant_id`;
-- reverse: set sequence for "features" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "features";
-- reverse: create "features" table
DROP TABLE `features`;
-- reverse: create index "backendusage_product_id_backend_id" to table: "backend_usages"
DROP INDEX `backendusage_product_id_backend_id`;
-- reverse: create index "backendusage_tenant_id" to table: "backend_usages"
DROP INDEX `backendusage_tenant_id`;
-- reverse: set sequence for "backend_usages" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "backend_usages";
-- reverse: create "backend_usages" table
DROP TABLE `backend_usages`;
-- reverse: create index "backend_tenant_id_system_name" to table: "backends"
DROP INDEX `backend_tenant_id_system_name`;
-- reverse: create index "backend_tenant_id" to table: "backends"
DROP INDEX `backend_tenant_id`;
-- reverse: set sequence for "backends" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "backends";
-- reverse: create "backends" table
DROP TABLE `backends`;
-- reverse: create index "application_tenant_id_state" to table: "applications"
DROP INDEX `application_tenant_id_state`;
-- reverse: create index "application_product_id_app_id" to table: "applications"
DROP INDEX `application_product_id_app_id`;
-- reverse: create index "application_product_id_user_key" to table: "applications"
DROP INDEX `application_product_id_user_key`;
-- reverse: create index "application_tenant_id" to table: "applications"
DROP INDEX `application_tenant_id`;
-- reverse: set sequence for "applications" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "applications";
-- reverse: create "applications" table
DROP TABLE `applications`;
-- reverse: create index "account_tenant_id_state" to table: "accounts"
DROP INDEX `account_tenant_id_state`;
-- reverse: create index "account_tenant_id" to table: "accounts"
DROP INDEX `account_tenant_id`;
-- reverse: set sequence for "accounts" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "accounts";
-- reverse: create "accounts" table
DROP TABLE `accounts`;
-- reverse: create index "accesstoken_tenant_id" to table: "access_tokens"
DROP INDEX `accesstoken_tenant_id`;
-- reverse: create index "access_tokens_token_hash_key" to table: "access_tokens"
DROP INDEX `access_tokens_token_hash_key`;
-- reverse: create "access_tokens" table
DROP TABLE `access_tokens`;
