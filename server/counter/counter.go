package counter

import (
	"context"
	"errors"
	"time"
)

// Scope identifies the counters of one application of one service. All
// counters of a scope live together: on one shard in process, and under one
// Redis Cluster hash tag.
type Scope struct {
	Service     string
	Application string
}

// Limit is one usage limit checked by a decision: the counter of Metric over
// Period must not end above Max.
type Limit struct {
	Metric string
	Period Period
	Max    int64
}

// Delta is one entry of a decision's or report's usage, already propagated
// to ancestor metrics by the caller. Set replaces the counter with Value
// (Value 0 deletes it); otherwise Value is added. Periods selects the
// counters that are written; zero means every period.
type Delta struct {
	Metric  string
	Set     bool
	Value   int64
	Periods PeriodSet
}

// PeriodSet is a set of periods.
type PeriodSet uint8

// AllPeriods holds every period.
const AllPeriods PeriodSet = 1<<NumPeriods - 1

// Has reports whether p is in the set.
func (s PeriodSet) Has(p Period) bool { return s&(1<<p) != 0 }

// With returns the set with p added.
func (s PeriodSet) With(p Period) PeriodSet { return s | 1<<p }

// orAll maps the zero set to every period.
func (s PeriodSet) orAll() PeriodSet {
	if s == 0 {
		return AllPeriods
	}
	return s
}

// Decision is one atomic check (and, with Commit, increment) against the
// counters of one scope at one instant.
//
// Without usage (HasUsage false) the decision is admitted when no stored
// counter is above its limit. With usage, only limits on metrics that appear
// in Usage are checked, against the stored value with the delta applied.
// When the decision is admitted and Commit is set, Usage is applied to every
// period of each listed metric, in the same atomic step.
type Decision struct {
	Scope    Scope
	At       time.Time
	Limits   []Limit
	Usage    []Delta
	HasUsage bool
	Commit   bool
}

// Result is what a Decide call fills in. Values[i] is the stored value of
// Limits[i] as read before this decision's usage was applied.
type Result struct {
	Admitted bool
	Values   []int64
}

// Update is usage applied without any limit check (the report path).
type Update struct {
	Scope Scope
	At    time.Time
	Usage []Delta
}

// Bucket names one counter of a scope: a metric over the period instance
// that contains the instant passed along with it.
type Bucket struct {
	Metric string
	Period Period
}

// Store keeps the counters. Implementations are safe for concurrent use and
// make each Decide atomic: concurrent decisions never admit more than the
// limits allow.
type Store interface {
	// Decide checks (and on Commit applies) one decision. r.Values is reused
	// when it has enough capacity.
	Decide(ctx context.Context, d *Decision, r *Result) error
	// Apply adds or sets usage without checking limits. now is the
	// processing time, used to skip and expire buckets that already ended.
	Apply(ctx context.Context, now time.Time, updates []Update) error
	// Values reads the current counters of scope in the period instances
	// containing at, appending them to out in the order of buckets.
	Values(ctx context.Context, scope Scope, at time.Time, buckets []Bucket, out []int64) ([]int64, error)
	// Forget removes every counter and idempotency claim of the given
	// services (the products of a purged tenant), in every scope.
	Forget(ctx context.Context, services []string) error
	// Close releases the store's resources.
	Close() error
}

// ErrUnavailable marks failures of the backing storage; callers answer them
// with a server error so that gateways fall back to their caches.
var ErrUnavailable = errors.New("counter store unavailable")

// ErrInvalid marks a decision or update the store cannot represent.
var ErrInvalid = errors.New("invalid counter request")

// ExpiryGrace is how many seconds a bucket is kept after its period ended,
// to absorb clock differences between replicas.
const ExpiryGrace = 60

// admit evaluates the limit rule on stored values; shared by the in-process
// store (the Redis store runs the same rule in Lua).
func admit(d *Decision, stored []int64) bool {
	for i, l := range d.Limits {
		v := stored[i]
		if d.HasUsage {
			delta, ok := findDelta(d.Usage, l.Metric)
			if !ok {
				continue
			}
			if delta.Set {
				v = delta.Value
			} else {
				s := v + delta.Value
				if (delta.Value > 0 && s < v) || (delta.Value < 0 && s > v) {
					return false // overflow: certainly above any limit
				}
				v = s
			}
		}
		if v > l.Max {
			return false
		}
	}
	return true
}

func findDelta(usage []Delta, metric string) (Delta, bool) {
	for _, d := range usage {
		if d.Metric == metric {
			return d, true
		}
	}
	return Delta{}, false
}

func growValues(buf []int64, n int) []int64 {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]int64, n)
}
