package export

import (
	"testing"
	"time"
)

func TestSpanOf(t *testing.T) {
	lisbon, err := time.LoadLocation("Europe/Lisbon")
	if err != nil {
		t.Fatal(err)
	}
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	// Sunday 2026-03-29 00:30 UTC: in Lisbon the clocks went forward at
	// 01:00 that day; in Tokyo it is already Sunday 09:30.
	now := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)
	day := func(loc *time.Location, y int, m time.Month, d int) string {
		return time.Date(y, m, d, 0, 0, 0, 0, loc).Format(time.RFC3339)
	}
	cases := []struct {
		period       string
		loc          *time.Location
		since, until string
	}{
		{PeriodToday, lisbon, day(lisbon, 2026, 3, 29), day(lisbon, 2026, 3, 30)},
		{PeriodThisWeek, lisbon, day(lisbon, 2026, 3, 23), day(lisbon, 2026, 3, 30)},
		{PeriodThisWeek, tokyo, day(tokyo, 2026, 3, 23), day(tokyo, 2026, 3, 30)},
		{PeriodThisMonth, lisbon, day(lisbon, 2026, 3, 1), day(lisbon, 2026, 4, 1)},
		{PeriodThisYear, tokyo, day(tokyo, 2026, 1, 1), day(tokyo, 2027, 1, 1)},
		{PeriodLastYear, lisbon, day(lisbon, 2025, 1, 1), day(lisbon, 2026, 1, 1)},
		// On a Monday the week starts that day.
		{PeriodThisWeek, time.UTC, day(time.UTC, 2026, 3, 30), day(time.UTC, 2026, 4, 6)},
	}
	for i, tc := range cases {
		at := now
		if i == len(cases)-1 {
			at = time.Date(2026, 3, 30, 23, 59, 0, 0, time.UTC)
		}
		s, err := SpanOf(tc.period, at, tc.loc)
		if err != nil {
			t.Fatalf("%s: %v", tc.period, err)
		}
		if got := s.Since.Format(time.RFC3339) + " " + s.Until.Format(time.RFC3339); got != tc.since+" "+tc.until {
			t.Errorf("%s in %s at %s: %s, want %s %s", tc.period, tc.loc, at, got, tc.since, tc.until)
		}
	}
	// Today in Lisbon on the day the clocks go forward has 23 hours.
	s, _ := SpanOf(PeriodToday, now, lisbon)
	if h := s.Until.Sub(*s.Since); h != 23*time.Hour {
		t.Errorf("the short day lasts %s", h)
	}
	if s, err := SpanOf(PeriodAll, now, lisbon); err != nil || s.Since != nil || s.Until != nil {
		t.Errorf("all time: %v %v", s, err)
	}
	if _, err := SpanOf("YESTERDAY", now, lisbon); err == nil {
		t.Error("an unknown period was accepted")
	}
}

func TestCSVFile(t *testing.T) {
	f := NewCSVFile([]string{"a", "b"})
	f.Add([]string{"x, y", "line\n\"two\""})
	got, err := f.String()
	if err != nil || got != "a,b\n\"x, y\",\"line\n\"\"two\"\"\"\n" || f.Rows != 1 {
		t.Errorf("%q %d %v", got, f.Rows, err)
	}
}
