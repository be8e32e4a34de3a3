-- +goose Up
-- add column "expiry_notice" to table: "payment_profiles"
ALTER TABLE `payment_profiles` ADD COLUMN `expiry_notice` text NULL;

-- +goose Down
-- reverse: add column "expiry_notice" to table: "payment_profiles"
ALTER TABLE `payment_profiles` DROP COLUMN `expiry_notice`;
