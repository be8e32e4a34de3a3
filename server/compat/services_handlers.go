package compat

import (
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/product"
)

// service is the service (product) representation (spec §3.4), with the
// fields gateways and scripts read.
type service struct {
	ID             int    `json:"id" xml:"id"`
	AccountID      int    `json:"-" xml:"account_id"`
	Name           string `json:"name" xml:"name"`
	State          string `json:"state" xml:"state"`
	SystemName     string `json:"system_name" xml:"system_name"`
	BackendVersion string `json:"backend_version" xml:"backend_version"`
	Description    string `json:"description" xml:"description"`
	CreatedAt      string `json:"created_at" xml:"created_at"`
	UpdatedAt      string `json:"updated_at" xml:"updated_at"`
}

func serviceOf(p *ent.Product) service {
	bv := "1"
	switch p.Authentication {
	case product.AuthenticationAPP_ID:
		bv = "2"
	case product.AuthenticationOIDC:
		bv = "oidc"
	}
	return service{
		ID: p.ID, AccountID: p.TenantID, Name: p.Name, State: strings.ToLower(string(p.State)), SystemName: p.SystemName,
		BackendVersion: bv, Description: p.Description,
		CreatedAt: p.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), UpdatedAt: p.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z"),
	}
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
		items[i] = serviceOf(p)
	}
	return RespondList(c, "services", "service", items, meta)
}
