// Package viewer carries the principal of a request (a team user, an access
// token, or the system) through context. The auth middleware is its only
// writer; everything else reads it through FromContext.
package viewer

import "context"

// Role of a team user inside its tenant.
type Role string

const (
	RoleAdmin  Role = "admin"
	RoleMember Role = "member"
)

// Scope of an access token (3scale's names).
type Scope string

const (
	ScopeAccountManagement Scope = "account_management"
	ScopeStats             Scope = "stats"
	ScopeFinance           Scope = "finance"
	ScopePolicyRegistry    Scope = "policy_registry"
)

// Section is an area of the admin portal a team member may be allowed.
type Section string

// The sections (3scale's admin sections).
const (
	SectionPartners       Section = "partners"        // developer accounts, applications, subscriptions, messages
	SectionPlans          Section = "plans"           // integration, plans, limits, pricing, metrics, backends
	SectionMonitoring     Section = "monitoring"      // analytics
	SectionFinance        Section = "finance"         // billing
	SectionSettings       Section = "settings"        // settings, webhooks, field definitions
	SectionPortal         Section = "portal"          // developer portal
	SectionPolicyRegistry Section = "policy_registry" // custom policies
)

// Token describes the access token a request was authenticated with.
type Token struct {
	ID       int
	Scopes   []Scope
	ReadOnly bool
}

// HasScope reports whether the token carries s.
func (t *Token) HasScope(s Scope) bool {
	for _, have := range t.Scopes {
		if have == s {
			return true
		}
	}
	return false
}

// Viewer is who is acting. A nil *Viewer means nobody is authenticated.
type Viewer struct {
	TenantID int
	UserID   int
	Role     Role
	// Token is set when the request came with an access token rather than a
	// session.
	Token *Token
	// Master is set for users of the master account.
	Master bool
	// Sections are a member's areas (admins have all).
	Sections []Section
	// ProductIDs limits a member to these products; nil means all.
	ProductIDs []int
	// Developer is set while a developer-facing operation (signup, a
	// developer's reply or plan change request) acts for a developer user.
	Developer *Developer
	// Caller is, for the system acting on someone's request (a master's
	// Master API call, a signup), the viewer who asked: the actor the audit
	// log names.
	Caller *Viewer
	// Impersonator is set while a master user acts as this user (a
	// session opened by impersonation): the audit log names both.
	Impersonator *Impersonator
	// system marks the explicit, grep-able bypass used by bootstrap and jobs.
	system bool
}

// Impersonator is the master user behind an impersonation session.
type Impersonator struct {
	UserID   int
	Username string
}

// Developer is the developer user a developer-facing operation acts for.
type Developer struct {
	AccountID int
	UserID    int
}

// AsDeveloper returns ctx acting for developer user userID of account
// accountID (0 while the signup creates them), with the rights of ctx's
// viewer: developer-facing operations are called by the developer portal or
// a provisioning script holding a provider credential.
func AsDeveloper(ctx context.Context, accountID, userID int) context.Context {
	v := FromContext(ctx)
	if v == nil {
		return ctx
	}
	cp := *v
	cp.Developer = &Developer{AccountID: accountID, UserID: userID}
	return NewContext(ctx, &cp)
}

// IsSystem reports whether v bypasses tenant scoping.
func (v *Viewer) IsSystem() bool { return v != nil && v.system }

// CanWrite reports whether the viewer may change data: read-only tokens may not.
func (v *Viewer) CanWrite() bool {
	if v == nil {
		return false
	}
	return v.system || v.Token == nil || !v.Token.ReadOnly
}

// Has reports whether the viewer may work in section s.
func (v *Viewer) Has(s Section) bool {
	if v == nil {
		return false
	}
	if v.system || v.Role == RoleAdmin {
		return true
	}
	for _, have := range v.Sections {
		if have == s {
			return true
		}
	}
	return false
}

// ProductScope returns the products the viewer is limited to, and whether
// it is limited at all (admins and the system are not).
func (v *Viewer) ProductScope() ([]int, bool) {
	if v == nil || v.system || v.Role == RoleAdmin || v.ProductIDs == nil {
		return nil, false
	}
	return v.ProductIDs, true
}

// IsAdmin reports whether the viewer is a tenant admin (or the system).
func (v *Viewer) IsAdmin() bool { return v != nil && (v.system || v.Role == RoleAdmin) }

type ctxKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer of ctx, or nil.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}

// SystemContext returns ctx acting as the system: no tenant scoping. Only
// bootstrap, migrations, the decision-plane loader and background jobs use it.
func SystemContext(ctx context.Context) context.Context {
	return NewContext(ctx, &Viewer{system: true, Caller: callerOf(ctx)})
}

// TenantSystemContext returns ctx acting as the system inside one tenant:
// reads and writes are scoped to tenantID but no user rights apply.
func TenantSystemContext(ctx context.Context, tenantID int) context.Context {
	return NewContext(ctx, &Viewer{TenantID: tenantID, Role: RoleAdmin, Caller: callerOf(ctx)})
}

// callerOf is the user ctx acts for, through any system contexts, or nil.
func callerOf(ctx context.Context) *Viewer {
	v := FromContext(ctx)
	for v != nil && v.UserID == 0 {
		v = v.Caller
	}
	return v
}

// Actor is the user a change is made by or for: the viewer when it is a
// user, else the user who asked the system to act (see Caller); nil for the
// system alone (jobs, bootstrap).
func Actor(ctx context.Context) *Viewer { return callerOf(ctx) }
