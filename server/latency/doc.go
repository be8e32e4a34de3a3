// Package latency owns response times once the decision plane accepted
// them: the mergeable quantile sketch they are kept in (DDSketch with 1 %
// relative accuracy), its stored form, and its percentiles.
package latency
