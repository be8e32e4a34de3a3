package decision

import (
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/counter"
)

// TestIdempotentReports checks the Idempotency-Key header and the
// per-transaction idempotency_key on both counter stores: a retry counts
// once, a new key counts, a report without keys counts every time, and a
// malformed key is refused with an error document and counts nothing.
func TestIdempotentReports(t *testing.T) {
	for _, kind := range storeKinds() {
		t.Run(string(kind), func(t *testing.T) {
			e := newEnv(t, kind)
			body := pk1 + "&service_id=1001&transactions[0][app_id]=app2&transactions[0][usage][hits]=2"
			post := func(header map[string]string, body string) response {
				h := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
				for k, v := range header {
					h[k] = v
				}
				return e.do("POST", "/transactions.xml", h, body)
			}
			hits := func() int64 { return e.counter("app2", "1", counter.Day) }
			start := hits()

			for range 3 {
				if r := post(map[string]string{"Idempotency-Key": "batch-1"}, body); r.status != 202 {
					t.Fatalf("keyed report: %d %s", r.status, r.body)
				}
			}
			if got := hits() - start; got != 2 {
				t.Fatalf("three posts with one Idempotency-Key counted %d hits, want 2", got)
			}
			post(map[string]string{"Idempotency-Key": "batch-2"}, body)
			if got := hits() - start; got != 4 {
				t.Fatalf("a second key counted %d hits in all, want 4", got)
			}

			tx := func(k string) string {
				return pk1 + "&service_id=1001&transactions[0][app_id]=app2&transactions[0][usage][hits]=5&transactions[0][idempotency_key]=" + k +
					"&transactions[1][app_id]=app2&transactions[1][usage][hits]=7"
			}
			post(nil, tx("t-1"))
			post(nil, tx("t-1")) // only the unkeyed transaction counts again
			if got := hits() - start; got != 4+12+7 {
				t.Fatalf("per-transaction keys: %d hits in all, want %d", got, 4+12+7)
			}

			post(nil, body)
			post(nil, body)
			if got := hits() - start; got != 23+4 {
				t.Fatalf("reports without keys: %d hits in all, want %d", got, 23+4)
			}

			for _, bad := range []struct {
				header map[string]string
				body   string
			}{
				{map[string]string{"Idempotency-Key": "has space"}, body},
				{map[string]string{"Idempotency-Key": strings.Repeat("k", 256)}, body},
				{nil, tx("")},
				{nil, tx("caf%C3%A9")},
			} {
				r := post(bad.header, bad.body)
				if r.status != 400 || !strings.Contains(string(r.body), `code="idempotency_key_invalid"`) {
					t.Fatalf("malformed key: %d %s, want 400 idempotency_key_invalid", r.status, r.body)
				}
			}
			if got := hits() - start; got != 27 {
				t.Fatalf("refused reports counted: %d hits in all, want 27", got)
			}
		})
	}
}
