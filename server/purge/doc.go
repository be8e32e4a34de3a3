// Package purge deletes tenants scheduled for deletion once their grace
// period is over: every row they own, table by table in the order the
// schema's foreign keys give, in small batches, then the tenant itself, its
// rate-limit counters and its part of the decision plane's snapshot.
package purge
