package compat

import (
	"strconv"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/server/problem"
)

// Services (products), spec §2.5 and §3.4.

// service is the service representation. Settings Portico does not keep
// (developer-portal switches, deployment option) carry 3scale's defaults.
type service struct {
	ID                        int             `json:"id" xml:"id"`
	AccountID                 int             `json:"-" xml:"account_id"`
	Name                      string          `json:"name" xml:"name"`
	State                     string          `json:"state" xml:"state"`
	SystemName                string          `json:"system_name" xml:"system_name"`
	BackendVersion            string          `json:"backend_version" xml:"backend_version"`
	DeploymentOption          string          `json:"deployment_option" xml:"-"`
	SupportEmail              string          `json:"support_email" xml:"-"`
	Description               string          `json:"description" xml:"description"`
	IntentionsRequired        bool            `json:"intentions_required" xml:"intentions_required"`
	BuyersManageApps          bool            `json:"buyers_manage_apps" xml:"buyers_manage_apps"`
	BuyersManageKeys          bool            `json:"buyers_manage_keys" xml:"buyers_manage_keys"`
	ReferrerFiltersRequired   bool            `json:"referrer_filters_required" xml:"referrer_filters_required"`
	CustomKeysEnabled         bool            `json:"custom_keys_enabled" xml:"custom_keys_enabled"`
	BuyerKeyRegenerateEnabled bool            `json:"buyer_key_regenerate_enabled" xml:"buyer_key_regenerate_enabled"`
	MandatoryAppKey           bool            `json:"mandatory_app_key" xml:"mandatory_app_key"`
	BuyerCanSelectPlan        bool            `json:"buyer_can_select_plan" xml:"buyer_can_select_plan"`
	BuyerPlanChangePermission string          `json:"buyer_plan_change_permission" xml:"buyer_plan_change_permission"`
	NotificationSettings      *struct{}       `json:"notification_settings" xml:"-"`
	Annotations               annotations     `json:"annotations" xml:"annotations"`
	XMLDeploymentOption       string          `json:"-" xml:"deployment_option"`
	XMLSupportEmail           string          `json:"-" xml:"support_email"`
	CreatedAt                 string          `json:"created_at" xml:"created_at"`
	UpdatedAt                 string          `json:"updated_at" xml:"updated_at"`
	Metrics                   *metricsElement `json:"-" xml:"metrics,omitempty"`
	Links                     []link          `json:"links" xml:"-"`
}

type metricsElement struct {
	Items []metricRep `xml:"metric"`
}

// backendVersion is 3scale's name of a product's authentication.
func backendVersion(a product.Authentication) string {
	switch a {
	case product.AuthenticationAPP_ID:
		return "2"
	case product.AuthenticationOIDC:
		return "oidc"
	}
	return "1"
}

func parseBackendVersion(s string) (product.Authentication, error) {
	switch s {
	case "1":
		return product.AuthenticationUSER_KEY, nil
	case "2":
		return product.AuthenticationAPP_ID, nil
	case "oidc", "oauth":
		return product.AuthenticationOIDC, nil
	}
	return "", problem.Invalid("backend_version", "is not included in the list")
}

func (c *Call) serviceOf(p *ent.Product, metrics []*ent.Metric) service {
	s := service{
		ID: p.ID, AccountID: p.TenantID, Name: p.Name, State: strings.ToLower(string(p.State)), SystemName: p.SystemName,
		BackendVersion: backendVersion(p.Authentication), DeploymentOption: "hosted", XMLDeploymentOption: "hosted",
		Description: p.Description, ReferrerFiltersRequired: p.ReferrerFiltersRequired,
		BuyerPlanChangePermission: strings.ToLower(string(p.PlanChangePermission)), Annotations: annotations{},
		CreatedAt: c.stamp(p.CreatedAt), UpdatedAt: c.stamp(p.UpdatedAt),
	}
	base := "/admin/api/services/" + strconv.Itoa(p.ID)
	s.Links = []link{c.link("metrics", base+"/metrics"), c.link("self", base), c.link("service_plans", base+"/service_plans"),
		c.link("application_plans", base+"/application_plans"), c.link("features", base+"/features")}
	if c.Format == XML && metrics != nil {
		s.Metrics = &metricsElement{}
		for _, m := range metrics {
			s.Metrics.Items = append(s.Metrics.Items, c.metricOf(m, nil))
		}
	}
	return s
}

func (a *API) serviceWithMetrics(c *Call, p *ent.Product) (service, error) {
	var ms []*ent.Metric
	if c.Format == XML {
		var err error
		ms, err = a.client.Metric.Query().Where(metric.ProductID(p.ID)).Order(ent.Asc(metric.FieldID)).All(c.Context())
		if err != nil {
			return service{}, err
		}
	}
	return c.serviceOf(p, ms), nil
}

