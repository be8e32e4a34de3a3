-- +goose Up
-- create "latency_buckets" table
CREATE TABLE `latency_buckets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `product_id` integer NOT NULL, `granularity` text NOT NULL, `start` datetime NOT NULL, `count` integer NOT NULL, `sketch` blob NOT NULL, `tenant_id` integer NOT NULL, `application_id` integer NOT NULL, CONSTRAINT `latency_buckets_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `latency_buckets_applications_application` FOREIGN KEY (`application_id`) REFERENCES `applications` (`id`) ON DELETE CASCADE);
-- set sequence for "latency_buckets" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("latency_buckets", 176093659136);
-- create index "latencybucket_tenant_id" to table: "latency_buckets"
CREATE INDEX `latencybucket_tenant_id` ON `latency_buckets` (`tenant_id`);
-- create index "latencybucket_application_id_granularity_start" to table: "latency_buckets"
CREATE UNIQUE INDEX `latencybucket_application_id_granularity_start` ON `latency_buckets` (`application_id`, `granularity`, `start`);
-- create "product_latency_buckets" table
CREATE TABLE `product_latency_buckets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `granularity` text NOT NULL, `start` datetime NOT NULL, `count` integer NOT NULL, `sketch` blob NOT NULL, `tenant_id` integer NOT NULL, `product_id` integer NOT NULL, CONSTRAINT `product_latency_buckets_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `product_latency_buckets_products_product` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE);
-- set sequence for "product_latency_buckets" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("product_latency_buckets", 180388626432);
-- create index "productlatencybucket_tenant_id" to table: "product_latency_buckets"
CREATE INDEX `productlatencybucket_tenant_id` ON `product_latency_buckets` (`tenant_id`);
-- create index "productlatencybucket_product_id_granularity_start" to table: "product_latency_buckets"
CREATE UNIQUE INDEX `productlatencybucket_product_id_granularity_start` ON `product_latency_buckets` (`product_id`, `granularity`, `start`);

-- +goose Down
-- reverse: create index "productlatencybucket_product_id_granularity_start" to table: "product_latency_buckets"
DROP INDEX `productlatencybucket_product_id_granularity_start`;
-- reverse: create index "productlatencybucket_tenant_id" to table: "product_latency_buckets"
DROP INDEX `productlatencybucket_tenant_id`;
-- reverse: set sequence for "product_latency_buckets" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "product_latency_buckets";
-- reverse: create "product_latency_buckets" table
DROP TABLE `product_latency_buckets`;
-- reverse: create index "latencybucket_application_id_granularity_start" to table: "latency_buckets"
DROP INDEX `latencybucket_application_id_granularity_start`;
-- reverse: create index "latencybucket_tenant_id" to table: "latency_buckets"
DROP INDEX `latencybucket_tenant_id`;
-- reverse: set sequence for "latency_buckets" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "latency_buckets";
-- reverse: create "latency_buckets" table
DROP TABLE `latency_buckets`;
