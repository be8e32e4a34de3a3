package decision

import "testing"

func TestAppendSFString(t *testing.T) {
	for _, tc := range []struct{ metric, period, want string }{
		{"hits", "day", `"hits-day"`},
		{"hits.42", "month", `"hits.42-month"`},
		{`odd"name\`, "minute", `"odd\"name\\-minute"`},
	} {
		if got := string(appendSFString(nil, tc.metric, tc.period)); got != tc.want {
			t.Errorf("appendSFString(%q, %q) = %s, want %s", tc.metric, tc.period, got, tc.want)
		}
	}
}
