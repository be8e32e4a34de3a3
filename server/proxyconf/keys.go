package proxyconf

import (
	"context"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
)

// ProviderKey returns the viewer's tenant's provider key: what gateways
// without a service token authenticate with. Admins only.
func (s *Service) ProviderKey(ctx context.Context, t *ent.Tenant) (string, error) {
	v := viewer.FromContext(ctx)
	if !v.IsAdmin() || (!v.IsSystem() && v.TenantID != t.ID) {
		return "", problem.Forbidden("only the tenant's admins see its provider key")
	}
	return t.ProviderKey, nil
}

// RegenerateProviderKey replaces the viewer's tenant's provider key; the
// decision plane refuses the old one once this returns. Admins only.
func (s *Service) RegenerateProviderKey(ctx context.Context) (*ent.Tenant, error) {
	v := viewer.FromContext(ctx)
	if !v.IsAdmin() || v.TenantID == 0 {
		return nil, problem.Forbidden("only the tenant's admins regenerate its provider key")
	}
	return s.db(ctx).Tenant.UpdateOneID(v.TenantID).SetProviderKey(secret.Token()).Save(ctx)
}
