-- +goose Up
-- forget users deleted while the column had no foreign key (hand-written)
UPDATE "messages" SET "sender_user_id" = NULL WHERE "sender_user_id" NOT IN (SELECT "id" FROM "users");
-- modify "messages" table
ALTER TABLE "messages" ADD CONSTRAINT "messages_users_sender_user" FOREIGN KEY ("sender_user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;

-- +goose Down
-- reverse: modify "messages" table
ALTER TABLE "messages" DROP CONSTRAINT "messages_users_sender_user";
