package crashtest

import (
	"net/http"
	"testing"

	"github.com/portico-apim/portico/server/secret"
)

// TestReportRetriesCountOnce posts report batches twice, as a gateway
// retrying after a lost answer does: with an Idempotency-Key header or
// per-transaction transactions[N][idempotency_key] parameters the retry
// counts nothing, also when the server was killed between the two posts;
// without a key the retry counts again, as in 3scale.
func TestReportRetriesCountOnce(t *testing.T) {
	for _, st := range storages {
		t.Run(st.name, func(t *testing.T) {
			skipNearMidnight(t)
			cfg := st.config(t)
			s := startServer(t, "portico", cfg)
			admin := s.login(t)
			fx := provision(t, s, admin, 1_000_000)
			c := newClient()
			fx.waitKnown(t, c, s.URL)
			run := "-" + secret.Hex(4) // keys unique to this run

			post := func(base, header string, txs ...reportTx) {
				t.Helper()
				if a := doCall(c, fx.reportRequest(base, header, txs)); a.err != nil || a.status != http.StatusAccepted {
					t.Fatalf("report: %v", a)
				}
			}
			hits := func(base string) int64 { t.Helper(); v, _ := fx.usageAt(t, c, base); return v }
			check := func(what string, base string, from, want int64) int64 {
				t.Helper()
				got := hits(base) - from
				if got != want {
					t.Errorf("%s: hits/day grew by %d, want %d", what, got, want)
				}
				return from + got
			}
			hitsTx := func(n int, key string) reportTx { return reportTx{usage: map[string]int{"hits": n}, key: key} }

			v := hits(s.URL)
			post(s.URL, "hdr"+run, hitsTx(3, ""))
			post(s.URL, "hdr"+run, hitsTx(3, ""))
			v = check("Idempotency-Key header, posted twice", s.URL, v, 3)

			post(s.URL, "", hitsTx(2, "a"+run), hitsTx(5, "b"+run))
			post(s.URL, "", hitsTx(2, "a"+run), hitsTx(5, "b"+run))
			v = check("transactions[N][idempotency_key], batch posted twice", s.URL, v, 7)
			post(s.URL, "", hitsTx(2, "a"+run), hitsTx(11, "c"+run))
			v = check("transactions[N][idempotency_key], a batch repeating one key and adding a new one", s.URL, v, 11)

			post(s.URL, "", hitsTx(4, ""))
			post(s.URL, "", hitsTx(4, ""))
			check("no key, posted twice (counts twice, as in 3scale)", s.URL, v, 8)

			// Across a kill: a second application, so that what the first
			// one lost or kept does not matter here.
			id, key := addApplication(t, s, admin, fx)
			fx2 := fx.withApp(id, key)
			fx2.waitKnown(t, c, s.URL)
			post2 := func(base, header string, txs ...reportTx) {
				t.Helper()
				if a := doCall(c, fx2.reportRequest(base, header, txs)); a.err != nil || a.status != http.StatusAccepted {
					t.Fatalf("report: %v", a)
				}
			}
			post2(s.URL, "crash"+run, hitsTx(13, ""))
			post2(s.URL, "", hitsTx(17, "crash-tx"+run))
			s2 := s.restart(t)
			got, _ := fx2.usageAt(t, c, s2.URL)
			if got != 30 {
				t.Errorf("after kill -9: hits/day reads %d, 30 were acknowledged (13 with an Idempotency-Key header, 17 with a per-transaction key)", got)
			}
			post2(s2.URL, "crash"+run, hitsTx(13, ""))
			post2(s2.URL, "", hitsTx(17, "crash-tx"+run))
			if again, _ := fx2.usageAt(t, c, s2.URL); again != 30 {
				t.Errorf("the same two reports retried after kill -9 and restart: hits/day reads %d (was %d after the restart), want 30: each counted once", again, got)
			}
		})
	}
}
