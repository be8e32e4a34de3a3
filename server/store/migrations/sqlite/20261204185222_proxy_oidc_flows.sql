-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_proxies" table
CREATE TABLE `new_proxies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `staging_endpoint` text NULL, `production_endpoint` text NULL, `api_backend` text NULL, `credentials_location` text NOT NULL DEFAULT ('QUERY'), `auth_user_key` text NOT NULL DEFAULT ('user_key'), `auth_app_id` text NOT NULL DEFAULT ('app_id'), `auth_app_key` text NOT NULL DEFAULT ('app_key'), `error_auth_failed` text NOT NULL DEFAULT ('Authentication failed'), `error_status_auth_failed` integer NOT NULL DEFAULT (403), `error_headers_auth_failed` text NOT NULL DEFAULT ('text/plain; charset=us-ascii'), `error_auth_missing` text NOT NULL DEFAULT ('Authentication parameters missing'), `error_status_auth_missing` integer NOT NULL DEFAULT (403), `error_headers_auth_missing` text NOT NULL DEFAULT ('text/plain; charset=us-ascii'), `error_no_match` text NOT NULL DEFAULT ('No Mapping Rule matched'), `error_status_no_match` integer NOT NULL DEFAULT (404), `error_headers_no_match` text NOT NULL DEFAULT ('text/plain; charset=us-ascii'), `error_limits_exceeded` text NOT NULL DEFAULT ('Usage limit exceeded'), `error_status_limits_exceeded` integer NOT NULL DEFAULT (429), `error_headers_limits_exceeded` text NOT NULL DEFAULT ('text/plain; charset=us-ascii'), `secret_token` text NULL, `hostname_rewrite` text NULL, `oidc_issuer_endpoint` text NULL, `oidc_issuer_type` text NOT NULL DEFAULT ('KEYCLOAK'), `oidc_standard_flow_enabled` bool NOT NULL DEFAULT (true), `oidc_implicit_flow_enabled` bool NOT NULL DEFAULT (false), `oidc_service_accounts_enabled` bool NOT NULL DEFAULT (false), `oidc_direct_access_grants_enabled` bool NOT NULL DEFAULT (false), `policy_chain` json NULL, `lock_version` integer NOT NULL DEFAULT (0), `product_id` integer NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `proxies_products_proxy` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE, CONSTRAINT `proxies_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "new_proxies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_proxies", 128849018880);
-- copy rows from old table "proxies" to new temporary table "new_proxies"
INSERT INTO `new_proxies` (`id`, `created_at`, `updated_at`, `staging_endpoint`, `production_endpoint`, `api_backend`, `credentials_location`, `auth_user_key`, `auth_app_id`, `auth_app_key`, `error_auth_failed`, `error_status_auth_failed`, `error_headers_auth_failed`, `error_auth_missing`, `error_status_auth_missing`, `error_headers_auth_missing`, `error_no_match`, `error_status_no_match`, `error_headers_no_match`, `error_limits_exceeded`, `error_status_limits_exceeded`, `error_headers_limits_exceeded`, `secret_token`, `hostname_rewrite`, `oidc_issuer_endpoint`, `oidc_issuer_type`, `policy_chain`, `lock_version`, `product_id`, `tenant_id`) SELECT `id`, `created_at`, `updated_at`, `staging_endpoint`, `production_endpoint`, `api_backend`, `credentials_location`, `auth_user_key`, `auth_app_id`, `auth_app_key`, `error_auth_failed`, `error_status_auth_failed`, `error_headers_auth_failed`, `error_auth_missing`, `error_status_auth_missing`, `error_headers_auth_missing`, `error_no_match`, `error_status_no_match`, `error_headers_no_match`, `error_limits_exceeded`, `error_status_limits_exceeded`, `error_headers_limits_exceeded`, `secret_token`, `hostname_rewrite`, `oidc_issuer_endpoint`, `oidc_issuer_type`, `policy_chain`, `lock_version`, `product_id`, `tenant_id` FROM `proxies`;
-- drop "proxies" table after copying rows
DROP TABLE `proxies`;
-- rename temporary table "new_proxies" to "proxies"
ALTER TABLE `new_proxies` RENAME TO `proxies`;
-- create index "proxies_product_id_key" to table: "proxies"
CREATE UNIQUE INDEX `proxies_product_id_key` ON `proxies` (`product_id`);
-- create index "proxy_tenant_id" to table: "proxies"
CREATE INDEX `proxy_tenant_id` ON `proxies` (`tenant_id`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "proxy_tenant_id" to table: "proxies"
DROP INDEX `proxy_tenant_id`;
-- reverse: create index "proxies_product_id_key" to table: "proxies"
DROP INDEX `proxies_product_id_key`;
-- reverse: set sequence for "new_proxies" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_proxies";
-- reverse: create "new_proxies" table
DROP TABLE `new_proxies`;
