-- +goose Up
-- modify "plans" table
ALTER TABLE "plans" ADD COLUMN "setup_fee_key" character varying NOT NULL DEFAULT '0000000000000000.0000', ADD COLUMN "cost_per_month_key" character varying NOT NULL DEFAULT '0000000000000000.0000';
-- modify "usage_limits" table
ALTER TABLE "usage_limits" ADD COLUMN "period_rank" bigint NOT NULL DEFAULT 0;
-- fill the sort keys of existing rows
UPDATE "plans" SET "setup_fee_key" = lpad(to_char("setup_fee", 'FM9999999999999990.0000'), 21, '0'), "cost_per_month_key" = lpad(to_char("cost_per_month", 'FM9999999999999990.0000'), 21, '0');
UPDATE "usage_limits" SET "period_rank" = CASE "period" WHEN 'MINUTE' THEN 0 WHEN 'HOUR' THEN 1 WHEN 'DAY' THEN 2 WHEN 'WEEK' THEN 3 WHEN 'MONTH' THEN 4 WHEN 'YEAR' THEN 5 ELSE 6 END;

-- +goose Down
-- reverse: modify "usage_limits" table
ALTER TABLE "usage_limits" DROP COLUMN "period_rank";
-- reverse: modify "plans" table
ALTER TABLE "plans" DROP COLUMN "cost_per_month_key", DROP COLUMN "setup_fee_key";
