package payments

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/stripe/stripe-go/v82"
	"golang.org/x/text/currency"
)

// stripeGateway charges through Stripe: customers, SetupIntents for saving
// cards with Strong Customer Authentication in the browser, and
// PaymentIntents confirmed off-session to charge them.
type stripeGateway struct {
	c *stripe.Client
}

// newStripe returns a Stripe gateway for a secret key; url, when set,
// replaces Stripe's API address (stripe-mock in tests).
func newStripe(secretKey, url string, hc *http.Client) *stripeGateway {
	cfg := &stripe.BackendConfig{HTTPClient: hc, MaxNetworkRetries: stripe.Int64(0), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}}
	if url != "" {
		cfg.URL = stripe.String(url)
	}
	return &stripeGateway{c: stripe.NewClient(secretKey, stripe.WithBackends(stripe.NewBackendsWithConfig(cfg)))}
}

var (
	stripePublishable = regexp.MustCompile(`^pk_(test|live)_[0-9A-Za-z]{8,247}$`)
	stripeSecret      = regexp.MustCompile(`^(sk|rk)_(test|live)_[0-9A-Za-z]{8,247}$`)
)

// stripeKeys checks the shape of a key pair and returns whether it is a
// test pair.
func stripeKeys(publishable, secretKey string) (test bool, field string, err error) {
	p := stripePublishable.FindStringSubmatch(publishable)
	if p == nil {
		return false, "publishable_key", errors.New("is not a Stripe publishable key (pk_test_… or pk_live_…)")
	}
	s := stripeSecret.FindStringSubmatch(secretKey)
	if s == nil {
		return false, "secret_key", errors.New("is not a Stripe secret key (sk_test_…, sk_live_…, or a restricted rk_… key)")
	}
	if p[1] != s[2] {
		return false, "secret_key", fmt.Errorf("is a %s key while the publishable key is a %s key", s[2], p[1])
	}
	return p[1] == "test", "", nil
}

// stripeHint shows a secret key's kind and last four characters.
func stripeHint(secretKey string) string {
	i := strings.LastIndexByte(secretKey, '_')
	return secretKey[:i+1] + "…" + secretKey[len(secretKey)-4:]
}

func (g *stripeGateway) Check(ctx context.Context) error {
	_, err := g.c.V1Balance.Retrieve(ctx, &stripe.BalanceRetrieveParams{})
	return stripeErr(err)
}

func (g *stripeGateway) CreateCustomer(ctx context.Context, c Customer, key string) (string, error) {
	p := &stripe.CustomerCreateParams{Name: stripe.String(c.Name)}
	if c.Email != "" {
		p.Email = stripe.String(c.Email)
	}
	p.AddMetadata("portico_account_id", strconv.Itoa(c.AccountID))
	p.SetIdempotencyKey(key)
	cu, err := g.c.V1Customers.Create(ctx, p)
	if err != nil {
		return "", stripeErr(err)
	}
	return cu.ID, nil
}

func (g *stripeGateway) StartSetup(ctx context.Context, customerRef string) (Setup, error) {
	si, err := g.c.V1SetupIntents.Create(ctx, &stripe.SetupIntentCreateParams{
		Customer:           stripe.String(customerRef),
		Usage:              stripe.String(string(stripe.SetupIntentUsageOffSession)),
		PaymentMethodTypes: []*string{stripe.String("card")},
	})
	if err != nil {
		return Setup{}, stripeErr(err)
	}
	return Setup{Ref: si.ID, ClientSecret: si.ClientSecret}, nil
}

func (g *stripeGateway) FinishSetup(ctx context.Context, setupRef string) (Card, error) {
	si, err := g.c.V1SetupIntents.Retrieve(ctx, setupRef, &stripe.SetupIntentRetrieveParams{})
	if err != nil {
		return Card{}, stripeErr(err)
	}
	if si.Status != stripe.SetupIntentStatusSucceeded || si.PaymentMethod == nil {
		return Card{}, fmt.Errorf("%w (Stripe says %s)", ErrSetupNotConfirmed, si.Status)
	}
	pm, err := g.c.V1PaymentMethods.Retrieve(ctx, si.PaymentMethod.ID, &stripe.PaymentMethodRetrieveParams{})
	if err != nil {
		return Card{}, stripeErr(err)
	}
	if pm.Card == nil {
		return Card{}, &RefusedError{Message: "the saved payment method is not a card"}
	}
	return Card{PaymentMethodRef: pm.ID, Brand: string(pm.Card.Brand), Last4: pm.Card.Last4,
		ExpMonth: int(pm.Card.ExpMonth), ExpYear: int(pm.Card.ExpYear)}, nil
}

