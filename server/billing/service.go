package billing

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/billingsettings"
	"github.com/portico-apim/portico/schema"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/jobs"
	"github.com/portico-apim/portico/server/mail"
	"github.com/portico-apim/portico/server/notify"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// Config builds a Service.
type Config struct {
	Client *ent.Client
	// LockRows locks each account's row while it is billed (PostgreSQL).
	LockRows bool
	Mail     mail.Mailer
	// Gateways gives the tenant's payment gateway for charging; without
	// it nothing is charged.
	Gateways Gateways
	// Notify tells the team (its finance area) of failed charges, expiring
	// cards and invoices to review; nil tells nobody.
	Notify notify.Publisher
	Now    func() time.Time
	Logger *slog.Logger
}

// Service is the billing engine and the invoice operations.
type Service struct {
	client   *ent.Client
	lockRows bool
	mail     mail.Mailer
	gateways Gateways
	notify   notify.Publisher
	now      func() time.Time
	logger   *slog.Logger
	// jobs runs the scheduled runs, once Register was called.
	jobs *jobs.Runner
}

// New returns a billing service.
func New(cfg Config) (*Service, error) {
	if cfg.Client == nil {
		return nil, fmt.Errorf("billing: a client is required")
	}
	s := &Service{client: cfg.Client, lockRows: cfg.LockRows, mail: cfg.Mail, gateways: cfg.Gateways, notify: cfg.Notify, now: cfg.Now, logger: cfg.Logger}
	if s.now == nil {
		s.now = time.Now
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

func (s *Service) tx(ctx context.Context, fn func(ctx context.Context, c *ent.Client) error) error {
	return store.InTx(ctx, s.client, fn)
}

// Settings returns the tenant's billing settings, or the defaults (not
// stored, id 0) when they were never saved.
func (s *Service) Settings(ctx context.Context) (*ent.BillingSettings, error) {
	return settingsOf(ctx, s.client)
}

// Currency is the currency of every amount tenantID shows: its billing
// settings' currency (USD until saved). Every team member may read it, so it is
// read as the tenant's system, past the finance section the settings need.
func (s *Service) Currency(ctx context.Context, tenantID int) (string, error) {
	var currency string
	err := s.tx(viewer.TenantSystemContext(ctx, tenantID), func(ctx context.Context, c *ent.Client) error {
		st, err := settingsOf(ctx, c)
		if err == nil {
			currency = st.Currency
		}
		return err
	})
	return currency, err
}

func settingsOf(ctx context.Context, c *ent.Client) (*ent.BillingSettings, error) {
	st, err := c.BillingSettings.Query().Only(ctx)
	if ent.IsNotFound(err) {
		return &ent.BillingSettings{
			Strategy: billingsettings.StrategyPOSTPAID, Currency: "USD",
			NumberingPeriod: billingsettings.NumberingPeriodMONTHLY,
		}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("billing settings: %w", err)
	}
	return st, nil
}

// UpdateSettings saves the tenant's billing settings, creating them first.
func (s *Service) UpdateSettings(ctx context.Context, in ent.UpdateBillingSettingsInput) (*ent.BillingSettings, error) {
	if in.Currency != nil {
		if err := schema.ValidateCurrency(*in.Currency); err != nil {
			return nil, problem.Invalid("currency", "%v", err)
		}
	}
	if in.FinanceSupportEmail != nil && *in.FinanceSupportEmail != "" && !validEmail(*in.FinanceSupportEmail) {
		return nil, problem.Invalid("financeSupportEmail", "%q is not an email address", *in.FinanceSupportEmail)
	}
	var out *ent.BillingSettings
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		id, err := c.BillingSettings.Query().OnlyID(ctx)
		if ent.IsNotFound(err) {
			created, err := c.BillingSettings.Create().Save(ctx)
			if err != nil {
				return fmt.Errorf("create billing settings: %w", err)
			}
			id = created.ID
		} else if err != nil {
			return err
		}
		if in.ChargingEnabled != nil && *in.ChargingEnabled {
			has, err := c.PaymentGateway.Query().Exist(ctx)
			if err != nil {
				return err
			}
			if !has {
				return problem.Invalid("chargingEnabled", "charging needs a payment gateway: configure one first")
			}
		}
		out, err = c.BillingSettings.UpdateOneID(id).SetInput(in).Save(ctx)
		return err
	})
	return out, err
}

func validEmail(s string) bool {
	at := -1
	for i, r := range s {
		if r == '@' {
			if at >= 0 {
				return false
			}
			at = i
		}
		if r == ' ' || r == '\n' || r == '<' || r == '>' {
			return false
		}
	}
	return at > 0 && at < len(s)-1
}

// zoneOf returns the tenant's time zone.
func zoneOf(ctx context.Context, c *ent.Client) (*ent.Tenant, *time.Location, error) {
	t, err := c.Tenant.Query().Only(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("tenant: %w", err)
	}
	loc, err := time.LoadLocation(t.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return t, loc, nil
}

// financeOn answers FORBIDDEN when the tenant's finance module is off.
func financeOn(st *ent.BillingSettings) error {
	if !st.FinanceEnabled {
		return problem.Forbidden("the finance module is not enabled: turn it on in the billing settings")
	}
	return nil
}

// ParseDate reads a YYYY-MM-DD date as midnight in loc.
func ParseDate(field, s string, loc *time.Location) (time.Time, error) {
	d, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		return time.Time{}, problem.Invalid(field, "%q is not a date such as 2026-03-01", s)
	}
	return d, nil
}

func round4(d decimal.Decimal) decimal.Decimal { return d.Round(4) }

// system returns ctx acting with system rights inside the viewer's tenant:
// once a billing operation is allowed (the viewer may see the invoice or
// the settings), reading the buyer, its contracts and plans and writing the
// lines is the system's part of it, whatever the viewer's sections.
func system(ctx context.Context) context.Context {
	v := viewer.FromContext(ctx)
	if v == nil || v.IsSystem() || v.TenantID == 0 {
		return ctx
	}
	return viewer.TenantSystemContext(ctx, v.TenantID)
}
