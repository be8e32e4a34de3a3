// Package tenants creates provider tenants and moves them through their
// lifecycle for the master account: signup with an admin user, domains under
// the wildcard domain, approval, suspension, resumption and scheduled
// deletion (purged later by package purge).
package tenants

import (
	"context"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"
	"unicode"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
)

// Config is what the service needs.
type Config struct {
	Client  *ent.Client
	Catalog *catalog.Service
	Auth    *auth.Service
	// Wildcard is the domain tenants' domains are made under.
	Wildcard string
	// Passwords is the team password policy the new admin's password meets.
	Passwords password.Policy
	Now       func() time.Time
}

// Service manages provider tenants.
type Service struct{ cfg Config }

// New returns the service.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}
}

// Signup is a new provider tenant and its first admin.
type Signup struct {
	OrgName, Username, Email, Password string
	// FromEmail and SupportEmail are optional.
	FromEmail, SupportEmail string
	// Event, when set, moves the new tenant at once (make_pending, approve,
	// reject, suspend); a tenant starts approved.
	Event string
}

// Created is a new tenant with its admin user and the value of the
// "Administration" access token made for that admin (shown only once).
type Created struct {
	Tenant     *ent.Tenant
	Admin      *ent.User
	Token      *ent.AccessToken
	TokenValue string
}

