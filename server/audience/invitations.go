package audience

import (
	"context"
	"fmt"
	netmail "net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/fielddefinition"
	"github.com/portico-apim/portico/ent/invitation"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
)

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 7 * 24 * time.Hour

// Sessions logs in a user who has proved who they are, and ends a user's
// sessions.
type Sessions interface {
	StartSession(ctx context.Context, u *ent.User) (*auth.Tokens, error)
	// EndSessions ends every session of the user but the login keep (0 for
	// none), in the caller's transaction.
	EndSessions(ctx context.Context, userID, keep int) error
}

// InvitationStatus is where an invitation stands.
type InvitationStatus string

const (
	InvitationPending  InvitationStatus = "PENDING"
	InvitationAccepted InvitationStatus = "ACCEPTED"
	InvitationExpired  InvitationStatus = "EXPIRED"
	InvitationRevoked  InvitationStatus = "REVOKED"
)

// StatusOf says where an invitation stands now.
func (s *Service) StatusOf(inv *ent.Invitation) InvitationStatus {
	switch {
	case inv.AcceptedAt != nil:
		return InvitationAccepted
	case inv.RevokedAt != nil:
		return InvitationRevoked
	case !s.now().Before(inv.ExpiresAt):
		return InvitationExpired
	}
	return InvitationPending
}

// Invite asks someone by email to join the viewer's team as a member. The
// email carries a one-time link to baseURL/accept-invitation, valid for
// InvitationTTL; only the token's digest is stored. Only admins invite.
func (s *Service) Invite(ctx context.Context, email, baseURL string) (*ent.Invitation, error) {
	v := viewer.FromContext(ctx)
	if !v.IsAdmin() || v.TenantID == 0 {
		return nil, problem.Forbidden("only admins invite users")
	}
	email = strings.TrimSpace(email)
	if a, err := netmail.ParseAddress(email); err != nil || a.Address != email {
		return nil, problem.Invalid("email", "is not an email address")
	}
	var out *ent.Invitation
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		taken, err := c.User.Query().Where(user.EmailEqualFold(email)).Exist(ctx)
		if err != nil {
			return err
		}
		if taken {
			return &problem.Error{Kind: problem.KindConflict, Field: "email", Message: "a user with this email already exists"}
		}
		pending, err := c.Invitation.Query().Where(invitation.AccountIDIsNil(), invitation.EmailEqualFold(email),
			invitation.AcceptedAtIsNil(), invitation.RevokedAtIsNil(), invitation.ExpiresAtGT(s.now())).Exist(ctx)
		if err != nil {
			return err
		}
		if pending {
			return &problem.Error{Kind: problem.KindConflict, Field: "email", Message: "this email already has a pending invitation: resend it instead"}
		}
		token := secret.Token()
		create := c.Invitation.Create().SetEmail(email).SetTokenHash(secret.Digest(token)).
			SetSentAt(s.now()).SetExpiresAt(s.now().Add(InvitationTTL))
		if v.UserID != 0 {
			create.SetInvitedByID(v.UserID)
		}
		inv, err := create.Save(ctx)
		if err != nil {
			return err
		}
		if err := s.sendInvitation(ctx, c, inv, token, baseURL); err != nil {
			return err
		}
		out = inv
		return nil
	})
	return out, err
}

