// Package analytics answers traffic questions from the usage buckets the
// rollup writes: usage series of a metric of a product, a backend or an
// application in the tenant's time zone, top applications, response codes,
// 3scale's period rules, and CSV export. It never reads raw reports.
package analytics
