package compat

import (
	"encoding/xml"
	"strconv"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/problem"
)

// Metrics and methods of products and backends, spec §2.6, §2.7 and §3.9.

type metricRep struct {
	ID           int     `json:"id" xml:"id"`
	Name         *string `json:"name,omitempty" xml:"name"`
	SystemName   string  `json:"system_name" xml:"system_name"`
	FriendlyName string  `json:"friendly_name" xml:"friendly_name"`
	ServiceID    *int    `json:"-" xml:"service_id"`
	Description  string  `json:"description" xml:"description"`
	Unit         string  `json:"unit" xml:"unit,omitempty"`
	MetricID     *int    `json:"-" xml:"metric_id,omitempty"`
	ParentID     *int    `json:"parent_id,omitempty" xml:"-"`
	CreatedAt    string  `json:"created_at" xml:"-"`
	UpdatedAt    string  `json:"updated_at" xml:"-"`
	Links        []link  `json:"links" xml:"-"`
}

// MarshalXML names a method <method> and a metric <metric>, whatever the
// list calls its items.
func (m metricRep) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Name.Local = "metric"
	if m.MetricID != nil {
		start.Name.Local = "method"
		m.Unit = ""
	}
	type plain metricRep
	return e.EncodeElement(plain(m), start)
}

// metricOf represents m; parent is its parent when it is a method.
func (c *Call) metricOf(m *ent.Metric, parent *ent.Metric) metricRep {
	r := metricRep{ID: m.ID, SystemName: m.SystemName, FriendlyName: m.FriendlyName, ServiceID: m.ProductID,
		Description: m.Description, Unit: m.Unit, CreatedAt: c.stamp(m.CreatedAt), UpdatedAt: c.stamp(m.UpdatedAt)}
	if m.ProductID != nil {
		name := m.SystemName
		r.Name = &name
	}
	if m.ParentID != nil {
		r.MetricID, r.ParentID = m.ParentID, m.ParentID
		if parent != nil {
			r.Unit = parent.Unit
		}
	}
	var base string
	if m.ProductID != nil {
		base = "/admin/api/services/" + strconv.Itoa(*m.ProductID)
	} else if m.BackendID != nil {
		base = "/admin/api/backend_apis/" + strconv.Itoa(*m.BackendID)
	}
	if m.ParentID != nil {
		r.Links = []link{c.link("parent", base+"/metrics/"+strconv.Itoa(*m.ParentID)),
			c.link("self", base+"/metrics/"+strconv.Itoa(*m.ParentID)+"/methods/"+strconv.Itoa(m.ID))}
	} else {
		r.Links = []link{c.link("self", base+"/metrics/"+strconv.Itoa(m.ID))}
	}
	return r
}

// metricOwnerOf reads the product (path value service_id) or backend
// (backend_id) a metric route is under.
func (a *API) metricOwner(c *Call) (productID, backendID *int, err error) {
	if c.R.PathValue("service_id") != "" {
		p, err := a.product(c, "service_id")
		if err != nil {
			return nil, nil, err
		}
		return &p.ID, nil, nil
	}
	b, err := a.backend(c, "backend_id")
	if err != nil {
		return nil, nil, err
	}
	return nil, &b.ID, nil
}

func ownedBy(m *ent.Metric, productID, backendID *int) bool {
	if productID != nil {
		return m.ProductID != nil && *m.ProductID == *productID
	}
	return m.BackendID != nil && backendID != nil && *m.BackendID == *backendID
}

// ownedMetric finds the metric of path value name under the route's owner;
// parent, when not nil, must be its parent.
func (a *API) ownedMetric(c *Call, name string, productID, backendID *int, parent *ent.Metric) (*ent.Metric, error) {
	id, err := c.intPath(name)
	if err != nil {
		return nil, err
	}
	m, err := a.client.Metric.Get(c.Context(), id)
	if err != nil {
		return nil, problem.NotFoundIf(err, "metric %d not found", id)
	}
	if !ownedBy(m, productID, backendID) {
		return nil, errNotFound
	}
	if parent != nil && (m.ParentID == nil || *m.ParentID != parent.ID) {
		return nil, errNotFound
	}
	return m, nil
}

