package compat

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/tenants"
)

// The Master API's providers (spec §2.16): the master account signs
// tenants up, reads, changes and schedules them for deletion, and starts
// their billing runs. Answers default to JSON; .xml answers XML.

type signupRep struct {
	Account     providerRep `json:"account" xml:"account"`
	AccessToken *tokenRep   `json:"access_token,omitempty" xml:"access_token,omitempty"`
}

// signupOf is a provider as the Master API shows it; the access token only
// in the answer to its creation.
func (c *Call) signupOf(t *tenants.Created) signupRep {
	rep := signupRep{Account: c.providerOf(t.Tenant)}
	rep.Account.Links = nil
	if t.Token != nil {
		tok := c.tokenOf(t.Token, t.TokenValue)
		rep.AccessToken = &tok
	}
	return rep
}

// userFields are the signup parameters about the admin user; errors about
// them are listed under "user", the others under "account".
var userFields = map[string]bool{"username": true, "email": true, "password": true}

// signupError files a validation error under "user" or "account", as
// 3scale's provider signup lists them.
func signupError(err error) error {
	var p *problem.Error
	if !errors.As(err, &p) || p.Kind != problem.KindInvalid || p.Field == "" {
		return err
	}
	group := "account"
	if userFields[p.Field] {
		group = "user"
	}
	return &problem.Error{Kind: problem.KindInvalid, Field: group, Message: humanize(p.Field) + " " + p.Message, Err: err}
}

// CreateTenant signs a provider up: the tenant, its admin user and its
// Administration access token, whose value this answer alone shows.
// POST /master/api/providers
func (a *API) CreateTenant(c *Call) error {
	p, err := c.Params("")
	if err != nil {
		return err
	}
	if err := refuseUnsupported(p); err != nil {
		return err
	}
	created, err := a.tenants.Create(c.Context(), tenants.Signup{
		OrgName: p.Text("org_name"), Username: p.Text("username"), Email: p.Text("email"), Password: p.Text("password"),
		FromEmail: p.Text("from_email"), SupportEmail: p.Text("support_email"), Event: p.Text("state_event"),
	})
	if err != nil {
		return signupError(err)
	}
	return c.created("signup", c.signupOf(created))
}

// ShowTenant reads a provider, also while it is scheduled for deletion.
// GET /master/api/providers/{id}
func (a *API) ShowTenant(c *Call) error {
	t, err := a.providerAt(c, "id")
	if err != nil {
		return err
	}
	return c.ok("signup", c.signupOf(&tenants.Created{Tenant: t}))
}

// UpdateTenant changes a provider's details, domains and state
// (state_event make_pending, approve, reject, suspend or resume); while it
// is scheduled for deletion only state_event is accepted.
// PUT /master/api/providers/{id}
func (a *API) UpdateTenant(c *Call) error {
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	p, err := c.Params("")
	if err != nil {
		return err
	}
	if err := refuseUnsupported(p); err != nil {
		return err
	}
	event := p.Text("state_event")
	if event == "schedule_for_deletion" {
		return problem.Invalid("state_event", "schedule a provider for deletion with DELETE /master/api/providers/%d", id)
	}
	t, err := a.tenants.Update(c.Context(), id, tenants.Update{
		OrgName: p.String("org_name"), FromEmail: p.String("from_email"), SupportEmail: p.String("support_email"),
		AdminDomain: p.String("admin_domain"), DeveloperDomain: p.String("domain"), Event: event,
	})
	if err != nil {
		return err
	}
	return c.ok("signup", c.signupOf(&tenants.Created{Tenant: t}))
}

// DeleteTenant schedules a provider for deletion: it stops serving at
// once and is purged 15 days later unless resumed (state_event=resume).
// DELETE /master/api/providers/{id}
func (a *API) DeleteTenant(c *Call) error {
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	if _, err := a.tenants.Event(c.Context(), id, "schedule_for_deletion"); err != nil {
		return err
	}
	c.RespondRaw(http.StatusOK, nil)
	return nil
}

// TenantBillingJob queues the billing run of a date for a provider's
// accounts, or one of them; 202 with no body.
// POST /master/api/providers/{id}/billing_jobs
// POST /master/api/providers/{id}/accounts/{account_id}/billing_jobs
func (a *API) TenantBillingJob(c *Call) error {
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	var accountID *int
	if c.R.PathValue("account_id") != "" {
		n, err := c.intPath("account_id")
		if err != nil {
			return err
		}
		accountID = &n
	}
	p, err := c.Params("")
	if err != nil {
		return err
	}
	date, err := p.required("date")
	if err != nil {
		return err
	}
	if _, err := a.tenants.Get(c.Context(), id); err != nil {
		return err
	}
	if err := a.billing.Enqueue(c.Context(), id, date, accountID); err != nil {
		return err
	}
	c.RespondRaw(http.StatusAccepted, nil)
	return nil
}

// PlanUpgrade moves a provider to one of the master's stock application
// plans. A self-managed installation has none, so every plan_id is unknown:
// 404, as 3scale answers a plan_id that is not a stock plan.
// PUT /master/api/providers/{id}/plan_upgrade
func (a *API) PlanUpgrade(c *Call) error {
	p, err := a.providerParams(c)
	if err != nil {
		return err
	}
	return c.refuse(http.StatusNotFound, fmt.Sprintf("Plan with ID %s not found: this installation has no master stock plans to upgrade a provider to", p.Text("plan_id")))
}

// ChangePartner sets a provider's partner and the master application plan
// it comes with. A self-managed installation has no partners nor master
// application plans, so the plan named is unknown: 404, as in 3scale.
// POST /master/api/providers/{id}/change_partner
func (a *API) ChangePartner(c *Call) error {
	p, err := a.providerParams(c)
	if err != nil {
		return err
	}
	return c.refuse(http.StatusNotFound, fmt.Sprintf("application plan %q not found: this installation has no partners nor master application plans", p.Text("application_plan")))
}

// DeleteTenantService is the hosted service's deletion of a provider's
// product by the master; a self-managed 3scale refuses it (403), and so
// does Portico: the provider deletes its products itself.
// DELETE /master/api/providers/{provider_id}/services/{id}
func (a *API) DeleteTenantService(c *Call) error {
	if _, err := a.providerAt(c, "provider_id"); err != nil {
		return err
	}
	return c.refuse(http.StatusForbidden, "the master does not delete a provider's products on a self-managed installation: the provider deletes it with DELETE /admin/api/services/"+c.R.PathValue("id"))
}

// providerAt reads the provider the path parameter name gives.
func (a *API) providerAt(c *Call, name string) (*ent.Tenant, error) {
	id, err := c.intPath(name)
	if err != nil {
		return nil, err
	}
	return a.tenants.Get(c.Context(), id)
}

// providerParams checks the path's provider ({id}) and reads the
// parameters.
func (a *API) providerParams(c *Call) (*Params, error) {
	if _, err := a.providerAt(c, "id"); err != nil {
		return nil, err
	}
	return c.Params("")
}

// refuse answers status with 3scale's single-error document, {"error": msg}.
func (c *Call) refuse(status int, msg string) error {
	writeBody(c.W, c.Format, status, errorBody(c.Format, msg))
	return nil
}
