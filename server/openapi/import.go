package openapi

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/activedoc"
	"github.com/portico-apim/portico/ent/backend"
	"github.com/portico-apim/portico/ent/mappingrule"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/schema"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/problem"
)

// ImportInput asks for an OpenAPI document to be imported.
type ImportInput struct {
	// ProductID is the product to import into; nil creates a product named
	// after the document's info.title.
	ProductID *int
	Body      string
	// DryRun computes what would be created and reused, and changes nothing.
	DryRun bool
	// Publish publishes the document's ActiveDoc to developers.
	Publish bool
	// PrefixMatching leaves the '$' off the mapping rules, so that they
	// match longer paths too; by default each rule matches its path exactly.
	PrefixMatching bool
}

// ItemKind is what an import item is.
type ItemKind string

// Item kinds.
const (
	KindProduct     ItemKind = "PRODUCT"
	KindBackend     ItemKind = "BACKEND"
	KindMethod      ItemKind = "METHOD"
	KindMappingRule ItemKind = "MAPPING_RULE"
	KindActiveDoc   ItemKind = "ACTIVE_DOC"
)

// ItemAction is what the import does with an item.
type ItemAction string

// Item actions.
const (
	ActionCreate ItemAction = "CREATE"
	// ActionReuse keeps what already exists (a method of the same system
	// name, a mapping rule of the same verb and pattern).
	ActionReuse ItemAction = "REUSE"
	// ActionUpdate replaces the body of the product's ActiveDoc of the same
	// system name.
	ActionUpdate ItemAction = "UPDATE"
)

// Item is one thing an import creates, reuses or updates.
type Item struct {
	Kind   ItemKind
	Action ItemAction
	// Name is the system name, or "VERB pattern" for a mapping rule.
	Name string
	// Detail is the friendly name of a method, the method a rule counts,
	// the endpoint of a backend.
	Detail string
}

// ImportResult says what an import did, or would do on a dry run.
type ImportResult struct {
	DryRun   bool
	Document *Document
	// Product is the product imported into; nil on a dry run that would
	// create it.
	Product *ent.Product
	// ActiveDoc is the document's ActiveDoc; nil on a dry run.
	ActiveDoc *ent.ActiveDoc
	Items     []Item
}

// plannedMethod is an operation's method: existing (metric set) or to create.
type plannedMethod struct {
	systemName, friendlyName, description string
	metric                                *ent.Metric
}

// plannedRule is a mapping rule to create.
type plannedRule struct {
	method  string
	pattern string
	target  string // the method's system name, lower case
}

// plan is what an import creates and reuses, worked out with reads only.
type plan struct {
	doc             *Document
	productID       *int
	productName     string
	productSystem   string
	backendSystem   string
	backendEndpoint string
	methods         []*plannedMethod
	rules           []plannedRule
	docSystemName   string
	existingDoc     *ent.ActiveDoc
	items           []Item
	hitsID          int
}

