package catalog

import (
	"context"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// The plain changes below have no rule beyond the schema's own; they live
// here so that GraphQL and the REST API write through the same calls.

// UpdateProduct changes a product.
func (s *Service) UpdateProduct(ctx context.Context, id int, in ent.UpdateProductInput) (*ent.Product, error) {
	p, err := store.Client(ctx, s.client).Product.UpdateOneID(id).SetInput(in).Save(ctx)
	return p, problem.NotFoundIf(err, "product %d not found", id)
}

// CreateBackend creates a backend.
func (s *Service) CreateBackend(ctx context.Context, in ent.CreateBackendInput) (*ent.Backend, error) {
	return store.Client(ctx, s.client).Backend.Create().SetInput(in).Save(ctx)
}

// UpdateBackend changes a backend.
func (s *Service) UpdateBackend(ctx context.Context, id int, in ent.UpdateBackendInput) (*ent.Backend, error) {
	b, err := store.Client(ctx, s.client).Backend.UpdateOneID(id).SetInput(in).Save(ctx)
	return b, problem.NotFoundIf(err, "backend %d not found", id)
}

// CreateBackendUsage makes a product use a backend under a path.
func (s *Service) CreateBackendUsage(ctx context.Context, in ent.CreateBackendUsageInput) (*ent.BackendUsage, error) {
	return store.Client(ctx, s.client).BackendUsage.Create().SetInput(in).Save(ctx)
}

// UpdateBackendUsage changes the path a product uses a backend under.
func (s *Service) UpdateBackendUsage(ctx context.Context, id int, in ent.UpdateBackendUsageInput) (*ent.BackendUsage, error) {
	u, err := store.Client(ctx, s.client).BackendUsage.UpdateOneID(id).SetInput(in).Save(ctx)
	return u, problem.NotFoundIf(err, "backend usage %d not found", id)
}

// DeleteBackendUsage removes a backend from a product.
func (s *Service) DeleteBackendUsage(ctx context.Context, id int) error {
	return problem.NotFoundIf(store.Client(ctx, s.client).BackendUsage.DeleteOneID(id).Exec(ctx), "backend usage %d not found", id)
}

// DeleteMappingRule deletes a mapping rule.
func (s *Service) DeleteMappingRule(ctx context.Context, id int) error {
	return problem.NotFoundIf(store.Client(ctx, s.client).MappingRule.DeleteOneID(id).Exec(ctx), "mapping rule %d not found", id)
}

// UpdateUsageLimit changes a limit's period or value.
func (s *Service) UpdateUsageLimit(ctx context.Context, id int, in ent.UpdateUsageLimitInput) (*ent.UsageLimit, error) {
	l, err := store.Client(ctx, s.client).UsageLimit.UpdateOneID(id).SetInput(in).Save(ctx)
	return l, problem.NotFoundIf(err, "limit %d not found", id)
}

// DeleteUsageLimit deletes a limit.
func (s *Service) DeleteUsageLimit(ctx context.Context, id int) error {
	return problem.NotFoundIf(store.Client(ctx, s.client).UsageLimit.DeleteOneID(id).Exec(ctx), "limit %d not found", id)
}

// DeletePricingRule deletes a pricing rule.
func (s *Service) DeletePricingRule(ctx context.Context, id int) error {
	return problem.NotFoundIf(store.Client(ctx, s.client).PricingRule.DeleteOneID(id).Exec(ctx), "pricing rule %d not found", id)
}

// UpdateFeature changes a feature, and the plans that enable it.
func (s *Service) UpdateFeature(ctx context.Context, id int, in ent.UpdateFeatureInput) (*ent.Feature, error) {
	f, err := store.Client(ctx, s.client).Feature.UpdateOneID(id).SetInput(in).Save(ctx)
	return f, problem.NotFoundIf(err, "feature %d not found", id)
}

// DeleteFeature deletes a feature.
func (s *Service) DeleteFeature(ctx context.Context, id int) error {
	return problem.NotFoundIf(store.Client(ctx, s.client).Feature.DeleteOneID(id).Exec(ctx), "feature %d not found", id)
}
