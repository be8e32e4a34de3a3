package analytics

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func runsOf(p plan) string {
	out := ""
	for _, g := range []bucketGran{gDay, gHour, gMinute, gMonth} {
		for _, r := range p[g] {
			out += fmt.Sprintf("%s %s–%s #%d; ", g, r.start.Format("01-02T15:04"), r.end.Format("01-02T15:04"), r.point)
		}
	}
	return out
}

// TestCoverHours: a point of a latency series reads whole UTC days from day
// sketches and every other hour starting in it from hour sketches; in a
// zone off the whole hour an hour belongs to the point it starts in, so
// consecutive points never share one.
func TestCoverHours(t *testing.T) {
	utc := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name string
		a, b time.Time
		want string
	}{
		{"a UTC day", utc(18, 0, 0), utc(19, 0, 0), "DAY 03-18T00:00–03-19T00:00 #0; "},
		{"a Madrid day is 24 hour sketches", utc(17, 23, 0), utc(18, 23, 0), "HOUR 03-17T23:00–03-18T23:00 #0; "},
		{"hours", utc(18, 10, 0), utc(18, 13, 0), "HOUR 03-18T10:00–03-18T13:00 #0; "},
		{"a Kolkata hour starts at :30", utc(18, 9, 30), utc(18, 10, 30), "HOUR 03-18T10:00–03-18T11:00 #0; "},
		{"two days and an edge", utc(17, 0, 0), utc(19, 2, 0),
			"DAY 03-17T00:00–03-19T00:00 #0; HOUR 03-19T00:00–03-19T02:00 #0; "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := plan{}
			p.coverHours(tt.a, tt.b, 0)
			if got := runsOf(p); got != tt.want {
				t.Fatalf("cover %s–%s:\n got %s\nwant %s", tt.a, tt.b, got, tt.want)
			}
		})
	}
	// Consecutive Kolkata hours: each UTC hour in exactly one point.
	p := plan{}
	kolkata := time.FixedZone("IST", 5*3600+1800)
	start := time.Date(2026, 3, 18, 0, 0, 0, 0, kolkata)
	for i := range 24 {
		p.coverHours(start.Add(time.Duration(i)*time.Hour), start.Add(time.Duration(i+1)*time.Hour), i)
	}
	n := 0
	for _, r := range p[gHour] {
		n += int(r.end.Sub(r.start) / time.Hour)
	}
	if n+24*len(p[gDay]) != 24 {
		t.Fatalf("24 Kolkata hours read %d UTC hours: %s", n, runsOf(p))
	}
}

func TestCheckLatencyRange(t *testing.T) {
	for _, g := range []Granularity{Minute, Eternity} {
		if err := CheckLatencyRange(Range{Granularity: g}); !errors.Is(err, ErrLatencyGranularity) {
			t.Errorf("%s: %v", g, err)
		}
	}
	for _, g := range []Granularity{Hour, SixHours, Day, Month} {
		if err := CheckLatencyRange(Range{Granularity: g}); err != nil {
			t.Errorf("%s: %v", g, err)
		}
	}
}
