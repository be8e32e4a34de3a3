// Package export holds what every data export shares: the periods a team
// exports by (Account Settings › Export) and the CSV file it downloads.
package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"time"
)

// Export periods, as 3scale's data exports offer them.
const (
	PeriodAll       = "ALL"
	PeriodToday     = "TODAY"
	PeriodThisWeek  = "THIS_WEEK"
	PeriodThisMonth = "THIS_MONTH"
	PeriodThisYear  = "THIS_YEAR"
	PeriodLastYear  = "LAST_YEAR"
)

// Span is the creation times a data export holds: [Since, Until), or
// every record when both are nil.
type Span struct {
	Since, Until *time.Time
}

// SpanOf returns the span of a period for the instant now, in loc:
// today, the week since Monday, the month, the year or the year before.
func SpanOf(period string, now time.Time, loc *time.Location) (Span, error) {
	now = now.In(loc)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	var since, until time.Time
	switch period {
	case PeriodAll:
		return Span{}, nil
	case PeriodToday:
		since, until = day, day.AddDate(0, 0, 1)
	case PeriodThisWeek:
		since = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		until = since.AddDate(0, 0, 7)
	case PeriodThisMonth:
		since = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
		until = since.AddDate(0, 1, 0)
	case PeriodThisYear:
		since = time.Date(now.Year(), 1, 1, 0, 0, 0, 0, loc)
		until = since.AddDate(1, 0, 0)
	case PeriodLastYear:
		since = time.Date(now.Year()-1, 1, 1, 0, 0, 0, 0, loc)
		until = since.AddDate(1, 0, 0)
	default:
		return Span{}, fmt.Errorf("unknown period %q", period)
	}
	return Span{Since: &since, Until: &until}, nil
}

// CreatedIn turns a span into a predicate on the creation time.
func CreatedIn[P any](span Span, gte, lt func(time.Time) P) []P {
	var out []P
	if span.Since != nil {
		out = append(out, gte(*span.Since))
	}
	if span.Until != nil {
		out = append(out, lt(*span.Until))
	}
	return out
}

// CSVFile collects the rows of an export.
type CSVFile struct {
	b    bytes.Buffer
	w    *csv.Writer
	Rows int
}

// NewCSVFile starts a file with its header row.
func NewCSVFile(header []string) *CSVFile {
	f := &CSVFile{}
	f.w = csv.NewWriter(&f.b)
	_ = f.w.Write(header)
	return f
}

// Add writes one row.
func (f *CSVFile) Add(row []string) {
	_ = f.w.Write(row)
	f.Rows++
}

// String flushes and returns the file.
func (f *CSVFile) String() (string, error) {
	f.w.Flush()
	return f.b.String(), f.w.Error()
}

// Stamp writes a time as RFC 3339 in UTC, or nothing.
func Stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
