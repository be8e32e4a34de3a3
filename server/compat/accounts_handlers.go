package compat

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/fielddefinition"
	"github.com/portico-apim/portico/ent/paymentprofile"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/audience"
	"github.com/portico-apim/portico/server/payments"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// Developer accounts, spec §2.1 and §3.1.

type billingAddress struct {
	Company     string `json:"company" xml:"company"`
	Address     string `json:"address" xml:"address"`
	Address1    string `json:"address1" xml:"address1"`
	Address2    string `json:"address2" xml:"address2"`
	PhoneNumber string `json:"phone_number" xml:"phone_number"`
	City        string `json:"city" xml:"city"`
	Country     string `json:"country" xml:"country"`
	State       string `json:"state" xml:"state"`
	Zip         string `json:"zip" xml:"zip"`
}

type accountRep struct {
	ID                     int                  `json:"id" xml:"id"`
	CreatedAt              string               `json:"created_at" xml:"created_at"`
	UpdatedAt              string               `json:"updated_at" xml:"updated_at"`
	CreditCardStored       bool                 `json:"credit_card_stored" xml:"-"`
	MonthlyBillingEnabled  bool                 `json:"monthly_billing_enabled" xml:"-"`
	MonthlyChargingEnabled bool                 `json:"monthly_charging_enabled" xml:"-"`
	CardPartialNumber      string               `json:"credit_card_partial_number,omitempty" xml:"-"`
	CardExpiresOn          string               `json:"credit_card_expires_on,omitempty" xml:"-"`
	State                  string               `json:"state" xml:"state"`
	Annotations            annotations          `json:"annotations" xml:"annotations"`
	OrgName                string               `json:"org_name" xml:"org_name"`
	VatCode                string               `json:"vat_code,omitempty" xml:"vat_code,omitempty"`
	VatRate                *string              `json:"vat_rate,omitempty" xml:"vat_rate,omitempty"`
	BillingAddress         *billingAddress      `json:"billing_address,omitempty" xml:"billing_address,omitempty"`
	Extra                  extraFields          `json:"-" xml:"extra_fields"`
	XMLBilling             bool                 `json:"-" xml:"monthly_billing_enabled"`
	XMLCharging            bool                 `json:"-" xml:"monthly_charging_enabled"`
	XMLCardStored          bool                 `json:"-" xml:"credit_card_stored"`
	XMLCardPartialNumber   string               `json:"-" xml:"credit_card_partial_number,omitempty"`
	XMLCardExpiresOn       string               `json:"-" xml:"credit_card_expires_on,omitempty"`
	Plans                  *plansElement        `json:"-" xml:"plans,omitempty"`
	Users                  *usersElement        `json:"-" xml:"users,omitempty"`
	Applications           *applicationsElement `json:"-" xml:"applications,omitempty"`
	Links                  []link               `json:"links" xml:"-"`
}

type plansElement struct {
	Items []planRep `xml:"plan"`
}

type usersElement struct {
	Items []userRep `xml:"user"`
}

type applicationsElement struct {
	Items []applicationRep `xml:"application"`
}

// extraFields are the values of extra fields: one child each in XML,
// top-level keys in JSON.
type extraFields map[string]string

func (x extraFields) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return annotations(x).MarshalXML(e, start)
}

