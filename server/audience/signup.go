package audience

import (
	"context"
	netmail "net/mail"
	"slices"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/fielddefinition"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
)

// Signup is what a developer fills in to sign up.
type Signup struct {
	OrgName  string
	Username string
	Email    string
	Password string
	// AccountPlanID picks an account plan; nil means the default one.
	AccountPlanID *int
	// AccountFields and UserFields hold the other account and user fields
	// by name (built-in such as vat_code or first_name, or extra).
	AccountFields Fields
	UserFields    Fields
}

// SignupResult is what a signup created.
type SignupResult struct {
	Account       *ent.Account
	User          *ent.User
	Subscriptions []*ent.ServiceSubscription
	Applications  []*ent.Application
}

// Signup creates, in one transaction and under the tenant's usage rules, a
// developer account with its admin user, a service subscription to every
// product with a default service plan, and an application for every product
// with a default application plan (none without one). It is a
// developer-facing operation: signups must be open, field definitions apply
// as to developers, the password must pass the tenant's policy, and the
// account waits PENDING when the tenant or its account plan requires
// approval (APPROVED otherwise).
func (s *Service) Signup(ctx context.Context, in Signup) (*SignupResult, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.TenantID == 0 {
		return nil, problem.Unauthenticated("authentication required")
	}
	ctx = viewer.AsDeveloper(ctx, 0, 0)
	out := &SignupResult{}
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		t, err := c.Tenant.Get(ctx, v.TenantID)
		if err != nil {
			return err
		}
		if !t.SignupsEnabled {
			return problem.Forbidden("signups are closed: developers join by invitation")
		}
		accValues := Fields{"org_name": strings.TrimSpace(in.OrgName)}
		for k, val := range in.AccountFields {
			if k == "org_name" {
				return problem.In(problem.Invalid("org_name", "is given on its own, not among the fields"), "accountFields")
			}
			accValues[k] = val
		}
		userValues := Fields{"username": strings.TrimSpace(in.Username), "email": strings.TrimSpace(in.Email)}
		for k, val := range in.UserFields {
			if k == "username" || k == "email" {
				return problem.In(problem.Invalid(k, "is given on its own, not among the fields"), "userFields")
			}
			userValues[k] = val
		}
		if accValues["org_name"] == "" {
			return problem.Invalid("org_name", "must not be empty")
		}
		if userValues["username"] == "" {
			return problem.Invalid("username", "must not be empty")
		}
		if a, err := netmail.ParseAddress(userValues["email"]); err != nil || a.Address != userValues["email"] {
			return problem.Invalid("email", "is not an email address")
		}
		accDefs, err := definitions(ctx, c, fielddefinition.TargetACCOUNT)
		if err != nil {
			return err
		}
		if err := checkFields(accDefs, fielddefinition.TargetACCOUNT, accValues, byDeveloper, true); err != nil {
			return problem.In(err, "accountFields", "org_name")
		}
		userDefs, err := definitions(ctx, c, fielddefinition.TargetUSER)
		if err != nil {
			return err
		}
		if err := checkFields(userDefs, fielddefinition.TargetUSER, userValues, byDeveloper, true); err != nil {
			return problem.In(err, "userFields", "username", "email")
		}
		if err := DeveloperPasswords(t).Check(in.Password); err != nil {
			return problem.Invalid("password", "%v", err)
		}
		hash, err := password.Hash(in.Password)
		if err != nil {
			return err
		}
		var accPlan *ent.Plan
		if in.AccountPlanID != nil {
			if err := checkPlanKind(ctx, c, *in.AccountPlanID, plan.KindACCOUNT, nil); err != nil {
				return err
			}
			accPlan, err = c.Plan.Get(ctx, *in.AccountPlanID)
		} else {
			accPlan, err = c.Plan.Query().Where(plan.KindEQ(plan.KindACCOUNT), plan.IsDefault(true)).Only(ctx)
			if ent.IsNotFound(err) {
				accPlan, err = nil, nil
			}
		}
		if err != nil {
			return err
		}
		state := account.StateAPPROVED
		if t.AccountApprovalRequired || (accPlan != nil && accPlan.ApprovalRequired) {
			state = account.StatePENDING
		}
		create := c.Account.Create().SetState(state).SetStateChangedAt(s.now())
		if accPlan != nil {
			create.SetPlanID(accPlan.ID).SetNillablePlanSetupFee(setupFeeOf(accPlan))
			if accPlan.TrialPeriodDays > 0 {
				create.SetPlanTrialEndsAt(s.now().AddDate(0, 0, accPlan.TrialPeriodDays))
			}
		}
		applyAccountFields(create.Mutation(), nil, nil, accValues)
		if out.Account, err = create.Save(ctx); err != nil {
			return problem.In(err, "accountFields", "org_name")
		}
		ctx = viewer.AsDeveloper(ctx, out.Account.ID, 0)
		uc := c.User.Create().SetAccountID(out.Account.ID).SetRole(user.RoleADMIN).SetState(user.StateACTIVE).
			SetSignupType(user.SignupTypeSIGNUP).SetPasswordHash(hash)
		applyUserFields(uc.Mutation(), nil, userValues)
		if out.User, err = uc.Save(ctx); err != nil {
			return problem.In(err, "userFields", "username", "email")
		}
		ctx = viewer.AsDeveloper(ctx, out.Account.ID, out.User.ID)
		return s.contracts(ctx, c, out, Contracts{})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AdminSignup is what an admin fills in to sign a developer up on their
// behalf (the console's New account).
type AdminSignup struct {
	Account ent.CreateAccountInput
	// Username, Email and Password make the account's first admin user,
	// active at once. Email alone invites that address to the account
	// instead: whoever accepts becomes its admin. None of them makes an
	// account without users.
	Username, Email, Password string
	// AccountFields and UserFields set the account's and its admin user's
	// other fields by name, as an admin sets them (UpdateAccountFields).
	AccountFields, UserFields Fields
	Contracts                 Contracts
	// BaseURL is where an invitation links when the tenant has no
	// developer domain.
	BaseURL string
}

// SignUpAccount creates, in one transaction, what 3scale's admin portal
// makes for a new developer account: the account, approved whatever the
// approval rules (an admin is acting); its admin user or an invitation;
// and its contracts, on the plans chosen or the products' defaults.
func (s *Service) SignUpAccount(ctx context.Context, in AdminSignup) (*SignupResult, *ent.Invitation, error) {
	username, email := strings.TrimSpace(in.Username), strings.TrimSpace(in.Email)
	if _, ok := in.AccountFields["org_name"]; ok {
		return nil, nil, problem.In(problem.Invalid("org_name", "is given on its own, not among the fields"), "accountFields")
	}
	for _, k := range []string{"username", "email"} {
		if _, ok := in.UserFields[k]; ok {
			return nil, nil, problem.In(problem.Invalid(k, "is given on its own, not among the fields"), "userFields")
		}
	}
	switch {
	case username != "" && in.Password == "":
		return nil, nil, problem.Invalid("password", "is required with a username; give only an email to invite the admin instead")
	case username == "" && in.Password != "":
		return nil, nil, problem.Invalid("username", "must not be empty")
	case email == "" && username != "":
		return nil, nil, problem.Invalid("email", "is required with a username")
	case username == "" && len(in.UserFields) > 0:
		return nil, nil, problem.Invalid("userFields", "need a user: give a username and a password, or set them once the user has joined")
	}
	out := &SignupResult{}
	var inv *ent.Invitation
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		var err error
		if out.Account, err = s.CreateAccount(ctx, in.Account); err != nil {
			return err
		}
		if len(in.AccountFields) > 0 {
			if out.Account, err = setAccountFields(ctx, c, out.Account, in.AccountFields); err != nil {
				return problem.In(err, "accountFields")
			}
		}
		switch {
		case username != "":
			if a, err := netmail.ParseAddress(email); err != nil || a.Address != email {
				return problem.Invalid("email", "is not an email address")
			}
			admin := user.RoleADMIN
			pw := in.Password
			if out.User, err = s.CreateUser(ctx, ent.CreateUserInput{Username: username, Email: email, Role: &admin, AccountID: &out.Account.ID}, &pw); err != nil {
				return err
			}
			if len(in.UserFields) > 0 {
				if out.User, err = setUserFields(ctx, c, out.User, in.UserFields); err != nil {
					return problem.In(err, "userFields")
				}
			}
		case email != "":
			if inv, err = s.InviteDeveloper(ctx, out.Account.ID, email, in.BaseURL); err != nil {
				return err
			}
		}
		return s.contracts(ctx, c, out, in.Contracts)
	})
	if err != nil {
		return nil, nil, err
	}
	return out, inv, nil
}