func (a *API) ownerMetrics(c *Call, productID, backendID *int) *ent.MetricQuery {
	q := a.client.Metric.Query().Order(ent.Asc(metric.FieldID))
	if productID != nil {
		return q.Where(metric.ProductID(*productID))
	}
	return q.Where(metric.BackendID(*backendID))
}

// Metrics lists the metrics and methods of a product or backend.
// GET /admin/api/services/{service_id}/metrics, /admin/api/backend_apis/{backend_id}/metrics
func (a *API) Metrics(c *Call) error {
	pid, bid, err := a.metricOwner(c)
	if err != nil {
		return err
	}
	ms, err := a.ownerMetrics(c, pid, bid).All(c.Context())
	if err != nil {
		return err
	}
	byID := map[int]*ent.Metric{}
	for _, m := range ms {
		byID[m.ID] = m
	}
	var meta *Meta
	if bid != nil {
		ms, meta = Paginate(ms, c.Page)
	}
	items := make([]metricRep, len(ms))
	for i, m := range ms {
		var parent *ent.Metric
		if m.ParentID != nil {
			parent = byID[*m.ParentID]
		}
		items[i] = c.metricOf(m, parent)
	}
	return RespondList(c, "metrics", "metric", items, meta)
}

// Metric reads one metric.
// GET …/metrics/{id}
func (a *API) Metric(c *Call) error {
	pid, bid, err := a.metricOwner(c)
	if err != nil {
		return err
	}
	m, err := a.ownedMetric(c, "id", pid, bid, nil)
	if err != nil {
		return err
	}
	return c.ok("metric", c.metricOf(m, nil))
}

// metricInput reads friendly_name, system_name (legacy alias name), unit and
// description.
func metricInput(p *Params, method bool) (ent.CreateMetricInput, error) {
	in := ent.CreateMetricInput{FriendlyName: p.Text("friendly_name"), SystemName: p.Text("system_name"),
		Unit: p.String("unit"), Description: p.String("description")}
	if in.SystemName == "" {
		in.SystemName = p.Text("name")
	}
	if in.FriendlyName == "" {
		in.FriendlyName = in.SystemName
	}
	if in.FriendlyName == "" {
		return in, problem.Invalid("friendly_name", "can't be blank")
	}
	if !method && (in.Unit == nil || *in.Unit == "") {
		return in, problem.Invalid("unit", "can't be blank")
	}
	if in.SystemName == "" {
		in.SystemName = systemNameFrom(in.FriendlyName)
	}
	return in, nil
}

// CreateMetric creates a metric of a product or backend.
// POST …/metrics
func (a *API) CreateMetric(c *Call) error {
	pid, bid, err := a.metricOwner(c)
	if err != nil {
		return err
	}
	p, err := c.Params("metric")
	if err != nil {
		return err
	}
	in, err := metricInput(p, false)
	if err != nil {
		return err
	}
	in.ProductID, in.BackendID = pid, bid
	m, err := a.catalog.CreateMetric(c.Context(), in)
	if err != nil {
		return err
	}
	return c.created("metric", c.metricOf(m, nil))
}

func updateMetricInput(p *Params) ent.UpdateMetricInput {
	in := ent.UpdateMetricInput{FriendlyName: p.String("friendly_name"), Description: p.String("description")}
	if u := p.String("unit"); u != nil && *u != "" {
		in.Unit = u
	}
	return in
}

// UpdateMetric changes a metric's friendly name, unit or description.
// PUT …/metrics/{id}
func (a *API) UpdateMetric(c *Call) error {
	pid, bid, err := a.metricOwner(c)
	if err != nil {
		return err
	}
	cur, err := a.ownedMetric(c, "id", pid, bid, nil)
	if err != nil {
		return err
	}
	p, err := c.Params("metric")
	if err != nil {
		return err
	}
	m, err := a.catalog.UpdateMetric(c.Context(), cur.ID, updateMetricInput(p))
	if err != nil {
		return err
	}
	return c.ok("metric", c.metricOf(m, nil))
}

