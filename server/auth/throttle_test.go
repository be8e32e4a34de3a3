package auth_test

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestLoginThrottle guesses passwords against the auth service with a clock
// the test moves, in process and in Redis (shared by replicas): failures
// delay the next attempts on a login name more and more, never past the
// longest delay, and a client address on its own never refuses the right
// password.
func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	stores := map[string]func(t *testing.T) (auth.ThrottleStore, auth.ThrottleStore){
		"in process": func(t *testing.T) (auth.ThrottleStore, auth.ThrottleStore) { return nil, nil },
	}
	if url := os.Getenv("PORTICO_TEST_REDIS_URL"); url != "" {
		stores["redis"] = func(t *testing.T) (auth.ThrottleStore, auth.ThrottleStore) {
			opts, err := redis.ParseURL(url)
			if err != nil {
				t.Fatal(err)
			}
			// Two clients, as two replicas have.
			a, b := redis.NewClient(opts), redis.NewClient(opts)
			t.Cleanup(func() { a.Close(); b.Close() })
			prefix := "portico_t_" + secret.Hex(6) + ":"
			return auth.NewRedisThrottle(a, prefix), auth.NewRedisThrottle(b, prefix)
		}
	}
	const maxDelay = time.Minute
	for name, newStores := range stores {
		t.Run(name, func(t *testing.T) {
			clk := &fakeClock{t: time.Now()}
			storeA, storeB := newStores(t)
			newService := func(store auth.ThrottleStore) *auth.Service {
				s, err := auth.New(auth.Config{Client: in.Client(), Now: clk.Now, Throttle: auth.ThrottleConfig{Store: store}})
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Init(context.Background()); err != nil {
					t.Fatal(err)
				}
				return s
			}
			svc := newService(storeA)
			from := func(ip string) context.Context {
				return auth.WithClientIP(context.Background(), netip.MustParseAddr(ip))
			}
			try := func(svc *auth.Service, ip, login, pw string) error {
				_, err := svc.Login(from(ip), login, pw, "", "")
				return err
			}
			wantKind := func(t *testing.T, err error, kind problem.Kind) *problem.Error {
				t.Helper()
				var pe *problem.Error
				if !errors.As(err, &pe) || pe.Kind != kind {
					t.Fatalf("error %v, want %s", err, kind)
				}
				return pe
			}
			// fail guesses a wrong password for login from ip until one is
			// checked, waiting out every delay; it returns the delays met.
			fail := func(t *testing.T, ip, login string) []time.Duration {
				t.Helper()
				var waits []time.Duration
				for {
					err := try(svc, ip, login, "Wr0ng-guess!")
					if problem.Classify(err).Kind == problem.KindUnauthenticated {
						return waits
					}
					pe := wantKind(t, err, problem.KindForbidden)
					if pe.RetryAfter <= 0 || pe.RetryAfter > maxDelay {
						t.Fatalf("retry after %s, want up to %s", pe.RetryAfter, maxDelay)
					}
					waits = append(waits, pe.RetryAfter)
					clk.Add(pe.RetryAfter)
				}
			}
			forget := func() { clk.Add(16 * time.Minute) }

			t.Run("failures on a name delay it more and more, up to a bound", func(t *testing.T) {
				defer forget()
				var waits []time.Duration
				for i := 0; i < 21; i++ {
					waits = append(waits, fail(t, "198.51.100.1", "admin")...)
				}
				// Three free failures, then 1s, 2s, 4s … up to a minute.
				want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second,
					16 * time.Second, 32 * time.Second, time.Minute}
				if len(waits) != 21-3 {
					t.Fatalf("delays %v, want one after each of the last 18 failures", waits)
				}
				for i, w := range waits {
					if i < len(want) && w != want[i] || i >= len(want) && w != maxDelay {
						t.Fatalf("delays %v, want %v then %s", waits, want, maxDelay)
					}
				}
				// Right now even the right password waits, from anywhere and,
				// with Redis, on every replica.
				pe := wantKind(t, try(svc, "198.51.100.1", "ADMIN", apptest.AdminPassword), problem.KindForbidden)
				if pe.RetryAfter != maxDelay || !strings.Contains(pe.Message, "try again in 1 minute") {
					t.Errorf("retry after %s: %q", pe.RetryAfter, pe.Message)
				}
				wantKind(t, try(svc, "198.51.100.2", "admin", apptest.AdminPassword), problem.KindForbidden)
				if storeB != nil {
					wantKind(t, try(newService(storeB), "198.51.100.3", "admin", apptest.AdminPassword), problem.KindForbidden)
				}
				// But once the delay is over, the right password works from the
				// attacked address too: 21 failures lock nobody out.
				clk.Add(maxDelay - time.Second)
				wantKind(t, try(svc, "198.51.100.1", "admin", apptest.AdminPassword), problem.KindForbidden)
				clk.Add(time.Second)
				if err := try(svc, "198.51.100.1", "admin", apptest.AdminPassword); err != nil {
					t.Fatalf("the right password once the delay is over: %v", err)
				}
				// A success forgets the name's failures: three free guesses
				// again (from another address: 21 failures make this one busy,
				// where a name's second guess waits).
				for i := 0; i < 3; i++ {
					wantKind(t, try(svc, "198.51.100.4", "admin", "Wr0ng-guess!"), problem.KindUnauthenticated)
				}
				pe = wantKind(t, try(svc, "198.51.100.4", "admin", "Wr0ng-guess!"), problem.KindForbidden)
				if pe.RetryAfter != time.Second {
					t.Errorf("first delay after a success %s, want 1s", pe.RetryAfter)
				}
			})

			t.Run("an address never refuses the right password", func(t *testing.T) {
				defer forget()
				// 21 failures on other names from one address (a shared NAT,
				// or someone trying names) …
				for i := 0; i < 21; i++ {
					if w := fail(t, "192.0.2.9", "user"+strconv.Itoa(i)); len(w) > 0 {
						t.Fatalf("a first guess on a name was delayed %v", w)
					}
				}
				// … leave the right password of another name working at once.
				if err := try(svc, "192.0.2.9", "admin", apptest.AdminPassword); err != nil {
					t.Fatalf("the right password from a busy address: %v", err)
				}
				// They only make second guesses from there wait.
				wantKind(t, try(svc, "192.0.2.9", "user0", "Wr0ng-guess!"), problem.KindForbidden)
				// Other addresses keep three free guesses per name.
				for i := 0; i < 3; i++ {
					wantKind(t, try(svc, "192.0.2.10", "user0", "Wr0ng-guess!"), problem.KindUnauthenticated)
				}
			})

			t.Run("failures from many addresses delay the name", func(t *testing.T) {
				defer forget()
				for i := 0; i < 10; i++ {
					wantKind(t, try(svc, "203.0.113."+strconv.Itoa(i), "admin", "Wr0ng-guess!"), problem.KindUnauthenticated)
				}
				pe := wantKind(t, try(svc, "203.0.113.200", "admin", apptest.AdminPassword), problem.KindForbidden)
				if pe.RetryAfter != time.Second {
					t.Errorf("retry after %s, want 1s", pe.RetryAfter)
				}
				clk.Add(time.Second)
				if err := try(svc, "203.0.113.200", "admin", apptest.AdminPassword); err != nil {
					t.Fatal(err)
				}
			})

			t.Run("failures are forgotten after 15 minutes", func(t *testing.T) {
				defer forget()
				for i := 0; i < 3; i++ {
					wantKind(t, try(svc, "198.51.100.7", "forgetful", "Wr0ng-guess!"), problem.KindUnauthenticated)
				}
				wantKind(t, try(svc, "198.51.100.7", "forgetful", "Wr0ng-guess!"), problem.KindForbidden)
				clk.Add(15*time.Minute - time.Second)
				wantKind(t, try(svc, "198.51.100.7", "forgetful", "Wr0ng-guess!"), problem.KindUnauthenticated)
				wantKind(t, try(svc, "198.51.100.7", "forgetful", "Wr0ng-guess!"), problem.KindForbidden)
				clk.Add(15 * time.Minute)
				for i := 0; i < 3; i++ {
					wantKind(t, try(svc, "198.51.100.7", "forgetful", "Wr0ng-guess!"), problem.KindUnauthenticated)
				}
			})

			t.Run("concurrent guesses cannot overtake the delays", func(t *testing.T) {
				defer forget()
				var wg sync.WaitGroup
				var mu sync.Mutex
				kinds := map[problem.Kind]int{}
				for i := 0; i < 15; i++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						err := try(svc, "203.0.113."+strconv.Itoa(i), "racer", "Wr0ng-guess!")
						mu.Lock()
						kinds[problem.Classify(err).Kind]++
						mu.Unlock()
					}()
				}
				wg.Wait()
				if kinds[problem.KindUnauthenticated] != 10 || kinds[problem.KindForbidden] != 5 {
					t.Errorf("outcomes %v, want 10 checked and 5 delayed", kinds)
				}
			})
		})
	}
}

