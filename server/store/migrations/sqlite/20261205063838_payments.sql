-- +goose Up
-- create "payment_gateways" table
CREATE TABLE `payment_gateways` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `publishable_key` text NOT NULL, `secret_key_sealed` text NOT NULL, `secret_key_hint` text NOT NULL, `test_mode` bool NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `payment_gateways_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "payment_gateways" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("payment_gateways", 188978561024);
-- create index "paymentgateway_tenant_id" to table: "payment_gateways"
CREATE INDEX `paymentgateway_tenant_id` ON `payment_gateways` (`tenant_id`);
-- create index "payment_gateways_one_per_tenant" to table: "payment_gateways"
CREATE UNIQUE INDEX `payment_gateways_one_per_tenant` ON `payment_gateways` (`tenant_id`);
-- create "payment_profiles" table
CREATE TABLE `payment_profiles` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `gateway` text NOT NULL, `customer_ref` text NOT NULL, `setup_ref` text NULL, `payment_method_ref` text NULL, `brand` text NULL, `last4` text NULL, `exp_month` integer NULL, `exp_year` integer NULL, `account_id` integer NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `payment_profiles_accounts_payment_profile` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `payment_profiles_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "payment_profiles" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("payment_profiles", 193273528320);
-- create index "payment_profiles_account_id_key" to table: "payment_profiles"
CREATE UNIQUE INDEX `payment_profiles_account_id_key` ON `payment_profiles` (`account_id`);
-- create index "paymentprofile_tenant_id" to table: "payment_profiles"
CREATE INDEX `paymentprofile_tenant_id` ON `payment_profiles` (`tenant_id`);
-- create "payment_transactions" table
CREATE TABLE `payment_transactions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `account_id` integer NULL, `state` text NOT NULL DEFAULT ('PENDING'), `success` bool NOT NULL DEFAULT (false), `amount` text NOT NULL, `currency` text NOT NULL, `action` text NOT NULL DEFAULT ('purchase'), `reference` text NULL, `message` text NULL, `gateway_response` json NULL, `test` bool NOT NULL, `automatic` bool NOT NULL, `idempotency_key` text NOT NULL, `invoice_id` integer NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `payment_transactions_invoices_payment_transactions` FOREIGN KEY (`invoice_id`) REFERENCES `invoices` (`id`) ON DELETE CASCADE, CONSTRAINT `payment_transactions_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "payment_transactions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("payment_transactions", 197568495616);
-- create index "paymenttransaction_tenant_id" to table: "payment_transactions"
CREATE INDEX `paymenttransaction_tenant_id` ON `payment_transactions` (`tenant_id`);
-- create index "paymenttransaction_tenant_id_idempotency_key" to table: "payment_transactions"
CREATE UNIQUE INDEX `paymenttransaction_tenant_id_idempotency_key` ON `payment_transactions` (`tenant_id`, `idempotency_key`);
-- create index "paymenttransaction_invoice_id" to table: "payment_transactions"
CREATE INDEX `paymenttransaction_invoice_id` ON `payment_transactions` (`invoice_id`);

-- +goose Down
-- reverse: create index "paymenttransaction_invoice_id" to table: "payment_transactions"
DROP INDEX `paymenttransaction_invoice_id`;
-- reverse: create index "paymenttransaction_tenant_id_idempotency_key" to table: "payment_transactions"
DROP INDEX `paymenttransaction_tenant_id_idempotency_key`;
-- reverse: create index "paymenttransaction_tenant_id" to table: "payment_transactions"
DROP INDEX `paymenttransaction_tenant_id`;
-- reverse: set sequence for "payment_transactions" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "payment_transactions";
-- reverse: create "payment_transactions" table
DROP TABLE `payment_transactions`;
-- reverse: create index "paymentprofile_tenant_id" to table: "payment_profiles"
DROP INDEX `paymentprofile_tenant_id`;
-- reverse: create index "payment_profiles_account_id_key" to table: "payment_profiles"
DROP INDEX `payment_profiles_account_id_key`;
-- reverse: set sequence for "payment_profiles" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "payment_profiles";
-- reverse: create "payment_profiles" table
DROP TABLE `payment_profiles`;
-- reverse: create index "payment_gateways_one_per_tenant" to table: "payment_gateways"
DROP INDEX `payment_gateways_one_per_tenant`;
-- reverse: create index "paymentgateway_tenant_id" to table: "payment_gateways"
DROP INDEX `paymentgateway_tenant_id`;
-- reverse: set sequence for "payment_gateways" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "payment_gateways";
-- reverse: create "payment_gateways" table
DROP TABLE `payment_gateways`;