// Contracts says which plans a new account's contracts use and what its
// applications are called. A chosen plan replaces its product's default
// plan of its kind; every other product gets its defaults.
type Contracts struct {
	ServicePlanID     *int
	ApplicationPlanID *int
	// AppName and AppDescription name the applications made on
	// application plans; empty, they are "<org>'s App" and a sentence
	// saying the application was made on signup.
	AppName, AppDescription string
}

// CreateContracts gives account accountID, just created, its contracts as
// in says: the Account Management API's signup, which may pick the service
// and application plans (spec §2.1). A chosen plan must be a plan of its
// kind of this tenant (not found otherwise) and not an application's custom
// plan.
func (s *Service) CreateContracts(ctx context.Context, accountID int, in Contracts) (*SignupResult, error) {
	out := &SignupResult{}
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		var err error
		if out.Account, err = c.Account.Get(ctx, accountID); err != nil {
			return problem.NotFoundIf(err, "account %d not found", accountID)
		}
		return s.contracts(ctx, c, out, in)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// contracts subscribes a new account to the service plan of every offered
// product (the default one, or the one chosen) and gives it an application
// on each product's application plan (likewise). A product whose plan was
// chosen is contracted even when it is not offered.
func (s *Service) contracts(ctx context.Context, c *ent.Client, out *SignupResult, in Contracts) error {
	chosen := map[int][]*ent.Plan{}
	for _, pick := range []struct {
		id   *int
		kind plan.Kind
		name string
	}{{in.ServicePlanID, plan.KindSERVICE, "service"}, {in.ApplicationPlanID, plan.KindAPPLICATION, "application"}} {
		if pick.id == nil {
			continue
		}
		p, err := c.Plan.Query().Where(plan.ID(*pick.id), plan.KindEQ(pick.kind)).Only(ctx)
		if err != nil {
			return problem.NotFoundIf(err, "%s plan %d not found", pick.name, *pick.id)
		}
		if p.OriginalID != nil || p.ProductID == nil {
			return problem.Invalid(pick.name+"_plan_id", "plan %q is the custom plan of an application", p.Name)
		}
		chosen[*p.ProductID] = append(chosen[*p.ProductID], p)
	}
	offered := product.StateNotIn(product.StateOFFLINE, product.StateDEPRECATED)
	if len(chosen) > 0 {
		ids := make([]int, 0, len(chosen))
		for id := range chosen {
			ids = append(ids, id)
		}
		offered = product.Or(offered, product.IDIn(ids...))
	}
	prods, err := c.Product.Query().Where(offered).Order(ent.Asc(product.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	for _, p := range prods {
		defaults, err := c.Plan.Query().Where(plan.ProductID(p.ID), plan.IsDefault(true), plan.OriginalIDIsNil(),
			plan.KindIn(plan.KindSERVICE, plan.KindAPPLICATION)).Order(ent.Asc(plan.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		plans := chosen[p.ID]
		for _, d := range defaults {
			if !slices.ContainsFunc(plans, func(q *ent.Plan) bool { return q.Kind == d.Kind }) {
				plans = append(plans, d)
			}
		}
		for _, pl := range plans {
			if pl.Kind != plan.KindSERVICE {
				continue
			}
			sc := c.ServiceSubscription.Create().SetAccountID(out.Account.ID).SetProductID(p.ID).SetPlanID(pl.ID)
			if pl.ApprovalRequired {
				sc.SetState(servicesubscription.StatePENDING)
			} else {
				sc.SetState(servicesubscription.StateLIVE).SetAcceptedAt(now)
			}
			if pl.TrialPeriodDays > 0 {
				sc.SetTrialEndsAt(now.AddDate(0, 0, pl.TrialPeriodDays))
			}
			sc.SetNillableSetupFee(setupFeeOf(pl))
			sub, err := sc.Save(ctx)
			if err != nil {
				return err
			}
			out.Subscriptions = append(out.Subscriptions, sub)
		}
		name, desc := in.AppName, in.AppDescription
		if name == "" {
			name, desc = out.Account.OrgName+"'s App", "Default application created on signup."
		}
		for _, pl := range plans {
			if pl.Kind != plan.KindAPPLICATION {
				continue
			}
			ac := c.Application.Create().SetAccountID(out.Account.ID).SetProductID(p.ID).SetPlanID(pl.ID).
				SetName(name).SetDescription(desc)
			switch p.Authentication {
			case product.AuthenticationUSER_KEY:
				ac.SetUserKey(secret.UserKey())
			default:
				ac.SetAppID(secret.AppID()).SetAppKeys([]string{secret.AppKey()})
			}
			if pl.ApprovalRequired {
				ac.SetState(application.StatePENDING)
			} else {
				ac.SetState(application.StateLIVE).SetAcceptedAt(now)
			}
			if pl.TrialPeriodDays > 0 {
				ac.SetTrialEndsAt(now.AddDate(0, 0, pl.TrialPeriodDays))
			}
			ac.SetNillableSetupFee(setupFeeOf(pl))
			app, err := ac.Save(ctx)
			if err != nil {
				return err
			}
			out.Applications = append(out.Applications, app)
		}
	}
	return nil
}

// DeveloperAccount is an account as its developers see it: hidden fields
// left out.
type DeveloperAccount struct {
	Account *ent.Account
	Fields  []FieldView
	Users   []DeveloperUser
}

// DeveloperUser is a developer user as developers see it.
type DeveloperUser struct {
	User   *ent.User
	Fields []FieldView
}

// DeveloperView returns the account of developer user userID as its
// developers see it.
func (s *Service) DeveloperView(ctx context.Context, accountID int) (*DeveloperAccount, error) {
	c := store.Client(ctx, s.client)
	a, err := c.Account.Get(ctx, accountID)
	if err != nil {
		return nil, problem.NotFoundIf(err, "account %d not found", accountID)
	}
	accDefs, err := definitions(ctx, c, fielddefinition.TargetACCOUNT)
	if err != nil {
		return nil, err
	}
	userDefs, err := definitions(ctx, c, fielddefinition.TargetUSER)
	if err != nil {
		return nil, err
	}
	users, err := c.Account.QueryUsers(a).Order(ent.Asc(user.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := &DeveloperAccount{Account: a, Fields: visible(accDefs, fielddefinition.TargetACCOUNT, accountFields(a))}
	for _, u := range users {
		out.Users = append(out.Users, DeveloperUser{User: u, Fields: visible(userDefs, fielddefinition.TargetUSER, userFields(u))})
	}
	return out, nil
}

// UpdateDeveloperAccount changes an account's details as developer user
// userID of it asks, under the usage rules (developers may edit their
// details) and field definitions (read-only and hidden fields refused).
func (s *Service) UpdateDeveloperAccount(ctx context.Context, userID int, values Fields) (*DeveloperAccount, error) {
	var accountID int
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		u, err := c.User.Get(ctx, userID)
		if err != nil || u.AccountID == nil {
			return problem.NotFound("developer user %d not found", userID)
		}
		accountID = *u.AccountID
		ctx = viewer.AsDeveloper(ctx, accountID, userID)
		t, err := c.Tenant.Get(ctx, u.TenantID)
		if err != nil {
			return err
		}
		if !t.DeveloperDetailsEditable {
			return problem.Forbidden("developers may not edit their details on this portal")
		}
		a, err := c.Account.Get(ctx, accountID)
		if err != nil {
			return problem.NotFoundIf(err, "account %d not found", accountID)
		}
		defs, err := definitions(ctx, c, fielddefinition.TargetACCOUNT)
		if err != nil {
			return err
		}
		if err := checkFields(defs, fielddefinition.TargetACCOUNT, values, byDeveloper, false); err != nil {
			return problem.In(err, "fields")
		}
		upd := c.Account.UpdateOneID(accountID)
		applyAccountFields(upd.Mutation(), a.ExtraFields, a.BillingAddressParts, values)
		return problem.In(upd.Exec(ctx), "fields")
	})
	if err != nil {
		return nil, err
	}
	return s.DeveloperView(ctx, accountID)
}