// Import reads an OpenAPI document and creates, in one transaction, one
// method per operation (system name from operationId, else verb and path;
// friendly name from the summary), one mapping rule per operation (verb and
// path with its {param} templates, delta 1, counting that method) and an
// ActiveDoc holding the document. Existing methods and rules are reused.
// Without a product, it creates one named after info.title and, when the
// document names an http(s) server, a backend for it. A dry run only
// reports what would happen.
func (s *Service) Import(ctx context.Context, in ImportInput) (*ImportResult, error) {
	doc, err := Parse(in.Body)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{DryRun: in.DryRun, Document: doc}
	err = s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		p, err := s.plan(ctx, c, doc, in)
		if err != nil {
			return err
		}
		res.Items = p.items
		if in.DryRun {
			if p.productID != nil {
				res.Product, err = c.Product.Get(ctx, *p.productID)
			}
			return err
		}
		res.Product, res.ActiveDoc, err = s.apply(ctx, c, p, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (s *Service) plan(ctx context.Context, c *ent.Client, doc *Document, in ImportInput) (*plan, error) {
	p := &plan{doc: doc, productID: in.ProductID}
	title := strings.TrimSpace(doc.Title)
	if title == "" {
		title = "Imported API"
	}
	var existing []*ent.Metric
	var rules []*ent.MappingRule
	if in.ProductID != nil {
		prod, err := c.Product.Get(ctx, *in.ProductID)
		if err != nil {
			return nil, problem.NotFoundIf(err, "product %d not found", *in.ProductID)
		}
		p.productName, p.productSystem = prod.Name, prod.SystemName
		existing, err = c.Metric.Query().Where(metric.ProductID(prod.ID)).All(ctx)
		if err != nil {
			return nil, err
		}
		rules, err = c.MappingRule.Query().Where(mappingrule.ProductID(prod.ID)).WithMetric().All(ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range existing {
			if m.SystemName == catalog.HitsSystemName {
				p.hitsID = m.ID
			}
		}
	} else {
		name, err := freeName(ctx, SystemNameOf(strings.ToLower(title)), "api", func(n string) (bool, error) {
			return c.Product.Query().Where(product.SystemName(n)).Exist(ctx)
		})
		if err != nil {
			return nil, err
		}
		p.productName, p.productSystem = trim(title, 255), name
		p.items = append(p.items, Item{Kind: KindProduct, Action: ActionCreate, Name: name, Detail: p.productName})
		if u, err := url.Parse(doc.ServerURL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
			len(doc.ServerURL) <= 255 && !strings.Contains(doc.ServerURL, "{") {
			p.backendEndpoint = u.Scheme + "://" + u.Host
			p.backendSystem, err = freeName(ctx, name+"-backend", "backend", func(n string) (bool, error) {
				return c.Backend.Query().Where(backend.SystemName(n)).Exist(ctx)
			})
			if err != nil {
				return nil, err
			}
			p.items = append(p.items, Item{Kind: KindBackend, Action: ActionCreate, Name: p.backendSystem, Detail: p.backendEndpoint})
		}
	}

	bySystem := make(map[string]*ent.Metric, len(existing))
	friendlyTaken := make(map[string]bool, len(existing))
	for _, m := range existing {
		bySystem[strings.ToLower(m.SystemName)] = m
		friendlyTaken[m.FriendlyName] = true
	}
	planned := map[string]*plannedMethod{}
	ruleSeen := map[string]bool{}
	for _, r := range rules {
		ruleSeen[string(r.HTTPMethod)+" "+r.Pattern] = true
	}
	for _, op := range doc.Operations {
		sys := SystemNameOf(op.OperationID)
		if sys == "" {
			sys = SystemNameOf(strings.ToLower(op.Method) + strings.NewReplacer("{", "", "}", "", "/", "_").Replace(op.Path))
		}
		if sys == "" || strings.EqualFold(sys, catalog.HitsSystemName) {
			sys = strings.ToLower(op.Method) + "_" + sys
		}
		key := strings.ToLower(sys)
		m := planned[key]
		if m == nil {
			m = &plannedMethod{systemName: sys}
			if cur := bySystem[key]; cur != nil {
				m.metric = cur
				m.systemName = cur.SystemName
				m.friendlyName = cur.FriendlyName
				p.items = append(p.items, Item{Kind: KindMethod, Action: ActionReuse, Name: cur.SystemName, Detail: cur.FriendlyName})
			} else {
				friendly := strings.TrimSpace(op.Summary)
				if friendly == "" {
					friendly = op.OperationID
				}
				if friendly == "" {
					friendly = op.Method + " " + op.Path
				}
				friendly = trim(friendly, 200)
				if friendlyTaken[friendly] {
					friendly = trim(friendly+" ("+sys+")", 255)
				}
				friendlyTaken[friendly] = true
				m.friendlyName = friendly
				m.description = trim(op.Description, 65535)
				p.items = append(p.items, Item{Kind: KindMethod, Action: ActionCreate, Name: sys, Detail: friendly})
			}
			planned[key] = m
			p.methods = append(p.methods, m)
		}
		pattern := doc.Pattern(op)
		if pattern == "" || pattern[0] != '/' {
			pattern = "/" + pattern
		}
		if !in.PrefixMatching {
			pattern += "$"
		}
		if err := schema.ValidatePattern(pattern); err != nil {
			return nil, problem.Invalid("body", "path %q of %s cannot be a mapping rule: %v", op.Path, op.Method, err)
		}
		rk := op.Method + " " + pattern
		if ruleSeen[rk] {
			p.items = append(p.items, Item{Kind: KindMappingRule, Action: ActionReuse, Name: rk, Detail: m.systemName})
			continue
		}
		ruleSeen[rk] = true
		p.rules = append(p.rules, plannedRule{method: op.Method, pattern: pattern, target: strings.ToLower(m.systemName)})
		p.items = append(p.items, Item{Kind: KindMappingRule, Action: ActionCreate, Name: rk, Detail: m.systemName})
	}

	// The document's ActiveDoc: the product's own of the same system name
	// is updated; otherwise a free system name is taken.
	base := p.productSystem
	if base == "" {
		base = "api"
	}
	if in.ProductID != nil {
		d, err := c.ActiveDoc.Query().Where(activedoc.SystemName(base), activedoc.ProductID(*in.ProductID)).Only(ctx)
		switch {
		case err == nil:
			p.existingDoc = d
			p.docSystemName = d.SystemName
		case !ent.IsNotFound(err):
			return nil, err
		}
	}
	if p.existingDoc == nil {
		name, err := freeName(ctx, base, "api", func(n string) (bool, error) {
			return c.ActiveDoc.Query().Where(activedoc.SystemName(n)).Exist(ctx)
		})
		if err != nil {
			return nil, err
		}
		p.docSystemName = name
		p.items = append(p.items, Item{Kind: KindActiveDoc, Action: ActionCreate, Name: name, Detail: trim(titleOr(doc, p.productName), 255)})
	} else {
		p.items = append(p.items, Item{Kind: KindActiveDoc, Action: ActionUpdate, Name: p.docSystemName, Detail: p.existingDoc.Name})
	}
	return p, nil
}

func (s *Service) apply(ctx context.Context, c *ent.Client, p *plan, in ImportInput) (*ent.Product, *ent.ActiveDoc, error) {
	var prod *ent.Product
	var err error
	if p.productID == nil {
		desc := trim(p.doc.Description, 65535)
		prod, err = s.catalog.CreateProduct(ctx, ent.CreateProductInput{Name: p.productName, SystemName: p.productSystem, Description: &desc})
		if err != nil {
			return nil, nil, fmt.Errorf("create product: %w", err)
		}
		hits, err := c.Metric.Query().Where(metric.ProductID(prod.ID), metric.SystemName(catalog.HitsSystemName)).Only(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("find hits: %w", err)
		}
		p.hitsID = hits.ID
		if p.backendSystem != "" {
			b, err := c.Backend.Create().SetName(trim(p.productName+" backend", 255)).SetSystemName(p.backendSystem).
				SetPrivateEndpoint(p.backendEndpoint).Save(ctx)
			if err != nil {
				return nil, nil, fmt.Errorf("create backend: %w", err)
			}
			if err := c.BackendUsage.Create().SetProductID(prod.ID).SetBackendID(b.ID).SetPath("/").Exec(ctx); err != nil {
				return nil, nil, fmt.Errorf("use backend: %w", err)
			}
		}
	} else if prod, err = c.Product.Get(ctx, *p.productID); err != nil {
		return nil, nil, err
	}

	ids := make(map[string]int, len(p.methods))
	for _, m := range p.methods {
		if m.metric != nil {
			ids[strings.ToLower(m.systemName)] = m.metric.ID
			continue
		}
		var parent *int
		if p.hitsID != 0 {
			parent = &p.hitsID
		}
		var desc *string
		if m.description != "" {
			desc = &m.description
		}
		created, err := s.catalog.CreateMetric(ctx, ent.CreateMetricInput{ProductID: &prod.ID, ParentID: parent,
			SystemName: m.systemName, FriendlyName: m.friendlyName, Description: desc})
		if err != nil {
			return nil, nil, fmt.Errorf("create method %s: %w", m.systemName, err)
		}
		ids[strings.ToLower(m.systemName)] = created.ID
	}
	for _, r := range p.rules {
		delta := 1
		if _, err := s.catalog.CreateMappingRule(ctx, ent.CreateMappingRuleInput{ProductID: &prod.ID, MetricID: ids[r.target],
			HTTPMethod: mappingrule.HTTPMethod(r.method), Pattern: r.pattern, Delta: &delta}); err != nil {
			return nil, nil, fmt.Errorf("create mapping rule %s %s: %w", r.method, r.pattern, err)
		}
	}

	var doc *ent.ActiveDoc
	if p.existingDoc != nil {
		upd := c.ActiveDoc.UpdateOneID(p.existingDoc.ID).SetBody(in.Body).SetSkipSwaggerValidations(false)
		if in.Publish {
			upd.SetPublished(true)
		}
		doc, err = upd.Save(ctx)
	} else {
		desc := trim(p.doc.Description, 65535)
		doc, err = c.ActiveDoc.Create().SetName(trim(titleOr(p.doc, prod.Name), 255)).SetSystemName(p.docSystemName).
			SetDescription(desc).SetBody(in.Body).SetPublished(in.Publish).SetProductID(prod.ID).Save(ctx)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store active doc: %w", err)
	}
	return prod, doc, nil
}

func titleOr(d *Document, fallback string) string {
	if t := strings.TrimSpace(d.Title); t != "" {
		return t
	}
	return fallback
}

// freeName returns base, or base with the first free numeric suffix.
func freeName(ctx context.Context, base, fallback string, taken func(string) (bool, error)) (string, error) {
	if base == "" {
		base = fallback
	}
	base = trim(base, 240)
	name := base
	for i := 2; ; i++ {
		t, err := taken(name)
		if err != nil {
			return "", err
		}
		if !t {
			return name, nil
		}
		if i > 1000 {
			return "", problem.Conflict("no free system name for %q", base)
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}

func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary.
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
