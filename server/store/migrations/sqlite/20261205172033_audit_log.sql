-- +goose Up
-- create "audit_entries" table
CREATE TABLE `audit_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `actor_user_id` integer NULL, `actor` text NOT NULL, `actor_tenant` text NULL, `impersonator` text NULL, `action` text NOT NULL, `object_type` text NOT NULL, `object_id` integer NULL, `fields` json NULL, `client_ip` text NULL, `tenant_id` integer NOT NULL, CONSTRAINT `audit_entries_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "audit_entries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_entries", 219043332096);
-- create index "auditentry_tenant_id" to table: "audit_entries"
CREATE INDEX `auditentry_tenant_id` ON `audit_entries` (`tenant_id`);
-- create index "auditentry_tenant_id_created_at" to table: "audit_entries"
CREATE INDEX `auditentry_tenant_id_created_at` ON `audit_entries` (`tenant_id`, `created_at`);
-- create index "auditentry_created_at" to table: "audit_entries"
CREATE INDEX `auditentry_created_at` ON `audit_entries` (`created_at`);

-- +goose Down
-- reverse: create index "auditentry_created_at" to table: "audit_entries"
DROP INDEX `auditentry_created_at`;
-- reverse: create index "auditentry_tenant_id_created_at" to table: "audit_entries"
DROP INDEX `auditentry_tenant_id_created_at`;
-- reverse: create index "auditentry_tenant_id" to table: "audit_entries"
DROP INDEX `auditentry_tenant_id`;
-- reverse: set sequence for "audit_entries" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "audit_entries";
-- reverse: create "audit_entries" table
DROP TABLE `audit_entries`;
