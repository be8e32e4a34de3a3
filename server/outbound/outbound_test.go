package outbound_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/outbound"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"127.0.0.1": "loopback", "::1": "loopback", "169.254.169.254": "cloud metadata", "10.1.2.3": "private",
		"192.168.0.1": "private", "172.16.5.5": "private", "fd00::1": "private", "fe80::1": "link-local",
		"169.254.1.1": "link-local", "0.0.0.0": "unspecified", "::": "unspecified", "100.64.0.1": "private",
		"::ffff:127.0.0.1": "loopback", "100.100.100.200": "cloud metadata", "fd00:ec2::254": "cloud metadata",
		"8.8.8.8": "", "2001:4860:4860::8888": "", "93.184.216.34": "",
	} {
		if got := outbound.Check(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Check(%s) = %q, want %q", addr, got, want)
		}
	}
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	g := outbound.NewGuard(outbound.Config{})
	for raw, want := range map[string]string{
		"http://127.0.0.1:8080/hook":        "127.0.0.1 is a loopback address",
		"http://169.254.169.254/":           "169.254.169.254 is a cloud metadata address",
		"http://[::1]/":                     "::1 is a loopback address",
		"http://localhost/":                 "localhost resolves to",
		"ftp://example.com/":                `scheme "ftp" is not allowed`,
		"/relative":                         "absolute",
		"http://user:pw@93.184.216.34/hook": "user name",
		"https://93.184.216.34/hook":        "",
		"http://host.invalid/":              "does not resolve",
	} {
		err := g.CheckURL(ctx, raw)
		switch {
		case want == "" && err != nil:
			t.Errorf("CheckURL(%s) = %v, want nil", raw, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("CheckURL(%s) = %v, want %q", raw, err, want)
		}
	}
	if err := outbound.NewGuard(outbound.Config{AllowPrivate: true}).CheckURL(ctx, "http://127.0.0.1/"); err != nil {
		t.Errorf("allowed private: %v", err)
	}
}

// TestClientRefusesAtConnect checks the address actually dialled, so a name
// that resolves to loopback, or a redirect to one, is refused too.
func TestClientRefusesAtConnect(t *testing.T) {
	t.Parallel()
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	for _, u := range []string{srv.URL, "http://localhost" + port} {
		resp, err := outbound.Client(outbound.Config{}).Get(u)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("GET %s reached the loopback server", u)
		}
		if !outbound.IsForbidden(err) {
			t.Fatalf("GET %s: %v, want a refused address", u, err)
		}
	}
	resp, err := outbound.Client(outbound.Config{AllowPrivate: true}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if hits != 1 {
		t.Fatalf("server hit %d times, want 1", hits)
	}
}
