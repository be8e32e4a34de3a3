-- +goose Up
-- add column "state_changed_at" to table: "tenants"
ALTER TABLE `tenants` ADD COLUMN `state_changed_at` datetime NULL;

-- +goose Down
-- reverse: add column "state_changed_at" to table: "tenants"
ALTER TABLE `tenants` DROP COLUMN `state_changed_at`;
