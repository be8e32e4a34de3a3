package analytics

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/portico-apim/portico/server/problem"
)

// Granularity is the width of one point of a series.
type Granularity string

// The granularities. SixHours is 3scale's 21600.
const (
	Minute   Granularity = "minute"
	Hour     Granularity = "hour"
	SixHours Granularity = "21600"
	Day      Granularity = "day"
	Month    Granularity = "month"
	Eternity Granularity = "eternity"
)

// Period is a named time frame: 3scale's period parameter.
type Period string

// The periods.
const (
	PeriodEternity Period = "eternity"
	PeriodYear     Period = "year"
	PeriodMonth    Period = "month"
	PeriodWeek     Period = "week"
	PeriodDay      Period = "day"
	// PeriodHour is Portico's last hour, at minute granularity.
	PeriodHour Period = "hour"
)

// Reasons of refused queries; errors.Is tells them apart.
var (
	ErrUnknownMetric   = errors.New("unknown metric")
	ErrUnknownZone     = errors.New("unknown time zone")
	ErrRangeTooLong    = errors.New("range too long for the granularity")
	ErrSinceAfterUntil = errors.New("since after until")
	ErrEternity        = errors.New("eternity granularity with another period")
	ErrBadPeriod       = errors.New("invalid period")
	ErrBadGranularity  = errors.New("invalid granularity")
	ErrBadTime         = errors.New("invalid time")
	ErrMissing         = errors.New("missing parameter")
	ErrUnknownCode     = errors.New("invalid response code")
)

func invalid(field string, reason error, format string, args ...any) error {
	return &problem.Error{Kind: problem.KindInvalid, Field: field, Message: fmt.Sprintf(format, args...), Err: reason}
}

// maxRange is the longest range a granularity may cover.
func maxRange(g Granularity) (years, months, days int, text string) {
	switch g {
	case Minute:
		return 0, 0, 1, "1 day"
	case Hour:
		return 0, 0, 90, "90 days"
	case SixHours:
		return 0, 6, 0, "6 months"
	case Day:
		return 1, 0, 0, "1 year"
	case Month:
		return 10, 0, 0, "10 years"
	}
	return 0, 0, 0, ""
}

// ParseGranularity reads a granularity: month, day, hour, 21600 (or 6h),
// minute, eternity.
func ParseGranularity(s string) (Granularity, error) {
	switch g := Granularity(strings.ToLower(strings.TrimSpace(s))); g {
	case Minute, Hour, SixHours, Day, Month, Eternity:
		return g, nil
	case "6h", "six_hours":
		return SixHours, nil
	}
	return "", invalid("granularity", ErrBadGranularity, "Granularity must be one of month, day, hour, 21600, minute, eternity")
}

// ParsePeriod reads a period.
func ParsePeriod(s string) (Period, error) {
	switch p := Period(strings.ToLower(strings.TrimSpace(s))); p {
	case PeriodEternity, PeriodYear, PeriodMonth, PeriodWeek, PeriodDay, PeriodHour:
		return p, nil
	}
	return "", invalid("period", ErrBadPeriod, "Period must be one of eternity, year, month, week, day")
}

func (p Period) defaultGranularity() Granularity {
	switch p {
	case PeriodEternity:
		return Eternity
	case PeriodYear:
		return Month
	case PeriodMonth:
		return Day
	case PeriodWeek:
		return SixHours
	case PeriodHour:
		return Minute
	}
	return Hour
}

// add moves t forward by n periods in t's location.
func (p Period) add(t time.Time, n int) time.Time {
	switch p {
	case PeriodYear:
		return t.AddDate(n, 0, 0)
	case PeriodMonth:
		return t.AddDate(0, n, 0)
	case PeriodWeek:
		return t.AddDate(0, 0, 7*n)
	case PeriodDay:
		return t.AddDate(0, 0, n)
	case PeriodHour:
		return t.Add(time.Duration(n) * time.Hour)
	}
	return t
}

