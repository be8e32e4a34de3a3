-- +goose Up
-- modify "products" table
ALTER TABLE "products" ADD COLUMN "rate_limit_headers" boolean NOT NULL DEFAULT false;

-- +goose Down
-- reverse: modify "products" table
ALTER TABLE "products" DROP COLUMN "rate_limit_headers";
