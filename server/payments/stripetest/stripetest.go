// Package stripetest runs Stripe's own stripe-mock for tests, behind an
// overlay that adds what stripe-mock, being stateless, cannot do: the
// outcomes Stripe's test mode gives its documented test payment methods
// (pm_card_visa succeeds, pm_card_chargeDeclined is declined,
// pm_card_authenticationRequired needs the holder), setups that stay
// confirmed, idempotency keys that replay the first answer, and a way to
// lose the answer to a charge Stripe made. Every request still reaches
// stripe-mock, which validates it against Stripe's OpenAPI description.
package stripetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Version is the stripe-mock the tests run (installed by `make stripe-mock`).
const Version = "v0.203.0"

// Stripe is stripe-mock with the test-mode overlay.
type Stripe struct {
	// URL is where gateways call (the overlay).
	URL string

	mock string
	mu   sync.Mutex
	// setups maps a confirmed SetupIntent to its payment method.
	setups map[string]string
	// replies replays the first answer to an idempotency key.
	replies map[string]reply
	charges map[string]int
	lose    bool
	down    bool
	// held, when set, receives the idempotency key of each charge made
	// while its answer is withheld from the caller.
	held chan string
}

type reply struct {
	status int
	body   []byte
}

// Binary finds stripe-mock: $PORTICO_STRIPE_MOCK, bin/stripe-mock at the
// module root, or stripe-mock on PATH.
func Binary() (string, error) {
	if p := os.Getenv("PORTICO_STRIPE_MOCK"); p != "" {
		return p, nil
	}
	if dir, err := os.Getwd(); err == nil {
		for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				p := filepath.Join(dir, "bin", "stripe-mock")
				if _, err := os.Stat(p); err == nil {
					return p, nil
				}
				break
			}
		}
	}
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("stripe-mock not found: run `make stripe-mock` (go install github.com/stripe/stripe-mock@%s into bin/) or set PORTICO_STRIPE_MOCK", Version)
}

// Start runs stripe-mock and the overlay until the test ends.
func Start(t testing.TB) *Stripe {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		t.Fatal(err)
	}
	s, stop, err := Run(bin, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return s
}

// Run starts the stripe-mock binary on free loopback ports and the overlay
// on addr, and returns them with the function that stops both. It serves
// tests in this process and, through cmd/stripe-testmode, the browser
// end-to-end tests.
func Run(bin, addr string) (*Stripe, func(), error) {
	httpPort, err := freePort()
	if err != nil {
		return nil, nil, err
	}
	httpsPort, err := freePort()
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-http-port", strconv.Itoa(httpPort), "-https-port", strconv.Itoa(httpsPort))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("start stripe-mock: %w", err)
	}
	stopMock := func() { cancel(); _ = cmd.Wait() }
	s := &Stripe{mock: "http://127.0.0.1:" + strconv.Itoa(httpPort), setups: map[string]string{},
		replies: map[string]reply{}, charges: map[string]int{}}
	deadline := time.Now().Add(20 * time.Second)
	for {
		req, _ := http.NewRequest(http.MethodGet, s.mock+"/v1/balance", nil)
		req.SetBasicAuth("sk_test_ready", "")
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			stopMock()
			return nil, nil, fmt.Errorf("stripe-mock did not start: %s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		stopMock()
		return nil, nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(s.serve), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	s.URL = "http://" + ln.Addr().String()
	return s, func() { _ = srv.Close(); stopMock() }, nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Charges says how many times Stripe charged under an idempotency key.
func (s *Stripe) Charges(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.charges[key]
}

// TotalCharges says how many charges Stripe made.
func (s *Stripe) TotalCharges() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.charges {
		n += c
	}
	return n
}

// LoseChargeAnswers makes, while on, every charge happen at Stripe (once
// per idempotency key) while its answer never reaches the caller (the
// connection is cut), as when the network fails or the process stops
// mid-call.
func (s *Stripe) LoseChargeAnswers(on bool) {
	s.mu.Lock()
	s.lose = on
	s.mu.Unlock()
}

// HoldChargeAnswers makes, until it is called with false, every charge
// happen at Stripe while its answer is withheld: the request stays open
// until the caller goes away (its process killed). The returned channel
// receives each such charge's idempotency key.
func (s *Stripe) HoldChargeAnswers(on bool) <-chan string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !on {
		s.held = nil
		return nil
	}
	s.held = make(chan string, 16)
	return s.held
}

// SetDown makes every request fail as when Stripe cannot be reached.
func (s *Stripe) SetDown(down bool) {
	s.mu.Lock()
	s.down = down
	s.mu.Unlock()
}

