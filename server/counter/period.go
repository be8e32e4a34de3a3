package counter

import (
	"time"
)

// Period is a usage-limit period. All calendar periods are aligned to UTC.
type Period uint8

// The periods, from the shortest to the longest.
const (
	Minute Period = iota
	Hour
	Day
	Week
	Month
	Year
	Eternity
)

// NumPeriods is the number of periods; Period values are in [0, NumPeriods).
const NumPeriods = 7

var periodNames = [NumPeriods]string{"minute", "hour", "day", "week", "month", "year", "eternity"}

// periodCodes are the one-byte codes used inside storage keys.
var periodCodes = [NumPeriods]byte{'m', 'h', 'd', 'w', 'M', 'y', 'e'}

// String returns the wire name of the period ("minute" … "eternity").
func (p Period) String() string {
	if p < NumPeriods {
		return periodNames[p]
	}
	return "invalid"
}

// Valid reports whether p is one of the seven periods.
func (p Period) Valid() bool { return p < NumPeriods }

// ParsePeriod maps a wire name to a Period.
func ParsePeriod(s string) (Period, bool) {
	for i, n := range periodNames {
		if n == s {
			return Period(i), true
		}
	}
	return 0, false
}

// eternityEnd is the internal end of the eternity period (never printed).
var eternityEnd = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).Unix()

const secondsPerDay = 86400

// Window returns the start (inclusive) and end (exclusive) of the period
// instance containing the Unix time sec, both as Unix seconds in UTC.
// Eternity runs from 1970-01-01 to 9999-12-31.
func (p Period) Window(sec int64) (start, end int64) {
	switch p {
	case Minute:
		start = floorDiv(sec, 60) * 60
		return start, start + 60
	case Hour:
		start = floorDiv(sec, 3600) * 3600
		return start, start + 3600
	case Day:
		start = floorDiv(sec, secondsPerDay) * secondsPerDay
		return start, start + secondsPerDay
	case Week:
		days := floorDiv(sec, secondsPerDay)
		// 1970-01-01 was a Thursday: days+3 counts from the Monday before it.
		monday := days - floorMod(days+3, 7)
		start = monday * secondsPerDay
		return start, start + 7*secondsPerDay
	case Month:
		t := time.Unix(sec, 0).UTC()
		s := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		return s.Unix(), s.AddDate(0, 1, 0).Unix()
	case Year:
		t := time.Unix(sec, 0).UTC()
		s := time.Date(t.Year(), time.January, 1, 0, 0, 0, 0, time.UTC)
		return s.Unix(), s.AddDate(1, 0, 0).Unix()
	default:
		return 0, eternityEnd
	}
}

// Bounds is Window for a time.Time, returning UTC times.
func (p Period) Bounds(t time.Time) (start, end time.Time) {
	s, e := p.Window(t.Unix())
	return time.Unix(s, 0).UTC(), time.Unix(e, 0).UTC()
}

// Windows holds the start and end of every period instance containing one
// instant; it is computed once per decision.
type Windows struct {
	Start [NumPeriods]int64
	End   [NumPeriods]int64
}

// WindowsAt returns the windows of all periods containing the Unix time sec.
func WindowsAt(sec int64) Windows {
	var w Windows
	for p := Period(0); p < NumPeriods; p++ {
		w.Start[p], w.End[p] = p.Window(sec)
	}
	return w
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }
