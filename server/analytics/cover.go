package analytics

import (
	"sort"
	"time"
)

// Buckets are UTC-aligned: minute, hour, day and month buckets starting at
// their UTC start. A point of a series is an absolute interval (a day in
// Europe/Madrid is 23, 24 or 25 hours starting at local midnight), which
// cover splits into the coarsest whole UTC buckets it holds: months, days,
// hours, and minutes at its edges. Zones whose offset is not a whole number
// of hours (Asia/Kolkata) are therefore exact too: their edge hours are read
// from minute buckets.

type bucketGran string

const (
	gMinute bucketGran = "MINUTE"
	gHour   bucketGran = "HOUR"
	gDay    bucketGran = "DAY"
	gMonth  bucketGran = "MONTH"
)

// run is a contiguous span [start, end) of buckets of one granularity
// counted into point.
type run struct {
	start, end time.Time
	point      int
}

// plan holds the runs to read per bucket granularity.
type plan map[bucketGran][]run

func (p plan) add(g bucketGran, start, end time.Time, point int) {
	rs := p[g]
	if n := len(rs); n > 0 && rs[n-1].point == point && rs[n-1].end.Equal(start) {
		rs[n-1].end = end
		return
	}
	p[g] = append(rs, run{start, end, point})
}

// cover adds the buckets making up [a, b) to p as point.
func (p plan) cover(a, b time.Time, point int) {
	t := a.UTC().Truncate(time.Minute)
	b = b.UTC()
	for t.Before(b) {
		y, m, d := t.Date()
		switch {
		case d == 1 && t.Hour() == 0 && t.Minute() == 0 && !time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).After(b):
			n := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)
			p.add(gMonth, t, n, point)
			t = n
		case t.Hour() == 0 && t.Minute() == 0 && !t.AddDate(0, 0, 1).After(b):
			n := t.AddDate(0, 0, 1)
			p.add(gDay, t, n, point)
			t = n
		case t.Minute() == 0 && !t.Add(time.Hour).After(b):
			p.add(gHour, t, t.Add(time.Hour), point)
			t = t.Add(time.Hour)
		default:
			n := t.Truncate(time.Hour).Add(time.Hour)
			if n.After(b) {
				n = b
			}
			p.add(gMinute, t, n, point)
			t = n
		}
	}
}

// pointOf finds the run of rs (sorted, disjoint) holding start.
func pointOf(rs []run, start time.Time) (int, bool) {
	i := sort.Search(len(rs), func(i int) bool { return rs[i].end.After(start) })
	if i < len(rs) && !rs[i].start.After(start) {
		return rs[i].point, true
	}
	return 0, false
}

// spansOf joins the runs of rs (sorted, disjoint) that touch, whatever
// their points: a query reads one time range per span, and its rows, grouped
// by start, are mapped back to points by the runs. A 30-day daily series is
// one range, not thirty.
func spansOf(rs []run) []run {
	out := make([]run, 0, len(rs))
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1].end.Equal(r.start) {
			out[n-1].end = r.end
			continue
		}
		out = append(out, r)
	}
	return out
}

// runChunk is how many runs one query ORs together.
const runChunk = 200

func chunks(rs []run) [][]run {
	var out [][]run
	for len(rs) > runChunk {
		out = append(out, rs[:runChunk])
		rs = rs[runChunk:]
	}
	if len(rs) > 0 {
		out = append(out, rs)
	}
	return out
}

// BucketRun is a contiguous span [Start, End) of usage buckets of one
// granularity (MINUTE, HOUR, DAY or MONTH).
type BucketRun struct {
	Granularity string
	Start, End  time.Time
}

// Cover splits [a, b) into the coarsest whole UTC buckets it holds, as the
// series do: what billing sums to count an interval's usage exactly in any
// time zone.
func Cover(a, b time.Time) []BucketRun {
	p := plan{}
	p.cover(a, b, 0)
	var out []BucketRun
	for _, g := range []bucketGran{gMonth, gDay, gHour, gMinute} {
		for _, r := range p[g] {
			out = append(out, BucketRun{Granularity: string(g), Start: r.start, End: r.end})
		}
	}
	return out
}

// buckets is how many buckets the runs of p span before now: buckets of
// the future are read too, but hold nothing (or next to nothing).
func (p plan) buckets(now time.Time) int {
	n := 0
	for g, rs := range p {
		for _, r := range rs {
			end := r.end
			if end.After(now) {
				end = now
			}
			if !end.After(r.start) {
				continue
			}
			switch g {
			case gMinute:
				n += int((end.Sub(r.start) + time.Minute - 1) / time.Minute)
			case gHour:
				n += int((end.Sub(r.start) + time.Hour - 1) / time.Hour)
			case gDay:
				n += int((end.Sub(r.start) + 24*time.Hour - 1) / (24 * time.Hour))
			default:
				y1, m1, _ := r.start.Date()
				y2, m2, _ := end.Add(-time.Nanosecond).Date()
				n += (y2-y1)*12 + int(m2-m1) + 1
			}
		}
	}
	return n
}

// coverTotal plans the total of [a, b) with the fewest buckets read
// before now: a month the range covers mostly is read as its month bucket
// less the buckets of the part outside the range (returned in less), when
// that reads fewer buckets than the part inside. A top-applications query
// reads every application's buckets: a 30-day range across two months,
// ending now, reads 6 buckets per application this way instead of 31.
func coverTotal(a, b, now time.Time) (more, less plan) {
	more, less = plan{}, plan{}
	a, b = a.UTC().Truncate(time.Minute), b.UTC()
	for t := a; t.Before(b); {
		ms := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		me := ms.AddDate(0, 1, 0)
		end := me
		if b.Before(end) {
			end = b
		}
		direct := plan{}
		direct.cover(t, end, 0)
		outside := plan{}
		outside.cover(ms, t, 0)
		outside.cover(end, me, 0)
		if t.Equal(ms) && end.Equal(me) || 1+outside.buckets(now) >= direct.buckets(now) {
			more.cover(t, end, 0)
		} else {
			more.add(gMonth, ms, me, 0)
			less.cover(ms, t, 0)
			less.cover(end, me, 0)
		}
		t = end
	}
	return more, less
}
