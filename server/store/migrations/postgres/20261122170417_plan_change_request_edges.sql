-- +goose Up
-- forget users deleted while the columns had no foreign key (hand-written)
UPDATE "plan_change_requests" SET "requested_by_id" = NULL WHERE "requested_by_id" NOT IN (SELECT "id" FROM "users");
UPDATE "plan_change_requests" SET "resolved_by_id" = NULL WHERE "resolved_by_id" NOT IN (SELECT "id" FROM "users");
-- drop requests of products that no longer exist (hand-written; deleting a product deletes its applications and their requests, so none are expected)
DELETE FROM "plan_change_requests" WHERE "product_id" NOT IN (SELECT "id" FROM "products");
-- modify "plan_change_requests" table
ALTER TABLE "plan_change_requests" ADD CONSTRAINT "plan_change_requests_products_product" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, ADD CONSTRAINT "plan_change_requests_users_requested_by" FOREIGN KEY ("requested_by_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "plan_change_requests_users_resolved_by" FOREIGN KEY ("resolved_by_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;

-- +goose Down
-- reverse: modify "plan_change_requests" table
ALTER TABLE "plan_change_requests" DROP CONSTRAINT "plan_change_requests_users_resolved_by", DROP CONSTRAINT "plan_change_requests_users_requested_by", DROP CONSTRAINT "plan_change_requests_products_product";
