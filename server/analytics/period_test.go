package analytics

import (
	"errors"
	"testing"
	"time"
)

func TestResolveAppliesThreeScalesPeriodRules(t *testing.T) {
	now := time.Date(2009, 12, 4, 11, 50, 10, 0, time.UTC) // 12:50:10 in Madrid
	for _, tc := range []struct {
		name        string
		f           Frame
		since, last string
		gran        Granularity
		points      int
	}{
		// The §2.15 example: a day by hour in Madrid, both ends included.
		{"day", Frame{Period: "day", Timezone: "Europe/Madrid"}, "2009-12-03T12:00:00+01:00", "2009-12-04T12:59:59+01:00", Hour, 25},
		{"rails zone name", Frame{Period: "day", Timezone: "Madrid"}, "2009-12-03T12:00:00+01:00", "2009-12-04T12:59:59+01:00", Hour, 25},
		{"week by 6 hours", Frame{Period: "week"}, "2009-11-27T06:00:00Z", "2009-12-04T11:59:59Z", SixHours, 29},
		{"month by day with since", Frame{Period: "month", Since: "2009-11-01"}, "2009-11-01T00:00:00Z", "2009-11-30T23:59:59Z", Day, 30},
		{"year by month", Frame{Period: "year", Since: "2009-01-01"}, "2009-01-01T00:00:00Z", "2009-12-31T23:59:59Z", Month, 12},
		{"custom", Frame{Granularity: "day", Since: "2009-11-30 10:00:00", Until: "2009-12-02 01:00:00"}, "2009-11-30T00:00:00Z", "2009-12-02T23:59:59Z", Day, 3},
		{"custom until now", Frame{Granularity: "hour", Since: "2009-12-04 09:30:00"}, "2009-12-04T09:00:00Z", "2009-12-04T11:59:59Z", Hour, 3},
		{"hour by minute", Frame{Period: "hour"}, "2009-12-04T10:50:00Z", "2009-12-04T11:50:59Z", Minute, 61},
		{"eternity", Frame{Period: "eternity"}, "1970-01-01T00:00:00Z", "2009-12-04T11:50:59Z", Eternity, 1},
		// The change to winter time: 25 hours on 25 October 2009 in Madrid.
		{"day across DST", Frame{Granularity: "hour", Since: "2009-10-25", Until: "2009-10-25 23:59:59", Timezone: "Europe/Madrid"},
			"2009-10-25T00:00:00+02:00", "2009-10-25T23:59:59+01:00", Hour, 25},
		{"days across DST", Frame{Granularity: "day", Since: "2009-10-24", Until: "2009-10-26", Timezone: "Europe/Madrid"},
			"2009-10-24T00:00:00+02:00", "2009-10-26T23:59:59+01:00", Day, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Resolve(tc.f, now, "UTC")
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Since.Format(time.RFC3339); got != tc.since {
				t.Errorf("since %s, want %s", got, tc.since)
			}
			if got := r.Last().Format(time.RFC3339); got != tc.last {
				t.Errorf("until %s, want %s", got, tc.last)
			}
			if r.Granularity != tc.gran || len(r.Steps()) != tc.points {
				t.Errorf("granularity %s with %d points, want %s with %d", r.Granularity, len(r.Steps()), tc.gran, tc.points)
			}
		})
	}
}

func TestResolveRefusesBadFrames(t *testing.T) {
	now := time.Date(2009, 12, 4, 11, 50, 10, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		f      Frame
		reason error
	}{
		{"unknown period", Frame{Period: "fortnight"}, ErrBadPeriod},
		{"unknown granularity", Frame{Period: "day", Granularity: "second"}, ErrBadGranularity},
		{"eternity granularity with a day", Frame{Period: "day", Granularity: "eternity"}, ErrEternity},
		{"eternity granularity without period", Frame{Granularity: "eternity", Since: "2009-01-01"}, ErrEternity},
		{"since after until", Frame{Granularity: "day", Since: "2009-12-03", Until: "2009-12-01"}, ErrSinceAfterUntil},
		{"hours beyond 90 days", Frame{Granularity: "hour", Since: "2009-01-01", Until: "2009-12-01"}, ErrRangeTooLong},
		{"days beyond a year", Frame{Granularity: "day", Since: "2008-01-01", Until: "2009-12-01"}, ErrRangeTooLong},
		{"6 hours beyond 6 months", Frame{Granularity: "21600", Since: "2009-01-01", Until: "2009-12-01"}, ErrRangeTooLong},
		{"months beyond 10 years", Frame{Granularity: "month", Since: "1990-01-01"}, ErrRangeTooLong},
		{"minutes beyond a day", Frame{Granularity: "minute", Since: "2009-12-01"}, ErrRangeTooLong},
		{"unknown zone", Frame{Period: "day", Timezone: "Mars/Olympus"}, ErrUnknownZone},
		{"bad since", Frame{Period: "day", Since: "yesterday"}, ErrBadTime},
		{"custom without since", Frame{Granularity: "day"}, ErrMissing},
		{"nothing", Frame{}, ErrMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Resolve(tc.f, now, "UTC")
			if !errors.Is(err, tc.reason) {
				t.Fatalf("error %v, want %v", err, tc.reason)
			}
		})
	}
	// The longest ranges are accepted.
	for _, f := range []Frame{{Granularity: "hour", Since: "2009-09-05 12:00:00"}, {Granularity: "day", Since: "2008-12-04"}, {Granularity: "month", Since: "1999-12-04"}} {
		if _, err := Resolve(f, now, "UTC"); err != nil {
			t.Errorf("%+v: %v", f, err)
		}
	}
}

