-- +goose Up
-- create "custom_policies" table
CREATE TABLE `custom_policies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `version` text NOT NULL, `schema` text NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `custom_policies_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "custom_policies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("custom_policies", 184683593728);
-- create index "custompolicy_tenant_id" to table: "custom_policies"
CREATE INDEX `custompolicy_tenant_id` ON `custom_policies` (`tenant_id`);
-- create index "custompolicy_tenant_id_name_version" to table: "custom_policies"
CREATE UNIQUE INDEX `custompolicy_tenant_id_name_version` ON `custom_policies` (`tenant_id`, `name`, `version`);

-- +goose Down
-- reverse: create index "custompolicy_tenant_id_name_version" to table: "custom_policies"
DROP INDEX `custompolicy_tenant_id_name_version`;
-- reverse: create index "custompolicy_tenant_id" to table: "custom_policies"
DROP INDEX `custompolicy_tenant_id`;
-- reverse: set sequence for "custom_policies" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "custom_policies";
-- reverse: create "custom_policies" table
DROP TABLE `custom_policies`;