// ConfirmSetup does what Stripe.js does in the developer's browser: it
// confirms a SetupIntent with a payment method (a test one such as
// pm_card_visa).
func (s *Stripe) ConfirmSetup(t testing.TB, key, setupRef, paymentMethod string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/v1/setup_intents/"+setupRef+"/confirm",
		strings.NewReader(url.Values{"payment_method": {paymentMethod}}.Encode()))
	req.SetBasicAuth(key, "")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("confirm setup: %d %s", res.StatusCode, b)
	}
}

func (s *Stripe) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	down := s.down
	s.mu.Unlock()
	if down {
		hangUp(w)
		return
	}
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	key := r.Header.Get("Idempotency-Key")
	if key != "" && r.Method == http.MethodPost {
		s.mu.Lock()
		rep, seen := s.replies[key]
		lose := s.lose && r.URL.Path == "/v1/payment_intents"
		s.mu.Unlock()
		if seen && lose {
			hangUp(w)
			return
		}
		if seen {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(rep.status)
			_, _ = w.Write(rep.body)
			return
		}
	}
	status, out, err := s.forward(r, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	charge := false
	if status == http.StatusOK {
		status, out, charge = s.testMode(r, form, out)
	}
	s.mu.Lock()
	if key != "" && r.Method == http.MethodPost {
		s.replies[key] = reply{status, out}
	}
	if charge {
		s.charges[key]++
	}
	drop := charge && s.lose
	held := s.held
	s.mu.Unlock()
	if drop {
		hangUp(w)
		return
	}
	if charge && held != nil {
		held <- key
		<-r.Context().Done()
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

func hangUp(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			_ = c.Close()
			return
		}
	}
	w.WriteHeader(http.StatusServiceUnavailable)
}

func (s *Stripe) forward(r *http.Request, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(r.Method, s.mock+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	for _, h := range []string{"Authorization", "Content-Type", "Stripe-Version"} {
		if v := r.Header.Get(h); v != "" {
			req.Header.Set(h, v)
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	return res.StatusCode, out, err
}

// testMode rewrites stripe-mock's fixed answers into test mode's outcomes.
func (s *Stripe) testMode(r *http.Request, form url.Values, out []byte) (int, []byte, bool) {
	path := r.URL.Path
	switch {
	case r.Method == http.MethodPost && strings.HasPrefix(path, "/v1/setup_intents/") && strings.HasSuffix(path, "/confirm"):
		id := strings.TrimSuffix(strings.TrimPrefix(path, "/v1/setup_intents/"), "/confirm")
		pm := form.Get("payment_method")
		s.mu.Lock()
		s.setups[id] = pm
		s.mu.Unlock()
		return http.StatusOK, patch(out, map[string]any{"id": id, "status": "succeeded", "payment_method": pm}), false
	case r.Method == http.MethodGet && strings.HasPrefix(path, "/v1/setup_intents/"):
		id := strings.TrimPrefix(path, "/v1/setup_intents/")
		s.mu.Lock()
		pm, ok := s.setups[id]
		s.mu.Unlock()
		if ok {
			return http.StatusOK, patch(out, map[string]any{"status": "succeeded", "payment_method": pm}), false
		}
	case r.Method == http.MethodPost && path == "/v1/payment_intents" && form.Get("confirm") == "true":
		amount, _ := strconv.ParseInt(form.Get("amount"), 10, 64)
		switch form.Get("payment_method") {
		case "pm_card_chargeDeclined", "pm_card_visa_chargeDeclined":
			return cardError(out, "card_declined", "generic_decline", "Your card was declined.")
		case "pm_card_authenticationRequired":
			return cardError(out, "authentication_required", "authentication_required",
				"Your card was declined. This transaction requires authentication.")
		}
		return http.StatusOK, patch(out, map[string]any{"status": "succeeded", "amount_received": amount,
			"latest_charge": "ch_" + strconv.FormatInt(time.Now().UnixNano(), 36), "last_payment_error": nil}), true
	}
	return http.StatusOK, out, false
}

// cardError is Stripe's documented 402 body for a failed card payment.
func cardError(pi []byte, code, decline, msg string) (int, []byte, bool) {
	var intent map[string]any
	_ = json.Unmarshal(patch(pi, map[string]any{"status": "requires_payment_method"}), &intent)
	b, _ := json.Marshal(map[string]any{"error": map[string]any{
		"type": "card_error", "code": code, "decline_code": decline, "message": msg,
		"doc_url": "https://stripe.com/docs/error-codes/" + strings.ReplaceAll(code, "_", "-"), "payment_intent": intent,
	}})
	return http.StatusPaymentRequired, b, false
}

func patch(body []byte, fields map[string]any) []byte {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return body
	}
	for k, v := range fields {
		m[k] = v
	}
	b, _ := json.Marshal(m)
	return b
}
