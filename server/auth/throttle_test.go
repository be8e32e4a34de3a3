package auth_test

import (
	"context"
	"errors"
	"net/http"
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
// the test moves: failures per login name and per client IP are limited in
// a sliding window, in process and in Redis (shared by replicas).
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
			from := func(ip string) context.Context { return auth.WithClientIP(context.Background(), ip+":40000") }
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

			t.Run("a login name is throttled after 5 failures", func(t *testing.T) {
				for i := 0; i < 5; i++ {
					wantKind(t, try(svc, "198.51.100.1", "admin", "Wr0ng-guess!"), problem.KindUnauthenticated)
					clk.Add(time.Minute)
				}
				// Even the right password is refused now, from anywhere.
				pe := wantKind(t, try(svc, "198.51.100.2", "ADMIN", apptest.AdminPassword), problem.KindForbidden)
				if pe.RetryAfter != 10*time.Minute || !strings.Contains(pe.Message, "try again in 10 minutes") {
					t.Errorf("retry after %s: %q", pe.RetryAfter, pe.Message)
				}
				if storeB != nil {
					// Another replica sees the same failures.
					wantKind(t, try(newService(storeB), "198.51.100.3", "admin", apptest.AdminPassword), problem.KindForbidden)
				}
				// The window slides: the first failure leaves it after 15 minutes.
				clk.Add(10*time.Minute - time.Second)
				wantKind(t, try(svc, "198.51.100.1", "admin", apptest.AdminPassword), problem.KindForbidden)
				clk.Add(time.Second)
				if err := try(svc, "198.51.100.1", "admin", apptest.AdminPassword); err != nil {
					t.Fatalf("the right password once the window moved on: %v", err)
				}
				// A success forgets the failures: five new guesses are allowed.
				for i := 0; i < 5; i++ {
					wantKind(t, try(svc, "198.51.100.1", "admin", "Wr0ng-guess!"), problem.KindUnauthenticated)
				}
				wantKind(t, try(svc, "198.51.100.1", "admin", "Wr0ng-guess!"), problem.KindForbidden)
				clk.Add(15 * time.Minute)
			})

			t.Run("a client IP is throttled after 20 failures", func(t *testing.T) {
				for i := 0; i < 20; i++ {
					wantKind(t, try(svc, "192.0.2.9", "user"+strconv.Itoa(i), "Wr0ng-guess!"), problem.KindUnauthenticated)
				}
				wantKind(t, try(svc, "192.0.2.9", "someone-else", "Wr0ng-guess!"), problem.KindForbidden)
				wantKind(t, try(svc, "192.0.2.9", "admin", apptest.AdminPassword), problem.KindForbidden)
				// Another address is not concerned.
				if err := try(svc, "192.0.2.10", "admin", apptest.AdminPassword); err != nil {
					t.Fatal(err)
				}
				clk.Add(15 * time.Minute)
				if err := try(svc, "192.0.2.9", "admin", apptest.AdminPassword); err != nil {
					t.Fatal(err)
				}
			})

			t.Run("concurrent guesses cannot overtake the limit", func(t *testing.T) {
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
				if kinds[problem.KindUnauthenticated] != 5 || kinds[problem.KindForbidden] != 10 {
					t.Errorf("outcomes %v, want 5 checked and 10 throttled", kinds)
				}
				clk.Add(15 * time.Minute)
			})
		})
	}
}

// TestLoginThrottleOverHTTP checks how throttled logins are answered: 429
// with Retry-After on /auth/login, FORBIDDEN with retryAfter in GraphQL.
func TestLoginThrottleOverHTTP(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	for i := 0; i < 5; i++ {
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
	if ra, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || ra < 890 || ra > 900 {
		t.Errorf("Retry-After %q, want about 900 seconds", resp.Header.Get("Retry-After"))
	}
	status, out := post(t, in, "/auth/login", map[string]string{"login": "intruder", "password": "Wr0ng-guess!"})
	if e, _ := out["error"].(map[string]any); status != 429 || e["code"] != "FORBIDDEN" || !strings.Contains(e["message"].(string), "too many failed logins") {
		t.Errorf("body %v", out)
	}
	const q = `mutation { login(input: {login: "intruder", password: "Wr0ng-guess!"}) { accessToken } }`
	e := in.ExpectError(t, "", q, nil, "FORBIDDEN")
	if ra, _ := e.Extensions["retryAfter"].(float64); ra < 890 || ra > 900 || !strings.Contains(e.Message, "try again in 15 minutes") {
		t.Errorf("GraphQL error %+v", e)
	}
	// Others log in as usual.
	in.Login(t, "admin", apptest.AdminPassword, "")
}