// floor is the start of the granularity step holding t, in t's location.
func (g Granularity) floor(t time.Time) time.Time {
	y, m, d := t.Date()
	loc := t.Location()
	switch g {
	case Minute:
		return time.Date(y, m, d, t.Hour(), t.Minute(), 0, 0, loc)
	case Hour:
		return time.Date(y, m, d, t.Hour(), 0, 0, 0, loc)
	case SixHours:
		return time.Date(y, m, d, t.Hour()-t.Hour()%6, 0, 0, 0, loc)
	case Day:
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	case Month:
		return time.Date(y, m, 1, 0, 0, 0, 0, loc)
	}
	return t
}

// next is the start of the step after the one starting at t. Steps are
// wall-clock steps: a day in a zone lasts 23 or 25 hours across a DST
// change.
func (g Granularity) next(t time.Time) time.Time {
	y, m, d := t.Date()
	loc := t.Location()
	switch g {
	case Minute:
		return t.Add(time.Minute)
	case Hour:
		return t.Add(time.Hour)
	case SixHours:
		n := time.Date(y, m, d, t.Hour()+6, 0, 0, 0, loc)
		if !n.After(t) { // the wall clock went back
			n = t.Add(6 * time.Hour)
		}
		return n
	case Day:
		return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	case Month:
		return time.Date(y, m+1, 1, 0, 0, 0, 0, loc)
	}
	return t
}

// Range is a resolved time frame: points of granularity Granularity from
// Since (inclusive) to Until (exclusive, the start of the step after the
// last), in Zone.
type Range struct {
	Period      Period // empty for a custom range
	Granularity Granularity
	Since       time.Time
	Until       time.Time // exclusive
	Zone        *time.Location
	ZoneName    string
}

// Last is the last second of the range, as 3scale shows it.
func (r Range) Last() time.Time { return r.Until.Add(-time.Second) }

// Steps are the start of every point.
func (r Range) Steps() []time.Time {
	if r.Granularity == Eternity {
		return []time.Time{r.Since}
	}
	var out []time.Time
	for t := r.Since; t.Before(r.Until); t = r.Granularity.next(t) {
		out = append(out, t)
	}
	return out
}

// Previous is the range of the same length just before r, for the change.
func (r Range) Previous() Range {
	p := r
	if r.Period != "" && r.Period != PeriodEternity {
		p.Since = r.Granularity.floor(r.Period.add(r.Since, -1))
	} else {
		p.Since = r.Granularity.floor(r.Since.Add(-r.Until.Sub(r.Since)))
	}
	p.Until = r.Since
	return p
}

// Frame is an unresolved time frame as a client gives it: 3scale's period,
// granularity, since, until and timezone parameters.
type Frame struct {
	Period      string
	Granularity string
	Since       string
	Until       string
	// SinceTime and UntilTime are used instead of Since and Until when set.
	SinceTime, UntilTime *time.Time
	Timezone             string
}

// timeLayouts are the accepted forms of since and until, read in the zone.
var timeLayouts = []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"}

