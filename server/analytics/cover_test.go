package analytics

import (
	"testing"
	"time"
)

// minuteWeight is the usage of the minute starting at t in the synthetic
// traffic the cover tests sum.
func minuteWeight(t time.Time) int64 { return t.Unix()/60%7 + 1 }

// bucketValue sums the synthetic traffic of the bucket of granularity g
// starting at start, as the rollup would hold it.
func bucketValue(g bucketGran, start time.Time) int64 {
	var end time.Time
	switch g {
	case gMinute:
		end = start.Add(time.Minute)
	case gHour:
		end = start.Add(time.Hour)
	case gDay:
		end = start.AddDate(0, 0, 1)
	default:
		end = start.AddDate(0, 1, 0)
	}
	var v int64
	for t := start; t.Before(end); t = t.Add(time.Minute) {
		v += minuteWeight(t)
	}
	return v
}

// planValue sums the buckets of p.
func planValue(t *testing.T, p plan) int64 {
	var v int64
	for g, rs := range p {
		for _, r := range rs {
			for s := r.start; s.Before(r.end); {
				v += bucketValue(g, s)
				switch g {
				case gMinute:
					s = s.Add(time.Minute)
				case gHour:
					s = s.Add(time.Hour)
				case gDay:
					s = s.AddDate(0, 0, 1)
				default:
					if s.Day() != 1 || s.Hour() != 0 || s.Minute() != 0 {
						t.Fatalf("month bucket at %s", s)
					}
					s = s.AddDate(0, 1, 0)
				}
			}
		}
	}
	return v
}

func TestCoverTotalReadsFewerBucketsForTheSameTotal(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	later := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name       string
		a, b, now  time.Time
		maxBuckets int
	}{
		{"30 days ending now", time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 5, 0, 10, 0, 0, time.UTC), 6},
		{"30 days across two months", time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), later, 8},
		{"a whole month", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), later, 1},
		{"a few days inside a month", time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 13, 0, 0, 0, 0, time.UTC), later, 3},
		{"a month in Madrid (off the UTC day)", time.Date(2026, 3, 1, 0, 0, 0, 0, madrid), time.Date(2026, 4, 1, 0, 0, 0, 0, madrid), later, 1 + 1 + 2 + 1 + 1 + 1 + 1},
		{"minutes at both ends", time.Date(2026, 5, 1, 10, 17, 0, 0, time.UTC), time.Date(2026, 5, 31, 13, 42, 0, 0, time.UTC), later, 1 + 17 + 10 + 18 + 10 + 0},
		{"a year", time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), later, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			direct := plan{}
			direct.cover(tc.a, tc.b, 0)
			more, less := coverTotal(tc.a, tc.b, tc.now)
			want := planValue(t, direct)
			if got := planValue(t, more) - planValue(t, less); got != want {
				t.Errorf("total %d, want %d", got, want)
			}
			if n := more.buckets(tc.now) + less.buckets(tc.now); n > tc.maxBuckets || n > direct.buckets(tc.now) {
				t.Errorf("reads %d buckets before now (direct %d), want at most %d", n, direct.buckets(tc.now), tc.maxBuckets)
			}
		})
	}
}
