-- +goose Up
-- add column "family_id" to table: "sessions"
ALTER TABLE `sessions` ADD COLUMN `family_id` integer NULL;

-- +goose Down
-- reverse: add column "family_id" to table: "sessions"
ALTER TABLE `sessions` DROP COLUMN `family_id`;
