-- +goose Up
-- create "active_docs" table
CREATE TABLE `active_docs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `system_name` text NOT NULL, `description` text NULL, `published` bool NOT NULL DEFAULT (false), `skip_swagger_validations` bool NOT NULL DEFAULT (false), `body` text NOT NULL, `tenant_id` integer NOT NULL, `product_id` integer NULL, CONSTRAINT `active_docs_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `active_docs_products_active_docs` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE SET NULL);
-- set sequence for "active_docs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("active_docs", 141733920768);
-- create index "activedoc_tenant_id" to table: "active_docs"
CREATE INDEX `activedoc_tenant_id` ON `active_docs` (`tenant_id`);
-- create index "activedoc_tenant_id_system_name" to table: "active_docs"
CREATE UNIQUE INDEX `activedoc_tenant_id_system_name` ON `active_docs` (`tenant_id`, `system_name`);

-- +goose Down
-- reverse: create index "activedoc_tenant_id_system_name" to table: "active_docs"
DROP INDEX `activedoc_tenant_id_system_name`;
-- reverse: create index "activedoc_tenant_id" to table: "active_docs"
DROP INDEX `activedoc_tenant_id`;
-- reverse: set sequence for "active_docs" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "active_docs";
-- reverse: create "active_docs" table
DROP TABLE `active_docs`;