func (g *stripeGateway) RemoveCard(ctx context.Context, paymentMethodRef string) error {
	_, err := g.c.V1PaymentMethods.Detach(ctx, paymentMethodRef, &stripe.PaymentMethodDetachParams{})
	return stripeErr(err)
}

func (g *stripeGateway) Charge(ctx context.Context, ch Charge) (Outcome, error) {
	minor, err := MinorUnits(ch.Amount, ch.Currency)
	if err != nil {
		return Outcome{}, err
	}
	p := &stripe.PaymentIntentCreateParams{
		Amount:        stripe.Int64(minor),
		Currency:      stripe.String(strings.ToLower(ch.Currency)),
		Customer:      stripe.String(ch.CustomerRef),
		PaymentMethod: stripe.String(ch.PaymentMethodRef),
		Confirm:       stripe.Bool(true),
		OffSession:    stripe.Bool(true),
		Description:   stripe.String(ch.Description),
	}
	for k, v := range ch.Metadata {
		p.AddMetadata(k, v)
	}
	p.SetIdempotencyKey(ch.IdempotencyKey)
	pi, err := g.c.V1PaymentIntents.Create(ctx, p)
	var se *stripe.Error
	if errors.As(err, &se) && se.Type == stripe.ErrorTypeCard {
		// A decline, or a card that needs its holder to authenticate: the
		// charge failed, for the reason Stripe gives.
		out := Outcome{Message: se.Msg, Response: map[string]string{"code": string(se.Code), "decline_code": string(se.DeclineCode)}}
		if se.PaymentIntent != nil {
			out.Reference = se.PaymentIntent.ID
			out.Response["status"] = string(se.PaymentIntent.Status)
		}
		return out, nil
	}
	if err != nil {
		return Outcome{}, stripeErr(err)
	}
	out := Outcome{Reference: pi.ID, Response: map[string]string{"status": string(pi.Status), "amount": strconv.FormatInt(pi.Amount, 10)}}
	if pi.LatestCharge != nil {
		out.Response["charge"] = pi.LatestCharge.ID
	}
	switch pi.Status {
	case stripe.PaymentIntentStatusSucceeded:
		out.Success, out.Message = true, "Payment succeeded"
	case stripe.PaymentIntentStatusRequiresAction:
		out.Message = "The card requires its holder to authenticate the payment"
	default:
		out.Message = "Stripe left the payment " + strings.ReplaceAll(string(pi.Status), "_", " ")
		if pi.LastPaymentError != nil && pi.LastPaymentError.Msg != "" {
			out.Message = pi.LastPaymentError.Msg
		}
	}
	return out, nil
}

// stripeErr turns Stripe's refusals into RefusedError; anything else
// (the network, Stripe's own failures) is returned as it is.
func stripeErr(err error) error {
	var se *stripe.Error
	if !errors.As(err, &se) {
		return err
	}
	if se.HTTPStatusCode >= 500 || se.Type == stripe.ErrorTypeAPI {
		return err
	}
	return &RefusedError{Message: "Stripe: " + se.Msg}
}

// MinorUnits converts an amount to the currency's smallest unit (cents,
// or yen for a currency without decimals), refusing fractions of it.
func MinorUnits(amount decimal.Decimal, code string) (int64, error) {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 0, fmt.Errorf("currency %q: %w", code, err)
	}
	scale, _ := currency.Standard.Rounding(u)
	minor := amount.Shift(int32(scale))
	if !minor.IsInteger() {
		return 0, fmt.Errorf("%s %s has a fraction of the currency's smallest unit", amount, code)
	}
	return minor.IntPart(), nil
}