func TestTopRangeIsAWholePeriod(t *testing.T) {
	now := time.Date(2009, 12, 17, 11, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		f           Frame
		since, last string
	}{
		{Frame{Period: "month", Since: "2009-12-10"}, "2009-12-01T00:00:00Z", "2009-12-31T23:59:59Z"},
		{Frame{Period: "year"}, "2009-01-01T00:00:00Z", "2009-12-31T23:59:59Z"},
		{Frame{Period: "week", Since: "2009-12-17"}, "2009-12-14T00:00:00Z", "2009-12-20T23:59:59Z"},
		{Frame{Period: "day", Timezone: "Europe/Madrid"}, "2009-12-17T00:00:00+01:00", "2009-12-17T23:59:59+01:00"},
	} {
		r, err := TopRange(tc.f, now, "UTC")
		if err != nil {
			t.Fatal(err)
		}
		if r.Since.Format(time.RFC3339) != tc.since || r.Last().Format(time.RFC3339) != tc.last {
			t.Errorf("%+v: %s – %s, want %s – %s", tc.f, r.Since.Format(time.RFC3339), r.Last().Format(time.RFC3339), tc.since, tc.last)
		}
	}
	if _, err := TopRange(Frame{Period: "eternity"}, now, "UTC"); !errors.Is(err, ErrBadPeriod) {
		t.Errorf("eternity: %v", err)
	}
}

func TestCoverUsesTheCoarsestWholeBuckets(t *testing.T) {
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	// A day in Kolkata starts at 18:30 UTC: its edge half-hours are read
	// from minute buckets, the rest from hours.
	p := plan{}
	a := time.Date(2009, 12, 4, 0, 0, 0, 0, kolkata)
	p.cover(a, a.AddDate(0, 0, 1), 0)
	if len(p[gMinute]) != 2 || len(p[gHour]) != 1 || len(p[gDay]) != 0 {
		t.Fatalf("plan %+v", p)
	}
	if got := p[gHour][0]; !got.start.Equal(time.Date(2009, 12, 3, 19, 0, 0, 0, time.UTC)) || !got.end.Equal(time.Date(2009, 12, 4, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("hours %v – %v", got.start, got.end)
	}
	// A UTC year: twelve months, one run.
	p = plan{}
	p.cover(time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), 0)
	if len(p) != 1 || len(p[gMonth]) != 1 {
		t.Fatalf("plan %+v", p)
	}
}

func TestPreviousIsTheSameLengthJustBefore(t *testing.T) {
	now := time.Date(2009, 12, 4, 11, 50, 0, 0, time.UTC)
	for _, tc := range []struct {
		f           Frame
		since, last string
	}{
		{Frame{Period: "month", Since: "2009-03-01"}, "2009-02-01T00:00:00Z", "2009-02-28T23:59:59Z"},
		{Frame{Period: "day", Since: "2009-12-03 12:50:00"}, "2009-12-02T12:00:00Z", "2009-12-03T11:59:59Z"},
		{Frame{Granularity: "day", Since: "2009-12-01", Until: "2009-12-03"}, "2009-11-28T00:00:00Z", "2009-11-30T23:59:59Z"},
	} {
		r, err := Resolve(tc.f, now, "UTC")
		if err != nil {
			t.Fatal(err)
		}
		p := r.Previous()
		if p.Since.Format(time.RFC3339) != tc.since || p.Last().Format(time.RFC3339) != tc.last {
			t.Errorf("%+v: previous %s – %s, want %s – %s", tc.f, p.Since.Format(time.RFC3339), p.Last().Format(time.RFC3339), tc.since, tc.last)
		}
	}
}

func TestChange(t *testing.T) {
	for _, tc := range []struct {
		total, previous int64
		want            float64
	}{{0, 0, 0}, {5, 0, 100}, {10, 40, -75}, {30, 20, 50}, {0, 7, -100}} {
		if got := change(tc.total, tc.previous); got != tc.want {
			t.Errorf("change(%d, %d) = %v, want %v", tc.total, tc.previous, got, tc.want)
		}
	}
}
