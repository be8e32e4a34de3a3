package app_test

import (
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/tracing"
)

// otlpReceiver is an OTLP/HTTP traces endpoint on loopback that keeps what
// it receives.
type otlpReceiver struct {
	mu    sync.Mutex
	spans []*tracepb.Span
	srv   *httptest.Server
}

func newOTLPReceiver(t *testing.T) *otlpReceiver {
	rc := &otlpReceiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/traces" || r.Header.Get("Content-Type") != "application/x-protobuf" {
			http.Error(w, "want protobuf at /v1/traces", http.StatusBadRequest)
			return
		}
		body, err := io.ReadAll(r.Body)
		var req coltrace.ExportTraceServiceRequest
		if err == nil {
			err = proto.Unmarshal(body, &req)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		rc.mu.Lock()
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				rc.spans = append(rc.spans, ss.Spans...)
			}
		}
		rc.mu.Unlock()
		out, _ := proto.Marshal(&coltrace.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.Write(out)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

// wait returns the received spans once match finds what it needs in them.
func (rc *otlpReceiver) wait(t *testing.T, what string, match func([]*tracepb.Span) bool) []*tracepb.Span {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		rc.mu.Lock()
		spans := append([]*tracepb.Span(nil), rc.spans...)
		rc.mu.Unlock()
		if match(spans) {
			return spans
		}
		if time.Now().After(deadline) {
			var names []string
			for _, s := range spans {
				names = append(names, s.Name)
			}
			t.Fatalf("no %s among %d spans received: %v", what, len(spans), names)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func find(spans []*tracepb.Span, name string) *tracepb.Span {
	for _, s := range spans {
		if s.Name == name {
			return s
		}
	}
	return nil
}

func attr(s *tracepb.Span, key string) string {
	for _, a := range s.Attributes {
		if a.Key == key {
			return a.Value.GetStringValue()
		}
	}
	return ""
}

// TestTracesConnectRequests sends one authrep continuing a gateway's trace
// and one GraphQL mutation to a server exporting to an OTLP receiver on
// loopback, and follows each through connected spans.
func TestTracesConnectRequests(t *testing.T) {
	rc := newOTLPReceiver(t)
	cfg := apptest.Config(t)
	tc, err := tracing.FromEnv(func(name string) string {
		return map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": rc.srv.URL, "OTEL_BSP_SCHEDULE_DELAY": "50", "OTEL_SERVICE_NAME": "portico-test"}[name]
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Tracing = tc
	in := apptest.StartWith(t, cfg)
	p := provision(t, in, 100)

	// The gateway's span: W3C trace context.
	const traceID, parentID = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	q := url.Values{"service_token": {p.serviceToken}, "service_id": {p.productID}, "user_key": {p.userKey}, "usage[hits]": {"1"}}
	req, _ := http.NewRequest(http.MethodGet, in.URL+"/transactions/authrep.xml?"+q.Encode(), nil)
	req.Header.Set("traceparent", "00-"+traceID+"-"+parentID+"-01")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("authrep: %d", resp.StatusCode)
	}
	// The decision span ends before its parent, so they may come in different exports.
	spans := rc.wait(t, "decision and server spans", func(s []*tracepb.Span) bool {
		return find(s, "decide authrep") != nil && find(s, "GET /transactions/authrep.xml") != nil
	})
	server := find(spans, "GET /transactions/authrep.xml")
	decide := find(spans, "decide authrep")
	if server == nil {
		t.Fatal("no server span for the authrep")
	}
	if got := hex.EncodeToString(server.TraceId); got != traceID {
		t.Errorf("authrep span in trace %s, want the gateway's %s", got, traceID)
	}
	if got := hex.EncodeToString(server.ParentSpanId); got != parentID {
		t.Errorf("authrep span's parent %s, want the gateway's %s", got, parentID)
	}
	if hex.EncodeToString(decide.ParentSpanId) != hex.EncodeToString(server.SpanId) || hex.EncodeToString(decide.TraceId) != traceID {
		t.Error("the decision span is not a child of the authrep's server span")
	}
	if got := attr(decide, "portico.outcome"); got != "authorized" {
		t.Errorf("decision span outcome %q, want authorized", got)
	}

	in.MustGraphQL(t, in.Admin, `mutation TracedAccount { createAccount(input: {orgName: "Traced Inc"}) { id } }`, nil, nil)
	// childOf finds the span named name whose parent is parent.
	childOf := func(spans []*tracepb.Span, parent *tracepb.Span, name string) *tracepb.Span {
		for _, x := range spans {
			if x.Name == name && parent != nil && string(x.ParentSpanId) == string(parent.SpanId) {
				return x
			}
		}
		return nil
	}
	sqlIn := func(spans []*tracepb.Span, trace []byte) int {
		n := 0
		for _, x := range spans {
			if strings.HasPrefix(x.Name, "sql.") && string(x.TraceId) == string(trace) {
				n++
			}
		}
		return n
	}
	// parentOf finds the span that is span's parent.
	parentOf := func(spans []*tracepb.Span, span *tracepb.Span) *tracepb.Span {
		for _, x := range spans {
			if span != nil && string(x.SpanId) == string(span.ParentSpanId) {
				return x
			}
		}
		return nil
	}
	// Every span of the request, its server span last to end and so maybe in a later export.
	spans = rc.wait(t, "the mutation's server, operation and resolver spans with SQL under them", func(s []*tracepb.Span) bool {
		op := find(s, "graphql mutation TracedAccount")
		return op != nil && childOf(s, op, "resolve Mutation.createAccount") != nil && sqlIn(s, op.TraceId) > 0 && parentOf(s, op) != nil
	})
	op := find(spans, "graphql mutation TracedAccount")
	if p := parentOf(spans, op); p.Name != "POST /graphql" {
		t.Errorf("the operation span's parent is %q, want the request's server span", p.Name)
	}
	t.Logf("the mutation's trace holds %d SQL spans", sqlIn(spans, op.TraceId))

	rc.wait(t, "background job span", func(s []*tracepb.Span) bool {
		for _, x := range s {
			if strings.HasPrefix(x.Name, "job ") {
				return true
			}
		}
		return false
	})
}
