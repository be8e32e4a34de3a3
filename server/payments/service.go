package payments

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/billingsettings"
	"github.com/portico-apim/portico/ent/paymentgateway"
	"github.com/portico-apim/portico/ent/paymentprofile"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
)

// Config builds a Service.
type Config struct {
	Client *ent.Client
	// Keys derives the key that seals gateway secrets.
	Keys secret.KeySource
	// StripeURL replaces Stripe's API address (stripe-mock in tests).
	StripeURL string
	// HTTPClient calls the processor; a client with a 30 s timeout when nil.
	HTTPClient *http.Client
	// LockRows locks an account's payment profile while it changes
	// (PostgreSQL).
	LockRows bool
	// Logger records what is noticed and not returned; slog's default when nil.
	Logger *slog.Logger
}

// Service configures gateways and saves cards.
type Service struct {
	client *ent.Client
	sealer secret.Sealer
	url    string
	hc     *http.Client
	lock   bool
	log    *slog.Logger
}

// New returns a payments service.
func New(cfg Config) (*Service, error) {
	if cfg.Client == nil || cfg.Keys == nil {
		return nil, errors.New("payments: a client and a key source are required")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Service{client: cfg.Client, sealer: secret.Sealer{Keys: cfg.Keys, Purpose: "payment gateway secret key"},
		url: cfg.StripeURL, hc: hc, lock: cfg.LockRows, log: log}, nil
}

func (s *Service) tx(ctx context.Context, fn func(ctx context.Context, c *ent.Client) error) error {
	return store.InTx(ctx, s.client, fn)
}

// Settings returns the tenant's payment gateway, or nil when none is set.
func (s *Service) Settings(ctx context.Context) (*ent.PaymentGateway, error) {
	g, err := s.client.PaymentGateway.Query().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return g, err
}

// GatewayInput is a gateway's kind and keys as an admin enters them.
type GatewayInput struct {
	Kind           paymentgateway.Kind
	PublishableKey string
	SecretKey      string
}

// Configure checks a gateway's keys (their shape, then with the processor)
// and stores them, the secret key sealed.
func (s *Service) Configure(ctx context.Context, in GatewayInput) (*ent.PaymentGateway, error) {
	if in.Kind != paymentgateway.KindSTRIPE {
		return nil, problem.Invalid("kind", "%q is not a supported payment gateway (STRIPE)", in.Kind)
	}
	test, field, err := stripeKeys(in.PublishableKey, in.SecretKey)
	if err != nil {
		return nil, problem.Invalid(field, "%v", err)
	}
	if err := newStripe(in.SecretKey, s.url, s.hc).Check(ctx); err != nil {
		return nil, gatewayProblem("secret_key", err)
	}
	sealed, err := s.sealer.Seal([]byte(in.SecretKey))
	if err != nil {
		return nil, err
	}
	var out *ent.PaymentGateway
	err = s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.PaymentGateway.Query().Only(ctx)
		switch {
		case ent.IsNotFound(err):
			out, err = c.PaymentGateway.Create().SetKind(in.Kind).SetPublishableKey(in.PublishableKey).
				SetSecretKeySealed(sealed).SetSecretKeyHint(stripeHint(in.SecretKey)).SetTestMode(test).Save(ctx)
		case err == nil:
			out, err = cur.Update().SetKind(in.Kind).SetPublishableKey(in.PublishableKey).
				SetSecretKeySealed(sealed).SetSecretKeyHint(stripeHint(in.SecretKey)).SetTestMode(test).Save(ctx)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return store.Reader(ctx, s.client).PaymentGateway.Get(ctx, out.ID)
}

// Remove deletes the tenant's gateway; refused while charging is on.
func (s *Service) Remove(ctx context.Context) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		on, err := c.BillingSettings.Query().Where(billingsettings.ChargingEnabled(true)).Exist(ctx)
		if err != nil {
			return err
		}
		if on {
			return problem.Conflict("charging is enabled in the billing settings: turn it off before removing the payment gateway")
		}
		n, err := c.PaymentGateway.Delete().Exec(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return problem.NotFound("no payment gateway is configured")
		}
		return nil
	})
}

// Gateway returns the tenant's gateway ready to call, or FORBIDDEN when none
// is configured.
func (s *Service) Gateway(ctx context.Context, c *ent.Client) (Gateway, *ent.PaymentGateway, error) {
	g, err := c.PaymentGateway.Query().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, problem.Forbidden("no payment gateway is configured: set one in the billing settings")
	}
	if err != nil {
		return nil, nil, err
	}
	key, err := s.sealer.Open(g.SecretKeySealed)
	if err != nil {
		return nil, nil, err
	}
	return newStripe(string(key), s.url, s.hc), g, nil
}

// The card operations below call the processor between short transactions,
// never inside one: a transaction reads what the call needs, the call is
// made, and a second transaction records its outcome after checking that
// the profile did not change meanwhile. Processor calls that create
// something carry idempotency keys, so a repeated operation creates nothing
// twice.

