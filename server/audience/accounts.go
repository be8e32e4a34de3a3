package audience

import (
	"context"
	"strings"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/fielddefinition"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/mail"
	"github.com/portico-apim/portico/server/notify"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// Config wires the audience service.
type Config struct {
	Client *ent.Client
	// LockRows takes row locks for read-modify-write changes (PostgreSQL);
	// SQLite serialises writers by itself.
	LockRows bool
	// Mail queues invitation emails; Sessions logs in the users who accept
	// them. Both are needed for team invitations.
	Mail     mail.Mailer
	Sessions Sessions
	// TeamPasswords is the password policy of team users; zero means
	// password.Team.
	TeamPasswords password.Policy
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Billing bills plan changes in their transaction; nil bills nothing.
	Billing PlanBiller
	// Notify tells the team of developers' messages and plan change
	// requests, in their transaction; nil tells nobody.
	Notify notify.Publisher
	// AdminURL is the address of a tenant's admin console (scheme, host,
	// port), where password reset links lead; nil means http:// and the
	// admin domain. A request's own host is never trusted for those links.
	AdminURL func(t *ent.Tenant) string
}

// Service is the audience domain service.
type Service struct {
	billing  PlanBiller
	client   *ent.Client
	lockRows bool
	mail     mail.Mailer
	notify   notify.Publisher
	sessions Sessions
	adminURL func(t *ent.Tenant) string
	now      func() time.Time
	// teamPasswords is the password policy of team users.
	teamPasswords password.Policy
}

// New returns an audience service.
func New(cfg Config) *Service {
	s := &Service{billing: cfg.Billing, client: cfg.Client, lockRows: cfg.LockRows, mail: cfg.Mail, notify: cfg.Notify, sessions: cfg.Sessions, now: cfg.Now,
		teamPasswords: cfg.TeamPasswords, adminURL: cfg.AdminURL}
	if s.adminURL == nil {
		s.adminURL = func(t *ent.Tenant) string { return "http://" + t.AdminDomain }
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.teamPasswords == (password.Policy{}) {
		s.teamPasswords = password.Team
	}
	return s
}

func (s *Service) tx(ctx context.Context, fn func(ctx context.Context, c *ent.Client) error) error {
	return store.InTx(ctx, s.client, fn)
}

// AccountEvent is a transition of the account state machine.
type AccountEvent string

const (
	EventMakePending AccountEvent = "make_pending"
	EventApprove     AccountEvent = "approve"
	EventReject      AccountEvent = "reject"
	EventSuspend     AccountEvent = "suspend"
	EventResume      AccountEvent = "resume"
)

// accountTransitions lists, per event, the states it may start from and the
// state it leads to.
var accountTransitions = map[AccountEvent]struct {
	from []account.State
	to   account.State
}{
	EventMakePending: {[]account.State{account.StateCREATED, account.StateAPPROVED, account.StateREJECTED}, account.StatePENDING},
	EventApprove:     {[]account.State{account.StateCREATED, account.StatePENDING, account.StateREJECTED}, account.StateAPPROVED},
	EventReject:      {[]account.State{account.StateCREATED, account.StatePENDING, account.StateAPPROVED}, account.StateREJECTED},
	EventSuspend: {[]account.State{account.StateCREATED, account.StatePENDING, account.StateAPPROVED,
		account.StateREJECTED, account.StateSCHEDULED_FOR_DELETION}, account.StateSUSPENDED},
	EventResume: {[]account.State{account.StateSUSPENDED, account.StateSCHEDULED_FOR_DELETION}, account.StateAPPROVED},
}

// accountEventOrder is the order the console offers account events in.
var accountEventOrder = []AccountEvent{EventApprove, EventReject, EventSuspend, EventResume, EventMakePending}

// AccountEvents returns the events an account in state may take, from the
// one transition table the mutations check.
func AccountEvents(state account.State) []AccountEvent {
	out := []AccountEvent{}
	for _, e := range accountEventOrder {
		if stateIn(state, accountTransitions[e].from) {
			out = append(out, e)
		}
	}
	return out
}

// CreateAccount creates an approved developer account on the given account
// plan, or on the tenant's default account plan.
func (s *Service) CreateAccount(ctx context.Context, in ent.CreateAccountInput) (*ent.Account, error) {
	return s.createAccount(ctx, in, func(context.Context, *ent.Client, *ent.Plan) (account.State, error) {
		return account.StateAPPROVED, nil
	})
}

// CreateSignupAccount creates a developer account as the Account Management
// API's signup does (spec §2.1), and says whether its first user is to be
// activated at once: only when a password is given and neither the tenant
// nor the account plan requires approval. Then the account is APPROVED;
// otherwise it is CREATED, its user pending, until an admin acts.
func (s *Service) CreateSignupAccount(ctx context.Context, in ent.CreateAccountInput, password bool) (*ent.Account, bool, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.TenantID == 0 {
		return nil, false, problem.Unauthenticated("authentication required")
	}
	activate := false
	a, err := s.createAccount(ctx, in, func(ctx context.Context, c *ent.Client, p *ent.Plan) (account.State, error) {
		t, err := c.Tenant.Get(ctx, v.TenantID)
		if err != nil {
			return "", err
		}
		activate = password && !t.AccountApprovalRequired && (p == nil || !p.ApprovalRequired)
		if activate {
			return account.StateAPPROVED, nil
		}
		return account.StateCREATED, nil
	})
	return a, activate, err
}

// createAccount creates a developer account in the state that state picks,
// in the same transaction, from its account plan (nil: none).
func (s *Service) createAccount(ctx context.Context, in ent.CreateAccountInput,
	state func(context.Context, *ent.Client, *ent.Plan) (account.State, error)) (*ent.Account, error) {
	var a *ent.Account
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if in.PlanID == nil {
			def, err := c.Plan.Query().Where(plan.KindEQ(plan.KindACCOUNT), plan.IsDefault(true)).Only(ctx)
			switch {
			case err == nil:
				in.PlanID = &def.ID
			case !ent.IsNotFound(err):
				return err
			}
		} else if err := checkPlanKind(ctx, c, *in.PlanID, plan.KindACCOUNT, nil); err != nil {
			return err
		}
		if err := checkExtra(ctx, c, fielddefinition.TargetACCOUNT, in.ExtraFields, billingValues(in.BillingAddressParts)); err != nil {
			return err
		}
		var p *ent.Plan
		create := c.Account.Create().SetInput(in).SetStateChangedAt(s.now())
		if in.PlanID != nil {
			var err error
			if p, err = c.Plan.Get(ctx, *in.PlanID); err != nil {
				return err
			}
			create.SetNillablePlanSetupFee(setupFeeOf(p))
			if p.TrialPeriodDays > 0 {
				create.SetPlanTrialEndsAt(s.now().AddDate(0, 0, p.TrialPeriodDays))
			}
		}
		st, err := state(ctx, c, p)
		if err != nil {
			return err
		}
		a, err = create.SetState(st).Save(ctx)
		return err
	})
	return a, err
}

