package decision

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/counter"
)

// TestBackendMetricsInAnswers reports a backend's method through a product,
// by its plain and its qualified name: the limits and the hierarchy name the
// backend's metrics qualified, as 3scale answers, and the method's usage
// counts into the backend's hits and the product's hits.
func TestBackendMetricsInAnswers(t *testing.T) {
	noon := time.Date(2026, 5, 15, 12, 0, 0, 0, time.UTC)
	for _, kind := range storeKinds() {
		t.Run(string(kind), func(t *testing.T) {
			snap, err := NewSnapshot(Data{
				Services: []Service{{ID: "7", ProviderKey: "pk", State: "active",
					Metrics: []Metric{
						{ID: "1", Name: "hits"},
						{ID: "20", Name: "hits.9", Alias: "hits", ParentID: "1"},
						{ID: "21", Name: "upload.9", Alias: "upload", ParentID: "20"},
					},
					Plans: []Plan{{ID: "basic", Name: "Basic", Limits: []UsageLimit{
						{MetricID: "1", Period: counter.Day, Max: 100},
						{MetricID: "20", Period: counter.Day, Max: 50},
						{MetricID: "21", Period: counter.Day, Max: 2},
					}}},
				}},
				Applications: []Application{{ServiceID: "7", ID: "a1", PlanID: "basic", State: "active"}},
			})
			if err != nil {
				t.Fatal(err)
			}
			h, err := New(Config{Snapshots: NewHolder(snap), Counters: newStore(t, kind, func() time.Time { return noon }), Now: func() time.Time { return noon }})
			if err != nil {
				t.Fatal(err)
			}
			mux := http.NewServeMux()
			h.Routes(mux)
			srv := httptest.NewServer(mux)
			t.Cleanup(srv.Close)
			call := func(endpoint, usage string) (int, string) {
				req, _ := http.NewRequest(http.MethodGet, srv.URL+"/transactions/"+endpoint+".xml?provider_key=pk&service_id=7&app_id=a1&"+usage, nil)
				req.Header.Set("3scale-options", "hierarchy=1")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(b)
			}
			day := `<period_start>2026-05-15 00:00:00 +0000</period_start><period_end>2026-05-16 00:00:00 +0000</period_end>`
			answer := func(authorized string, hits, upload int) string {
				return `<?xml version="1.0" encoding="UTF-8"?><status><authorized>` + authorized + `<plan>Basic</plan><usage_reports>` +
					`<usage_report metric="hits" period="day">` + day + `<max_value>100</max_value><current_value>` + strconv.Itoa(hits) + `</current_value></usage_report>` +
					`<usage_report metric="hits.9" period="day">` + day + `<max_value>50</max_value><current_value>` + strconv.Itoa(hits) + `</current_value></usage_report>` +
					`<usage_report metric="upload.9" period="day">` + day + `<max_value>2</max_value><current_value>` + strconv.Itoa(upload) + `</current_value></usage_report>` +
					`</usage_reports><hierarchy><metric name="hits" children="hits.9"/><metric name="hits.9" children="upload.9"/><metric name="upload.9" children=""/></hierarchy></status>`
			}
			for i, usage := range []string{"usage%5Bupload%5D=1", "usage%5Bupload.9%5D=1"} {
				if code, body := call("authrep", usage); code != 200 || body != answer("true</authorized>", i+1, i+1) {
					t.Fatalf("authrep %s: %d\n%s\nwant\n%s", usage, code, body, answer("true</authorized>", i+1, i+1))
				}
			}
			want := answer(`false</authorized><reason>usage limits are exceeded</reason>`, 2, 2)
			if code, body := call("authorize", "usage%5Bupload%5D=1"); code != 409 || body != want {
				t.Fatalf("authorize over the method's limit: %d\n%s\nwant\n%s", code, body, want)
			}
			if code, body := call("authrep", "usage%5Bdownload.9%5D=1"); code != 404 || !strings.Contains(body, `<error code="metric_invalid">`) {
				t.Fatalf("unknown backend metric: %d %s", code, body)
			}
		})
	}
}