// Create signs a provider up, as the master's provider signup does: the
// tenant (its admin domain <name>-admin.<wildcard> and developer domain
// <name>.<wildcard>, name from the organization name), its active admin
// user, the default account plan and product every tenant starts with, and
// an access token named Administration (account management and policy
// registry, read and write). Errors name the field: org_name, username,
// email or password.
func (s *Service) Create(ctx context.Context, in Signup) (*Created, error) {
	in.OrgName = strings.TrimSpace(in.OrgName)
	if in.OrgName == "" {
		return nil, problem.Invalid("org_name", "can't be blank")
	}
	name := Label(in.OrgName)
	if name == "" {
		return nil, problem.Invalid("org_name", "must contain a letter or a digit")
	}
	if err := checkUser(in.Username, in.Email); err != nil {
		return nil, err
	}
	if err := s.cfg.Passwords.Check(in.Password); err != nil {
		return nil, problem.Invalid("password", "%v", err)
	}
	hash, err := password.Hash(in.Password)
	if err != nil {
		return nil, err
	}
	out := &Created{}
	err = store.InTx(viewer.SystemContext(ctx), s.cfg.Client, func(ctx context.Context, c *ent.Client) error {
		taken, err := c.Tenant.Query().Where(tenant.OrgNameEqualFold(in.OrgName), tenant.Master(false)).Exist(ctx)
		if err != nil {
			return err
		}
		if taken {
			return problem.Invalid("org_name", "has already been taken")
		}
		admin, dev := name+"-admin."+s.cfg.Wildcard, name+"."+s.cfg.Wildcard
		if err := s.domainsFree(ctx, c, 0, admin, dev); err != nil {
			return problem.Invalid("org_name", "gives the domains %s and %s, and %v; choose another organization name", admin, dev, err)
		}
		now := s.cfg.Now()
		t, err := c.Tenant.Create().SetOrgName(in.OrgName).SetAdminDomain(admin).SetDeveloperDomain(dev).
			SetProviderKey(secret.Token()).SetFromEmail(in.FromEmail).SetSupportEmail(in.SupportEmail).
			SetStateChangedAt(now).Save(ctx)
		if err != nil {
			return err
		}
		u, err := c.User.Create().SetTenantID(t.ID).SetUsername(in.Username).SetEmail(in.Email).
			SetRole(user.RoleADMIN).SetState(user.StateACTIVE).SetPasswordHash(hash).Save(ctx)
		if err != nil {
			return err
		}
		if err := Seed(ctx, c, s.cfg.Catalog, t.ID); err != nil {
			return err
		}
		as := viewer.NewContext(ctx, &viewer.Viewer{TenantID: t.ID, UserID: u.ID, Role: viewer.RoleAdmin})
		tok, value, err := s.cfg.Auth.CreateAccessToken(as, auth.AccessTokenInput{Name: "Administration",
			Scopes: []viewer.Scope{viewer.ScopeAccountManagement, viewer.ScopePolicyRegistry}, Permission: accesstoken.PermissionRW})
		if err != nil {
			return err
		}
		if in.Event != "" {
			if t, err = s.transition(ctx, c, t, in.Event); err != nil {
				return err
			}
		}
		*out = Created{Tenant: t, Admin: u, Token: tok, TokenValue: value}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Seed gives a new tenant what every provider starts with, as 3scale does:
// the default account plan and a product "API" with the application plans
// Basic (the default) and Unlimited.
func Seed(ctx context.Context, c *ent.Client, cat *catalog.Service, tenantID int) error {
	tctx := viewer.TenantSystemContext(ctx, tenantID)
	if err := c.Plan.Create().SetKind(plan.KindACCOUNT).SetName("Default").SetSystemName("default").
		SetState(plan.StatePUBLISHED).SetIsDefault(true).Exec(tctx); err != nil {
		return fmt.Errorf("create default account plan: %w", err)
	}
	desc := "The default product"
	p, err := cat.CreateProduct(tctx, ent.CreateProductInput{Name: "API", SystemName: "api", Description: &desc})
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
}

// Label is the DNS label a tenant's domains are made of, from its
// organization name: lower-case letters and digits, other runs of
// characters as one hyphen, at most 57 characters (so that "-admin" still
// fits a label); empty when the name has no letter or digit of the ASCII
// range.
func Label(org string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(org) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	s := b.String()
	if len(s) > 57 {
		s = strings.TrimRight(s[:57], "-")
	}
	return s
}

// Get returns a provider tenant (never the master account).
func (s *Service) Get(ctx context.Context, id int) (*ent.Tenant, error) {
	t, err := s.cfg.Client.Tenant.Query().Where(tenant.ID(id), tenant.Master(false)).Only(viewer.SystemContext(ctx))
	return t, problem.NotFoundIf(err, "provider %d not found", id)
}

// Update is a change of a provider's details by the master; nil leaves a
// value as it is.
type Update struct {
	OrgName, FromEmail, SupportEmail *string
	AdminDomain, DeveloperDomain     *string
	// Event moves the tenant (see Event); it is the only change accepted
	// while the tenant is scheduled for deletion.
	Event string
}

// Update changes a provider's details and, with an event, its state.
// Domains must be lower-case host names that no other tenant uses.
func (s *Service) Update(ctx context.Context, id int, in Update) (*ent.Tenant, error) {
	var out *ent.Tenant
	err := store.InTx(viewer.SystemContext(ctx), s.cfg.Client, func(ctx context.Context, c *ent.Client) error {
		t, err := s.Get(ctx, id)
		if err != nil {
			return err
		}
		details := in.OrgName != nil || in.FromEmail != nil || in.SupportEmail != nil || in.AdminDomain != nil || in.DeveloperDomain != nil
		if details && t.State == tenant.StateSCHEDULED_FOR_DELETION {
			return problem.Conflict("the provider is scheduled for deletion: only state_event=resume changes it")
		}
		upd := c.Tenant.UpdateOne(t)
		if in.OrgName != nil {
			org := strings.TrimSpace(*in.OrgName)
			if org == "" {
				return problem.Invalid("org_name", "can't be blank")
			}
			taken, err := c.Tenant.Query().Where(tenant.OrgNameEqualFold(org), tenant.Master(false), tenant.IDNEQ(id)).Exist(ctx)
			if err != nil {
				return err
			}
			if taken {
				return problem.Invalid("org_name", "has already been taken")
			}
			upd.SetOrgName(org)
		}
		for field, d := range map[string]*string{"admin_domain": in.AdminDomain, "domain": in.DeveloperDomain} {
			if d == nil {
				continue
			}
			if err := schema.ValidateDomain(*d); err != nil {
				return problem.Invalid(field, "%v", err)
			}
			if err := s.domainsFree(ctx, c, id, *d); err != nil {
				return problem.Invalid(field, "%v", err)
			}
		}
		if in.AdminDomain != nil {
			upd.SetAdminDomain(*in.AdminDomain)
		}
		if in.DeveloperDomain != nil {
			if *in.DeveloperDomain == t.AdminDomain || (in.AdminDomain != nil && *in.AdminDomain == *in.DeveloperDomain) {
				return problem.Invalid("domain", "must differ from the admin domain")
			}
			upd.SetDeveloperDomain(*in.DeveloperDomain)
		}
		if in.FromEmail != nil {
			upd.SetFromEmail(*in.FromEmail)
		}
		if in.SupportEmail != nil {
			upd.SetSupportEmail(*in.SupportEmail)
		}
		if t, err = upd.Save(ctx); err != nil {
			return err
		}
		if in.Event != "" {
			if t, err = s.transition(ctx, c, t, in.Event); err != nil {
				return err
			}
		}
		out = t
		return nil
	})
	return out, err
}

// Events are the state events of a provider tenant (spec §5.1), each with
// the states it leaves and the state it reaches. A tenant is approved from
// the start (there is no "created" state), and the master account has none.
var Events = map[string]struct {
	From []tenant.State
	To   tenant.State
}{
	"make_pending": {[]tenant.State{tenant.StateAPPROVED, tenant.StateREJECTED}, tenant.StatePENDING},
	"approve":      {[]tenant.State{tenant.StatePENDING, tenant.StateREJECTED}, tenant.StateAPPROVED},
	"reject":       {[]tenant.State{tenant.StatePENDING, tenant.StateAPPROVED}, tenant.StateREJECTED},
	"suspend":      {[]tenant.State{tenant.StatePENDING, tenant.StateAPPROVED, tenant.StateREJECTED}, tenant.StateSUSPENDED},
	"resume":       {[]tenant.State{tenant.StateSUSPENDED, tenant.StateSCHEDULED_FOR_DELETION}, tenant.StateAPPROVED},
	"schedule_for_deletion": {[]tenant.State{tenant.StatePENDING, tenant.StateAPPROVED, tenant.StateREJECTED, tenant.StateSUSPENDED},
		tenant.StateSCHEDULED_FOR_DELETION},
}

// Event moves a provider tenant by one of Events. Only an approved tenant
// serves: suspending or scheduling a tenant for deletion stops its team's
// logins, its tokens and provider key, and its gateways' answers at once
// (the decision plane reloads the tenant on commit); its data is kept until
// the purge, 15 days after it was scheduled for deletion.
func (s *Service) Event(ctx context.Context, id int, event string) (*ent.Tenant, error) {
	var out *ent.Tenant
	err := store.InTx(viewer.SystemContext(ctx), s.cfg.Client, func(ctx context.Context, c *ent.Client) error {
		t, err := s.Get(ctx, id)
		if err != nil {
			return err
		}
		out, err = s.transition(ctx, c, t, event)
		return err
	})
	return out, err
}

func (s *Service) transition(ctx context.Context, c *ent.Client, t *ent.Tenant, event string) (*ent.Tenant, error) {
	e, ok := Events[event]
	if !ok {
		return nil, problem.Invalid("state_event", "%q is not a provider state event: use make_pending, approve, reject, suspend or resume", event)
	}
	if t.Master {
		return nil, problem.Forbidden("the master account has no state events")
	}
	from := false
	for _, st := range e.From {
		from = from || st == t.State
	}
	if !from {
		return nil, &problem.Error{Kind: problem.KindConflict, Field: "state",
			Message: fmt.Sprintf("cannot %s a provider that is %s", strings.ReplaceAll(event, "_", " "), stateWord(t.State))}
	}
	return c.Tenant.UpdateOne(t).SetState(e.To).SetStateChangedAt(s.cfg.Now()).Save(ctx)
}

// stateWord is a state as a sentence says it: "scheduled for deletion".
func stateWord(st tenant.State) string {
	return strings.ToLower(strings.ReplaceAll(string(st), "_", " "))
}

// domainsFree refuses domains another tenant (not except) uses as its admin
// or developer domain.
func (s *Service) domainsFree(ctx context.Context, c *ent.Client, except int, domains ...string) error {
	for _, d := range domains {
		used, err := c.Tenant.Query().Where(tenant.IDNEQ(except),
			tenant.Or(tenant.AdminDomain(d), tenant.DeveloperDomain(d))).Exist(ctx)
		if err != nil {
			return err
		}
		if used {
			return fmt.Errorf("%s is already used by another tenant", d)
		}
	}
	return nil
}

// checkUser refuses a username or email a team user cannot have.
func checkUser(username, email string) error {
	switch {
	case username == "":
		return problem.Invalid("username", "can't be blank")
	case len(username) > 255 || strings.ContainsFunc(username, unicode.IsSpace):
		return problem.Invalid("username", "must be at most 255 characters, without spaces")
	case email == "":
		return problem.Invalid("email", "can't be blank")
	}
	if a, err := netmail.ParseAddress(email); err != nil || a.Address != email || len(email) > 255 {
		return problem.Invalid("email", "should look like an email address")
	}
	return nil
}
