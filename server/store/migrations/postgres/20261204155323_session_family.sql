-- +goose Up
-- modify "sessions" table
ALTER TABLE "sessions" ADD COLUMN "family_id" bigint NULL;

-- +goose Down
-- reverse: modify "sessions" table
ALTER TABLE "sessions" DROP COLUMN "family_id";
