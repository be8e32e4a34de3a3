package analytics

import (
	"context"
	"fmt"

	"github.com/portico-apim/portico/ent/integrationerror"
	"github.com/portico-apim/portico/server/store"
)

// ClearIntegrationErrors deletes every entry of a product's integration
// error log and says how many there were. The product must be one the
// caller sees; deleting needs the right to change the product's
// integration. It runs in the caller's transaction, if any.
func (s *Service) ClearIntegrationErrors(ctx context.Context, productID int) (int, error) {
	t, err := s.Resolve(ctx, Subject{Kind: KindProduct, ID: productID})
	if err != nil {
		return 0, err
	}
	n, err := store.Client(ctx, s.client).IntegrationError.Delete().Where(integrationerror.ProductID(t.Product.ID)).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("analytics: clear integration errors: %w", err)
	}
	return n, nil
}