// ResendInvitation sends a pending or expired invitation again with a new
// link valid for InvitationTTL; the old link stops working. A team
// invitation's link leads to baseURL/accept-invitation, a developer
// account's to the developer portal, as InviteDeveloper sends them.
func (s *Service) ResendInvitation(ctx context.Context, id int, baseURL string) (*ent.Invitation, error) {
	if !viewer.FromContext(ctx).IsAdmin() {
		return nil, problem.Forbidden("only admins resend invitations")
	}
	var out *ent.Invitation
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		inv, err := c.Invitation.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "invitation %d not found", id)
		}
		switch s.StatusOf(inv) {
		case InvitationAccepted:
			return problem.Conflict("this invitation has already been accepted")
		case InvitationRevoked:
			return problem.Conflict("this invitation was revoked: invite the person again")
		}
		token := secret.Token()
		inv, err = c.Invitation.UpdateOneID(id).Where(invitation.AcceptedAtIsNil(), invitation.RevokedAtIsNil()).
			SetTokenHash(secret.Digest(token)).SetSentAt(s.now()).SetExpiresAt(s.now().Add(InvitationTTL)).Save(ctx)
		if err != nil {
			return problem.NotFoundIf(err, "invitation %d not found", id)
		}
		send := s.sendInvitation
		if inv.AccountID != nil {
			send = s.sendDeveloperInvitation
		}
		if err := send(ctx, c, inv, token, baseURL); err != nil {
			return err
		}
		out = inv
		return nil
	})
	return out, err
}

// RevokeInvitation makes a pending or expired invitation's link stop
// working.
func (s *Service) RevokeInvitation(ctx context.Context, id int) (*ent.Invitation, error) {
	if !viewer.FromContext(ctx).IsAdmin() {
		return nil, problem.Forbidden("only admins revoke invitations")
	}
	var out *ent.Invitation
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		inv, err := c.Invitation.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "invitation %d not found", id)
		}
		switch s.StatusOf(inv) {
		case InvitationAccepted:
			return problem.Conflict("this invitation has already been accepted: suspend or delete the user instead")
		case InvitationRevoked:
			return problem.Conflict("this invitation was already revoked")
		}
		out, err = c.Invitation.UpdateOneID(id).Where(invitation.AcceptedAtIsNil(), invitation.RevokedAtIsNil()).
			SetRevokedAt(s.now()).Save(ctx)
		return problem.NotFoundIf(err, "invitation %d not found", id)
	})
	return out, err
}

// Acceptance is what the invited person fills in.
type Acceptance struct {
	Token     string
	Username  string
	Password  string
	FirstName string
	LastName  string
}

// InvitationPasswordPolicy is the password policy the user accepting the
// team invitation of token will be held to, for the acceptance form; an
// unknown token is NOT_FOUND. It needs no viewer.
func (s *Service) InvitationPasswordPolicy(ctx context.Context, token string) (password.Policy, error) {
	sys := viewer.SystemContext(ctx)
	inv, err := s.client.Invitation.Query().Where(invitation.TokenHash(secret.Digest(token))).Only(sys)
	if ent.IsNotFound(err) || (err == nil && inv.AccountID != nil) {
		return password.Policy{}, problem.NotFound("this invitation link is not valid: it may have been replaced by a newer one")
	}
	if err != nil {
		return password.Policy{}, err
	}
	t, err := s.client.Tenant.Get(sys, inv.TenantID)
	if err != nil {
		return password.Policy{}, err
	}
	return s.TeamPasswords(t), nil
}

