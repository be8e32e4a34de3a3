// Package bootstrap prepares a fresh installation: the master account, the
// first provider tenant with its admin user, and a default product with the
// plans 3scale starts every provider with. It is idempotent.
package bootstrap

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
)

// Config describes the first tenant.
type Config struct {
	Client        *ent.Client
	Catalog       *catalog.Service
	AdminDomain   string
	AdminPassword string // empty: generate one
	Logger        *slog.Logger
}

// Result says what Run created.
type Result struct {
	Created       bool
	TenantID      int
	AdminLogin    string
	AdminPassword string // set only when generated
}

// Run creates the master account and the first tenant unless a provider
// tenant already exists.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	sys := viewer.SystemContext(ctx)
	res := &Result{}
	err := store.InTx(sys, cfg.Client, func(ctx context.Context, c *ent.Client) error {
		existing, err := c.Tenant.Query().Where(tenant.Master(false)).Order(ent.Asc(tenant.FieldID)).First(ctx)
		if err == nil {
			res.TenantID = existing.ID
			return nil
		}
		if !ent.IsNotFound(err) {
			return err
		}
		res.Created = true
		if err := c.Tenant.Create().SetOrgName("Master Account").SetAdminDomain("master." + cfg.AdminDomain).
			SetProviderKey(secret.Token()).SetMaster(true).Exec(ctx); err != nil {
			return fmt.Errorf("create master account: %w", err)
		}
		t, err := c.Tenant.Create().SetOrgName("Provider").SetAdminDomain(cfg.AdminDomain).
			SetProviderKey(secret.Token()).Save(ctx)
		if err != nil {
			return fmt.Errorf("create tenant: %w", err)
		}
		res.TenantID = t.ID
		pw := cfg.AdminPassword
		if pw == "" {
			pw = secret.Hex(9)
			res.AdminPassword = pw
		}
		hash, err := password.Hash(pw)
		if err != nil {
			return err
		}
		res.AdminLogin = "admin"
		if err := c.User.Create().SetTenantID(t.ID).SetUsername("admin").SetEmail("admin@" + cfg.AdminDomain).
			SetRole(user.RoleADMIN).SetState(user.StateACTIVE).SetPasswordHash(hash).Exec(ctx); err != nil {
			return fmt.Errorf("create admin user: %w", err)
		}
		// Everything below belongs to the new tenant.
		tctx := viewer.TenantSystemContext(ctx, t.ID)
		if err := c.Plan.Create().SetKind(plan.KindACCOUNT).SetName("Default").SetSystemName("default").
			SetState(plan.StatePUBLISHED).SetIsDefault(true).Exec(tctx); err != nil {
			return fmt.Errorf("create default account plan: %w", err)
		}
		p, err := cfg.Catalog.CreateProduct(tctx, ent.CreateProductInput{
			Name: "API", SystemName: "api", Description: ptr("The default product"),
		})
		if err != nil {
			return fmt.Errorf("create default product: %w", err)
		}
		for i, name := range []string{"Basic", "Unlimited"} {
			if err := c.Plan.Create().SetKind(plan.KindAPPLICATION).SetProductID(p.ID).SetName(name).
				SetSystemName(strings.ToLower(name)).SetState(plan.StatePUBLISHED).
				SetIsDefault(i == 0).SetPosition(i).Exec(tctx); err != nil {
				return fmt.Errorf("create plan %s: %w", name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func ptr[T any](v T) *T { return &v }
