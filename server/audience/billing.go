package audience

import (
	"context"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/server/billing"
)

// PlanBiller bills a contract's plan change in the change's transaction.
type PlanBiller interface {
	PlanChanged(ctx context.Context, c *ent.Client, ch billing.PlanChange) error
}

var _ PlanBiller = (*billing.Service)(nil)

func (s *Service) billPlanChange(ctx context.Context, c *ent.Client, ch billing.PlanChange) error {
	if s.billing == nil {
		return nil
	}
	return s.billing.PlanChanged(ctx, c, ch)
}

// setupFeeOf is the setup fee a new contract copies from its plan (none
// when the plan has none).
func setupFeeOf(p *ent.Plan) *decimal.Decimal {
	if !p.SetupFee.IsPositive() {
		return nil
	}
	f := p.SetupFee
	return &f
}
