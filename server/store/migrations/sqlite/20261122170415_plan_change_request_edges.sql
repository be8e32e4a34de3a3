-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- forget users deleted while the columns had no foreign key (hand-written)
UPDATE `plan_change_requests` SET `requested_by_id` = NULL WHERE `requested_by_id` NOT IN (SELECT `id` FROM `users`);
UPDATE `plan_change_requests` SET `resolved_by_id` = NULL WHERE `resolved_by_id` NOT IN (SELECT `id` FROM `users`);
-- drop requests of products that no longer exist (hand-written; deleting a product deletes its applications and their requests, so none are expected)
DELETE FROM `plan_change_requests` WHERE `product_id` NOT IN (SELECT `id` FROM `products`);
-- create "new_plan_change_requests" table
CREATE TABLE `new_plan_change_requests` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `state` text NOT NULL DEFAULT ('PENDING'), `resolved_at` datetime NULL, `tenant_id` integer NOT NULL, `application_id` integer NOT NULL, `account_id` integer NOT NULL, `from_plan_id` integer NOT NULL, `to_plan_id` integer NOT NULL, `product_id` integer NOT NULL, `requested_by_id` integer NULL, `resolved_by_id` integer NULL, CONSTRAINT `plan_change_requests_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `plan_change_requests_applications_application` FOREIGN KEY (`application_id`) REFERENCES `applications` (`id`) ON DELETE CASCADE, CONSTRAINT `plan_change_requests_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `plan_change_requests_plans_from_plan` FOREIGN KEY (`from_plan_id`) REFERENCES `plans` (`id`) ON DELETE CASCADE, CONSTRAINT `plan_change_requests_plans_to_plan` FOREIGN KEY (`to_plan_id`) REFERENCES `plans` (`id`) ON DELETE CASCADE, CONSTRAINT `plan_change_requests_products_product` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE, CONSTRAINT `plan_change_requests_users_requested_by` FOREIGN KEY (`requested_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `plan_change_requests_users_resolved_by` FOREIGN KEY (`resolved_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- set sequence for "new_plan_change_requests" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_plan_change_requests", 124554051584);
-- copy rows from old table "plan_change_requests" to new temporary table "new_plan_change_requests"
INSERT INTO `new_plan_change_requests` (`id`, `created_at`, `updated_at`, `state`, `resolved_at`, `tenant_id`, `application_id`, `account_id`, `from_plan_id`, `to_plan_id`, `product_id`, `requested_by_id`, `resolved_by_id`) SELECT `id`, `created_at`, `updated_at`, `state`, `resolved_at`, `tenant_id`, `application_id`, `account_id`, `from_plan_id`, `to_plan_id`, `product_id`, `requested_by_id`, `resolved_by_id` FROM `plan_change_requests`;
-- drop "plan_change_requests" table after copying rows
DROP TABLE `plan_change_requests`;
-- rename temporary table "new_plan_change_requests" to "plan_change_requests"
ALTER TABLE `new_plan_change_requests` RENAME TO `plan_change_requests`;
-- create index "planchangerequest_tenant_id" to table: "plan_change_requests"
CREATE INDEX `planchangerequest_tenant_id` ON `plan_change_requests` (`tenant_id`);
-- create index "planchangerequest_tenant_id_state" to table: "plan_change_requests"
CREATE INDEX `planchangerequest_tenant_id_state` ON `plan_change_requests` (`tenant_id`, `state`);
-- create index "planchangerequest_application_id_state" to table: "plan_change_requests"
CREATE INDEX `planchangerequest_application_id_state` ON `plan_change_requests` (`application_id`, `state`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "planchangerequest_application_id_state" to table: "plan_change_requests"
DROP INDEX `planchangerequest_application_id_state`;
-- reverse: create index "planchangerequest_tenant_id_state" to table: "plan_change_requests"
DROP INDEX `planchangerequest_tenant_id_state`;
-- reverse: create index "planchangerequest_tenant_id" to table: "plan_change_requests"
DROP INDEX `planchangerequest_tenant_id`;
-- reverse: set sequence for "new_plan_change_requests" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_plan_change_requests";
-- reverse: create "new_plan_change_requests" table
DROP TABLE `new_plan_change_requests`;
