package decision

import (
	"testing"
	"time"
)

func TestParseTimestamp(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"1273924800", time.Unix(1273924800, 0), true},
		{" 1273924800 ", time.Unix(1273924800, 0), true},
		{"1_273_924_800", time.Unix(1273924800, 0), true},
		{"0x10", time.Unix(16, 0), true},
		{"0b101", time.Unix(5, 0), true},
		{"0o17", time.Unix(15, 0), true},
		{"017", time.Unix(15, 0), true},
		{"0", time.Unix(0, 0), true},
		{"-5", time.Unix(-5, 0), true},
		{"2009-01-01 14:23:08", utc(2009, 1, 1, 14, 23, 8), true},
		{"2009-01-01 14:23:08 UTC", utc(2009, 1, 1, 14, 23, 8), true},
		{"2009-01-01 14:23:08 +0200", utc(2009, 1, 1, 12, 23, 8), true},
		{"2009-01-01 14:23:08 -02:00", utc(2009, 1, 1, 16, 23, 8), true},
		{"2009-01-01T14:23:08Z", utc(2009, 1, 1, 14, 23, 8), true},
		{"2009-01-01T14:23:08.5+01:00", time.Date(2009, 1, 1, 13, 23, 8, 500_000_000, time.UTC), true},
		{"2012/10/01", utc(2012, 10, 1, 0, 0, 0), true},
		{"2009-01-01 14:23", utc(2009, 1, 1, 14, 23, 0), true},
		{"", time.Time{}, false},
		{"yesterday", time.Time{}, false},
		{"2009-02-30", time.Time{}, false},
		{"2009-13-01", time.Time{}, false},
		{"2009-01-01 14:23:08 Mars", time.Time{}, false},
		{"08", time.Time{}, false},
		{"1__0", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseTimestamp(tt.in)
		if ok != tt.ok || (ok && !got.Equal(tt.want)) {
			t.Errorf("parseTimestamp(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
