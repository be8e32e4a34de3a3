-- +goose Up
-- modify "proxies" table
ALTER TABLE "proxies" ADD COLUMN "oidc_standard_flow_enabled" boolean NOT NULL DEFAULT true, ADD COLUMN "oidc_implicit_flow_enabled" boolean NOT NULL DEFAULT false, ADD COLUMN "oidc_service_accounts_enabled" boolean NOT NULL DEFAULT false, ADD COLUMN "oidc_direct_access_grants_enabled" boolean NOT NULL DEFAULT false;

-- +goose Down
-- reverse: modify "proxies" table
ALTER TABLE "proxies" DROP COLUMN "oidc_direct_access_grants_enabled", DROP COLUMN "oidc_service_accounts_enabled", DROP COLUMN "oidc_implicit_flow_enabled", DROP COLUMN "oidc_standard_flow_enabled";
