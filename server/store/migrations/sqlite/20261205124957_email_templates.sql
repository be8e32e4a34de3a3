-- +goose Up
-- create "email_templates" table
CREATE TABLE `email_templates` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `subject` text NOT NULL, `body` text NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `email_templates_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "email_templates" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("email_templates", 201863462912);
-- create index "emailtemplate_tenant_id" to table: "email_templates"
CREATE INDEX `emailtemplate_tenant_id` ON `email_templates` (`tenant_id`);
-- create index "emailtemplate_tenant_id_name" to table: "email_templates"
CREATE UNIQUE INDEX `emailtemplate_tenant_id_name` ON `email_templates` (`tenant_id`, `name`);

-- +goose Down
-- reverse: create index "emailtemplate_tenant_id_name" to table: "email_templates"
DROP INDEX `emailtemplate_tenant_id_name`;
-- reverse: create index "emailtemplate_tenant_id" to table: "email_templates"
DROP INDEX `emailtemplate_tenant_id`;
-- reverse: set sequence for "email_templates" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "email_templates";
-- reverse: create "email_templates" table
DROP TABLE `email_templates`;
