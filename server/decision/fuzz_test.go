package decision

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/counter"
)

func FuzzParseParams(f *testing.F) {
	for _, s := range []string{
		"provider_key=pk1&app_id=app1&usage[hits]=1", "a[]=1&a[][b]=2&a[][b]=3", "[usage][hits]=1", "x=value1%",
		"usage[]=1&usage[hits]=1", "a;b=c", "a[b]c[]d=1", "%5B%5D%5B=1", "a[[[[[[]]]]]]=1", "a&a[]&a[x]", "&& =1& +=+",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, qs string) {
		p, err := parseString(qs)
		if err != nil {
			if err.Code != CodeBadRequest || !err.decoding || err.Message == "" {
				t.Fatalf("parse %q: unexpected error %+v", qs, err)
			}
			return
		}
		_ = p.render(p.root)
		_ = p.validUTF8()
	})
}

var usageGrammar = regexp.MustCompile(`\A[ \t\r\n\f\v]*#?[0-9]+[ \t\r\n\f\v]*\z`)

func FuzzUsageValue(f *testing.F) {
	for _, s := range []string{"1", " #5 ", "-1", "1.5", "+1", "##3", "#", "", "9223372036854775808", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		set, n, ok := parseUsageValue(s)
		want := usageGrammar.MatchString(s)
		if want {
			digits := strings.TrimLeft(trimRubySpace(s), "#")
			v, err := strconv.ParseInt(digits, 10, 64)
			want = err == nil
			if want && (v != n || set != strings.HasPrefix(trimRubySpace(s), "#")) {
				t.Fatalf("parseUsageValue(%q) = %v, %d", s, set, n)
			}
		}
		if ok != want {
			t.Fatalf("parseUsageValue(%q) ok = %v, want %v", s, ok, want)
		}
	})
}

// fuzzHandler is a decision handler on the conformance fixture with an
// in-process store, called without a network.
func fuzzHandler(f *testing.F) http.Handler {
	snap, err := NewSnapshot(fixtureData())
	if err != nil {
		f.Fatal(err)
	}
	store, err := counter.NewMemory(counter.MemoryConfig{SweepInterval: -1})
	if err != nil {
		f.Fatal(err)
	}
	h, err := New(Config{Snapshots: NewHolder(snap), Counters: store, Now: func() time.Time { return testNow }})
	if err != nil {
		f.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Routes(mux)
	return mux
}

// checkProtocolResponse fails unless rec is a response the spec allows: a
// verdict, a catalogued error document, or an empty body.
func checkProtocolResponse(t *testing.T, rec *httptest.ResponseRecorder, allowed map[int]bool) {
	t.Helper()
	if !allowed[rec.Code] {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.Bytes())
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/vnd.3scale-v2.0+xml" {
		t.Fatalf("content type %q", ct)
	}
	body := rec.Body.Bytes()
	if len(body) == 0 {
		return
	}
	wellFormed(t, body)
	doc := parseDoc(t, body)
	switch doc.XMLName.Local {
	case "status":
		if rec.Code != 200 && rec.Code != 409 {
			t.Fatalf("status document with %d", rec.Code)
		}
	case "error":
		code := Code(doc.Code)
		if _, ok := codeStatus[code]; !ok || code.Status() != rec.Code {
			t.Fatalf("error %q with status %d", doc.Code, rec.Code)
		}
	default:
		t.Fatalf("root element %q", doc.XMLName.Local)
	}
}

func FuzzAuthorize(f *testing.F) {
	for _, s := range []string{
		"provider_key=pk1&app_id=app1&app_key=k1", "provider_key=pk1&app_id=app2&usage[hits]=%235&log[code]=200",
		"service_token=tok1&service_id=1001&user_key=%ff", "provider_key=pk1&service_id=1003&app_id=o1&redirect_uri=<&>",
		"provider_key=pk1&app_id=app1&app_key=%3C%26%01", "provider_key=pk1&app_id=app2&usage[search]=3&usage[update]=#1",
	} {
		f.Add(s, "limit_headers=1&list_app_keys=1&hierarchy=1", uint8(0))
		f.Add(s, "", uint8(1))
	}
	h := fuzzHandler(f)
	paths := []string{"/transactions/authorize.xml", "/transactions/authrep.xml", "/transactions/oauth_authorize.xml", "/transactions/oauth_authrep.xml"}
	allowed := map[int]bool{200: true, 400: true, 403: true, 404: true, 409: true, 422: true}
	f.Fuzz(func(t *testing.T, qs, options string, which uint8) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = paths[int(which)%len(paths)]
		req.URL.RawQuery = qs
		req.Header.Set("3scale-options", options)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkProtocolResponse(t, rec, allowed)
	})
}

func FuzzReport(f *testing.F) {
	for _, s := range []string{
		"provider_key=pk1&transactions[0][app_id]=app2&transactions[0][usage][hits]=1",
		"provider_key=pk1&transactions[0][user_key]=uk1&transactions[0][usage][hits]=%230&transactions[0][timestamp]=2026-03-18+10:00:00",
		"provider_key=pk1&transactions=abc", "provider_key=pk1&transactions[0]", "service_token=tok1&service_id=1001&transactions[x][log][code]=500",
	} {
		f.Add(s, "application/x-www-form-urlencoded")
	}
	h := fuzzHandler(f)
	allowed := map[int]bool{202: true, 400: true, 403: true, 422: true}
	f.Fuzz(func(t *testing.T, body, contentType string) {
		req := httptest.NewRequest(http.MethodPost, "/transactions.xml", strings.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkProtocolResponse(t, rec, allowed)
	})
}