// TestLoginThrottleOverHTTP checks how delayed logins are answered: 429
// with Retry-After on /auth/login, FORBIDDEN with retryAfter in GraphQL.
// The first delay is set long, so that it is still in force when checked.
func TestLoginThrottleOverHTTP(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.LoginDelay, cfg.LoginMaxDelay = 10*time.Minute, time.Hour
	in := apptest.StartWith(t, cfg)
	for i := 0; i < 3; i++ {
		status, _ := post(t, in, "/auth/login", map[string]string{"login": "intruder", "password": "Wr0ng-guess!"})
		if status != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d", i+1, status)
		}
	}
	body := strings.NewReader(`{"login":"intruder","password":"Wr0ng-guess!"}`)
	resp, err := http.Post(in.URL+"/auth/login", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", resp.StatusCode)
	}
	if ra, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || ra < 590 || ra > 600 {
		t.Errorf("Retry-After %q, want about 600 seconds", resp.Header.Get("Retry-After"))
	}
	status, out := post(t, in, "/auth/login", map[string]string{"login": "intruder", "password": "Wr0ng-guess!"})
	if e, _ := out["error"].(map[string]any); status != 429 || e["code"] != "FORBIDDEN" || !strings.Contains(e["message"].(string), "too many failed logins") {
		t.Errorf("body %v", out)
	}
	const q = `mutation { login(input: {login: "intruder", password: "Wr0ng-guess!"}) { accessToken } }`
	e := in.ExpectError(t, "", q, nil, "FORBIDDEN")
	if ra, _ := e.Extensions["retryAfter"].(float64); ra < 590 || ra > 600 || !strings.Contains(e.Message, "try again in 10 minutes") {
		t.Errorf("GraphQL error %+v", e)
	}
	// Others log in as usual, from the same address, even after 21 more
	// failures from there on other names (everyone behind one NAT).
	for i := 0; i < 21; i++ {
		status, out := post(t, in, "/auth/login", map[string]string{"login": "user" + strconv.Itoa(i), "password": "Wr0ng-guess!"})
		if status != http.StatusUnauthorized {
			t.Fatalf("failure %d from one address: status %d %v", i+1, status, out)
		}
	}
	in.Login(t, "admin", apptest.AdminPassword, "")
}

