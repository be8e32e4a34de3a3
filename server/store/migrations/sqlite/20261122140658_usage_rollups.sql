-- +goose Up
-- create "counter_entries" table
CREATE TABLE `counter_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `service` text NOT NULL, `application` text NOT NULL, `metric` text NOT NULL, `period` integer NOT NULL, `start` integer NOT NULL, `value` integer NOT NULL);
-- set sequence for "counter_entries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("counter_entries", 77309411328);
-- create index "counterentry_service_application_metric_period_start" to table: "counter_entries"
CREATE UNIQUE INDEX `counterentry_service_application_metric_period_start` ON `counter_entries` (`service`, `application`, `metric`, `period`, `start`);
-- create "integration_errors" table
CREATE TABLE `integration_errors` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `code` text NOT NULL, `message` text NOT NULL, `occurred_at` datetime NOT NULL, `tenant_id` integer NOT NULL, `product_id` integer NOT NULL, CONSTRAINT `integration_errors_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `integration_errors_products_product` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE);
-- set sequence for "integration_errors" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("integration_errors", 81604378624);
-- create index "integrationerror_tenant_id" to table: "integration_errors"
CREATE INDEX `integrationerror_tenant_id` ON `integration_errors` (`tenant_id`);
-- create index "integrationerror_product_id_occurred_at" to table: "integration_errors"
CREATE INDEX `integrationerror_product_id_occurred_at` ON `integration_errors` (`product_id`, `occurred_at`);
-- create "response_code_buckets" table
CREATE TABLE `response_code_buckets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `product_id` integer NOT NULL, `code` text NOT NULL, `granularity` text NOT NULL, `start` datetime NOT NULL, `value` integer NOT NULL, `tenant_id` integer NOT NULL, `application_id` integer NOT NULL, CONSTRAINT `response_code_buckets_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `response_code_buckets_applications_application` FOREIGN KEY (`application_id`) REFERENCES `applications` (`id`) ON DELETE CASCADE);
-- set sequence for "response_code_buckets" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("response_code_buckets", 85899345920);
-- create index "responsecodebucket_tenant_id" to table: "response_code_buckets"
CREATE INDEX `responsecodebucket_tenant_id` ON `response_code_buckets` (`tenant_id`);
-- create index "responsecodebucket_application_id_code_granularity_start" to table: "response_code_buckets"
CREATE UNIQUE INDEX `responsecodebucket_application_id_code_granularity_start` ON `response_code_buckets` (`application_id`, `code`, `granularity`, `start`);
-- create "usage_buckets" table
CREATE TABLE `usage_buckets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `product_id` integer NOT NULL, `granularity` text NOT NULL, `start` datetime NOT NULL, `value` integer NOT NULL, `tenant_id` integer NOT NULL, `application_id` integer NOT NULL, `metric_id` integer NOT NULL, CONSTRAINT `usage_buckets_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `usage_buckets_applications_application` FOREIGN KEY (`application_id`) REFERENCES `applications` (`id`) ON DELETE CASCADE, CONSTRAINT `usage_buckets_metrics_metric` FOREIGN KEY (`metric_id`) REFERENCES `metrics` (`id`) ON DELETE CASCADE);
-- set sequence for "usage_buckets" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("usage_buckets", 90194313216);
-- create index "usagebucket_tenant_id" to table: "usage_buckets"
CREATE INDEX `usagebucket_tenant_id` ON `usage_buckets` (`tenant_id`);
-- create index "usagebucket_application_id_metric_id_granularity_start" to table: "usage_buckets"
CREATE UNIQUE INDEX `usagebucket_application_id_metric_id_granularity_start` ON `usage_buckets` (`application_id`, `metric_id`, `granularity`, `start`);
-- create index "usagebucket_product_id_granularity_start" to table: "usage_buckets"
CREATE INDEX `usagebucket_product_id_granularity_start` ON `usage_buckets` (`product_id`, `granularity`, `start`);

-- +goose Down
-- reverse: create index "usagebucket_product_id_granularity_start" to table: "usage_buckets"
DROP INDEX `usagebucket_product_id_granularity_start`;
-- reverse: create index "usagebucket_application_id_metric_id_granularity_start" to table: "usage_buckets"
DROP INDEX `usagebucket_application_id_metric_id_granularity_start`;
-- reverse: create index "usagebucket_tenant_id" to table: "usage_buckets"
DROP INDEX `usagebucket_tenant_id`;
-- reverse: set sequence for "usage_buckets" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "usage_buckets";
-- reverse: create "usage_buckets" table
DROP TABLE `usage_buckets`;
-- reverse: create index "responsecodebucket_application_id_code_granularity_start" to table: "response_code_buckets"
DROP INDEX `responsecodebucket_application_id_code_granularity_start`;
-- reverse: create index "responsecodebucket_tenant_id" to table: "response_code_buckets"
DROP INDEX `responsecodebucket_tenant_id`;
-- reverse: set sequence for "response_code_buckets" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "response_code_buckets";
-- reverse: create "response_code_buckets" table
DROP TABLE `response_code_buckets`;
-- reverse: create index "integrationerror_product_id_occurred_at" to table: "integration_errors"
DROP INDEX `integrationerror_product_id_occurred_at`;
-- reverse: create index "integrationerror_tenant_id" to table: "integration_errors"
DROP INDEX `integrationerror_tenant_id`;
-- reverse: set sequence for "integration_errors" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "integration_errors";
-- reverse: create "integration_errors" table
DROP TABLE `integration_errors`;
-- reverse: create index "counterentry_service_application_metric_period_start" to table: "counter_entries"
DROP INDEX `counterentry_service_application_metric_period_start`;
-- reverse: set sequence for "counter_entries" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "counter_entries";
-- reverse: create "counter_entries" table
DROP TABLE `counter_entries`;