func parseTime(field, s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, invalid(field, ErrBadTime, "%s must be a date (YYYY-MM-DD) or a time (YYYY-MM-DD HH:MM:SS)", capitalize(field))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Resolve applies 3scale's period rules (spec §2.15) to f at time now, in
// zone tenantZone unless f names one: with a period and no since, since is
// now − period; the range is [since, since + period − 1 s], its end rounded
// up to the end of its minute, then both ends rounded out to the
// granularity. Without a period, granularity and since are required and
// until defaults to now.
func Resolve(f Frame, now time.Time, tenantZone string) (Range, error) {
	loc, zname, err := Zone(f.Timezone, tenantZone)
	if err != nil {
		return Range{}, err
	}
	r := Range{Zone: loc, ZoneName: zname}
	if f.Period != "" {
		if r.Period, err = ParsePeriod(f.Period); err != nil {
			return Range{}, err
		}
	}
	if f.Granularity != "" {
		if r.Granularity, err = ParseGranularity(f.Granularity); err != nil {
			return Range{}, err
		}
	} else if r.Period != "" {
		r.Granularity = r.Period.defaultGranularity()
	} else {
		return Range{}, invalid("granularity", ErrMissing, "Granularity is required without a period")
	}
	if r.Granularity == Eternity && r.Period != PeriodEternity {
		return Range{}, invalid("granularity", ErrEternity, "Granularity eternity is only valid with period eternity")
	}
	if r.Period == PeriodEternity && r.Granularity != Eternity {
		return Range{}, invalid("granularity", ErrEternity, "Period eternity is only valid with granularity eternity")
	}
	now = now.In(loc)
	var since, until time.Time
	switch {
	case f.SinceTime != nil:
		since = f.SinceTime.In(loc)
	case f.Since != "":
		if since, err = parseTime("since", f.Since, loc); err != nil {
			return Range{}, err
		}
	}
	if r.Period == PeriodEternity {
		r.Since = time.Date(1970, 1, 1, 0, 0, 0, 0, loc)
		r.Until = time.Date(now.Year(), now.Month(), now.Day(), now.Hour(), now.Minute()+1, 0, 0, loc)
		return r, nil
	}
	if r.Period != "" {
		if since.IsZero() {
			since = r.Period.add(now, -1)
		}
		until = r.Period.add(since, 1).Add(-time.Second)
	} else {
		if since.IsZero() {
			return Range{}, invalid("since", ErrMissing, "Since is required without a period")
		}
		switch {
		case f.UntilTime != nil:
			until = f.UntilTime.In(loc)
		case f.Until != "":
			if until, err = parseTime("until", f.Until, loc); err != nil {
				return Range{}, err
			}
		default:
			until = now
		}
	}
	if since.After(until) {
		return Range{}, invalid("since", ErrSinceAfterUntil, "Since must be before until")
	}
	// The end rounded to the end of its minute, then to the granularity.
	end := Minute.next(Minute.floor(until))
	r.Since = r.Granularity.floor(since)
	r.Until = r.Granularity.floor(end.Add(-time.Nanosecond))
	r.Until = r.Granularity.next(r.Until)
	y, m, d, text := maxRange(r.Granularity)
	if r.Until.After(r.Since.AddDate(y, m, d).Add(r.Granularity.next(r.Since).Sub(r.Since))) {
		return Range{}, invalid("granularity", ErrRangeTooLong, "The range is too long for granularity %s: at most %s", r.Granularity, text)
	}
	return r, nil
}

// TopRange is the range of a top-applications query: a whole period
// (year, month, week, day) holding since, in the zone; since defaults to
// now.
func TopRange(f Frame, now time.Time, tenantZone string) (Range, error) {
	loc, zname, err := Zone(f.Timezone, tenantZone)
	if err != nil {
		return Range{}, err
	}
	r := Range{Zone: loc, ZoneName: zname}
	if f.Period == "" {
		return Range{}, invalid("period", ErrMissing, "Period must be one of year, month, week, day")
	}
	if r.Period, err = ParsePeriod(f.Period); err != nil || r.Period == PeriodEternity || r.Period == PeriodHour {
		return Range{}, invalid("period", ErrBadPeriod, "Period must be one of year, month, week, day")
	}
	since := now.In(loc)
	switch {
	case f.SinceTime != nil:
		since = f.SinceTime.In(loc)
	case f.Since != "":
		if since, err = parseTime("since", f.Since, loc); err != nil {
			return Range{}, err
		}
	}
	y, m, d := since.Date()
	switch r.Period {
	case PeriodYear:
		r.Since, r.Granularity = time.Date(y, 1, 1, 0, 0, 0, 0, loc), Month
	case PeriodMonth:
		r.Since, r.Granularity = time.Date(y, m, 1, 0, 0, 0, 0, loc), Day
	case PeriodWeek:
		wd := (int(since.Weekday()) + 6) % 7 // weeks start on Monday
		r.Since, r.Granularity = time.Date(y, m, d-wd, 0, 0, 0, 0, loc), Day
	default:
		r.Since, r.Granularity = time.Date(y, m, d, 0, 0, 0, 0, loc), Hour
	}
	r.Until = r.Period.add(r.Since, 1)
	return r, nil
}