// withExtra writes v as a JSON object followed by the extra fields that do
// not clash with its own keys.
func withExtra(v any, extra map[string]string, own map[string]bool) ([]byte, error) {
	b, err := jsonMarshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if !own[k] && extra[k] != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.Write(bytes.TrimSuffix(b, []byte("}")))
	for _, k := range keys {
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(extra[k])
		buf.WriteByte(',')
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

var accountKeys = map[string]bool{"id": true, "created_at": true, "updated_at": true, "state": true, "org_name": true,
	"annotations": true, "links": true, "vat_code": true, "vat_rate": true, "billing_address": true,
	"monthly_billing_enabled": true, "monthly_charging_enabled": true, "credit_card_stored": true,
	"credit_card_partial_number": true, "credit_card_expires_on": true}

func (r accountRep) MarshalJSON() ([]byte, error) {
	type plain accountRep
	return withExtra(plain(r), r.Extra, accountKeys)
}

func (c *Call) accountOf(a *ent.Account) accountRep {
	r := accountRep{ID: a.ID, CreatedAt: c.stamp(a.CreatedAt), UpdatedAt: c.stamp(a.UpdatedAt),
		State: strings.ToLower(string(a.State)), Annotations: annotations{}, OrgName: a.OrgName, VatCode: a.VatCode,
		Extra: extraFields(a.ExtraFields), MonthlyBillingEnabled: a.MonthlyBillingEnabled, MonthlyChargingEnabled: a.MonthlyChargingEnabled,
		XMLBilling: a.MonthlyBillingEnabled, XMLCharging: a.MonthlyChargingEnabled}
	if r.Extra == nil {
		r.Extra = extraFields{}
	}
	if a.VatRate != nil {
		s := a.VatRate.String()
		r.VatRate = &s
	}
	if len(a.BillingAddressParts) > 0 {
		p := a.BillingAddressParts
		r.BillingAddress = &billingAddress{Company: p["name"], Address1: p["address1"], Address2: p["address2"],
			Address: strings.TrimSpace(p["address1"] + "\n" + p["address2"]), PhoneNumber: p["phone"], City: p["city"],
			Country: p["country"], State: p["state"], Zip: p["zip"]}
	}
	base := "/admin/api/accounts/" + strconv.Itoa(a.ID)
	r.Links = []link{c.link("self", base), c.link("users", base+"/users")}
	return r
}

// cards returns the stored cards of accounts of one tenant by account id.
// Whether a card is stored is part of an account for every reader of
// accounts, not only for the finance area that manages cards.
func (a *API) cards(c *Call, tenantID int, ids ...int) (map[int]*ent.PaymentProfile, error) {
	profs, err := a.client.PaymentProfile.Query().Where(paymentprofile.AccountIDIn(ids...), payments.CardStored()).
		All(viewer.TenantSystemContext(c.Context(), tenantID))
	if err != nil {
		return nil, err
	}
	out := make(map[int]*ent.PaymentProfile, len(profs))
	for _, p := range profs {
		out[p.AccountID] = p
	}
	return out, nil
}

// accountFull adds the stored card and, in XML, the plans the account
// bought and its users.
func (a *API) accountFull(c *Call, acc *ent.Account) (accountRep, error) {
	reps, err := a.accountsFull(c, []*ent.Account{acc})
	if err != nil {
		return accountRep{}, err
	}
	return reps[0], nil
}

// accountsFull is accountFull for the accounts of one page (of one tenant),
// in a fixed number of queries.
func (a *API) accountsFull(c *Call, accs []*ent.Account) ([]accountRep, error) {
	reps := make([]accountRep, len(accs))
	if len(accs) == 0 {
		return reps, nil
	}
	ids := make([]int, len(accs))
	for i, acc := range accs {
		ids[i] = acc.ID
	}
	cards, err := a.cards(c, accs[0].TenantID, ids...)
	if err != nil {
		return nil, err
	}
	for i, acc := range accs {
		reps[i] = c.accountOf(acc)
		if card := cards[acc.ID]; card != nil {
			r := &reps[i]
			r.CreditCardStored, r.XMLCardStored = true, true
			if card.Last4 != nil {
				r.CardPartialNumber, r.XMLCardPartialNumber = *card.Last4, *card.Last4
			}
			if card.ExpMonth != nil && card.ExpYear != nil {
				// 3scale keeps the expiry as the first day of its month.
				on := fmt.Sprintf("%04d-%02d-01", *card.ExpYear, *card.ExpMonth)
				r.CardExpiresOn, r.XMLCardExpiresOn = on, on
			}
		}
	}
	if c.Format != XML {
		return reps, nil
	}
	ctx := c.Context()
	at := make(map[int]*accountRep, len(accs))
	for i, acc := range accs {
		reps[i].Users, reps[i].Plans = &usersElement{}, &plansElement{}
		at[acc.ID] = &reps[i]
	}
	users, err := a.client.User.Query().Where(user.AccountIDIn(ids...)).Order(ent.Asc(user.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if r := at[*u.AccountID]; r != nil {
			r.Users.Items = append(r.Users.Items, c.userOf(u))
		}
	}
	// The plans each bought, as 3scale lists its contracts: the account
	// plan, then service plans, then application plans, each once.
	seen := map[[2]int]bool{}
	add := func(account int, p *ent.Plan) {
		if r := at[account]; r != nil && p != nil && !seen[[2]int{account, p.ID}] {
			seen[[2]int{account, p.ID}] = true
			r.Plans.Items = append(r.Plans.Items, c.planOf(p))
		}
	}
	var planIDs []int
	for _, acc := range accs {
		if acc.PlanID != nil {
			planIDs = append(planIDs, *acc.PlanID)
		}
	}
	accountPlans, err := a.client.Plan.Query().Where(plan.IDIn(planIDs...)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int]*ent.Plan, len(accountPlans))
	for _, p := range accountPlans {
		byID[p.ID] = p
	}
	for _, acc := range accs {
		if acc.PlanID != nil {
			add(acc.ID, byID[*acc.PlanID])
		}
	}
	subs, err := a.client.ServiceSubscription.Query().Where(servicesubscription.AccountIDIn(ids...)).
		Order(ent.Asc(servicesubscription.FieldID)).WithPlan().All(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range subs {
		add(s.AccountID, s.Edges.Plan)
	}
	apps, err := a.client.Application.Query().Where(application.AccountIDIn(ids...)).
		Order(ent.Asc(application.FieldID)).WithPlan().All(ctx)
	if err != nil {
		return nil, err
	}
	for _, app := range apps {
		add(app.AccountID, app.Edges.Plan)
	}
	return reps, nil
}

func (a *API) account(c *Call, name string) (*ent.Account, error) {
	id, err := c.intPath(name)
	if err != nil {
		return nil, err
	}
	acc, err := a.client.Account.Get(c.Context(), id)
	if err != nil {
		return nil, problem.NotFoundIf(err, "account %d not found", id)
	}
	return acc, nil
}

func (a *API) respondAccount(c *Call, status int, acc *ent.Account) error {
	r, err := a.accountFull(c, acc)
	if err != nil {
		return err
	}
	return c.Respond(status, "account", r)
}

// Accounts lists developer accounts, optionally in one state.
// GET /admin/api/accounts
func (a *API) Accounts(c *Call) error {
	q := a.client.Account.Query().Order(ent.Asc(account.FieldID))
	if s := c.Param("state"); s != "" {
		st := account.State(strings.ToUpper(s))
		if account.StateValidator(st) != nil {
			return RespondList(c, "accounts", "account", []accountRep{}, nil)
		}
		q.Where(account.StateEQ(st))
	}
	accs, err := q.All(c.Context())
	if err != nil {
		return err
	}
	page, meta := Paginate(accs, c.Page)
	items, err := a.accountsFull(c, page)
	if err != nil {
		return err
	}
	return RespondList(c, "accounts", "account", items, meta)
}

// Account reads one developer account.
// GET /admin/api/accounts/{id}
func (a *API) Account(c *Call) error {
	acc, err := a.account(c, "id")
	if err != nil {
		return err
	}
	return a.respondAccount(c, 200, acc)
}

// FindAccount finds the account of a user by username, user_id or email.
// GET /admin/api/accounts/find
func (a *API) FindAccount(c *Call) error {
	q := a.client.User.Query().Where(user.AccountIDNotNil())
	switch {
	case c.Param("username") != "":
		q.Where(user.Username(c.Param("username")))
	case c.Param("user_id") != "":
		id, err := strconv.Atoi(c.Param("user_id"))
		if err != nil {
			return errNotFound
		}
		q.Where(user.ID(id))
	case c.Param("email") != "":
		q.Where(user.EmailEqualFold(c.Param("email")))
	default:
		return errNotFound
	}
	u, err := q.First(c.Context())
	if err != nil {
		return problem.NotFoundIf(err, "account not found")
	}
	acc, err := a.client.Account.Get(c.Context(), *u.AccountID)
	if err != nil {
		return problem.NotFoundIf(err, "account not found")
	}
	return a.respondAccount(c, 200, acc)
}

// accountFields reads the account attributes 3scale clients send: org_name,
// vat_code, vat_rate and billing_address (object or billing_address[k]).
func accountFields(p *Params) (org, vatCode, vatRate *string, parts map[string]string) {
	org, vatCode, vatRate = p.String("org_name"), p.String("vat_code"), p.String("vat_rate")
	if ba := p.Map("billing_address"); ba != nil {
		parts = map[string]string{}
		for k, v := range ba {
			switch k {
			case "company":
				k = "name"
			case "phone_number":
				k = "phone"
			case "address":
				continue
			}
			parts[k] = v
		}
	}
	return
}

// UpdateAccount changes a developer account.
// PUT /admin/api/accounts/{id}
func (a *API) UpdateAccount(c *Call) error {
	acc, err := a.account(c, "id")
	if err != nil {
		return err
	}
	p, err := c.Params("account")
	if err != nil {
		return err
	}
	org, vatCode, vatRate, parts := accountFields(p)
	in := ent.UpdateAccountInput{OrgName: org, VatCode: vatCode, BillingAddressParts: parts}
	if in.MonthlyBillingEnabled, err = p.Bool("monthly_billing_enabled"); err != nil {
		return err
	}
	if in.MonthlyChargingEnabled, err = p.Bool("monthly_charging_enabled"); err != nil {
		return err
	}
	if org != nil && strings.TrimSpace(*org) == "" {
		return problem.Invalid("org_name", "can't be blank")
	}
	if vatRate != nil && *vatRate != "" {
		d, err := p.Decimal("vat_rate")
		if err != nil {
			return err
		}
		in.VatRate = d
	}
	if extra := a.extraOf(c, p, fielddefinition.TargetACCOUNT, accountKeys, acc.ExtraFields); extra != nil {
		in.ExtraFields = extra
	}
	out, err := a.audience.UpdateAccount(c.Context(), acc.ID, in)
	if err != nil {
		return err
	}
	return a.respondAccount(c, 200, out)
}

// extraOf collects the parameters named after defined extra fields of target.
func (a *API) extraOf(c *Call, p *Params, target fielddefinition.Target, builtin map[string]bool, cur map[string]string) map[string]string {
	defs, err := a.client.FieldDefinition.Query().Where(fielddefinition.TargetEQ(target)).All(c.Context())
	if err != nil {
		return nil
	}
	var out map[string]string
	for _, d := range defs {
		if builtin[d.Name] || !p.Has(d.Name) {
			continue
		}
		if out == nil {
			out = map[string]string{}
			for k, v := range cur {
				out[k] = v
			}
		}
		out[d.Name] = p.Text(d.Name)
	}
	return out
}

// DeleteAccount deletes a developer account with its users and applications.
// DELETE /admin/api/accounts/{id}
func (a *API) DeleteAccount(c *Call) error {
	acc, err := a.account(c, "id")
	if err != nil {
		return err
	}
	if err := a.audience.DeleteAccount(c.Context(), acc.ID); err != nil {
		return err
	}
	return c.deleted()
}

// AccountEvent answers PUT /admin/api/accounts/{id}/{approve,reject,make_pending,suspend,resume}.
func (a *API) AccountEvent(ev audience.AccountEvent) HandlerFunc {
	return func(c *Call) error {
		acc, err := a.account(c, "id")
		if err != nil {
			return err
		}
		out, err := a.audience.TransitionAccount(c.Context(), acc.ID, ev)
		if err != nil {
			if problem.Classify(err).Kind == problem.KindConflict {
				return transitionError(string(ev))
			}
			return err
		}
		return a.respondAccount(c, 200, out)
	}
}

// transitionError is 3scale's refused state event.
func transitionError(event string) error {
	return &problem.Error{Kind: problem.KindInvalid, Field: "state", Message: `cannot transition via "` + event + `"`}
}

// Signup creates a developer account with its first admin user and its
// contracts: approved with the user active when a password is given and no
// approval is required, created with the user pending otherwise.
// POST /admin/api/signup
func (a *API) Signup(c *Call) error {
	p, err := c.Params("account")
	if err != nil {
		return err
	}
	org, err := p.required("org_name")
	if err != nil {
		return err
	}
	username, err := p.required("username")
	if err != nil {
		return err
	}
	email, err := p.required("email")
	if err != nil {
		return err
	}
	_, vatCode, _, parts := accountFields(p)
	in := ent.CreateAccountInput{OrgName: org, VatCode: vatCode, BillingAddressParts: parts, ExtraFields: a.extraOf(c, p, fielddefinition.TargetACCOUNT, accountKeys, nil)}
	if in.PlanID, err = p.Int("account_plan_id"); err != nil {
		return err
	}
	// As in 3scale, the signup's applications are named for it.
	contracts := audience.Contracts{AppName: "API signup", AppDescription: "API signup"}
	if contracts.ServicePlanID, err = p.Int("service_plan_id"); err != nil {
		return err
	}
	if contracts.ApplicationPlanID, err = p.Int("application_plan_id"); err != nil {
		return err
	}
	var acc *ent.Account
	var made *audience.SignupResult
	ctx := c.Context()
	if v := viewer.FromContext(ctx); v != nil && v.UserID == 0 && v.Token == nil {
		// A signup with the provider key (no user acts) acts for the
		// developer it creates, so that it fires webhooks as 3scale's
		// signups do (spec §4.3).
		ctx = viewer.AsDeveloper(ctx, 0, 0)
	}
	var pw *string
	if s := p.Text("password"); s != "" {
		pw = &s
	}
	err = store.InTx(ctx, a.client, func(ctx context.Context, _ *ent.Client) error {
		// As in 3scale, a signup with a password on an account plan that
		// needs no approval is active and approved at once; any other
		// waits, created with its user pending, for an admin.
		var activate bool
		var err error
		if acc, activate, err = a.audience.CreateSignupAccount(ctx, in, pw != nil); err != nil {
			return err
		}
		admin := user.RoleADMIN
		u, err := a.audience.CreatePendingUser(ctx, ent.CreateUserInput{Username: username, Email: email, Role: &admin, AccountID: &acc.ID}, pw)
		if err != nil {
			return err
		}
		if activate {
			if _, err = a.audience.ActivateUser(ctx, u.ID); err != nil {
				return err
			}
		}
		made, err = a.audience.CreateContracts(ctx, acc.ID, contracts)
		return err
	})
	if err != nil {
		return err
	}
	r, err := a.accountFull(c, acc)
	if err != nil {
		return err
	}
	if c.Format == XML {
		// Only the signup's answer lists the account's applications.
		ids := make([]int, len(made.Applications))
		for i, app := range made.Applications {
			ids[i] = app.ID
		}
		apps, err := a.appQuery().Where(application.IDIn(ids...)).All(c.Context())
		if err != nil {
			return err
		}
		r.Applications = &applicationsElement{Items: make([]applicationRep, len(apps))}
		for i, app := range apps {
			r.Applications.Items[i] = c.applicationOf(app)
		}
	}
	return c.Respond(201, "account", r)
}
