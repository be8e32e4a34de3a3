package catalog

import (
	"context"
	"fmt"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/backendusage"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
)

// Service is the catalog domain service.
type Service struct {
	client *ent.Client
}

// New returns a catalog service on client.
func New(client *ent.Client) *Service { return &Service{client: client} }

func (s *Service) tx(ctx context.Context, fn func(ctx context.Context, c *ent.Client) error) error {
	return store.InTx(ctx, s.client, fn)
}

// HitsSystemName is the built-in metric every product has.
const HitsSystemName = "hits"

// CreateProduct creates a product with its `hits` metric, a service token and
// a default service plan.
func (s *Service) CreateProduct(ctx context.Context, in ent.CreateProductInput) (*ent.Product, error) {
	var p *ent.Product
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		var err error
		p, err = c.Product.Create().SetInput(in).Save(ctx)
		if err != nil {
			return err
		}
		if err := c.Metric.Create().SetProductID(p.ID).SetSystemName(HitsSystemName).
			SetFriendlyName("Hits").SetUnit("hit").SetDescription("Number of API hits").Exec(ctx); err != nil {
			return fmt.Errorf("create hits metric: %w", err)
		}
		if err := c.ServiceToken.Create().SetProductID(p.ID).SetValue(secret.Token()).Exec(ctx); err != nil {
			return fmt.Errorf("create service token: %w", err)
		}
		return c.Plan.Create().SetKind(plan.KindSERVICE).SetProductID(p.ID).SetName("Default").
			SetSystemName("default").SetState(plan.StatePUBLISHED).SetIsDefault(true).Exec(ctx)
	})
	return p, err
}

// DeleteProduct deletes a product and, in the same transaction, everything
// under it: applications, subscriptions, plans with their limits and pricing
// rules, metrics, mapping rules, backend usages, features and service tokens.
// The tenant's last product cannot be deleted.
func (s *Service) DeleteProduct(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if _, err := c.Product.Get(ctx, id); err != nil {
			return problem.NotFoundIf(err, "product %d not found", id)
		}
		n, err := c.Product.Query().Count(ctx)
		if err != nil {
			return err
		}
		if n <= 1 {
			return problem.Conflict("the last product cannot be deleted")
		}
		// Plans point at each other (custom plans at their originals) and
		// applications at plans: remove dependants before the product so every
		// database applies the cascade in a valid order.
		if _, err := c.Application.Delete().Where(application.ProductID(id)).Exec(ctx); err != nil {
			return err
		}
		if _, err := c.ServiceSubscription.Delete().Where(servicesubscription.ProductID(id)).Exec(ctx); err != nil {
			return err
		}
		if _, err := c.Plan.Delete().Where(plan.ProductID(id), plan.OriginalIDNotNil()).Exec(ctx); err != nil {
			return err
		}
		return c.Product.DeleteOneID(id).Exec(ctx)
	})
}

// CreateServiceToken adds a service token to a product.
func (s *Service) CreateServiceToken(ctx context.Context, productID int) (*ent.ServiceToken, error) {
	c := store.Client(ctx, s.client)
	if _, err := c.Product.Get(ctx, productID); err != nil {
		return nil, problem.NotFoundIf(err, "product %d not found", productID)
	}
	return c.ServiceToken.Create().SetProductID(productID).SetValue(secret.Token()).Save(ctx)
}

// metricOwner is the product or backend a metric or mapping rule belongs to.
type metricOwner struct {
	productID, backendID *int
}

func ownerOf(productID, backendID *int) (metricOwner, error) {
	switch {
	case productID == nil && backendID == nil:
		return metricOwner{}, problem.Invalid("product_id", "either a product or a backend is required")
	case productID != nil && backendID != nil:
		return metricOwner{}, problem.Invalid("backend_id", "give a product or a backend, not both")
	}
	return metricOwner{productID, backendID}, nil
}

// exists checks the owner is visible to the viewer, so a foreign or missing
// product or backend answers not found before any other rule is applied.
func (o metricOwner) exists(ctx context.Context, c *ent.Client) error {
	if o.productID != nil {
		if _, err := c.Product.Get(ctx, *o.productID); err != nil {
			return problem.NotFoundIf(err, "product %d not found", *o.productID)
		}
		return nil
	}
	if _, err := c.Backend.Get(ctx, *o.backendID); err != nil {
		return problem.NotFoundIf(err, "backend %d not found", *o.backendID)
	}
	return nil
}

func (o metricOwner) has(m *ent.Metric) bool {
	if o.productID != nil {
		return m.ProductID != nil && *m.ProductID == *o.productID
	}
	return m.BackendID != nil && *m.BackendID == *o.backendID
}

// metricUsableByProduct reports whether metric m can be limited or priced in
// plans of product productID.
func metricUsableByProduct(ctx context.Context, c *ent.Client, m *ent.Metric, productID int) (bool, error) {
	if m.ProductID != nil {
		return *m.ProductID == productID, nil
	}
	if m.BackendID == nil {
		return false, nil
	}
	return c.BackendUsage.Query().
		Where(backendusage.ProductID(productID), backendusage.BackendID(*m.BackendID)).Exist(ctx)
}

// DeleteBackend deletes a backend that no product uses, with its metrics and
// mapping rules.
func (s *Service) DeleteBackend(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if _, err := c.Backend.Get(ctx, id); err != nil {
			return problem.NotFoundIf(err, "backend %d not found", id)
		}
		used, err := c.BackendUsage.Query().Where(backendusage.BackendID(id)).Exist(ctx)
		if err != nil {
			return err
		}
		if used {
			return problem.Conflict("the backend is used by a product; remove it from the product first")
		}
		return c.Backend.DeleteOneID(id).Exec(ctx)
	})
}
