package password_test

import (
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/auth/password"
)

func TestPolicies(t *testing.T) {
	for _, c := range []struct {
		name   string
		policy password.Policy
		pw     string
		want   string // part of the error; empty when accepted
	}{
		{"team: the test admin password", password.Team, "Adm1n-passw0rd!", ""},
		{"team: a long passphrase", password.Team, "correct horse battery staple", ""},
		{"team: too short", password.Team, "Sh0rt-pw!", "at least 12 characters"},
		{"team: 'password'", password.Team, "password", "at least 12 characters"},
		{"team: 12345678", password.Team, "12345678", "at least 12 characters"},
		{"team: a common password of 12", password.Team, "qwertyuiop12", "most common passwords"},
		{"team: common, other case", password.Team, "1Q2W3E4R5T6Y", "most common passwords"},
		{"team: a common word with digits and punctuation", password.Team, "Password2024!!", "most common passwords"},
		{"team: too long", password.Team, strings.Repeat("x", 129), "at most 128 characters"},
		{"team: length counts characters, not bytes", password.Team, "ééééééééééé", "at least 12 characters"},
		{"custom minimum", password.Policy{MinLength: 16}, "Adm1n-passw0rd!", "at least 16 characters"},
		{"a minimum under 8 is 8", password.Policy{MinLength: 4}, "abc", "at least 8 characters"},
		{"basic: 8 characters", password.Basic, "password", ""},
		{"strong: four kinds", password.Strong, "Str0ng-pw", ""},
		{"strong: missing a kind", password.Strong, "strong-pw1", "upper and lower case"},
		{"strong: common", password.Strong, "Passw0rd!", "most common passwords"},
		{"team with a tenant's strong rule", password.Team.With(password.Strong), "long-enough-but-plain", "upper and lower case"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.policy.Check(c.pw)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}
