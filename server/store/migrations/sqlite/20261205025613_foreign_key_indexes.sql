-- +goose Up
-- create index "accesstoken_user_id" to table: "access_tokens"
CREATE INDEX `accesstoken_user_id` ON `access_tokens` (`user_id`);
-- create index "application_account_id" to table: "applications"
CREATE INDEX `application_account_id` ON `applications` (`account_id`);
-- create index "application_plan_id" to table: "applications"
CREATE INDEX `application_plan_id` ON `applications` (`plan_id`);
-- create index "pricingrule_plan_id_metric_id" to table: "pricing_rules"
CREATE INDEX `pricingrule_plan_id_metric_id` ON `pricing_rules` (`plan_id`, `metric_id`);
-- create index "servicesubscription_product_id" to table: "service_subscriptions"
CREATE INDEX `servicesubscription_product_id` ON `service_subscriptions` (`product_id`);
-- create index "servicesubscription_plan_id" to table: "service_subscriptions"
CREATE INDEX `servicesubscription_plan_id` ON `service_subscriptions` (`plan_id`);
-- create index "session_user_id" to table: "sessions"
CREATE INDEX `session_user_id` ON `sessions` (`user_id`);
-- create index "user_account_id" to table: "users"
CREATE INDEX `user_account_id` ON `users` (`account_id`);
-- create index "invitation_account_id" to table: "invitations"
CREATE INDEX `invitation_account_id` ON `invitations` (`account_id`);
-- create index "planchangerequest_account_id" to table: "plan_change_requests"
CREATE INDEX `planchangerequest_account_id` ON `plan_change_requests` (`account_id`);
-- create index "account_plan_id" to table: "accounts"
CREATE INDEX `account_plan_id` ON `accounts` (`plan_id`);
-- create index "lineitem_invoice_id" to table: "line_items"
CREATE INDEX `lineitem_invoice_id` ON `line_items` (`invoice_id`);

-- +goose Down
-- reverse: create index "lineitem_invoice_id" to table: "line_items"
DROP INDEX `lineitem_invoice_id`;
-- reverse: create index "account_plan_id" to table: "accounts"
DROP INDEX `account_plan_id`;
-- reverse: create index "planchangerequest_account_id" to table: "plan_change_requests"
DROP INDEX `planchangerequest_account_id`;
-- reverse: create index "invitation_account_id" to table: "invitations"
DROP INDEX `invitation_account_id`;
-- reverse: create index "user_account_id" to table: "users"
DROP INDEX `user_account_id`;
-- reverse: create index "session_user_id" to table: "sessions"
DROP INDEX `session_user_id`;
-- reverse: create index "servicesubscription_plan_id" to table: "service_subscriptions"
DROP INDEX `servicesubscription_plan_id`;
-- reverse: create index "servicesubscription_product_id" to table: "service_subscriptions"
DROP INDEX `servicesubscription_product_id`;
-- reverse: create index "pricingrule_plan_id_metric_id" to table: "pricing_rules"
DROP INDEX `pricingrule_plan_id_metric_id`;
-- reverse: create index "application_plan_id" to table: "applications"
DROP INDEX `application_plan_id`;
-- reverse: create index "application_account_id" to table: "applications"
DROP INDEX `application_account_id`;
-- reverse: create index "accesstoken_user_id" to table: "access_tokens"
DROP INDEX `accesstoken_user_id`;
