-- +goose Up
-- modify "users" table
ALTER TABLE "users" ADD COLUMN "password_reset_digest" character varying NULL, ADD COLUMN "password_reset_expires_at" timestamptz NULL;
-- create index "user_password_reset_digest" to table: "users"
CREATE INDEX "user_password_reset_digest" ON "users" ("password_reset_digest");

-- +goose Down
-- reverse: create index "user_password_reset_digest" to table: "users"
DROP INDEX "user_password_reset_digest";
-- reverse: modify "users" table
ALTER TABLE "users" DROP COLUMN "password_reset_expires_at", DROP COLUMN "password_reset_digest";
