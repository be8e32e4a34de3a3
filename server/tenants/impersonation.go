package tenants

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/auditentry"
	"github.com/portico-apim/portico/ent/invitation"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/usagebucket"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// Impersonation is a link that opens a provider's admin portal as one of
// its admins.
type Impersonation struct {
	URL string
	// Username is the admin's the session acts as.
	Username  string
	ExpiresAt time.Time
}

// Impersonate opens a session of the provider's first active admin for the
// master user ctx carries and returns the link that claims it, on the
// provider's admin domain with the scheme and port of origin (the
// master's own address). The audit log records it in the provider's log;
// every change made in the session names the master user too.
func (s *Service) Impersonate(ctx context.Context, id int, origin string) (*Impersonation, error) {
	master := viewer.FromContext(ctx)
	if master == nil || !master.Master || master.UserID == 0 {
		return nil, problem.Forbidden("only users of the master account impersonate providers")
	}
	var out *Impersonation
	err := store.InTx(viewer.SystemContext(ctx), s.cfg.Client, func(ctx context.Context, c *ent.Client) error {
		t, err := s.Get(ctx, id)
		if err != nil {
			return err
		}
		if t.State != tenant.StateAPPROVED {
			return &problem.Error{Kind: problem.KindConflict, Field: "state",
				Message: fmt.Sprintf("%s is %s: only an approved provider can be impersonated", t.OrgName, stateWord(t.State))}
		}
		admin, err := c.User.Query().Where(user.TenantID(t.ID), user.AccountIDIsNil(), user.RoleEQ(user.RoleADMIN),
			user.StateEQ(user.StateACTIVE)).Order(ent.Asc(user.FieldID)).First(ctx)
		if ent.IsNotFound(err) {
			return problem.Conflict("%s has no active admin to impersonate", t.OrgName)
		}
		if err != nil {
			return err
		}
		me, err := c.User.Get(ctx, master.UserID)
		if err != nil {
			return err
		}
		token, expires, err := s.cfg.Auth.Impersonate(ctx, admin, viewer.Impersonator{UserID: me.ID, Username: me.Username})
		if err != nil {
			return err
		}
		link, err := impersonationURL(origin, t.AdminDomain, token)
		if err != nil {
			return err
		}
		if err := c.AuditEntry.Create().SetTenantID(t.ID).SetCreatedAt(s.cfg.Now()).SetActorUserID(me.ID).SetActor(me.Username).
			SetActorTenant("master").SetAction(auditentry.ActionIMPERSONATE).
			SetObjectType(ent.TypeUser).SetObjectID(admin.ID).SetClientIP(clientIP(ctx)).Exec(ctx); err != nil {
			return err
		}
		out = &Impersonation{URL: link, Username: admin.Username, ExpiresAt: expires}
		return nil
	})
	return out, err
}

// impersonationURL is the claim link on the provider's admin domain, with
// origin's scheme and port.
func impersonationURL(origin, domain, token string) (string, error) {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		u = &url.URL{Scheme: "http"}
	}
	host := domain
	if port := u.Port(); port != "" {
		host = net.JoinHostPort(domain, port)
	}
	link := url.URL{Scheme: u.Scheme, Host: host, Path: "/auth/impersonate", RawQuery: url.Values{"token": {token}}.Encode()}
	return link.String(), nil
}

// clientIP is the address of the request ctx serves, or "".
func clientIP(ctx context.Context) string {
	if addr := auth.ClientIP(ctx); addr.IsValid() {
		return addr.String()
	}
	return ""
}

// Stats are what a provider holds, for the master portal.
type Stats struct {
	Accounts, Applications, Users, PendingInvitations int
	// HitsLast30Days are the hits reported over the last 30 days.
	HitsLast30Days int64
}

// Stats counts a provider's accounts, applications, team users, pending
// invitations and the hits of the last 30 days (daily buckets).
func (s *Service) Stats(ctx context.Context, id int) (*Stats, error) {
	sys := viewer.SystemContext(ctx)
	c := s.cfg.Client
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	var (
		out Stats
		err error
	)
	if out.Accounts, err = c.Account.Query().Where(account.TenantID(id)).Count(sys); err != nil {
		return nil, err
	}
	if out.Applications, err = c.Application.Query().Where(application.TenantID(id)).Count(sys); err != nil {
		return nil, err
	}
	if out.Users, err = c.User.Query().Where(user.TenantID(id), user.AccountIDIsNil()).Count(sys); err != nil {
		return nil, err
	}
	if out.PendingInvitations, err = c.Invitation.Query().Where(invitation.TenantID(id), invitation.AcceptedAtIsNil(),
		invitation.RevokedAtIsNil(), invitation.ExpiresAtGT(s.cfg.Now())).Count(sys); err != nil {
		return nil, err
	}
	var sums []struct {
		Sum *int64 `json:"sum"` // NULL without buckets
	}
	day := s.cfg.Now().UTC().Truncate(24 * time.Hour)
	err = c.UsageBucket.Query().Where(usagebucket.TenantID(id), usagebucket.GranularityEQ(usagebucket.GranularityDAY),
		usagebucket.StartGTE(day.AddDate(0, 0, -29)), usagebucket.HasMetricWith(metric.SystemName("hits"))).
		Aggregate(ent.Sum(usagebucket.FieldValue)).Scan(sys, &sums)
	if err != nil {
		return nil, err
	}
	if len(sums) == 1 && sums[0].Sum != nil {
		out.HitsLast30Days = *sums[0].Sum
	}
	return &out, nil
}

// Users are a provider's team users, admins first.
func (s *Service) Users(ctx context.Context, id int) ([]*ent.User, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	return s.cfg.Client.User.Query().Where(user.TenantID(id), user.AccountIDIsNil()).
		Order(ent.Asc(user.FieldRole), ent.Asc(user.FieldID)).All(viewer.SystemContext(ctx))
}
