-- +goose Up
-- modify "sessions" table
ALTER TABLE "sessions" ADD COLUMN "impersonator_id" bigint NULL, ADD COLUMN "impersonator" character varying NULL;

-- +goose Down
-- reverse: modify "sessions" table
ALTER TABLE "sessions" DROP COLUMN "impersonator", DROP COLUMN "impersonator_id";
