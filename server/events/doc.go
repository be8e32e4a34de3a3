// Package events owns the domain-event outbox: an ent hook that records, in
// the transaction of every change to accounts, users, applications,
// subscriptions, messages and plan change requests (rows the database
// deletes with their owner included), what happened (account.approved,
// application.plan_changed, …), who did it and a snapshot of the object, for
// webhooks and notifications to consume.
package events
