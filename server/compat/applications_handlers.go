package compat

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"entgo.io/ent/dialect/sql"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/fielddefinition"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/server/audience"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// Applications, spec §2.10, §2.11 and §3.3.

type keysElement struct {
	Keys []string `xml:"key"`
}

type applicationRep struct {
	ID                      int             `json:"id" xml:"id"`
	State                   string          `json:"state" xml:"-"`
	Enabled                 bool            `json:"enabled" xml:"-"`
	CreatedAt               string          `json:"created_at" xml:"created_at"`
	UpdatedAt               string          `json:"updated_at" xml:"updated_at"`
	XMLState                string          `json:"-" xml:"state"`
	UserAccountID           int             `json:"-" xml:"user_account_id"`
	XMLFirstTraffic         string          `json:"-" xml:"first_traffic_at"`
	XMLFirstDaily           string          `json:"-" xml:"first_daily_traffic_at"`
	ServiceID               int             `json:"service_id" xml:"service_id"`
	ServiceName             string          `json:"service_name" xml:"-"`
	PlanID                  int             `json:"plan_id" xml:"-"`
	PlanName                string          `json:"plan_name" xml:"-"`
	AccountID               int             `json:"account_id" xml:"-"`
	OrgName                 string          `json:"org_name" xml:"-"`
	FirstTrafficAt          *string         `json:"first_traffic_at" xml:"-"`
	FirstDailyTrafficAt     *string         `json:"first_daily_traffic_at" xml:"-"`
	UserKey                 *string         `json:"user_key,omitempty" xml:"user_key,omitempty"`
	ProviderVerificationKey *string         `json:"provider_verification_key,omitempty" xml:"provider_verification_key,omitempty"`
	ApplicationID           *string         `json:"application_id,omitempty" xml:"application_id,omitempty"`
	RedirectURL             *string         `json:"redirect_url,omitempty" xml:"redirect_url,omitempty"`
	ClientID                *string         `json:"client_id,omitempty" xml:"-"`
	ClientSecret            *string         `json:"client_secret,omitempty" xml:"-"`
	Keys                    *keysElement    `json:"-" xml:"keys,omitempty"`
	Plan                    *planRep        `json:"-" xml:"plan,omitempty"`
	Name                    string          `json:"name" xml:"name"`
	Description             string          `json:"description" xml:"description"`
	Extra                   extraFields     `json:"-" xml:"extra_fields"`
	Filters                 *filtersElement `json:"-" xml:"referrer_filters,omitempty"`
	Links                   []link          `json:"links" xml:"-"`
}

type filtersElement struct {
	Items []string `xml:"referrer_filter"`
}

var applicationKeys = map[string]bool{"id": true, "state": true, "enabled": true, "created_at": true, "updated_at": true,
	"service_id": true, "service_name": true, "plan_id": true, "plan_name": true, "account_id": true, "org_name": true,
	"first_traffic_at": true, "first_daily_traffic_at": true, "user_key": true, "provider_verification_key": true,
	"application_id": true, "redirect_url": true, "client_id": true, "client_secret": true, "name": true,
	"description": true, "links": true, "application_key": true}

func (r applicationRep) MarshalJSON() ([]byte, error) {
	type plain applicationRep
	return withExtra(plain(r), r.Extra, applicationKeys)
}

// appQuery loads what an application's representation shows.
func (a *API) appQuery() *ent.ApplicationQuery {
	return a.client.Application.Query().WithProduct().WithPlan().WithAccount().Order(ent.Asc(application.FieldID))
}

