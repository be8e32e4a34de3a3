package compat

import (
	"net/http"
	"strconv"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/backend"
	"github.com/portico-apim/portico/ent/backendusage"
	"github.com/portico-apim/portico/server/problem"
)

// Backend APIs and backend usages, spec §2.6 and §3.5 (JSON only).

type backendRep struct {
	ID              int         `json:"id"`
	Name            string      `json:"name"`
	SystemName      string      `json:"system_name"`
	Description     string      `json:"description"`
	PrivateEndpoint string      `json:"private_endpoint"`
	Annotations     annotations `json:"annotations"`
	AccountID       int         `json:"account_id"`
	CreatedAt       string      `json:"created_at"`
	UpdatedAt       string      `json:"updated_at"`
	Links           []link      `json:"links"`
}

func (c *Call) backendOf(b *ent.Backend) backendRep {
	base := "/admin/api/backend_apis/" + strconv.Itoa(b.ID)
	return backendRep{ID: b.ID, Name: b.Name, SystemName: b.SystemName, Description: b.Description,
		PrivateEndpoint: b.PrivateEndpoint, Annotations: annotations{}, AccountID: b.TenantID,
		CreatedAt: c.stamp(b.CreatedAt), UpdatedAt: c.stamp(b.UpdatedAt),
		Links: []link{c.link("metrics", base+"/metrics"), c.link("mapping_rules", base+"/mapping_rules")}}
}

func (a *API) backend(c *Call, name string) (*ent.Backend, error) {
	id, err := c.intPath(name)
	if err != nil {
		return nil, err
	}
	b, err := a.client.Backend.Get(c.Context(), id)
	if err != nil {
		return nil, problem.NotFoundIf(err, "backend %d not found", id)
	}
	return b, nil
}

