-- +goose Up
-- modify "tenants" table
ALTER TABLE "tenants" ADD COLUMN "state_changed_at" timestamptz NULL;

-- +goose Down
-- reverse: modify "tenants" table
ALTER TABLE "tenants" DROP COLUMN "state_changed_at";