// StartCardSetup starts saving a card for an account: its customer at the
// processor is created on first use.
func (s *Service) StartCardSetup(ctx context.Context, accountID int) (Setup, *ent.PaymentGateway, error) {
	var (
		setup Setup
		pg    *ent.PaymentGateway
		gw    Gateway
		acc   *ent.Account
		prof  *ent.PaymentProfile
		cust  Customer
	)
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		var err error
		if gw, pg, err = s.Gateway(ctx, c); err != nil {
			return err
		}
		if acc, err = c.Account.Get(ctx, accountID); err != nil {
			return problem.NotFoundIf(err, "account %d not found", accountID)
		}
		prof, err = c.PaymentProfile.Query().Where(paymentprofile.AccountID(accountID)).Only(ctx)
		if ent.IsNotFound(err) {
			prof, err = nil, nil
			cust = Customer{Name: acc.OrgName, AccountID: acc.ID}
			if u, uerr := acc.QueryUsers().Where(user.RoleEQ(user.RoleADMIN)).Order(ent.Asc(user.FieldID)).First(ctx); uerr == nil {
				cust.Email = u.Email
			}
		}
		return err
	})
	if err != nil {
		return setup, nil, err
	}
	customerRef := ""
	if prof != nil {
		customerRef = prof.CustomerRef
	} else {
		// The key makes a second start, or one racing this one, get the
		// same customer back.
		if customerRef, err = gw.CreateCustomer(ctx, cust, "portico-"+strconv.Itoa(acc.TenantID)+"-customer-"+strconv.Itoa(acc.ID)); err != nil {
			return setup, nil, gatewayProblem("account", err)
		}
	}
	if setup, err = gw.StartSetup(ctx, customerRef); err != nil {
		return setup, nil, gatewayProblem("account", err)
	}
	err = s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := s.profile(c, accountID).Only(ctx)
		if ent.IsNotFound(err) {
			return c.PaymentProfile.Create().SetAccountID(accountID).SetGateway(paymentprofile.GatewaySTRIPE).
				SetCustomerRef(customerRef).SetSetupRef(setup.Ref).Exec(ctx)
		}
		if err != nil {
			return err
		}
		return cur.Update().SetSetupRef(setup.Ref).Exec(ctx)
	})
	return setup, pg, err
}

// ConfirmCardSetup stores the card of the account's confirmed setup,
// detaching the card it replaces.
func (s *Service) ConfirmCardSetup(ctx context.Context, accountID int) (*ent.PaymentProfile, error) {
	var (
		gw   Gateway
		prof *ent.PaymentProfile
	)
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		var err error
		if gw, _, err = s.Gateway(ctx, c); err != nil {
			return err
		}
		prof, err = c.PaymentProfile.Query().Where(paymentprofile.AccountID(accountID)).Only(ctx)
		if err != nil || prof.SetupRef == nil {
			return problem.Invalid("account_id", "no card setup was started for account %d", accountID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	card, err := gw.FinishSetup(ctx, *prof.SetupRef)
	if errors.Is(err, ErrSetupNotConfirmed) {
		return nil, problem.Invalid("account_id", "%v", err)
	}
	if err != nil {
		return nil, gatewayProblem("account_id", err)
	}
	var out *ent.PaymentProfile
	var replaced string
	err = s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := s.profile(c, accountID).Only(ctx)
		if err != nil {
			return err
		}
		if cur.SetupRef == nil || *cur.SetupRef != *prof.SetupRef {
			return problem.Conflict("another card setup was started for account %d meanwhile: confirm that one", accountID)
		}
		if old := cur.PaymentMethodRef; old != card.PaymentMethodRef {
			replaced = old
		}
		out, err = cur.Update().ClearSetupRef().SetPaymentMethodRef(card.PaymentMethodRef).SetBrand(card.Brand).
			SetLast4(card.Last4).SetExpMonth(card.ExpMonth).SetExpYear(card.ExpYear).ClearExpiryNotice().Save(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	// The replaced card is detached once the new one is stored; a failure
	// here leaves a card at the processor that Portico no longer uses.
	if replaced != "" {
		if err := gw.RemoveCard(ctx, replaced); err != nil {
			s.log.Warn("detach the replaced card", "account", accountID, "err", err)
		}
	}
	return store.Reader(ctx, s.client).PaymentProfile.Get(ctx, out.ID)
}

// RemoveCard forgets an account's card, detaching it at the processor.
func (s *Service) RemoveCard(ctx context.Context, accountID int) (*ent.PaymentProfile, error) {
	var (
		gw   Gateway
		prof *ent.PaymentProfile
	)
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		var err error
		prof, err = c.PaymentProfile.Query().Where(paymentprofile.AccountID(accountID)).Only(ctx)
		if err != nil || prof.PaymentMethodRef == "" {
			return problem.NotFound("account %d has no card", accountID)
		}
		gw, _, err = s.Gateway(ctx, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := gw.RemoveCard(ctx, prof.PaymentMethodRef); err != nil {
		return nil, gatewayProblem("account_id", err)
	}
	var out *ent.PaymentProfile
	err = s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := s.profile(c, accountID).Only(ctx)
		if err != nil {
			return err
		}
		upd := cur.Update()
		if cur.PaymentMethodRef == prof.PaymentMethodRef {
			// Not replaced by a new card meanwhile.
			upd.ClearPaymentMethodRef().ClearBrand().ClearLast4().ClearExpMonth().ClearExpYear().ClearExpiryNotice()
		}
		out, err = upd.Save(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return store.Reader(ctx, s.client).PaymentProfile.Get(ctx, out.ID)
}

// profile queries an account's payment profile, locked when rows are.
func (s *Service) profile(c *ent.Client, accountID int) *ent.PaymentProfileQuery {
	q := c.PaymentProfile.Query().Where(paymentprofile.AccountID(accountID))
	if s.lock {
		q.ForUpdate()
	}
	return q
}

// gatewayProblem reports a processor's refusal as invalid input on field,
// and a processor that cannot be reached as unavailable.
func gatewayProblem(field string, err error) error {
	var re *RefusedError
	if errors.As(err, &re) {
		return problem.Invalid(field, "%s", re.Message)
	}
	return &problem.Error{Kind: problem.KindUnavailable, Message: "the payment gateway could not be reached; try again later", Err: fmt.Errorf("payment gateway: %w", err)}
}