func (c *Call) applicationOf(app *ent.Application) applicationRep {
	st := strings.ToLower(string(app.State))
	r := applicationRep{ID: app.ID, State: st, XMLState: st, Enabled: app.State == application.StateLIVE,
		CreatedAt: c.stamp(app.CreatedAt), UpdatedAt: c.stamp(app.UpdatedAt), UserAccountID: app.AccountID,
		ServiceID: app.ProductID, PlanID: app.PlanID, AccountID: app.AccountID, FirstTrafficAt: c.stampPtr(app.FirstTrafficAt),
		Name: app.Name, Description: app.Description, Extra: extraFields(app.ExtraFields)}
	if r.Extra == nil {
		r.Extra = extraFields{}
	}
	if r.FirstTrafficAt != nil {
		r.XMLFirstTraffic = *r.FirstTrafficAt
	}
	if p := app.Edges.Product; p != nil {
		r.ServiceName = p.Name
		if p.ReferrerFiltersRequired {
			r.Filters = &filtersElement{Items: app.ReferrerFilters}
		}
	}
	if a := app.Edges.Account; a != nil {
		r.OrgName = a.OrgName
	}
	if p := app.Edges.Plan; p != nil {
		r.PlanName = p.Name
		if c.Format == XML {
			pr := c.planOf(p)
			r.Plan = &pr
		}
	}
	if app.UserKey != nil {
		r.UserKey, r.ProviderVerificationKey = app.UserKey, app.UserKey
	} else {
		r.ApplicationID = app.AppID
		if c.Format == XML {
			r.Keys = &keysElement{Keys: app.AppKeys}
		}
		if app.Edges.Product != nil && app.Edges.Product.Authentication == product.AuthenticationOIDC {
			r.RedirectURL, r.ClientID = &app.RedirectURL, app.AppID
			if len(app.AppKeys) > 0 {
				r.ClientSecret = &app.AppKeys[0]
			}
		}
	}
	base := "/admin/api/accounts/" + strconv.Itoa(app.AccountID) + "/applications/" + strconv.Itoa(app.ID)
	r.Links = []link{c.link("self", base), c.link("service", "/admin/api/services/"+strconv.Itoa(app.ProductID)),
		c.link("account", "/admin/api/accounts/"+strconv.Itoa(app.AccountID)),
		c.link("plan", "/admin/api/services/"+strconv.Itoa(app.ProductID)+"/application_plans/"+strconv.Itoa(app.PlanID)),
		c.link("keys", base+"/keys"), c.link("referrer_filters", base+"/referrer_filters")}
	return r
}

func (a *API) respondApp(c *Call, status int, id int) error {
	app, err := a.appQuery().Where(application.ID(id)).Only(c.Context())
	if err != nil {
		return problem.NotFoundIf(err, "application %d not found", id)
	}
	return c.Respond(status, "application", c.applicationOf(app))
}

func (c *Call) respondApps(apps []*ent.Application, meta *Meta) error {
	items := make([]applicationRep, len(apps))
	for i, app := range apps {
		items[i] = c.applicationOf(app)
	}
	return RespondList(c, "applications", "application", items, meta)
}

// accountApp finds application {name} of account {account_id}.
func (a *API) accountApp(c *Call, name string) (*ent.Application, error) {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return nil, err
	}
	id, err := c.intPath(name)
	if err != nil {
		return nil, err
	}
	app, err := a.client.Application.Query().Where(application.ID(id), application.AccountID(acc.ID)).Only(c.Context())
	if err != nil {
		return nil, problem.NotFoundIf(err, "application %d not found", id)
	}
	return app, nil
}

// AccountApplications lists an account's applications.
// GET /admin/api/accounts/{account_id}/applications
func (a *API) AccountApplications(c *Call) error {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return err
	}
	q := a.appQuery().Where(application.AccountID(acc.ID))
	if s := c.Param("state"); s != "" {
		q.Where(application.StateEQ(application.State(strings.ToUpper(s))))
	}
	apps, err := q.All(c.Context())
	if err != nil {
		return err
	}
	return c.respondApps(apps, nil)
}

// Application reads one application of an account.
func (a *API) Application(c *Call) error {
	app, err := a.accountApp(c, "id")
	if err != nil {
		return err
	}
	return a.respondApp(c, http.StatusOK, app.ID)
}