// AcceptInvitation turns a team invitation into a member of the team with
// no areas until an admin grants them (signup type INVITATION), under the
// tenant's password policy, and logs the new member in. It needs no viewer:
// the token is the credential, good once and until it expires.
func (s *Service) AcceptInvitation(ctx context.Context, a Acceptance) (*auth.Tokens, error) {
	if s.sessions == nil {
		return nil, fmt.Errorf("audience: no sessions configured")
	}
	var out *auth.Tokens
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		inv, err := c.Invitation.Query().Where(invitation.TokenHash(secret.Digest(a.Token))).Only(sys)
		if ent.IsNotFound(err) || (err == nil && inv.AccountID != nil) {
			return problem.NotFound("this invitation link is not valid: it may have been replaced by a newer one")
		}
		if err != nil {
			return err
		}
		switch s.StatusOf(inv) {
		case InvitationAccepted:
			return problem.Conflict("this invitation has already been accepted: log in instead")
		case InvitationRevoked:
			return problem.Conflict("this invitation was revoked")
		case InvitationExpired:
			return problem.Conflict("this invitation expired on %s: ask an admin to send it again", inv.ExpiresAt.UTC().Format("2006-01-02 15:04 MST"))
		}
		t, err := c.Tenant.Query().Where(tenant.ID(inv.TenantID)).Only(sys)
		if err != nil {
			return err
		}
		if err := auth.TenantOpen(t); err != nil {
			return err
		}
		taken, err := c.User.Query().Where(user.TenantID(inv.TenantID), user.EmailEqualFold(inv.Email)).Exist(sys)
		if err != nil {
			return err
		}
		if taken {
			return problem.Conflict("a user with this email already exists: log in instead")
		}
		username := strings.TrimSpace(a.Username)
		if username == "" {
			return problem.Invalid("username", "must not be empty")
		}
		if err := s.TeamPasswords(t).Check(a.Password); err != nil {
			return problem.Invalid("password", "%v", err)
		}
		hash, err := password.Hash(a.Password)
		if err != nil {
			return err
		}
		// The system acts inside the invitation's tenant: the token stood
		// in for an admin's approval.
		tctx := viewer.TenantSystemContext(ctx, inv.TenantID)
		u, err := c.User.Create().SetUsername(username).SetEmail(inv.Email).
			SetFirstName(strings.TrimSpace(a.FirstName)).SetLastName(strings.TrimSpace(a.LastName)).
			SetRole(user.RoleMEMBER).SetSections([]viewer.Section{}).SetAllProducts(false).SetProductIds([]int{}).
			SetSignupType(user.SignupTypeINVITATION).SetPasswordHash(hash).Save(tctx)
		if err != nil {
			return err
		}
		n, err := c.Invitation.Update().Where(invitation.ID(inv.ID), invitation.AcceptedAtIsNil(), invitation.RevokedAtIsNil()).
			SetAcceptedAt(s.now()).SetUserID(u.ID).Save(tctx)
		if err != nil {
			return err
		}
		if n != 1 {
			return problem.Conflict("this invitation has already been accepted: log in instead")
		}
		out, err = s.sessions.StartSession(tctx, u)
		return err
	})
	return out, err
}

// sendInvitation queues the invitation email with its link.
func (s *Service) sendInvitation(ctx context.Context, c *ent.Client, inv *ent.Invitation, token, baseURL string) error {
	if s.mail == nil {
		return fmt.Errorf("audience: no mailer configured")
	}
	t, err := c.Tenant.Query().Where(tenant.ID(inv.TenantID)).Only(viewer.SystemContext(ctx))
	if err != nil {
		return err
	}
	inviter := "An admin"
	if inv.InvitedByID != nil {
		if u, err := c.User.Get(ctx, *inv.InvitedByID); err == nil {
			inviter = strings.TrimSpace(u.FirstName + " " + u.LastName)
			if inviter == "" {
				inviter = u.Username
			}
		}
	}
	_, err = s.mail.EnqueueTemplate(ctx, c, inv.TenantID, inv.Email, emailTeamInvitation, TeamInvitationEmail{
		Inviter: inviter, OrgName: t.OrgName, ExpiresAt: inv.ExpiresAt.UTC().Format(invitationExpiry),
		AcceptURL: strings.TrimRight(baseURL, "/") + "/accept-invitation?token=" + url.QueryEscape(token),
	})
	return err
}

