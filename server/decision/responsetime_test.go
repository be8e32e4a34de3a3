package decision

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestParseResponseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"120", 120 * time.Millisecond, true},
		{"0.35", 350 * time.Microsecond, true},
		{"12.3456789", 12*time.Millisecond + 345*time.Microsecond, true}, // beyond the microsecond dropped
		{"007", 7 * time.Millisecond, true},
		{"3600000", time.Hour, true},
		{"3600000.001", 0, false}, // more than an hour
		{"3600001", 0, false},
		{"99999999999999999999999", 0, false},
		{"", 0, false},
		{"-5", 0, false},
		{"+5", 0, false},
		{"1e3", 0, false},
		{"12ms", 0, false},
		{" 12", 0, false},
		{"12 ", 0, false},
		{"12.", 0, false},
		{".5", 0, false},
		{"1.2.3", 0, false},
		{"NaN", 0, false},
		{"abc", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseResponseTime(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseResponseTime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestResponseTimesReachTheSink: log[response_time] of an authorized
// authrep and of each report transaction reaches the usage sink with the
// usage; a bad one is dropped without failing the call or its usage; calls
// without one are recorded untimed, as before.
func TestResponseTimesReachTheSink(t *testing.T) {
	for _, kind := range storeKinds() {
		t.Run(string(kind), func(t *testing.T) {
			e := newEnv(t, kind)
			authrep := "/transactions/authrep.xml?provider_key=pk1&app_id=app4&usage[hits]=1"
			for _, q := range []string{
				"&log[response_time]=120.5",
				"&log[code]=200&log[response_time]=8",
				"&log[response_time]=-3",      // negative
				"&log[response_time]=fast",    // not a number
				"&log[response_time]=7200000", // two hours
				"&log[response_time][x]=1",    // not a string
				"&log=abc",
				"",
			} {
				if r := e.get(authrep+q, nil); r.status != http.StatusOK {
					t.Fatalf("authrep %s: status %d %s", q, r.status, r.body)
				}
			}
			// A denied authrep and one without usage report nothing.
			if r := e.get("/transactions/authrep.xml?provider_key=pk1&app_id=app3&usage[hits]=1&log[response_time]=5", nil); r.status != http.StatusConflict {
				t.Fatalf("suspended application: status %d", r.status)
			}
			e.get("/transactions/authrep.xml?provider_key=pk1&app_id=app4&log[response_time]=5", nil)
			form := url.Values{"provider_key": {"pk1"},
				"transactions[0][app_id]": {"app4"}, "transactions[0][usage][hits]": {"1"}, "transactions[0][log][response_time]": {"42"},
				"transactions[1][app_id]": {"app4"}, "transactions[1][usage][hits]": {"1"}, "transactions[1][log][response_time]": {"1e9"},
				"transactions[2][app_id]": {"app4"}, "transactions[2][usage][hits]": {"1"},
				"transactions[3][app_id]": {"app4"}, "transactions[3][usage][hits]": {"1"},
				"transactions[3][log][code]": {"503"}, "transactions[3][log][response_time]": {"0.25"},
				// Without usage a transaction is skipped, its log with it.
				"transactions[4][app_id]": {"app4"}, "transactions[4][log][response_time]": {"9"},
			}
			e.report(form.Encode())

			type rec struct {
				timed bool
				rt    time.Duration
				code  int
			}
			want := []rec{
				{true, 120500 * time.Microsecond, 0},
				{true, 8 * time.Millisecond, 200},
				{}, {}, {}, {}, {}, {},
				{true, 42 * time.Millisecond, 0},
				{},
				{},
				{true, 250 * time.Microsecond, 503},
			}
			got := e.usage.all()
			if len(got) != len(want) {
				t.Fatalf("%d usage records, want %d: %+v", len(got), len(want), got)
			}
			for i, u := range got {
				if g := (rec{u.Timed, u.ResponseTime, u.ResponseCode}); g != want[i] || len(u.Metrics) == 0 {
					t.Errorf("record %d = %+v with %d metrics, want %+v", i, g, len(u.Metrics), want[i])
				}
			}
		})
	}
}
