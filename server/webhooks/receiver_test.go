package webhooks_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// delivery is one request a receiver got.
type delivery struct {
	Body    []byte
	Header  http.Header
	Attempt string
}

// receiver is a real HTTP server on loopback that records deliveries. It
// answers 500 to the first failFirst requests (all of them while down),
// and de-duplicates by event id: accepted holds each event once.
type receiver struct {
	*httptest.Server
	mu        sync.Mutex
	all       []delivery
	accepted  map[string]delivery
	order     []string
	failFirst int
	down      bool
	hang      chan struct{}
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{accepted: map[string]delivery{}}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(func() {
		r.mu.Lock()
		if r.hang != nil {
			close(r.hang)
			r.hang = nil
		}
		r.mu.Unlock()
		r.Close()
	})
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	d := delivery{Body: body, Header: req.Header.Clone(), Attempt: req.Header.Get("X-Portico-Attempt")}
	r.mu.Lock()
	r.all = append(r.all, d)
	hang := r.hang
	fail := r.down || len(r.all) <= r.failFirst
	r.mu.Unlock()
	if hang != nil {
		<-hang
		return
	}
	if fail {
		http.Error(w, "receiver unavailable", http.StatusInternalServerError)
		return
	}
	id := req.Header.Get("X-Portico-Event-Id")
	r.mu.Lock()
	if _, seen := r.accepted[id]; !seen {
		r.accepted[id] = d
		r.order = append(r.order, id)
	}
	r.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (r *receiver) set(fn func(r *receiver)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fn(r)
}

// requests is how many requests arrived.
func (r *receiver) requests() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.all)
}

// acceptedInOrder returns the accepted deliveries in arrival order.
func (r *receiver) acceptedInOrder() []delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]delivery, len(r.order))
	for i, id := range r.order {
		out[i] = r.accepted[id]
	}
	return out
}

// waitFor polls cond until it holds or the test's patience ends.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
