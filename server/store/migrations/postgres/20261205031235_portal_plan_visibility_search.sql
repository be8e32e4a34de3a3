-- +goose Up
-- create index "application_tenant_id_app_id" to table: "applications"
CREATE INDEX "application_tenant_id_app_id" ON "applications" ("tenant_id", "app_id");
-- create index "application_tenant_id_user_key" to table: "applications"
CREATE INDEX "application_tenant_id_user_key" ON "applications" ("tenant_id", "user_key");
-- modify "tenants" table
ALTER TABLE "tenants" ADD COLUMN "account_plans_ui_visible" boolean NOT NULL DEFAULT false, ADD COLUMN "service_plans_ui_visible" boolean NOT NULL DEFAULT false;

-- +goose Down
-- reverse: modify "tenants" table
ALTER TABLE "tenants" DROP COLUMN "service_plans_ui_visible", DROP COLUMN "account_plans_ui_visible";
-- reverse: create index "application_tenant_id_user_key" to table: "applications"
DROP INDEX "application_tenant_id_user_key";
-- reverse: create index "application_tenant_id_app_id" to table: "applications"
DROP INDEX "application_tenant_id_app_id";
