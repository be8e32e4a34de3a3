package compat

import (
	"bytes"
	"encoding/xml"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/server/analytics"
	"github.com/portico-apim/portico/server/problem"
)

// The Analytics API, spec §2.15: usage, usage by response code and top
// applications of products, applications and backends, in JSON, XML and
// (usage) CSV. Parameter problems answer 400 and unknown objects 404, both
// with 3scale's {"error": "…"} body.

type statsMetric struct {
	ID         int    `json:"id" xml:"id"`
	Name       string `json:"name" xml:"name"`
	SystemName string `json:"system_name" xml:"system_name"`
	Unit       string `json:"unit" xml:"unit"`
}

type statsCode struct {
	Code string `json:"code" xml:"code"`
}

type statsPeriod struct {
	Name        string `json:"name,omitempty"`
	Since       string `json:"since"`
	Until       string `json:"until"`
	Timezone    string `json:"timezone,omitempty"`
	Granularity any    `json:"granularity,omitempty"`
}

type statsPeriodXML struct {
	Since       string `xml:"since"`
	Until       string `xml:"until"`
	Name        string `xml:"name"`
	Granularity string `xml:"granularity"`
}

type statsRef struct {
	ID   int    `json:"id" xml:"id"`
	Name string `json:"name" xml:"name"`
}

type statsAccount struct {
	ID   int    `json:"id" xml:"id"`
	Name string `json:"name" xml:"name"`
	Link string `json:"link,omitempty" xml:"-"`
}

type statsService struct {
	ID int `json:"id" xml:"id"`
}

type statsApplication struct {
	ID          int          `json:"id"`
	Name        string       `json:"name"`
	State       string       `json:"state"`
	Description string       `json:"description"`
	Link        string       `json:"link"`
	Plan        statsRef     `json:"plan"`
	Account     statsAccount `json:"account"`
	Service     statsService `json:"service"`
}

type statsApplicationXML struct {
	ID      int             `xml:"id"`
	Name    string          `xml:"name"`
	Plan    statsRef        `xml:"plan"`
	Account statsAccountXML `xml:"account"`
}

// statsAccountXML is an application's account in XML: name first.
type statsAccountXML struct {
	Name string `xml:"name"`
	ID   int    `xml:"id"`
}

type usageJSON struct {
	Metric        *statsMetric      `json:"metric,omitempty"`
	ResponseCode  *statsCode        `json:"response_code,omitempty"`
	Period        statsPeriod       `json:"period"`
	Total         int64             `json:"total"`
	Values        []int64           `json:"values"`
	PreviousTotal *int64            `json:"previous_total,omitempty"`
	Change        *changeText       `json:"change,omitempty"`
	Application   *statsApplication `json:"application,omitempty"`
}

type usageXML struct {
	XMLName      xml.Name             `xml:"usage"`
	Metric       *statsMetric         `xml:"metric,omitempty"`
	ResponseCode *statsCode           `xml:"response_code,omitempty"`
	Period       statsPeriodXML       `xml:"period"`
	Data         usageDataXML         `xml:"data"`
	Application  *statsApplicationXML `xml:"application,omitempty"`
}

type usageDataXML struct {
	Total         int64       `xml:"total"`
	Values        valuesXML   `xml:"values"`
	PreviousTotal *int64      `xml:"previous_total,omitempty"`
	Change        *changeText `xml:"change,omitempty"`
}

type valuesXML struct {
	Length int    `xml:"length,attr"`
	Text   string `xml:",chardata"`
}

// changeText is a percentage written like Ruby's Float#to_s (0.0, 12.5).
type changeText float64

func (c changeText) MarshalJSON() ([]byte, error) { return []byte(floatText(float64(c))), nil }

func (c changeText) MarshalText() ([]byte, error) { return []byte(floatText(float64(c))), nil }