// Services lists the tenant's products in pages of up to 500.
// GET /admin/api/services
func (a *API) Services(c *Call) error {
	ps, err := a.client.Product.Query().Order(ent.Asc(product.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	page, meta := Paginate(ps, c.Page)
	items := make([]service, len(page))
	for i, p := range page {
		if items[i], err = a.serviceWithMetrics(c, p); err != nil {
			return err
		}
	}
	return RespondList(c, "services", "service", items, meta)
}

// Service reads one product.
// GET /admin/api/services/{id}
func (a *API) Service(c *Call) error {
	p, err := a.product(c, "id")
	if err != nil {
		return err
	}
	s, err := a.serviceWithMetrics(c, p)
	if err != nil {
		return err
	}
	return c.ok("service", s)
}

// product finds the product named by a path value.
func (a *API) product(c *Call, name string) (*ent.Product, error) {
	id, err := c.intPath(name)
	if err != nil {
		return nil, err
	}
	p, err := a.client.Product.Get(c.Context(), id)
	if err != nil {
		return nil, problem.NotFoundIf(err, "service %d not found", id)
	}
	return p, nil
}

// productState maps a 3scale state_event onto a product state.
func productState(p *Params) (*product.State, error) {
	ev := p.Text("state_event")
	if ev == "" {
		return nil, nil
	}
	st, ok := map[string]product.State{
		"publish": product.StatePUBLISHED, "hide": product.StateHIDDEN, "take_offline": product.StateOFFLINE,
		"deprecate": product.StateDEPRECATED,
	}[ev]
	if !ok {
		return nil, problem.Invalid("state_event", "is invalid")
	}
	return &st, nil
}

func planChangePermission(p *Params) (*product.PlanChangePermission, error) {
	s := p.Text("buyer_plan_change_permission")
	if s == "" {
		return nil, nil
	}
	v := product.PlanChangePermission(strings.ToUpper(s))
	if err := product.PlanChangePermissionValidator(v); err != nil {
		return nil, problem.Invalid("buyer_plan_change_permission", "is not included in the list")
	}
	return &v, nil
}

// CreateService creates a product.
// POST /admin/api/services
func (a *API) CreateService(c *Call) error {
	p, err := c.Params("service")
	if err != nil {
		return err
	}
	name, err := p.required("name")
	if err != nil {
		return err
	}
	in := ent.CreateProductInput{Name: name, SystemName: p.Text("system_name"), Description: p.String("description")}
	if in.SystemName == "" {
		in.SystemName = systemNameFrom(name)
	}
	if bv := p.Text("backend_version"); bv != "" {
		auth, err := parseBackendVersion(bv)
		if err != nil {
			return err
		}
		in.Authentication = &auth
	}
	if in.State, err = productState(p); err != nil {
		return err
	}
	if in.ReferrerFiltersRequired, err = p.Bool("referrer_filters_required"); err != nil {
		return err
	}
	if in.PlanChangePermission, err = planChangePermission(p); err != nil {
		return err
	}
	prod, err := a.catalog.CreateProduct(c.Context(), in)
	if err != nil {
		return err
	}
	s, err := a.serviceWithMetrics(c, prod)
	if err != nil {
		return err
	}
	return c.created("service", s)
}

// UpdateService changes a product; its system name is fixed.
// PUT /admin/api/services/{id}
func (a *API) UpdateService(c *Call) error {
	cur, err := a.product(c, "id")
	if err != nil {
		return err
	}
	p, err := c.Params("service")
	if err != nil {
		return err
	}
	in := ent.UpdateProductInput{Name: p.String("name"), Description: p.String("description")}
	if in.Name != nil && strings.TrimSpace(*in.Name) == "" {
		return problem.Invalid("name", "can't be blank")
	}
	if bv := p.Text("backend_version"); bv != "" {
		auth, err := parseBackendVersion(bv)
		if err != nil {
			return err
		}
		in.Authentication = &auth
	}
	if in.State, err = productState(p); err != nil {
		return err
	}
	if in.ReferrerFiltersRequired, err = p.Bool("referrer_filters_required"); err != nil {
		return err
	}
	if in.PlanChangePermission, err = planChangePermission(p); err != nil {
		return err
	}
	prod, err := a.catalog.UpdateProduct(c.Context(), cur.ID, in)
	if err != nil {
		return err
	}
	s, err := a.serviceWithMetrics(c, prod)
	if err != nil {
		return err
	}
	return c.ok("service", s)
}

// DeleteService deletes a product with everything under it; the last one
// cannot be deleted.
// DELETE /admin/api/services/{id}
func (a *API) DeleteService(c *Call) error {
	p, err := a.product(c, "id")
	if err != nil {
		return err
	}
	if err := a.catalog.DeleteProduct(c.Context(), p.ID); err != nil {
		if problem.Classify(err).Kind == problem.KindConflict {
			return transitionError("mark_as_deleted")
		}
		return err
	}
	return c.deleted()
}
