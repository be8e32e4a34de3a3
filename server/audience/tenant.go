package audience

import (
	"context"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// UpdateTenant changes the viewer's own tenant: its company details, emails
// and signup rules. Only admins change them.
func (s *Service) UpdateTenant(ctx context.Context, in ent.UpdateTenantInput) (*ent.Tenant, error) {
	v := viewer.FromContext(ctx)
	if !v.IsAdmin() || v.TenantID == 0 {
		return nil, problem.Forbidden("only admins change the tenant's settings")
	}
	return store.Client(ctx, s.client).Tenant.UpdateOneID(v.TenantID).SetInput(in).Save(ctx)
}
