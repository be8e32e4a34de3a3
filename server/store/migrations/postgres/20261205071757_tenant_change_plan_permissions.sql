-- +goose Up
-- modify "tenants" table
ALTER TABLE "tenants" ADD COLUMN "change_account_plan_permission" character varying NOT NULL DEFAULT 'REQUEST', ADD COLUMN "change_service_plan_permission" character varying NOT NULL DEFAULT 'REQUEST';

-- +goose Down
-- reverse: modify "tenants" table
ALTER TABLE "tenants" DROP COLUMN "change_service_plan_permission", DROP COLUMN "change_account_plan_permission";
