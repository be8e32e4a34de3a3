-- +goose Up
-- create index "usagebucket_product_id_metric_id_granularity_start" to table: "usage_buckets"
CREATE INDEX `usagebucket_product_id_metric_id_granularity_start` ON `usage_buckets` (`product_id`, `metric_id`, `granularity`, `start`);
-- create "product_usage_buckets" table
CREATE TABLE `product_usage_buckets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `granularity` text NOT NULL, `start` datetime NOT NULL, `value` integer NOT NULL, `tenant_id` integer NOT NULL, `product_id` integer NOT NULL, `metric_id` integer NOT NULL, CONSTRAINT `product_usage_buckets_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `product_usage_buckets_products_product` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE, CONSTRAINT `product_usage_buckets_metrics_metric` FOREIGN KEY (`metric_id`) REFERENCES `metrics` (`id`) ON DELETE CASCADE);
-- set sequence for "product_usage_buckets" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("product_usage_buckets", 171798691840);
-- create index "productusagebucket_tenant_id" to table: "product_usage_buckets"
CREATE INDEX `productusagebucket_tenant_id` ON `product_usage_buckets` (`tenant_id`);
-- create index "productusagebucket_product_id_metric_id_granularity_start" to table: "product_usage_buckets"
CREATE UNIQUE INDEX `productusagebucket_product_id_metric_id_granularity_start` ON `product_usage_buckets` (`product_id`, `metric_id`, `granularity`, `start`);
-- create index "productusagebucket_metric_id_granularity_start" to table: "product_usage_buckets"
CREATE INDEX `productusagebucket_metric_id_granularity_start` ON `product_usage_buckets` (`metric_id`, `granularity`, `start`);

-- drop index "usagebucket_product_id_granularity_start": superseded by the one with metric_id
DROP INDEX `usagebucket_product_id_granularity_start`;
-- fill "product_usage_buckets" with the sums of the application buckets kept so far
INSERT INTO `product_usage_buckets` (`tenant_id`, `product_id`, `metric_id`, `granularity`, `start`, `value`) SELECT `tenant_id`, `product_id`, `metric_id`, `granularity`, `start`, SUM(`value`) FROM `usage_buckets` GROUP BY `tenant_id`, `product_id`, `metric_id`, `granularity`, `start`;

-- +goose Down
-- reverse: create index "productusagebucket_metric_id_granularity_start" to table: "product_usage_buckets"
DROP INDEX `productusagebucket_metric_id_granularity_start`;
-- reverse: create index "productusagebucket_product_id_metric_id_granularity_start" to table: "product_usage_buckets"
DROP INDEX `productusagebucket_product_id_metric_id_granularity_start`;
-- reverse: create index "productusagebucket_tenant_id" to table: "product_usage_buckets"
DROP INDEX `productusagebucket_tenant_id`;
-- reverse: set sequence for "product_usage_buckets" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "product_usage_buckets";
-- reverse: create "product_usage_buckets" table
DROP TABLE `product_usage_buckets`;
-- reverse: create index "usagebucket_product_id_metric_id_granularity_start" to table: "usage_buckets"
DROP INDEX `usagebucket_product_id_metric_id_granularity_start`;
-- reverse: drop index "usagebucket_product_id_granularity_start"
CREATE INDEX `usagebucket_product_id_granularity_start` ON `usage_buckets` (`product_id`, `granularity`, `start`);
