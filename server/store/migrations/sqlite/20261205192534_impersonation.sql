-- +goose Up
-- add column "impersonator_id" to table: "sessions"
ALTER TABLE `sessions` ADD COLUMN `impersonator_id` integer NULL;
-- add column "impersonator" to table: "sessions"
ALTER TABLE `sessions` ADD COLUMN `impersonator` text NULL;

-- +goose Down
-- reverse: add column "impersonator" to table: "sessions"
ALTER TABLE `sessions` DROP COLUMN `impersonator`;
-- reverse: add column "impersonator_id" to table: "sessions"
ALTER TABLE `sessions` DROP COLUMN `impersonator_id`;