func floatText(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

// statsError answers the errors of the Analytics API: 400 for a parameter
// problem, 404 naming the object; anything else goes to the shared encoder.
func (c *Call) statsError(err error) error {
	f := c.Format
	if f == CSV {
		f = JSON
	}
	p := problem.Classify(err)
	switch p.Kind {
	case problem.KindInvalid:
		writeBody(c.W, f, http.StatusBadRequest, errorBody(f, p.Message))
		return nil
	case problem.KindNotFound:
		if errors.Is(err, analytics.ErrNotFound) || errors.Is(err, errNotFound) {
			writeBody(c.W, f, http.StatusNotFound, errorBody(f, p.Message))
			return nil
		}
	}
	return err
}

func (a *API) statsTarget(c *Call, kind analytics.Kind, name string) (*analytics.Target, error) {
	id, err := strconv.Atoi(c.R.PathValue(name))
	if err != nil || id <= 0 {
		return nil, &problem.Error{Kind: problem.KindNotFound, Message: kind.String() + " not found", Err: analytics.ErrNotFound}
	}
	return a.analytics.Resolve(c.Context(), analytics.Subject{Kind: kind, ID: id})
}

func (c *Call) frame() analytics.Frame {
	return analytics.Frame{Period: c.Param("period"), Granularity: c.Param("granularity"), Since: c.Param("since"),
		Until: c.Param("until"), Timezone: c.Param("timezone")}
}

// ServiceUsage is a product's usage of a metric.
// GET /stats/services/{service_id}/usage
func (a *API) ServiceUsage(c *Call) error {
	return a.statsUsage(c, analytics.KindProduct, "service_id", false)
}

// ApplicationUsage is an application's usage of a metric.
// GET /stats/applications/{application_id}/usage
func (a *API) ApplicationUsage(c *Call) error {
	return a.statsUsage(c, analytics.KindApplication, "application_id", false)
}

// BackendUsage is a backend's usage of a metric, over every product.
// GET /stats/backend_apis/{backend_api_id}/usage
func (a *API) BackendUsageStats(c *Call) error {
	return a.statsUsage(c, analytics.KindBackend, "backend_api_id", false)
}

// ServiceUsageByCode is a product's responses with a code or class.
// GET /stats/services/{service_id}/usage_response_code
func (a *API) ServiceUsageByCode(c *Call) error {
	return a.statsUsage(c, analytics.KindProduct, "service_id", true)
}

// ApplicationUsageByCode is an application's responses with a code or class.
// GET /stats/applications/{application_id}/usage_response_code
func (a *API) ApplicationUsageByCode(c *Call) error {
	return a.statsUsage(c, analytics.KindApplication, "application_id", true)
}

func (a *API) statsUsage(c *Call, kind analytics.Kind, path string, byCode bool) error {
	s, err := a.usageSeries(c, kind, path, byCode)
	if err != nil {
		return c.statsError(err)
	}
	switch c.Format {
	case CSV:
		var buf bytes.Buffer
		if err := analytics.WriteCSV(&buf, s.series); err != nil {
			return err
		}
		writeBody(c.W, CSV, http.StatusOK, buf.Bytes())
		return nil
	case JSON:
		b, err := jsonMarshal(c.usageJSON(s))
		if err != nil {
			return err
		}
		writeBody(c.W, JSON, http.StatusOK, b)
		return nil
	}
	return c.respondXML(c.usageXML(s))
}

type usageResult struct {
	series *analytics.Series
	target *analytics.Target
}

func (a *API) usageSeries(c *Call, kind analytics.Kind, path string, byCode bool) (*usageResult, error) {
	t, err := a.statsTarget(c, kind, path)
	if err != nil {
		return nil, err
	}
	q := analytics.Query{Target: t, Change: c.Param("skip_change") == "false"}
	if byCode {
		if q.Code, err = analytics.ResponseCode(c.Param("response_code")); err != nil {
			return nil, err
		}
	} else if q.Metric, err = a.analytics.Metric(c.Context(), t, c.Param("metric_name")); err != nil {
		return nil, err
	}
	if q.Range, err = analytics.Resolve(c.frame(), a.analytics.Now(), c.Tenant.TimeZone); err != nil {
		return nil, err
	}
	s, err := a.analytics.Series(c.Context(), q)
	if err != nil {
		return nil, err
	}
	return &usageResult{series: s, target: t}, nil
}

func statsMetricOf(m *ent.Metric) *statsMetric {
	return &statsMetric{ID: m.ID, Name: m.FriendlyName, SystemName: m.SystemName, Unit: m.Unit}
}

func granularityJSON(g analytics.Granularity) any {
	if g == analytics.SixHours {
		return 21600
	}
	return string(g)
}

func statsStamp(t time.Time) string { return t.Format(time.RFC3339) }

func (c *Call) usageJSON(r *usageResult) usageJSON {
	s := r.series
	out := usageJSON{
		Period: statsPeriod{Name: string(s.Range.Period), Since: statsStamp(s.Range.Since), Until: statsStamp(s.Range.Last()),
			Timezone: s.Range.ZoneName, Granularity: granularityJSON(s.Range.Granularity)},
		Total: s.Total, Values: s.Values(), PreviousTotal: s.PreviousTotal,
	}
	if s.Change != nil {
		ch := changeText(*s.Change)
		out.Change = &ch
	}
	if s.Metric != nil {
		out.Metric = statsMetricOf(s.Metric)
	} else {
		out.ResponseCode = &statsCode{Code: s.Code}
	}
	if app := r.target.Application; app != nil {
		rep := &statsApplication{ID: app.ID, Name: app.Name, State: strings.ToLower(string(app.State)), Description: app.Description,
			Link: "/p/admin/applications/" + itoa(app.ID), Service: statsService{ID: app.ProductID}}
		if p := app.Edges.Plan; p != nil {
			rep.Plan = statsRef{ID: p.ID, Name: p.Name}
		}
		if acc := app.Edges.Account; acc != nil {
			rep.Account = statsAccount{ID: acc.ID, Name: acc.OrgName, Link: "/buyers/accounts/" + itoa(acc.ID)}
		}
		out.Application = rep
	}
	return out
}

func (c *Call) usageXML(r *usageResult) usageXML {
	j := c.usageJSON(r)
	vals := make([]string, len(j.Values))
	for i, v := range j.Values {
		vals[i] = strconv.FormatInt(v, 10)
	}
	out := usageXML{Metric: j.Metric, ResponseCode: j.ResponseCode,
		Period: statsPeriodXML{Since: j.Period.Since, Until: j.Period.Until, Name: j.Period.Name, Granularity: string(r.series.Range.Granularity)},
		Data:   usageDataXML{Total: j.Total, Values: valuesXML{Length: len(vals), Text: strings.Join(vals, ",")}, PreviousTotal: j.PreviousTotal}}
	out.Data.Change = j.Change
	if a := j.Application; a != nil {
		out.Application = &statsApplicationXML{ID: a.ID, Name: a.Name, Plan: a.Plan, Account: statsAccountXML{Name: a.Account.Name, ID: a.Account.ID}}
	}
	return out
}

// respondXML writes a document whose root is v's own element.
func (c *Call) respondXML(v any) error {
	b, err := xml.Marshal(v)
	if err != nil {
		return err
	}
	writeBody(c.W, XML, http.StatusOK, append([]byte(xml.Header[:len(xml.Header)-1]), b...))
	return nil
}

type topApplication struct {
	ID      int          `json:"id" xml:"id"`
	Name    string       `json:"name" xml:"name"`
	Value   string       `json:"value" xml:"-"`
	Plan    statsRef     `json:"plan" xml:"plan"`
	Account statsAccount `json:"account" xml:"account"`
	Service statsService `json:"service" xml:"-"`
}

type topJSON struct {
	Period       statsPeriod      `json:"period"`
	Applications []topApplication `json:"applications"`
	Metric       *statsMetric     `json:"metric"`
}

type topXML struct {
	XMLName xml.Name     `xml:"top"`
	Metric  *statsMetric `xml:"metric"`
	Period  struct {
		Name  string `xml:"name"`
		Since string `xml:"since"`
		Until string `xml:"until"`
	} `xml:"period"`
	Applications []topApplicationXML `xml:"applications>application"`
}

type topApplicationXML struct {
	Value   string          `xml:"value"`
	ID      int             `xml:"id"`
	Name    string          `xml:"name"`
	Plan    statsRef        `xml:"plan"`
	Account statsAccountXML `xml:"account"`
}

// TopApplications ranks a product's applications by a metric over a
// period.
// GET /stats/services/{service_id}/top_applications
func (a *API) TopApplications(c *Call) error {
	t, err := a.statsTarget(c, analytics.KindProduct, "service_id")
	if err != nil {
		return c.statsError(err)
	}
	m, err := a.analytics.Metric(c.Context(), t, c.Param("metric_name"))
	if err != nil {
		return c.statsError(err)
	}
	r, err := analytics.TopRange(c.frame(), a.analytics.Now(), c.Tenant.TimeZone)
	if err != nil {
		return c.statsError(err)
	}
	top, err := a.analytics.TopApplications(c.Context(), t, m, r, analytics.TopLimit)
	if err != nil {
		return err
	}
	doc := topJSON{Period: statsPeriod{Name: string(r.Period), Since: statsStamp(r.Since), Until: statsStamp(r.Last())},
		Applications: make([]topApplication, len(top)), Metric: statsMetricOf(m)}
	for i, u := range top {
		app := u.Application
		ta := topApplication{ID: app.ID, Name: app.Name, Value: strconv.FormatInt(u.Value, 10), Service: statsService{ID: app.ProductID}}
		if p := app.Edges.Plan; p != nil {
			ta.Plan = statsRef{ID: p.ID, Name: p.Name}
		}
		if acc := app.Edges.Account; acc != nil {
			ta.Account = statsAccount{ID: acc.ID, Name: acc.OrgName}
		}
		doc.Applications[i] = ta
	}
	if c.Format == JSON {
		b, err := jsonMarshal(doc)
		if err != nil {
			return err
		}
		writeBody(c.W, JSON, http.StatusOK, b)
		return nil
	}
	x := topXML{Metric: doc.Metric}
	x.Period.Name, x.Period.Since, x.Period.Until = doc.Period.Name, doc.Period.Since, doc.Period.Until
	for _, ta := range doc.Applications {
		x.Applications = append(x.Applications, topApplicationXML{Value: ta.Value, ID: ta.ID, Name: ta.Name, Plan: ta.Plan,
			Account: statsAccountXML{Name: ta.Account.Name, ID: ta.Account.ID}})
	}
	return c.respondXML(x)
}
