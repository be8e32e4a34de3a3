package httpserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// zeros is a body of n bytes that takes no memory to send.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), z.n)
	clear(p[:k])
	z.n -= k
	return int(k), nil
}

// post sends a body of n bytes, announcing its length or not (chunked), and
// returns the status, the response body, and how many bytes the whole
// process allocated meanwhile.
func post(t *testing.T, url, contentType, accept string, n int64, announce bool) (int, []byte, uint64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var body io.Reader = &zeros{n}
	req, err := http.NewRequest(http.MethodPost, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if announce {
		req.ContentLength = n
	} else {
		req.ContentLength = -1 // chunked
	}
	req.Header.Set("Content-Type", contentType)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	runtime.ReadMemStats(&after)
	return resp.StatusCode, raw, after.TotalAlloc - before.TotalAlloc
}

// TestBodyLimits checks every control plane endpoint refuses bodies over
// the limit with 413 in its own format, without reading them into memory,
// while the Service Management API keeps its own bound. It does not run in
// parallel: it measures the memory the whole test process allocates.
func TestBodyLimits(t *testing.T) {
	in := apptest.Start(t)
	const big = 20 << 20 // 20 MB

	for _, announce := range []bool{true, false} {
		name := map[bool]string{true: "with Content-Length", false: "chunked"}[announce]
		t.Run("GraphQL "+name, func(t *testing.T) {
			status, raw, allocated := post(t, in.URL+"/graphql", "application/json", "", big, announce)
			var out struct {
				Errors []struct {
					Message    string         `json:"message"`
					Extensions map[string]any `json:"extensions"`
				} `json:"errors"`
			}
			if err := json.Unmarshal(raw, &out); err != nil || len(out.Errors) != 1 {
				t.Fatalf("status %d, body %.300s: want one GraphQL error", status, raw)
			}
			e := out.Errors[0]
			if status != http.StatusRequestEntityTooLarge || e.Extensions["code"] != "VALIDATION" ||
				e.Extensions["limit"] != "bodyBytes" || e.Extensions["max"] != float64(1<<20) || !strings.Contains(e.Message, "1048576 bytes") {
				t.Errorf("status %d, error %+v; want 413 and a VALIDATION error naming the 1 MiB limit", status, e)
			}
			// Reading the body would allocate at least its 20 MB.
			if allocated > 8<<20 {
				t.Errorf("%d MB allocated while refusing a 20 MB body", allocated>>20)
			}
		})
		t.Run("login "+name, func(t *testing.T) {
			status, raw, allocated := post(t, in.URL+"/auth/login", "application/json", "", big, announce)
			var out struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if err := json.Unmarshal(raw, &out); err != nil || status != http.StatusRequestEntityTooLarge || out.Error.Code != "VALIDATION" {
				t.Errorf("status %d, body %.300s; want 413 and a JSON VALIDATION error", status, raw)
			}
			if allocated > 8<<20 {
				t.Errorf("%d MB allocated while refusing a 20 MB body", allocated>>20)
			}
		})
	}
	t.Run("login body over its own smaller bound", func(t *testing.T) {
		body := `{"login": "admin", "password": "` + strings.Repeat("x", 100<<10) + `"}`
		resp, err := http.Post(in.URL+"/auth/login", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(raw), "65536 bytes") {
			t.Errorf("status %d, body %s; want 413 naming the 64 KiB bound", resp.StatusCode, raw)
		}
	})
	t.Run("single sign-on page for browsers", func(t *testing.T) {
		status, raw, _ := post(t, in.URL+"/auth/sso/1/start", "application/octet-stream", "text/html", 2<<20, true)
		if status != http.StatusRequestEntityTooLarge || !strings.Contains(string(raw), "<html") || !strings.Contains(string(raw), "VALIDATION") {
			t.Errorf("status %d, body %.300s; want 413 and the error page", status, raw)
		}
	})
	t.Run("Service Management API keeps its own bound", func(t *testing.T) {
		status, raw, _ := post(t, in.URL+"/transactions.xml", "application/x-www-form-urlencoded", "", 2<<20, true)
		if status == http.StatusRequestEntityTooLarge || !strings.Contains(string(raw), "<error") {
			t.Errorf("status %d, body %.300s; want the decision plane's own XML answer", status, raw)
		}
	})
	t.Run("a body within the limit", func(t *testing.T) {
		in.MustGraphQL(t, in.Admin, `query { __typename }`+strings.Repeat(" ", 60<<10), nil, nil)
	})
}

// TestBodyLimitIsConfigurable checks PORTICO_MAX_BODY_BYTES moves the bound.
func TestBodyLimitIsConfigurable(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.MaxBodyBytes = 8 << 10
	in := apptest.StartWith(t, cfg)
	send := func(pad int) int {
		body, _ := json.Marshal(map[string]string{"query": "{ __typename }" + strings.Repeat(" ", pad)})
		req, _ := http.NewRequest(http.MethodPost, in.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+in.Admin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := send(7 << 10); got != http.StatusOK {
		t.Errorf("7 KiB body: status %d, want 200", got)
	}
	if got := send(9 << 10); got != http.StatusRequestEntityTooLarge {
		t.Errorf("9 KiB body: status %d, want 413", got)
	}
}
