-- +goose Up
-- modify "payment_profiles" table
ALTER TABLE "payment_profiles" ADD COLUMN "expiry_notice" character varying NULL;

-- +goose Down
-- reverse: modify "payment_profiles" table
ALTER TABLE "payment_profiles" DROP COLUMN "expiry_notice";
