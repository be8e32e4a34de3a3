// Package payments is the tenant's payment gateway and its developers'
// cards: the processor behind one Gateway interface (Stripe today), the
// gateway's credentials sealed at rest, and cards saved with the
// processor's setup flow so card numbers never reach Portico. Charging
// invoices, with its retries, belongs to the billing engine, which asks
// this package for the gateway.
package payments

import (
	"context"
	"errors"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent/paymentprofile"
	"github.com/portico-apim/portico/ent/predicate"
)

// Gateway is what Portico asks of a card processor.
type Gateway interface {
	// Check verifies the credentials with the processor.
	Check(ctx context.Context) error
	// CreateCustomer creates the processor's customer for a developer
	// account; idempotencyKey makes a repeated call create one.
	CreateCustomer(ctx context.Context, c Customer, idempotencyKey string) (string, error)
	// StartSetup starts saving a card of the customer for charges made
	// while the developer is away.
	StartSetup(ctx context.Context, customerRef string) (Setup, error)
	// FinishSetup reads the card of a setup the developer confirmed;
	// ErrSetupNotConfirmed while they have not.
	FinishSetup(ctx context.Context, setupRef string) (Card, error)
	// RemoveCard detaches a card from its customer.
	RemoveCard(ctx context.Context, paymentMethodRef string) error
	// Charge charges a stored card. A decline is an Outcome without
	// Success, not an error; an error means the outcome is unknown (the
	// processor could not be reached or failed), and the same charge with
	// the same IdempotencyKey may be sent again safely.
	Charge(ctx context.Context, ch Charge) (Outcome, error)
}

// Customer describes a developer account to the processor.
type Customer struct {
	Name, Email string
	AccountID   int
}

// Setup is a card setup started for a customer.
type Setup struct {
	Ref, ClientSecret string
}

// Card is a saved card as Portico keeps it.
type Card struct {
	PaymentMethodRef  string
	Brand, Last4      string
	ExpMonth, ExpYear int
}

// Charge is one charge of a stored card.
type Charge struct {
	CustomerRef, PaymentMethodRef string
	Amount                        decimal.Decimal
	Currency                      string
	Description                   string
	IdempotencyKey                string
	Metadata                      map[string]string
}

// Outcome is what the processor answered to a charge.
type Outcome struct {
	Success   bool
	Reference string
	Message   string
	Response  map[string]string
}

// ErrSetupNotConfirmed is returned by FinishSetup for a setup the
// developer has not completed.
var ErrSetupNotConfirmed = errors.New("the card setup is not confirmed yet")

// RefusedError is the processor refusing a request for a reason it states
// (a bad key, a bad parameter), as opposed to being unreachable.
type RefusedError struct{ Message string }

func (e *RefusedError) Error() string { return e.Message }

// CardStored selects the payment profiles that hold a card: the one test of
// whether an account has a card, for charging, plan changes, warnings and
// the REST accounts.
func CardStored() predicate.PaymentProfile {
	return paymentprofile.PaymentMethodRefNEQ("")
}