// DeleteMetric deletes a metric with its methods.
// DELETE …/metrics/{id}
func (a *API) DeleteMetric(c *Call) error {
	pid, bid, err := a.metricOwner(c)
	if err != nil {
		return err
	}
	cur, err := a.ownedMetric(c, "id", pid, bid, nil)
	if err != nil {
		return err
	}
	if err := a.catalog.DeleteMetric(c.Context(), cur.ID); err != nil {
		return err
	}
	return c.deleted()
}

// hitsParent finds the metric a method route is under; only hits has methods.
func (a *API) hitsParent(c *Call) (pid, bid *int, parent *ent.Metric, err error) {
	pid, bid, err = a.metricOwner(c)
	if err != nil {
		return
	}
	parent, err = a.ownedMetric(c, "metric_id", pid, bid, nil)
	return
}

// Methods lists the methods of a metric.
// GET …/metrics/{metric_id}/methods
func (a *API) Methods(c *Call) error {
	pid, bid, parent, err := a.hitsParent(c)
	if err != nil {
		return err
	}
	ms, err := a.ownerMetrics(c, pid, bid).Where(metric.ParentID(parent.ID)).All(c.Context())
	if err != nil {
		return err
	}
	page, meta := Paginate(ms, c.Page)
	items := make([]metricRep, len(page))
	for i, m := range page {
		items[i] = c.metricOf(m, parent)
	}
	return RespondList(c, "methods", "method", items, meta)
}

// Method reads one method.
// GET …/metrics/{metric_id}/methods/{id}
func (a *API) Method(c *Call) error {
	pid, bid, parent, err := a.hitsParent(c)
	if err != nil {
		return err
	}
	m, err := a.ownedMetric(c, "id", pid, bid, parent)
	if err != nil {
		return err
	}
	return c.ok("method", c.metricOf(m, parent))
}

// CreateMethod creates a method under a metric (3scale allows only hits).
// POST …/metrics/{metric_id}/methods
func (a *API) CreateMethod(c *Call) error {
	pid, bid, parent, err := a.hitsParent(c)
	if err != nil {
		return err
	}
	if parent.SystemName != catalog.HitsSystemName || parent.ParentID != nil {
		return problem.Invalid("metric_id", "methods can only be added to the hits metric")
	}
	p, err := c.Params("metric")
	if err != nil {
		return err
	}
	if p.Has("method") {
		if p, err = c.Params("method"); err != nil {
			return err
		}
	}
	in, err := metricInput(p, true)
	if err != nil {
		return err
	}
	in.ProductID, in.BackendID, in.ParentID = pid, bid, &parent.ID
	if in.Unit == nil || *in.Unit == "" {
		in.Unit = &parent.Unit
	}
	m, err := a.catalog.CreateMetric(c.Context(), in)
	if err != nil {
		return err
	}
	return c.created("method", c.metricOf(m, parent))
}

// UpdateMethod changes a method.
// PUT …/metrics/{metric_id}/methods/{id}
func (a *API) UpdateMethod(c *Call) error {
	pid, bid, parent, err := a.hitsParent(c)
	if err != nil {
		return err
	}
	cur, err := a.ownedMetric(c, "id", pid, bid, parent)
	if err != nil {
		return err
	}
	p, err := c.Params("metric")
	if err != nil {
		return err
	}
	if p.Has("method") {
		if p, err = c.Params("method"); err != nil {
			return err
		}
	}
	in := updateMetricInput(p)
	in.Unit = nil
	m, err := a.catalog.UpdateMetric(c.Context(), cur.ID, in)
	if err != nil {
		return err
	}
	return c.ok("method", c.metricOf(m, parent))
}

// DeleteMethod deletes a method.
// DELETE …/metrics/{metric_id}/methods/{id}
func (a *API) DeleteMethod(c *Call) error {
	pid, bid, parent, err := a.hitsParent(c)
	if err != nil {
		return err
	}
	cur, err := a.ownedMetric(c, "id", pid, bid, parent)
	if err != nil {
		return err
	}
	if err := a.catalog.DeleteMetric(c.Context(), cur.ID); err != nil {
		return err
	}
	return c.deleted()
}
