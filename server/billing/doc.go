// Package billing owns the money side of a tenant: its billing settings, the
// daily billing run (fixed fees with proration, setup fees after trials,
// variable costs from the usage buckets, plan changes), invoices with their
// state machine, line items, VAT totals and friendly ids, and previews.
package billing
