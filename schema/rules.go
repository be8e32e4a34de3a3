package schema

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Field rules shared by every write path (GraphQL, REST/XML, bootstrap).

var (
	systemNameRe = regexp.MustCompile(`^[A-Za-z0-9_/-]+$`)
	keyRe        = regexp.MustCompile(`^[0-9A-Za-z-]{5,256}$`)
	fieldNameRe  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,254}$`)
)

// ValidateSystemName checks a system name: letters, digits, `_`, `/` and `-`
// only, at most 255 characters.
func ValidateSystemName(s string) error {
	if len(s) > 255 {
		return errors.New("must be at most 255 characters")
	}
	if !systemNameRe.MatchString(s) {
		return errors.New("may contain only letters, digits, '_', '/' and '-' (no spaces)")
	}
	return nil
}

// ValidateFieldName checks the name of a field definition: lower-case
// letters, digits and '_', starting with a letter.
func ValidateFieldName(s string) error {
	if !fieldNameRe.MatchString(s) {
		return errors.New("must start with a lower-case letter and contain only lower-case letters, digits and '_'")
	}
	return nil
}

// ValidateKey checks a user_key, app_key or client_secret: 5 to 256 of
// [0-9A-Za-z-].
func ValidateKey(s string) error {
	if !keyRe.MatchString(s) {
		return errors.New("must be 5 to 256 characters of letters, digits and '-'")
	}
	return nil
}

// ValidateAppID checks an app_id or client_id: 1 to 140 printable ASCII
// characters without spaces.
func ValidateAppID(s string) error {
	if s == "" || len(s) > 140 {
		return errors.New("must be 1 to 140 characters")
	}
	for _, r := range s {
		if r <= ' ' || r > '~' {
			return errors.New("may contain only printable ASCII characters without spaces")
		}
	}
	return nil
}

// ValidateAppKeys checks an application's key list: at most five valid,
// distinct keys.
func ValidateAppKeys(keys []string) error {
	if len(keys) > 5 {
		return errors.New("an application has at most 5 keys")
	}
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if err := ValidateKey(k); err != nil {
			return fmt.Errorf("key %q %w", k, err)
		}
		if seen[k] {
			return fmt.Errorf("key %q is listed twice", k)
		}
		seen[k] = true
	}
	return nil
}

// ValidateReferrerFilters checks referrer filters: at most five, each 1 to
// 255 characters of host-name characters with `*` wildcards.
func ValidateReferrerFilters(filters []string) error {
	if len(filters) > 5 {
		return errors.New("an application has at most 5 referrer filters")
	}
	for _, f := range filters {
		if f == "" || len(f) > 255 {
			return fmt.Errorf("referrer filter %q must be 1 to 255 characters", f)
		}
		for _, r := range f {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-.*:_", r)) {
				return fmt.Errorf("referrer filter %q may contain only letters, digits, '-', '.', '_', ':' and '*'", f)
			}
		}
	}
	return nil
}

// ValidatePattern checks a mapping-rule pattern: it starts with '/', braces
// pair up around non-empty wildcard names, and a '$' may only end the path.
func ValidatePattern(p string) error {
	if !strings.HasPrefix(p, "/") {
		return errors.New("must start with '/'")
	}
	if len(p) > 255 {
		return errors.New("must be at most 255 characters")
	}
	path, query, hasQuery := strings.Cut(p, "?")
	if i := strings.IndexByte(path, '$'); i >= 0 && i != len(path)-1 {
		return errors.New("'$' may only end the path")
	}
	if hasQuery && strings.Contains(query, "$") {
		return errors.New("'$' may only end the path")
	}
	open := false
	start := 0
	for i, r := range p {
		switch {
		case r == '{':
			if open {
				return errors.New("wildcards may not nest")
			}
			open, start = true, i
		case r == '}':
			if !open {
				return errors.New("'}' without '{'")
			}
			if i == start+1 {
				return errors.New("wildcard names may not be empty")
			}
			open = false
		case r <= ' ' || r > '~':
			return errors.New("may contain only printable ASCII characters without spaces")
		}
	}
	if open {
		return errors.New("'{' without '}'")
	}
	return nil
}

// ValidateMoney checks a non-negative amount with at most 4 decimal places.
func ValidateMoney(d decimal.Decimal) error {
	if d.IsNegative() {
		return errors.New("must not be negative")
	}
	if d.Exponent() < -4 && !d.Equal(d.Round(4)) {
		return errors.New("must have at most 4 decimal places")
	}
	if d.GreaterThanOrEqual(decimal.New(1, 16)) {
		return errors.New("is too large")
	}
	return nil
}

// ValidateTimeZone checks an IANA time zone name.
func ValidateTimeZone(tz string) error {
	if _, err := time.LoadLocation(tz); err != nil || tz == "" || tz == "Local" {
		return fmt.Errorf("%q is not an IANA time zone such as Europe/Madrid", tz)
	}
	return nil
}

// ValidateDomain checks a host name in lower case: dot-separated DNS labels
// of letters, digits and hyphens, none starting or ending with a hyphen.
func ValidateDomain(s string) error {
	if s == "" || len(s) > 253 {
		return errors.New("must be a domain name of 1 to 253 characters")
	}
	for _, label := range strings.Split(s, ".") {
		if !IsDNSLabel(label) {
			return fmt.Errorf("must be a domain name in lower case, such as api-admin.example.com (%q is not a DNS label)", label)
		}
	}
	return nil
}

// IsDNSLabel says whether s is one DNS label in lower case: 1 to 63 letters,
// digits and hyphens, not starting or ending with a hyphen.
func IsDNSLabel(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
