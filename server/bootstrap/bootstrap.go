// Package bootstrap prepares a fresh installation: the master account, the
// first provider tenant with its admin user, and a default product with the
// plans 3scale starts every provider with. It is idempotent.
package bootstrap

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
	"github.com/portico-apim/portico/server/tenants"
)

// Config describes the first tenant and the master account.
type Config struct {
	Client        *ent.Client
	Catalog       *catalog.Service
	AdminDomain   string
	AdminPassword string // empty: generate one
	// WildcardDomain is where the master portal lives: master.<wildcard>.
	WildcardDomain string
	MasterPassword string // empty: generate one
	Logger         *slog.Logger
}

// Result says what Run created.
type Result struct {
	Created       bool
	TenantID      int
	AdminLogin    string
	AdminPassword string // set only when generated
	// MasterCreated says the master admin was created now, signing in at
	// MasterDomain as MasterLogin.
	MasterCreated  bool
	MasterDomain   string
	MasterLogin    string
	MasterPassword string // set only when generated
}

// Run creates what is missing of the master account with its admin user
// (login "master") and of the first provider tenant with its admin user,
// default product and plans.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	sys := viewer.SystemContext(ctx)
	res := &Result{}
	err := store.InTx(sys, cfg.Client, func(ctx context.Context, c *ent.Client) error {
		if err := ensureMaster(ctx, c, cfg, res); err != nil {
			return err
		}
		existing, err := c.Tenant.Query().Where(tenant.Master(false)).Order(ent.Asc(tenant.FieldID)).First(ctx)
		if err == nil {
			res.TenantID = existing.ID
			return nil
		}
		if !ent.IsNotFound(err) {
			return err
		}
		res.Created = true
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
		return tenants.Seed(ctx, c, cfg.Catalog, t.ID)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// ensureMaster creates the master account and its admin user when missing.
func ensureMaster(ctx context.Context, c *ent.Client, cfg Config, res *Result) error {
	m, err := c.Tenant.Query().Where(tenant.Master(true)).Only(ctx)
	if ent.IsNotFound(err) {
		wildcard := cfg.WildcardDomain
		if wildcard == "" {
			wildcard = cfg.AdminDomain
		}
		m, err = c.Tenant.Create().SetOrgName("Master Account").SetAdminDomain("master." + wildcard).
			SetProviderKey(secret.Token()).SetMaster(true).Save(ctx)
	}
	if err != nil {
		return fmt.Errorf("master account: %w", err)
	}
	res.MasterDomain = m.AdminDomain
	if n, err := c.User.Query().Where(user.TenantID(m.ID)).Count(ctx); err != nil || n > 0 {
		return err
	}
	pw := cfg.MasterPassword
	if pw == "" {
		pw = secret.Hex(9)
		res.MasterPassword = pw
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	if err := c.User.Create().SetTenantID(m.ID).SetUsername("master").SetEmail("master@" + m.AdminDomain).
		SetRole(user.RoleADMIN).SetState(user.StateACTIVE).SetPasswordHash(hash).Exec(ctx); err != nil {
		return fmt.Errorf("create master admin: %w", err)
	}
	res.MasterCreated, res.MasterLogin = true, "master"
	return nil
}
