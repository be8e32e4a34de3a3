-- +goose Up
-- create "webhooks" table
CREATE TABLE `webhooks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `url` text NOT NULL DEFAULT (''), `active` bool NOT NULL DEFAULT (false), `provider_actions` bool NOT NULL DEFAULT (false), `events` json NOT NULL, `format` text NOT NULL DEFAULT ('XML'), `secret_sealed` text NOT NULL DEFAULT (''), `secret_rotated_at` datetime NULL, `tenant_id` integer NOT NULL, CONSTRAINT `webhooks_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "webhooks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhooks", 146028888064);
-- create index "webhook_tenant_id" to table: "webhooks"
CREATE INDEX `webhook_tenant_id` ON `webhooks` (`tenant_id`);
-- create index "webhooks_one_per_tenant" to table: "webhooks"
CREATE UNIQUE INDEX `webhooks_one_per_tenant` ON `webhooks` (`tenant_id`);
-- create "webhook_deliveries" table
CREATE TABLE `webhook_deliveries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event_id` text NOT NULL, `domain_event_id` integer NULL, `event_type` text NOT NULL, `object_type` text NOT NULL, `object_id` integer NOT NULL, `test` bool NOT NULL DEFAULT (false), `replay_of_id` integer NULL, `url` text NOT NULL, `format` text NOT NULL, `request_body` text NOT NULL, `state` text NOT NULL DEFAULT ('PENDING'), `queued` bool NOT NULL DEFAULT (false), `attempts` integer NOT NULL DEFAULT (0), `response_status` integer NULL, `response_body` text NULL, `error` text NULL, `latency_ms` integer NULL, `created_at` datetime NOT NULL, `last_attempt_at` datetime NULL, `delivered_at` datetime NULL, `failed_at` datetime NULL, `cleared_at` datetime NULL, `tenant_id` integer NOT NULL, CONSTRAINT `webhook_deliveries_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "webhook_deliveries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhook_deliveries", 150323855360);
-- create index "webhookdelivery_tenant_id" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_tenant_id` ON `webhook_deliveries` (`tenant_id`);
-- create index "webhookdelivery_tenant_id_created_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_tenant_id_created_at` ON `webhook_deliveries` (`tenant_id`, `created_at`);
-- create index "webhookdelivery_tenant_id_state_failed_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_tenant_id_state_failed_at` ON `webhook_deliveries` (`tenant_id`, `state`, `failed_at`);
-- create index "webhookdelivery_domain_event_id" to table: "webhook_deliveries"
CREATE UNIQUE INDEX `webhookdelivery_domain_event_id` ON `webhook_deliveries` (`domain_event_id`);
-- create index "webhookdelivery_queued_state" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_queued_state` ON `webhook_deliveries` (`queued`, `state`);

-- +goose Down
-- reverse: create index "webhookdelivery_queued_state" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_queued_state`;
-- reverse: create index "webhookdelivery_domain_event_id" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_domain_event_id`;
-- reverse: create index "webhookdelivery_tenant_id_state_failed_at" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_tenant_id_state_failed_at`;
-- reverse: create index "webhookdelivery_tenant_id_created_at" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_tenant_id_created_at`;
-- reverse: create index "webhookdelivery_tenant_id" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_tenant_id`;
-- reverse: set sequence for "webhook_deliveries" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "webhook_deliveries";
-- reverse: create "webhook_deliveries" table
DROP TABLE `webhook_deliveries`;
-- reverse: create index "webhooks_one_per_tenant" to table: "webhooks"
DROP INDEX `webhooks_one_per_tenant`;
-- reverse: create index "webhook_tenant_id" to table: "webhooks"
DROP INDEX `webhook_tenant_id`;
-- reverse: set sequence for "webhooks" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "webhooks";
-- reverse: create "webhooks" table
DROP TABLE `webhooks`;