// InviteDeveloper asks someone by email to join developer account
// accountID (as its admin when it has none; see AcceptDeveloperInvitation).
// The email carries a one-time link to the developer portal (the tenant's
// developer domain, else baseURL) valid for InvitationTTL; only the token's
// digest is stored.
func (s *Service) InviteDeveloper(ctx context.Context, accountID int, email, baseURL string) (*ent.Invitation, error) {
	email = strings.TrimSpace(email)
	if a, err := netmail.ParseAddress(email); err != nil || a.Address != email {
		return nil, problem.Invalid("email", "is not an email address")
	}
	if s.mail == nil {
		return nil, fmt.Errorf("audience: no mailer configured")
	}
	var out *ent.Invitation
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if _, err := c.Account.Get(ctx, accountID); err != nil {
			return problem.NotFoundIf(err, "account %d not found", accountID)
		}
		taken, err := c.User.Query().Where(user.EmailEqualFold(email)).Exist(ctx)
		if err != nil {
			return err
		}
		if taken {
			return &problem.Error{Kind: problem.KindConflict, Field: "email", Message: "a user with this email already exists"}
		}
		pending, err := c.Invitation.Query().Where(invitation.AccountID(accountID), invitation.EmailEqualFold(email),
			invitation.AcceptedAtIsNil(), invitation.RevokedAtIsNil(), invitation.ExpiresAtGT(s.now())).Exist(ctx)
		if err != nil {
			return err
		}
		if pending {
			return &problem.Error{Kind: problem.KindConflict, Field: "email", Message: "this email already has a pending invitation to this account"}
		}
		token := secret.Token()
		create := c.Invitation.Create().SetAccountID(accountID).SetEmail(email).SetTokenHash(secret.Digest(token)).
			SetSentAt(s.now()).SetExpiresAt(s.now().Add(InvitationTTL))
		if v := viewer.FromContext(ctx); v != nil && v.UserID != 0 {
			create.SetInvitedByID(v.UserID)
		}
		if out, err = create.Save(ctx); err != nil {
			return err
		}
		return s.sendDeveloperInvitation(ctx, c, out, token, baseURL)
	})
	return out, err
}

// sendDeveloperInvitation queues the email of an invitation to a developer
// account, with its link to the developer portal (the tenant's developer
// domain, else baseURL).
func (s *Service) sendDeveloperInvitation(ctx context.Context, c *ent.Client, inv *ent.Invitation, token, baseURL string) error {
	if s.mail == nil {
		return fmt.Errorf("audience: no mailer configured")
	}
	acc, err := c.Account.Get(ctx, *inv.AccountID)
	if err != nil {
		return problem.NotFoundIf(err, "account %d not found", *inv.AccountID)
	}
	t, err := c.Tenant.Query().Where(tenant.ID(inv.TenantID)).Only(ctx)
	if err != nil {
		return err
	}
	base := strings.TrimRight(baseURL, "/")
	if t.DeveloperDomain != "" {
		base = "https://" + t.DeveloperDomain
	}
	_, err = s.mail.EnqueueTemplate(ctx, c, inv.TenantID, inv.Email, emailDeveloperInvitation, DeveloperInvitationEmail{
		AccountName: acc.OrgName, OrgName: t.OrgName, ExpiresAt: inv.ExpiresAt.UTC().Format(invitationExpiry),
		AcceptURL: base + "/signup?invitation_token=" + url.QueryEscape(token),
	})
	return err
}

// DeveloperAcceptance is what a person invited to a developer account fills
// in on the developer portal.
type DeveloperAcceptance struct {
	Token    string
	Username string
	Password string
	// UserFields holds the other user fields by name: first_name, last_name
	// or defined extra fields.
	UserFields Fields
}

