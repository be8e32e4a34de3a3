-- +goose Up
-- create "proxies" table
CREATE TABLE `proxies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `staging_endpoint` text NULL, `production_endpoint` text NULL, `api_backend` text NULL, `credentials_location` text NOT NULL DEFAULT ('QUERY'), `auth_user_key` text NOT NULL DEFAULT ('user_key'), `auth_app_id` text NOT NULL DEFAULT ('app_id'), `auth_app_key` text NOT NULL DEFAULT ('app_key'), `error_auth_failed` text NOT NULL DEFAULT ('Authentication failed'), `error_status_auth_failed` integer NOT NULL DEFAULT (403), `error_headers_auth_failed` text NOT NULL DEFAULT ('text/plain; charset=us-ascii'), `error_auth_missing` text NOT NULL DEFAULT ('Authentication parameters missing'), `error_status_auth_missing` integer NOT NULL DEFAULT (403), `error_headers_auth_missing` text NOT NULL DEFAULT ('text/plain; charset=us-ascii'), `error_no_match` text NOT NULL DEFAULT ('No Mapping Rule matched'), `error_status_no_match` integer NOT NULL DEFAULT (404), `error_headers_no_match` text NOT NULL DEFAULT ('text/plain; charset=us-ascii'), `error_limits_exceeded` text NOT NULL DEFAULT ('Usage limit exceeded'), `error_status_limits_exceeded` integer NOT NULL DEFAULT (429), `error_headers_limits_exceeded` text NOT NULL DEFAULT ('text/plain; charset=us-ascii'), `secret_token` text NULL, `hostname_rewrite` text NULL, `oidc_issuer_endpoint` text NULL, `oidc_issuer_type` text NOT NULL DEFAULT ('KEYCLOAK'), `policy_chain` json NULL, `lock_version` integer NOT NULL DEFAULT (0), `product_id` integer NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `proxies_products_proxy` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE, CONSTRAINT `proxies_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "proxies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("proxies", 128849018880);
-- create index "proxies_product_id_key" to table: "proxies"
CREATE UNIQUE INDEX `proxies_product_id_key` ON `proxies` (`product_id`);
-- create index "proxy_tenant_id" to table: "proxies"
CREATE INDEX `proxy_tenant_id` ON `proxies` (`tenant_id`);
-- create "proxy_configs" table
CREATE TABLE `proxy_configs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `environment` text NOT NULL, `version` integer NOT NULL, `content` text NOT NULL, `hosts` json NOT NULL, `created_at` datetime NOT NULL, `product_id` integer NOT NULL, `tenant_id` integer NOT NULL, CONSTRAINT `proxy_configs_products_proxy_configs` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE, CONSTRAINT `proxy_configs_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- set sequence for "proxy_configs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("proxy_configs", 133143986176);
-- create index "proxyconfig_tenant_id" to table: "proxy_configs"
CREATE INDEX `proxyconfig_tenant_id` ON `proxy_configs` (`tenant_id`);
-- create index "proxyconfig_product_id_environment_version" to table: "proxy_configs"
CREATE UNIQUE INDEX `proxyconfig_product_id_environment_version` ON `proxy_configs` (`product_id`, `environment`, `version`);

-- +goose Down
-- reverse: create index "proxyconfig_product_id_environment_version" to table: "proxy_configs"
DROP INDEX `proxyconfig_product_id_environment_version`;
-- reverse: create index "proxyconfig_tenant_id" to table: "proxy_configs"
DROP INDEX `proxyconfig_tenant_id`;
-- reverse: set sequence for "proxy_configs" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "proxy_configs";
-- reverse: create "proxy_configs" table
DROP TABLE `proxy_configs`;
-- reverse: create index "proxy_tenant_id" to table: "proxies"
DROP INDEX `proxy_tenant_id`;
-- reverse: create index "proxies_product_id_key" to table: "proxies"
DROP INDEX `proxies_product_id_key`;
-- reverse: set sequence for "proxies" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "proxies";
-- reverse: create "proxies" table
DROP TABLE `proxies`;