// TestLoginThrottleBehindProxy checks that X-Forwarded-For names the client
// only when the peer is a trusted proxy: behind one, a name's failures
// delay it from one client address and not from another; from an untrusted
// peer the header changes nothing.
func TestLoginThrottleBehindProxy(t *testing.T) {
	t.Parallel()
	loginFrom := func(in *apptest.Instance, forwardedFor, login, pw string) (int, string) {
		t.Helper()
		body := strings.NewReader(`{"login":"` + login + `","password":"` + pw + `"}`)
		req, _ := http.NewRequest("POST", in.URL+"/auth/login", body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", forwardedFor)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Retry-After")
	}
	cfg := apptest.Config(t)
	cfg.LoginDelay, cfg.LoginMaxDelay = 10*time.Minute, time.Hour
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	proxied := apptest.StartWith(t, cfg)
	for i := 0; i < 3; i++ {
		if status, _ := loginFrom(proxied, "6.6.6.6, 198.51.100.1", "victim", "Wr0ng-guess!"); status != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d", i+1, status)
		}
	}
	// The client's own part of the header (6.6.6.6) is not believed: the
	// proxy's last hop is.
	if status, ra := loginFrom(proxied, "7.7.7.7, 198.51.100.1", "victim", "Wr0ng-guess!"); status != http.StatusTooManyRequests || ra == "" {
		t.Errorf("from the same client: status %d, Retry-After %q; want 429", status, ra)
	}
	if status, _ := loginFrom(proxied, "198.51.100.2", "victim", "Wr0ng-guess!"); status != http.StatusUnauthorized {
		t.Errorf("from another client: status %d, want 401", status)
	}

	cfg = apptest.Config(t)
	cfg.LoginDelay, cfg.LoginMaxDelay = 10*time.Minute, time.Hour
	direct := apptest.StartWith(t, cfg)
	for i := 0; i < 3; i++ {
		if status, _ := loginFrom(direct, "198.51.100."+strconv.Itoa(i+1), "victim", "Wr0ng-guess!"); status != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d", i+1, status)
		}
	}
	if status, _ := loginFrom(direct, "198.51.100.9", "victim", "Wr0ng-guess!"); status != http.StatusTooManyRequests {
		t.Errorf("an untrusted peer's X-Forwarded-For changed its address: status %d, want 429", status)
	}
}
