package counter

import (
	"testing"
	"time"
)

func TestPeriodBounds(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	tests := []struct {
		name       string
		period     Period
		at         time.Time
		start, end time.Time
	}{
		{"minute", Minute, utc(2026, 3, 18, 12, 0, 30), utc(2026, 3, 18, 12, 0, 0), utc(2026, 3, 18, 12, 1, 0)},
		{"minute at its start", Minute, utc(2026, 3, 18, 12, 1, 0), utc(2026, 3, 18, 12, 1, 0), utc(2026, 3, 18, 12, 2, 0)},
		{"hour", Hour, utc(2026, 3, 18, 23, 59, 59), utc(2026, 3, 18, 23, 0, 0), utc(2026, 3, 19, 0, 0, 0)},
		{"day", Day, utc(2026, 3, 18, 12, 0, 30), utc(2026, 3, 18, 0, 0, 0), utc(2026, 3, 19, 0, 0, 0)},
		{"day at midnight", Day, utc(2026, 3, 19, 0, 0, 0), utc(2026, 3, 19, 0, 0, 0), utc(2026, 3, 20, 0, 0, 0)},
		{"week from wednesday", Week, utc(2026, 3, 18, 12, 0, 0), utc(2026, 3, 16, 0, 0, 0), utc(2026, 3, 23, 0, 0, 0)},
		{"week from monday midnight", Week, utc(2026, 3, 16, 0, 0, 0), utc(2026, 3, 16, 0, 0, 0), utc(2026, 3, 23, 0, 0, 0)},
		{"sunday belongs to the week before", Week, utc(2026, 3, 22, 23, 59, 59), utc(2026, 3, 16, 0, 0, 0), utc(2026, 3, 23, 0, 0, 0)},
		{"week across a year", Week, utc(2027, 1, 1, 10, 0, 0), utc(2026, 12, 28, 0, 0, 0), utc(2027, 1, 4, 0, 0, 0)},
		{"week of the epoch", Week, utc(1970, 1, 1, 0, 0, 0), utc(1969, 12, 29, 0, 0, 0), utc(1970, 1, 5, 0, 0, 0)},
		{"month", Month, utc(2026, 3, 18, 12, 0, 0), utc(2026, 3, 1, 0, 0, 0), utc(2026, 4, 1, 0, 0, 0)},
		{"december", Month, utc(2026, 12, 31, 23, 59, 59), utc(2026, 12, 1, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0)},
		{"leap february", Month, utc(2028, 2, 29, 12, 0, 0), utc(2028, 2, 1, 0, 0, 0), utc(2028, 3, 1, 0, 0, 0)},
		{"year", Year, utc(2026, 7, 4, 1, 2, 3), utc(2026, 1, 1, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0)},
		{"eternity", Eternity, utc(2026, 7, 4, 1, 2, 3), utc(1970, 1, 1, 0, 0, 0), utc(9999, 12, 31, 0, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end := tt.period.Bounds(tt.at)
			if !start.Equal(tt.start) || !end.Equal(tt.end) {
				t.Fatalf("%s at %s = [%s, %s), want [%s, %s)", tt.period, tt.at, start, end, tt.start, tt.end)
			}
			if tt.period == Week && start.Weekday() != time.Monday {
				t.Fatalf("week starts on %s", start.Weekday())
			}
		})
	}
}

func TestPeriodNames(t *testing.T) {
	for p := Period(0); p < NumPeriods; p++ {
		got, ok := ParsePeriod(p.String())
		if !ok || got != p {
			t.Fatalf("ParsePeriod(%q) = %v, %v", p.String(), got, ok)
		}
	}
	if _, ok := ParsePeriod("fortnight"); ok {
		t.Fatal("ParsePeriod accepted an unknown period")
	}
	if Period(9).Valid() {
		t.Fatal("Period(9) is valid")
	}
}

func TestWindowsAtMatchesWindow(t *testing.T) {
	var c windowCache
	for _, sec := range []int64{0, 59, 60, 86399, 1773835230, 1773835259, 1773835260, 1798761599} {
		w := WindowsAt(sec)
		cached := c.at(sec)
		for p := Period(0); p < NumPeriods; p++ {
			s, e := p.Window(sec)
			if w.Start[p] != s || w.End[p] != e || cached.Start[p] != s || cached.End[p] != e {
				t.Fatalf("windows at %d for %s differ", sec, p)
			}
		}
	}
}