// AcceptDeveloperInvitation turns an invitation to a developer account into
// an active user of that account (signup type INVITATION): a member, or its
// admin when the account has no active admin yet; in one transaction. The
// token works once, until the invitation expires and unless it was revoked;
// the tenant's password policy and the user field definitions apply as to
// developers; the invitation is marked accepted; and the user.created event
// names the new developer as its actor. It is developer-facing: the
// developer portal calls it with a provider credential, and only invitations
// of that credential's tenant are found.
func (s *Service) AcceptDeveloperInvitation(ctx context.Context, a DeveloperAcceptance) (*DeveloperUser, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.TenantID == 0 {
		return nil, problem.Unauthenticated("authentication required")
	}
	var out *DeveloperUser
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		// Invitations are admins' records: the token stands in for the admin
		// who sent it, inside the credential's tenant only.
		tctx := viewer.TenantSystemContext(ctx, v.TenantID)
		inv, err := c.Invitation.Query().Where(invitation.TokenHash(secret.Digest(a.Token)), invitation.AccountIDNotNil()).Only(tctx)
		if ent.IsNotFound(err) || (err == nil && inv.AcceptedAt != nil) {
			return problem.NotFound("this invitation link is not valid: it is unknown or was used already")
		}
		if err != nil {
			return err
		}
		switch s.StatusOf(inv) {
		case InvitationRevoked:
			return problem.Conflict("this invitation was revoked")
		case InvitationExpired:
			return problem.Conflict("this invitation expired on %s: ask to be invited again", inv.ExpiresAt.UTC().Format("2006-01-02 15:04 MST"))
		}
		accountID := *inv.AccountID
		ctx = viewer.AsDeveloper(ctx, accountID, 0)
		if _, err := c.Account.Get(ctx, accountID); err != nil {
			return problem.NotFoundIf(err, "account %d not found", accountID)
		}
		taken, err := c.User.Query().Where(user.EmailEqualFold(inv.Email)).Exist(tctx)
		if err != nil {
			return err
		}
		if taken {
			return problem.Conflict("a user with this email already exists: log in instead")
		}
		values := Fields{"username": strings.TrimSpace(a.Username), "email": inv.Email}
		for k, val := range a.UserFields {
			switch k {
			case "username", "password":
				return problem.Invalid(k, "is given on its own, not among the fields")
			case "email":
				return problem.Invalid(k, "is the invited address and cannot be changed")
			}
			values[k] = val
		}
		if values["username"] == "" {
			return problem.Invalid("username", "must not be empty")
		}
		defs, err := definitions(ctx, c, fielddefinition.TargetUSER)
		if err != nil {
			return err
		}
		if err := checkFields(defs, fielddefinition.TargetUSER, values, byDeveloper, true); err != nil {
			return err
		}
		t, err := c.Tenant.Get(ctx, v.TenantID)
		if err != nil {
			return err
		}
		if err := DeveloperPasswords(t).Check(a.Password); err != nil {
			return problem.Invalid("password", "%v", err)
		}
		taken, err = c.User.Query().Where(user.Username(values["username"])).Exist(tctx)
		if err != nil {
			return err
		}
		if taken {
			return &problem.Error{Kind: problem.KindConflict, Field: "username", Message: "is already taken"}
		}
		hash, err := password.Hash(a.Password)
		if err != nil {
			return err
		}
		// An account without an active admin (one signed up in the console
		// with its admin invited) gets one in whoever accepts first.
		role := user.RoleMEMBER
		hasAdmin, err := c.User.Query().Where(user.AccountID(accountID), user.RoleEQ(user.RoleADMIN), user.StateEQ(user.StateACTIVE)).Exist(tctx)
		if err != nil {
			return err
		}
		if !hasAdmin {
			role = user.RoleADMIN
		}
		create := c.User.Create().SetAccountID(accountID).SetRole(role).SetState(user.StateACTIVE).
			SetSignupType(user.SignupTypeINVITATION).SetPasswordHash(hash)
		applyUserFields(create.Mutation(), nil, values)
		u, err := create.Save(ctx)
		if err != nil {
			return err
		}
		n, err := c.Invitation.Update().Where(invitation.ID(inv.ID), invitation.AcceptedAtIsNil(), invitation.RevokedAtIsNil()).
			SetAcceptedAt(s.now()).SetUserID(u.ID).Save(tctx)
		if err != nil {
			return err
		}
		if n != 1 {
			return problem.NotFound("this invitation link is not valid: it is unknown or was used already")
		}
		out = &DeveloperUser{User: u, Fields: visible(defs, fielddefinition.TargetUSER, userFields(u))}
		return nil
	})
	return out, err
}