// Backends lists backends in pages of up to 500.
// GET /admin/api/backend_apis
func (a *API) Backends(c *Call) error {
	bs, err := a.client.Backend.Query().Order(ent.Asc(backend.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	page, meta := Paginate(bs, c.Page)
	items := make([]backendRep, len(page))
	for i, b := range page {
		items[i] = c.backendOf(b)
	}
	return RespondList(c, "backend_apis", "backend_api", items, meta)
}

// Backend reads one backend.
// GET /admin/api/backend_apis/{id}
func (a *API) Backend(c *Call) error {
	b, err := a.backend(c, "id")
	if err != nil {
		return err
	}
	return c.ok("backend_api", c.backendOf(b))
}

// CreateBackend creates a backend.
// POST /admin/api/backend_apis
func (a *API) CreateBackend(c *Call) error {
	p, err := c.Params("backend_api")
	if err != nil {
		return err
	}
	name, err := p.required("name")
	if err != nil {
		return err
	}
	endpoint, err := p.required("private_endpoint")
	if err != nil {
		return err
	}
	in := ent.CreateBackendInput{Name: name, SystemName: p.Text("system_name"), Description: p.String("description"), PrivateEndpoint: endpoint}
	if in.SystemName == "" {
		in.SystemName = systemNameFrom(name)
	}
	b, err := a.catalog.CreateBackend(c.Context(), in)
	if err != nil {
		return err
	}
	return c.created("backend_api", c.backendOf(b))
}

// UpdateBackend changes a backend.
// PUT /admin/api/backend_apis/{id}
func (a *API) UpdateBackend(c *Call) error {
	cur, err := a.backend(c, "id")
	if err != nil {
		return err
	}
	p, err := c.Params("backend_api")
	if err != nil {
		return err
	}
	in := ent.UpdateBackendInput{Name: p.String("name"), Description: p.String("description"), PrivateEndpoint: p.String("private_endpoint")}
	b, err := a.catalog.UpdateBackend(c.Context(), cur.ID, in)
	if err != nil {
		return err
	}
	return c.ok("backend_api", c.backendOf(b))
}

// DeleteBackend deletes a backend no product uses.
// DELETE /admin/api/backend_apis/{id}
func (a *API) DeleteBackend(c *Call) error {
	b, err := a.backend(c, "id")
	if err != nil {
		return err
	}
	if err := a.catalog.DeleteBackend(c.Context(), b.ID); err != nil {
		return err
	}
	return c.deleted()
}

type backendUsageRep struct {
	ID        int    `json:"id"`
	Path      string `json:"path"`
	ServiceID int    `json:"service_id"`
	BackendID int    `json:"backend_id"`
	Links     []link `json:"links"`
}

func (c *Call) usageOf(u *ent.BackendUsage) backendUsageRep {
	return backendUsageRep{ID: u.ID, Path: u.Path, ServiceID: u.ProductID, BackendID: u.BackendID,
		Links: []link{c.link("service", "/admin/api/services/"+strconv.Itoa(u.ProductID)),
			c.link("backend_api", "/admin/api/backend_apis/"+strconv.Itoa(u.BackendID))}}
}

func (a *API) usage(c *Call) (*ent.BackendUsage, error) {
	p, err := a.product(c, "service_id")
	if err != nil {
		return nil, err
	}
	id, err := c.intPath("id")
	if err != nil {
		return nil, err
	}
	u, err := a.client.BackendUsage.Query().Where(backendusage.ID(id), backendusage.ProductID(p.ID)).Only(c.Context())
	if err != nil {
		return nil, problem.NotFoundIf(err, "backend usage %d not found", id)
	}
	return u, nil
}

// BackendUsages lists the backends a product uses, as a bare array.
// GET /admin/api/services/{service_id}/backend_usages
func (a *API) BackendUsages(c *Call) error {
	p, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	us, err := a.client.BackendUsage.Query().Where(backendusage.ProductID(p.ID)).Order(ent.Asc(backendusage.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	items := make([]listItem, len(us))
	for i, u := range us {
		items[i] = listItem{"backend_usage": c.usageOf(u)}
	}
	b, err := jsonMarshal(items)
	if err != nil {
		return err
	}
	c.RespondRaw(http.StatusOK, b)
	return nil
}

// BackendUsage reads one backend usage.
// GET /admin/api/services/{service_id}/backend_usages/{id}
func (a *API) BackendUsage(c *Call) error {
	u, err := a.usage(c)
	if err != nil {
		return err
	}
	return c.ok("backend_usage", c.usageOf(u))
}

// CreateBackendUsage makes a product use a backend.
// POST /admin/api/services/{service_id}/backend_usages
func (a *API) CreateBackendUsage(c *Call) error {
	prod, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	p, err := c.Params("backend_usage")
	if err != nil {
		return err
	}
	bid, err := p.Int("backend_api_id")
	if err != nil {
		return err
	}
	if bid == nil {
		return problem.Invalid("backend_api_id", "can't be blank")
	}
	in := ent.CreateBackendUsageInput{ProductID: prod.ID, BackendID: *bid, Path: p.String("path")}
	u, err := a.catalog.CreateBackendUsage(c.Context(), in)
	if err != nil {
		return err
	}
	return c.created("backend_usage", c.usageOf(u))
}

// UpdateBackendUsage changes the path of a backend usage.
// PUT /admin/api/services/{service_id}/backend_usages/{id}
func (a *API) UpdateBackendUsage(c *Call) error {
	cur, err := a.usage(c)
	if err != nil {
		return err
	}
	p, err := c.Params("backend_usage")
	if err != nil {
		return err
	}
	u, err := a.catalog.UpdateBackendUsage(c.Context(), cur.ID, ent.UpdateBackendUsageInput{Path: p.String("path")})
	if err != nil {
		return err
	}
	return c.ok("backend_usage", c.usageOf(u))
}

// DeleteBackendUsage removes a backend from a product.
// DELETE /admin/api/services/{service_id}/backend_usages/{id}
func (a *API) DeleteBackendUsage(c *Call) error {
	u, err := a.usage(c)
	if err != nil {
		return err
	}
	if err := a.catalog.DeleteBackendUsage(c.Context(), u.ID); err != nil {
		return err
	}
	return c.deleted()
}
