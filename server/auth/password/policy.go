package password

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/trustelem/zxcvbn/frequency"
)

// MaxLength bounds every password, so hashing stays cheap.
const MaxLength = 128

// MinLength is the fewest characters any policy allows.
const MinLength = 8

// Policy is what a new password must satisfy. Every password check goes
// through one.
type Policy struct {
	// MinLength is the fewest characters (at least 8).
	MinLength int
	// Common refuses the most common passwords, alone or followed by digits
	// and punctuation (“Password123!”).
	Common bool
	// Classes requires upper and lower case letters, a digit and a special
	// character.
	Classes bool
}

var (
	// Basic is the policy of developer users by default: 8 characters.
	Basic = Policy{MinLength: 8}
	// Strong is the policy of developer users under a tenant's strong
	// passwords rule: 8 characters of four kinds, and no common password.
	Strong = Policy{MinLength: 8, Common: true, Classes: true}
	// Team is the default policy of team users (admins and members):
	// 12 characters and no common password.
	Team = Policy{MinLength: 12, Common: true}
)

// With returns p with the requirements of o added.
func (p Policy) With(o Policy) Policy {
	return Policy{MinLength: max(p.MinLength, o.MinLength), Common: p.Common || o.Common, Classes: p.Classes || o.Classes}
}

// Check returns why pw does not satisfy p, or nil.
func (p Policy) Check(pw string) error {
	n := len([]rune(pw))
	switch {
	case n < max(p.MinLength, MinLength):
		return fmt.Errorf("must be at least %d characters", max(p.MinLength, MinLength))
	case n > MaxLength:
		return fmt.Errorf("must be at most %d characters", MaxLength)
	}
	if p.Common && IsCommon(pw) {
		return errors.New("is one of the most common passwords: choose one that is harder to guess")
	}
	if p.Classes {
		var upper, lower, digit, special bool
		for _, r := range pw {
			switch {
			case unicode.IsUpper(r):
				upper = true
			case unicode.IsLower(r):
				lower = true
			case unicode.IsDigit(r):
				digit = true
			default:
				special = true
			}
		}
		if !(upper && lower && digit && special) {
			return errors.New("must contain upper and lower case letters, a digit and a special character")
		}
	}
	return nil
}

// common is the set of the 30,000 most common passwords of zxcvbn's list
// (leaked password collections), in lower case.
var common = sync.OnceValue(func() map[string]struct{} {
	list := frequency.FrequencyLists["passwords"]
	set := make(map[string]struct{}, len(list))
	for _, pw := range list {
		set[strings.ToLower(pw)] = struct{}{}
	}
	return set
})

// IsCommon reports whether pw, ignoring case, is a common password, or one
// followed by digits and punctuation.
func IsCommon(pw string) bool {
	set := common()
	lower := strings.ToLower(pw)
	if _, ok := set[lower]; ok {
		return true
	}
	stem := strings.TrimRightFunc(lower, func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	})
	if len(stem) < 4 || stem == lower {
		return false
	}
	_, ok := set[stem]
	return ok
}
