-- +goose Up
-- create index "usagebucket_metric_id_granularity_start" to table: "usage_buckets"
CREATE INDEX `usagebucket_metric_id_granularity_start` ON `usage_buckets` (`metric_id`, `granularity`, `start`);

-- +goose Down
-- reverse: create index "usagebucket_metric_id_granularity_start" to table: "usage_buckets"
DROP INDEX `usagebucket_metric_id_granularity_start`;
