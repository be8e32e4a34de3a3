package decision

import (
	"math"
	"strings"
	"time"
)

// Report timestamps must fall within this window around the processing
// time (spec §6.4).
const (
	maxTimestampAge    = 86400
	maxTimestampFuture = 3600
)

// parseTimestamp reads a report transaction's timestamp: an integer (Unix
// seconds, with Ruby's Integer() prefixes and underscores) or a date-time
// with year, month and day, UTC unless it carries an offset. ok is false when
// the value cannot be read; the caller then uses the processing time.
func parseTimestamp(s string) (time.Time, bool) {
	s = trimRubySpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if n, ok := parseRubyInteger(s); ok {
		return time.Unix(n, 0).UTC(), true
	}
	return parseDateTime(s)
}

// parseRubyInteger follows Ruby's Integer(): optional sign, 0x/0b/0o/0d or a
// leading 0 (octal), digits with single underscores between them.
func parseRubyInteger(s string) (int64, bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	base := int64(10)
	if len(s) > 1 && s[0] == '0' {
		switch s[1] {
		case 'x', 'X':
			base, s = 16, s[2:]
		case 'b', 'B':
			base, s = 2, s[2:]
		case 'o', 'O':
			base, s = 8, s[2:]
		case 'd', 'D':
			base, s = 10, s[2:]
		default:
			base, s = 8, s[1:]
		}
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' {
			if s[i-1] == '_' {
				return 0, false
			}
			continue
		}
		var d int64
		switch {
		case '0' <= c && c <= '9':
			d = int64(c - '0')
		case 'a' <= c && c <= 'f':
			d = int64(c-'a') + 10
		case 'A' <= c && c <= 'F':
			d = int64(c-'A') + 10
		default:
			return 0, false
		}
		if d >= base {
			return 0, false
		}
		if n > (math.MaxInt64-d)/base {
			return 0, false
		}
		n = n*base + d
	}
	if neg {
		n = -n
	}
	return n, true
}

// parseDateTime reads "YYYY-MM-DD[( |T)HH:MM[:SS[.frac]]][ ][zone]" (also
// with "/" between the date parts), where zone is Z, UTC, GMT, ±HH, ±HHMM or
// ±HH:MM.
func parseDateTime(s string) (time.Time, bool) {
	var (
		ok                bool
		year, month, day  int
		hour, minute, sec int
		nsec              int
		offset            int
		sep               byte
	)
	if year, s, ok = takeDigits(s, 4, 4); !ok {
		return time.Time{}, false
	}
	if s == "" || (s[0] != '-' && s[0] != '/') {
		return time.Time{}, false
	}
	sep, s = s[0], s[1:]
	if month, s, ok = takeDigits(s, 1, 2); !ok || s == "" || s[0] != sep {
		return time.Time{}, false
	}
	if day, s, ok = takeDigits(s[1:], 1, 2); !ok {
		return time.Time{}, false
	}
	if s != "" && (s[0] == ' ' || s[0] == 'T' || s[0] == 't') {
		rest := strings.TrimLeft(s[1:], " ")
		if h, r, ok := takeDigits(rest, 1, 2); ok && r != "" && r[0] == ':' {
			hour = h
			if minute, r, ok = takeDigits(r[1:], 2, 2); !ok {
				return time.Time{}, false
			}
			if r != "" && r[0] == ':' {
				if sec, r, ok = takeDigits(r[1:], 2, 2); !ok {
					return time.Time{}, false
				}
				if r != "" && r[0] == '.' {
					frac, r2, ok := takeDigits(r[1:], 1, 9)
					if !ok {
						return time.Time{}, false
					}
					digits := len(r) - 1 - len(r2)
					for ; digits < 9; digits++ {
						frac *= 10
					}
					nsec, r = frac, r2
				}
			}
			s = r
		}
	}
	s = strings.TrimLeft(s, " ")
	switch {
	case s == "" || s == "Z" || s == "z" || strings.EqualFold(s, "UTC") || strings.EqualFold(s, "GMT"):
	case s[0] == '+' || s[0] == '-':
		sign := 1
		if s[0] == '-' {
			sign = -1
		}
		z := s[1:]
		oh, z, ok := takeDigits(z, 2, 2)
		if !ok {
			return time.Time{}, false
		}
		om := 0
		if z != "" && z[0] == ':' {
			z = z[1:]
		}
		if z != "" {
			if om, z, ok = takeDigits(z, 2, 2); !ok || z != "" {
				return time.Time{}, false
			}
		}
		offset = sign * (oh*3600 + om*60)
	default:
		return time.Time{}, false
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if t.Day() != day {
		return time.Time{}, false // e.g. February 30th
	}
	return t.Add(-time.Duration(offset) * time.Second), true
}

// takeDigits reads between min and max decimal digits from the front of s.
func takeDigits(s string, min, max int) (int, string, bool) {
	n, i := 0, 0
	for i < len(s) && i < max && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i < min {
		return 0, s, false
	}
	return n, s[i:], true
}
