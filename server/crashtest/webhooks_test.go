package crashtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// hookReceiver answers 500 while down and otherwise counts each event id's
// successful deliveries, as a receiver de-duplicating by event id does.
type hookReceiver struct {
	mu       sync.Mutex
	down     bool
	requests int
	ok       map[string]int
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requests++
	if h.down {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	h.ok[r.Header.Get("X-Portico-Event-Id")]++
	w.WriteHeader(http.StatusNoContent)
}

func (h *hookReceiver) state() (requests int, ok map[string]int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	cp := map[string]int{}
	for k, v := range h.ok {
		cp[k] = v
	}
	return h.requests, cp
}

// TestKillWithDeliveriesPending kills the server (SIGKILL) while webhook
// deliveries wait for their next attempt; after a restart each event
// reaches the receiver exactly once.
func TestKillWithDeliveriesPending(t *testing.T) {
	for _, st := range storages[:2] {
		t.Run(st.name, func(t *testing.T) {
			cfg := st.config(t)
			cfg.Env = []string{"PORTICO_OUTBOUND_ALLOW_PRIVATE=true", "PORTICO_WEBHOOK_RETRY_DELAY=3s", "PORTICO_JOB_POLL=100ms"}
			rcv := &hookReceiver{down: true, ok: map[string]int{}}
			hs := httptest.NewServer(rcv)
			defer hs.Close()
			s := startServer(t, "portico", cfg)
			admin := s.login(t)
			s.graphQL(t, admin, `mutation($url: String!) { updateWebhook(input: {url: $url, active: true, providerActions: true, events: [ACCOUNT_CREATED]}) { id } }`,
				map[string]any{"url": hs.URL + "/hook"}, nil)
			const n = 8
			for i := range n {
				s.graphQL(t, admin, fmt.Sprintf(`mutation { createAccount(input: {orgName: "Hooked %d"}) { id } }`, i), nil, nil)
			}
			deadline := time.Now().Add(60 * time.Second)
			for {
				if req, _ := rcv.state(); req >= n {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("first attempts did not arrive")
				}
				time.Sleep(50 * time.Millisecond)
			}
			// The attempts' outcomes are written in batches: let them land,
			// so the restarted process finds the jobs waiting for a retry
			// (a job killed before its outcome is written is rescued later).
			time.Sleep(time.Second)
			s.kill()
			rcv.mu.Lock()
			rcv.down = false
			rcv.mu.Unlock()
			s = startServer(t, "portico'", cfg)
			deadline = time.Now().Add(120 * time.Second)
			for {
				if _, ok := rcv.state(); len(ok) == n {
					break
				}
				if time.Now().After(deadline) {
					_, ok := rcv.state()
					t.Fatalf("after the restart %d of %d events arrived", len(ok), n)
				}
				time.Sleep(100 * time.Millisecond)
			}
			// Past another retry delay, nothing arrives twice.
			time.Sleep(4 * time.Second)
			_, ok := rcv.state()
			for id, c := range ok {
				if c != 1 {
					t.Errorf("event %s delivered %d times", id, c)
				}
			}
			_ = s
		})
	}
}