// CreateApplication creates an application of an account on a plan, with
// given or generated credentials.
// POST /admin/api/accounts/{account_id}/applications
func (a *API) CreateApplication(c *Call) error {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return err
	}
	p, err := c.Params("application")
	if err != nil {
		return err
	}
	planID, err := p.requiredInt("plan_id")
	if err != nil {
		return err
	}
	name, err := p.required("name")
	if err != nil {
		return err
	}
	pl, err := a.client.Plan.Query().Where(plan.ID(planID), plan.KindEQ(plan.KindAPPLICATION)).Only(c.Context())
	if err != nil {
		return problem.NotFoundIf(err, "application plan %d not found", planID)
	}
	in := ent.CreateApplicationInput{AccountID: acc.ID, ProductID: *pl.ProductID, PlanID: pl.ID, Name: name,
		Description: p.String("description"), RedirectURL: p.String("redirect_url"),
		ExtraFields: a.extraOf(c, p, fielddefinition.TargetAPPLICATION, applicationKeys, nil)}
	if s := p.Text("user_key"); s != "" {
		in.UserKey = &s
	}
	if s := p.Text("application_id"); s != "" {
		in.AppID = &s
	}
	keys := p.Strings("application_key")
	var id int
	err = store.InTx(c.Context(), a.client, func(ctx context.Context, _ *ent.Client) error {
		app, err := a.audience.CreateApplication(ctx, in)
		if err != nil {
			return err
		}
		id = app.ID
		if len(keys) == 0 {
			return nil
		}
		// Given keys replace the generated one.
		for _, k := range app.AppKeys {
			if _, err := a.audience.RemoveApplicationKey(ctx, id, k); err != nil {
				return err
			}
		}
		for _, k := range keys {
			if _, err := a.audience.AddApplicationKey(ctx, id, &k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return a.respondApp(c, http.StatusCreated, id)
}

// UpdateApplication changes an application's name, description, user key,
// redirect URL or fields.
// PUT /admin/api/accounts/{account_id}/applications/{id}
func (a *API) UpdateApplication(c *Call) error {
	cur, err := a.accountApp(c, "id")
	if err != nil {
		return err
	}
	p, err := c.Params("application")
	if err != nil {
		return err
	}
	in := ent.UpdateApplicationInput{Name: p.String("name"), Description: p.String("description"),
		RedirectURL: p.String("redirect_url"), ExtraFields: a.extraOf(c, p, fielddefinition.TargetAPPLICATION, applicationKeys, cur.ExtraFields)}
	if in.Name != nil && strings.TrimSpace(*in.Name) == "" {
		return problem.Invalid("name", "can't be blank")
	}
	if s := p.Text("user_key"); s != "" {
		in.UserKey = &s
	}
	if _, err := a.audience.UpdateApplication(c.Context(), cur.ID, in); err != nil {
		return err
	}
	return a.respondApp(c, http.StatusOK, cur.ID)
}

// DeleteApplication deletes an application.
func (a *API) DeleteApplication(c *Call) error {
	app, err := a.accountApp(c, "id")
	if err != nil {
		return err
	}
	if err := a.audience.DeleteApplication(c.Context(), app.ID); err != nil {
		return err
	}
	return c.deleted()
}

// ApplicationEvent answers PUT …/applications/{id}/{accept,suspend,resume}.
func (a *API) ApplicationEvent(ev audience.ApplicationEvent) HandlerFunc {
	return func(c *Call) error {
		app, err := a.accountApp(c, "id")
		if err != nil {
			return err
		}
		if _, err := a.audience.TransitionApplication(c.Context(), app.ID, ev); err != nil {
			if problem.Classify(err).Kind == problem.KindConflict {
				return transitionError(string(ev))
			}
			return err
		}
		return a.respondApp(c, http.StatusOK, app.ID)
	}
}

// respondAppPlan answers an application's current plan.
func (a *API) respondAppPlan(c *Call, app *ent.Application) error {
	p, err := a.client.Plan.Get(c.Context(), app.PlanID)
	if err != nil {
		return err
	}
	return c.ok(c.planRoot(ApplicationPlans), c.planOf(p))
}

// ChangeApplicationPlan moves an application to another plan of its product.
// PUT …/applications/{id}/change_plan
func (a *API) ChangeApplicationPlan(c *Call) error {
	cur, err := a.accountApp(c, "id")
	if err != nil {
		return err
	}
	p, err := c.Params("application")
	if err != nil {
		return err
	}
	planID, err := p.requiredInt("plan_id")
	if err != nil {
		return err
	}
	app, err := a.audience.ChangeApplicationPlan(c.Context(), cur.ID, planID)
	if err != nil {
		return err
	}
	return a.respondAppPlan(c, app)
}

// CustomizeApplicationPlan gives an application its own copy of its plan;
// an already customized plan stays.
// PUT …/applications/{id}/customize_plan
func (a *API) CustomizeApplicationPlan(c *Call) error {
	cur, err := a.accountApp(c, "id")
	if err != nil {
		return err
	}
	p, err := a.client.Plan.Get(c.Context(), cur.PlanID)
	if err != nil {
		return err
	}
	if p.OriginalID != nil {
		return a.respondAppPlan(c, cur)
	}
	app, err := a.catalog.CustomizeApplicationPlan(c.Context(), cur.ID)
	if err != nil {
		return err
	}
	return a.respondAppPlan(c, app)
}

// DecustomizeApplicationPlan moves an application back to the plan its
// custom plan was copied from.
// PUT …/applications/{id}/decustomize_plan
func (a *API) DecustomizeApplicationPlan(c *Call) error {
	cur, err := a.accountApp(c, "id")
	if err != nil {
		return err
	}
	app, err := a.catalog.DecustomizeApplicationPlan(c.Context(), cur.ID)
	if err != nil {
		return err
	}
	return a.respondAppPlan(c, app)
}

// Keys.

type keyRep struct {
	Value     string `json:"value" xml:"value"`
	CreatedAt string `json:"created_at" xml:"created_at"`
	UpdatedAt string `json:"updated_at" xml:"updated_at"`
}

// ApplicationKeys lists an application's keys.
// GET …/applications/{application_id}/keys
func (a *API) ApplicationKeys(c *Call) error {
	app, err := a.accountApp(c, "application_id")
	if err != nil {
		return err
	}
	items := make([]keyRep, len(app.AppKeys))
	for i, k := range app.AppKeys {
		items[i] = keyRep{Value: k, CreatedAt: c.stamp(app.UpdatedAt), UpdatedAt: c.stamp(app.UpdatedAt)}
	}
	return RespondList(c, "keys", "key", items, nil)
}

// AddApplicationKey adds a given or random key and answers the application.
// POST …/applications/{application_id}/keys
func (a *API) AddApplicationKey(c *Call) error {
	app, err := a.accountApp(c, "application_id")
	if err != nil {
		return err
	}
	p, err := c.Params("")
	if err != nil {
		return err
	}
	var key *string
	if s := p.Text("key"); s != "" {
		key = &s
	}
	if _, err := a.audience.AddApplicationKey(c.Context(), app.ID, key); err != nil {
		return err
	}
	return a.respondApp(c, http.StatusCreated, app.ID)
}

// DeleteApplicationKey removes a key (the value is in the path).
// DELETE …/applications/{application_id}/keys/{key}
func (a *API) DeleteApplicationKey(c *Call) error {
	app, err := a.accountApp(c, "application_id")
	if err != nil {
		return err
	}
	key, err := url.PathUnescape(c.R.PathValue("key"))
	if err != nil {
		return errNotFound
	}
	if _, err := a.audience.RemoveApplicationKey(c.Context(), app.ID, key); err != nil {
		return err
	}
	return c.deleted()
}

// Applications across products.

// AllApplications lists applications of every account, in pages of up to
// 500, optionally of one product or plan.
// GET /admin/api/applications
func (a *API) AllApplications(c *Call) error {
	q := a.appQuery()
	for name, field := range map[string]string{"service_id": application.FieldProductID, "plan_id": application.FieldPlanID,
		"account_id": application.FieldAccountID} {
		if s := c.Param(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return problem.Invalid(name, "is not a number")
			}
			q.Where(sqlFieldEQ(field, n))
		}
	}
	if s := c.Param("state"); s != "" {
		q.Where(application.StateEQ(application.State(strings.ToUpper(s))))
	}
	apps, err := q.All(c.Context())
	if err != nil {
		return err
	}
	page, meta := Paginate(apps, c.Page)
	return c.respondApps(page, meta)
}

// FindApplication finds an application by id (application_id), user_key or
// app_id, optionally within one product.
// GET /admin/api/applications/find
func (a *API) FindApplication(c *Call) error {
	q := a.client.Application.Query()
	switch {
	case c.Param("application_id") != "" || c.Param("id") != "":
		s := c.Param("application_id")
		if s == "" {
			s = c.Param("id")
		}
		id, err := strconv.Atoi(s)
		if err != nil {
			return errNotFound
		}
		q.Where(application.ID(id))
	case c.Param("user_key") != "":
		q.Where(application.UserKey(c.Param("user_key")))
	case c.Param("app_id") != "":
		q.Where(application.AppID(c.Param("app_id")))
	default:
		return errNotFound
	}
	if s := c.Param("service_id"); s != "" {
		id, err := strconv.Atoi(s)
		if err != nil {
			return errNotFound
		}
		q.Where(application.ProductID(id))
	}
	app, err := q.First(c.Context())
	if err != nil {
		return problem.NotFoundIf(err, "application not found")
	}
	return a.respondApp(c, http.StatusOK, app.ID)
}

// sqlFieldEQ filters applications on an integer column.
func sqlFieldEQ(field string, v int) func(*sql.Selector) {
	return func(s *sql.Selector) { s.Where(sql.EQ(s.C(field), v)) }
}
