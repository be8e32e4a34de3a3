package decision

import (
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/counter"
)

// TestReportCoalescing checks that a batch whose transactions share
// applications, metrics and minutes, and whose deltas are therefore
// coalesced, leaves exactly the counters and usage records its
// transactions leave when reported one by one.
func TestReportCoalescing(t *testing.T) {
	at := func(d time.Duration) string { return fmt.Sprint(testNow.Add(d).Unix()) }
	mixed := []url.Values{
		{"app_id": {"app1"}, "usage[hits]": {"1"}},
		{"app_id": {"app2"}, "usage[hits]": {"2"}, "log[code]": {"200"}},
		{"app_id": {"app1"}, "usage[search]": {"3"}},
		{"app_id": {"app1"}, "usage[hits]": {"#7"}},
		{"app_id": {"app1"}, "usage[update]": {"2"}, "usage[search]": {"1"}, "log[code]": {"404"}},
		{"app_id": {"app1"}, "usage[hits]": {"1"}, "timestamp": {at(-time.Hour)}},
		{"app_id": {"app1"}, "usage[search]": {"4"}, "timestamp": {at(-time.Hour + 10*time.Second)}},
		{"app_id": {"app2"}, "usage[hits]": {"#0"}},
		{"app_id": {"app2"}, "usage[hits]": {"4"}},
		{"app_id": {"app1"}, "usage[disabled]": {"1"}, "usage[hits]": {"0"}},
		{"app_id": {"app1"}, "usage[hits]": {"3"}, "timestamp": {at(-2 * time.Hour)}},
		{"app_id": {"app1"}, "usage[hits]": {"#5"}, "timestamp": {at(-2 * time.Hour)}},
		{"app_id": {"app1"}, "usage[hits]": {"6"}, "timestamp": {at(-2 * time.Hour)}},
		{"app_id": {"app2"}, "usage[search]": {"1"}},
	}
	// More groups than are found by scanning: one per minute of the last
	// half hour, each written twice.
	var spread []url.Values
	for i := range 40 {
		app := []string{"app1", "app2"}[i%2]
		spread = append(spread, url.Values{"app_id": {app}, "usage[search]": {"1"}, "timestamp": {at(-time.Duration(i%20) * time.Minute)}})
	}
	cases := []struct {
		name string
		txs  []url.Values
	}{{"mixed", mixed}, {"spread", spread}}
	for _, kind := range storeKinds() {
		for _, c := range cases {
			t.Run(string(kind)+"/"+c.name, func(t *testing.T) {
				batched, single := newEnv(t, kind), newEnv(t, kind)
				batched.report(pk1 + "&" + reportBody(c.txs...))
				for _, tx := range c.txs {
					single.report(pk1 + "&" + reportBody(tx))
				}
				if got, want := batched.usage.all(), single.usage.all(); !reflect.DeepEqual(got, want) {
					t.Errorf("usage records:\nbatch     %+v\none by one %+v", got, want)
				}
				times := []time.Time{testNow}
				for _, tx := range c.txs {
					if ts := tx.Get("timestamp"); ts != "" {
						var sec int64
						fmt.Sscan(ts, &sec)
						times = append(times, time.Unix(sec, 0))
					}
				}
				for _, app := range []string{"app1", "app2"} {
					for _, metric := range []string{"1", "2", "3", "4"} {
						for p := counter.Period(0); p < counter.NumPeriods; p++ {
							for _, when := range times {
								got := batched.counterIn("1001", app, metric, p, when)
								want := single.counterIn("1001", app, metric, p, when)
								if got != want {
									t.Errorf("%s metric %s %s at %s: batch %d, one by one %d", app, metric, p, when, got, want)
								}
							}
						}
					}
				}
				if v := batched.counter("app1", "1", counter.Month); v == 0 {
					t.Errorf("app1 hits this month = 0: the batch counted nothing")
				}
			})
		}
	}
}

// reportBody encodes transactions as a report's form fields, each
// transaction's in the order of their names.
func reportBody(txs ...url.Values) string {
	var b strings.Builder
	for i, tx := range txs {
		for _, k := range slices.Sorted(maps.Keys(tx)) {
			vs := tx[k]
			name, rest, _ := strings.Cut(k, "[")
			if rest != "" {
				rest = "[" + rest
			}
			for _, v := range vs {
				if b.Len() > 0 {
					b.WriteByte('&')
				}
				fmt.Fprintf(&b, "transactions[%d][%s]%s=%s", i, name, rest, url.QueryEscape(v))
			}
		}
	}
	return b.String()
}