// UpdateAccount changes an account's details; a new account plan must be an
// account plan.
func (s *Service) UpdateAccount(ctx context.Context, id int, in ent.UpdateAccountInput) (*ent.Account, error) {
	var a *ent.Account
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if in.PlanID != nil {
			if err := checkPlanKind(ctx, c, *in.PlanID, plan.KindACCOUNT, nil); err != nil {
				return err
			}
		}
		if err := checkExtra(ctx, c, fielddefinition.TargetACCOUNT, in.ExtraFields, billingValues(in.BillingAddressParts)); err != nil {
			return err
		}
		var err error
		a, err = c.Account.UpdateOneID(id).SetInput(in).Save(ctx)
		return problem.NotFoundIf(err, "account %d not found", id)
	})
	return a, err
}

// TransitionAccount applies event to an account, or explains why it cannot.
func (s *Service) TransitionAccount(ctx context.Context, id int, event AccountEvent) (*ent.Account, error) {
	t, ok := accountTransitions[event]
	if !ok {
		return nil, problem.Invalid("event", "unknown account event %q", event)
	}
	var a *ent.Account
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.Account.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "account %d not found", id)
		}
		if !stateIn(cur.State, t.from) {
			return problem.Conflict("cannot %s an account that is %s", strings.ReplaceAll(string(event), "_", " "), strings.ToLower(string(cur.State)))
		}
		a, err = c.Account.UpdateOneID(id).SetState(t.to).SetStateChangedAt(s.now()).Save(ctx)
		return err
	})
	return a, err
}

func stateIn[S comparable](s S, set []S) bool {
	for _, x := range set {
		if x == s {
			return true
		}
	}
	return false
}

// DeleteAccount deletes an account with its users, applications and
// subscriptions.
func (s *Service) DeleteAccount(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		err := c.Account.DeleteOneID(id).Exec(ctx)
		return problem.NotFoundIf(err, "account %d not found", id)
	})
}

func checkPlanKind(ctx context.Context, c *ent.Client, planID int, kind plan.Kind, productID *int) error {
	p, err := c.Plan.Get(ctx, planID)
	if err != nil {
		return problem.NotFoundIf(err, "plan %d not found", planID)
	}
	if p.Kind != kind {
		return problem.Invalid("plan_id", "plan %q is %s plan, not %s plan", p.Name, kindName(p.Kind), kindName(kind))
	}
	if productID != nil && (p.ProductID == nil || *p.ProductID != *productID) {
		return problem.Invalid("plan_id", "plan %q belongs to another product", p.Name)
	}
	return nil
}

func kindName(k plan.Kind) string {
	if k == plan.KindSERVICE {
		return "a service"
	}
	return "an " + strings.ToLower(string(k))
}

// billingValues names billing address parts as fields (city →
// billing_address_city); unknown parts are refused by checkFields.
func billingValues(parts map[string]string) Fields {
	f := Fields{}
	for k, v := range parts {
		f["billing_address_"+k] = v
	}
	return f
}
