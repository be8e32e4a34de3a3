package compat

import (
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/mappingrule"
	"github.com/portico-apim/portico/server/problem"
)

// Mapping rules of products and backends, spec §2.6, §2.8 and §3.10.

type mappingRuleRep struct {
	ID         int    `json:"id" xml:"id"`
	MetricID   int    `json:"metric_id" xml:"metric_id"`
	Pattern    string `json:"pattern" xml:"pattern"`
	HTTPMethod string `json:"http_method" xml:"http_method"`
	Delta      int    `json:"delta" xml:"delta"`
	Position   int    `json:"position" xml:"position"`
	Last       bool   `json:"last" xml:"last"`
	CreatedAt  string `json:"created_at" xml:"created_at"`
	UpdatedAt  string `json:"updated_at" xml:"updated_at"`
	Links      []link `json:"links" xml:"-"`
}

func (c *Call) ruleOf(r *ent.MappingRule) mappingRuleRep {
	return mappingRuleRep{ID: r.ID, MetricID: r.MetricID, Pattern: r.Pattern, HTTPMethod: string(r.HTTPMethod),
		Delta: r.Delta, Position: r.Position, Last: r.Last, CreatedAt: c.stamp(r.CreatedAt), UpdatedAt: c.stamp(r.UpdatedAt)}
}

func (a *API) ownerRules(pid, bid *int) *ent.MappingRuleQuery {
	q := a.client.MappingRule.Query().Order(ent.Asc(mappingrule.FieldPosition), ent.Asc(mappingrule.FieldID))
	if pid != nil {
		return q.Where(mappingrule.ProductID(*pid))
	}
	return q.Where(mappingrule.BackendID(*bid))
}

func (a *API) ownedRule(c *Call) (*ent.MappingRule, error) {
	pid, bid, err := a.metricOwner(c)
	if err != nil {
		return nil, err
	}
	id, err := c.intPath("id")
	if err != nil {
		return nil, err
	}
	r, err := a.ownerRules(pid, bid).Where(mappingrule.ID(id)).Only(c.Context())
	if err != nil {
		return nil, problem.NotFoundIf(err, "mapping rule %d not found", id)
	}
	return r, nil
}

// MappingRules lists a product's or backend's mapping rules.
// GET /admin/api/services/{service_id}/proxy/mapping_rules, /admin/api/backend_apis/{backend_id}/mapping_rules
func (a *API) MappingRules(c *Call) error {
	pid, bid, err := a.metricOwner(c)
	if err != nil {
		return err
	}
	rs, err := a.ownerRules(pid, bid).All(c.Context())
	if err != nil {
		return err
	}
	var meta *Meta
	if bid != nil {
		rs, meta = Paginate(rs, c.Page)
	}
	items := make([]mappingRuleRep, len(rs))
	for i, r := range rs {
		items[i] = c.ruleOf(r)
	}
	return RespondList(c, "mapping_rules", "mapping_rule", items, meta)
}

// MappingRule reads one mapping rule.
func (a *API) MappingRule(c *Call) error {
	r, err := a.ownedRule(c)
	if err != nil {
		return err
	}
	return c.ok("mapping_rule", c.ruleOf(r))
}

func httpMethod(s string) (mappingrule.HTTPMethod, error) {
	m := mappingrule.HTTPMethod(strings.ToUpper(s))
	if err := mappingrule.HTTPMethodValidator(m); err != nil {
		return "", problem.Invalid("http_method", "is not included in the list")
	}
	return m, nil
}

// CreateMappingRule creates a mapping rule.
func (a *API) CreateMappingRule(c *Call) error {
	pid, bid, err := a.metricOwner(c)
	if err != nil {
		return err
	}
	p, err := c.Params("mapping_rule")
	if err != nil {
		return err
	}
	method, err := p.required("http_method")
	if err != nil {
		return err
	}
	in := ent.CreateMappingRuleInput{ProductID: pid, BackendID: bid}
	if in.HTTPMethod, err = httpMethod(method); err != nil {
		return err
	}
	if in.Pattern, err = p.required("pattern"); err != nil {
		return err
	}
	metricID, err := p.Int("metric_id")
	if err != nil {
		return err
	}
	if metricID == nil {
		return problem.Invalid("metric_id", "can't be blank")
	}
	in.MetricID = *metricID
	if in.Delta, err = p.Int("delta"); err != nil {
		return err
	}
	if in.Position, err = p.Int("position"); err != nil {
		return err
	}
	if in.Last, err = p.Bool("last"); err != nil {
		return err
	}
	r, err := a.catalog.CreateMappingRule(c.Context(), in)
	if err != nil {
		return err
	}
	return c.created("mapping_rule", c.ruleOf(r))
}

// UpdateMappingRule changes a mapping rule.
func (a *API) UpdateMappingRule(c *Call) error {
	cur, err := a.ownedRule(c)
	if err != nil {
		return err
	}
	p, err := c.Params("mapping_rule")
	if err != nil {
		return err
	}
	var in ent.UpdateMappingRuleInput
	if s := p.Text("http_method"); s != "" {
		m, err := httpMethod(s)
		if err != nil {
			return err
		}
		in.HTTPMethod = &m
	}
	if s := p.String("pattern"); s != nil {
		if strings.TrimSpace(*s) == "" {
			return problem.Invalid("pattern", "can't be blank")
		}
		in.Pattern = s
	}
	if in.MetricID, err = p.Int("metric_id"); err != nil {
		return err
	}
	if in.Delta, err = p.Int("delta"); err != nil {
		return err
	}
	if in.Position, err = p.Int("position"); err != nil {
		return err
	}
	if in.Last, err = p.Bool("last"); err != nil {
		return err
	}
	r, err := a.catalog.UpdateMappingRule(c.Context(), cur.ID, in)
	if err != nil {
		return err
	}
	return c.ok("mapping_rule", c.ruleOf(r))
}

// DeleteMappingRule deletes a mapping rule.
func (a *API) DeleteMappingRule(c *Call) error {
	r, err := a.ownedRule(c)
	if err != nil {
		return err
	}
	if err := a.catalog.DeleteMappingRule(c.Context(), r.ID); err != nil {
		return err
	}
	return c.deleted()
}
