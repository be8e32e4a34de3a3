package catalog

import (
	"context"
	"fmt"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/mappingrule"
	"github.com/portico-apim/portico/server/problem"
)

// CreateMetric creates a metric of a product or backend, or a method when a
// parent is given (the parent must belong to the same owner).
func (s *Service) CreateMetric(ctx context.Context, in ent.CreateMetricInput) (*ent.Metric, error) {
	owner, err := ownerOf(in.ProductID, in.BackendID)
	if err != nil {
		return nil, err
	}
	var m *ent.Metric
	err = s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if err := owner.exists(ctx, c); err != nil {
			return err
		}
		if in.ParentID != nil {
			parent, err := c.Metric.Get(ctx, *in.ParentID)
			if err != nil {
				return problem.NotFoundIf(err, "parent metric %d not found", *in.ParentID)
			}
			if !owner.has(parent) {
				return problem.Invalid("parent_id", "the parent metric belongs to another product or backend")
			}
		}
		m, err = c.Metric.Create().SetInput(in).Save(ctx)
		return err
	})
	return m, err
}

// UpdateMetric changes a metric; a new parent must belong to the same owner
// and must not be the metric itself or one of its descendants.
func (s *Service) UpdateMetric(ctx context.Context, id int, in ent.UpdateMetricInput) (*ent.Metric, error) {
	var m *ent.Metric
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.Metric.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "metric %d not found", id)
		}
		if in.ParentID != nil {
			owner := metricOwner{cur.ProductID, cur.BackendID}
			if cur.ProductID == nil && cur.BackendID == nil {
				return problem.Conflict("metric %d has no owner", id)
			}
			// Walk up from the new parent: meeting the metric means a cycle.
			for pid := in.ParentID; pid != nil; {
				if *pid == id {
					return problem.Invalid("parent_id", "a metric cannot be its own ancestor")
				}
				p, err := c.Metric.Get(ctx, *pid)
				if err != nil {
					return problem.NotFoundIf(err, "parent metric %d not found", *pid)
				}
				if !owner.has(p) {
					return problem.Invalid("parent_id", "the parent metric belongs to another product or backend")
				}
				pid = p.ParentID
			}
		}
		m, err = c.Metric.UpdateOneID(id).SetInput(in).Save(ctx)
		return err
	})
	return m, err
}

// DeleteMetric deletes a metric with its methods, mapping rules, limits and
// pricing rules. A product's `hits` metric cannot be deleted.
func (s *Service) DeleteMetric(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		m, err := c.Metric.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "metric %d not found", id)
		}
		if m.SystemName == HitsSystemName && m.ProductID != nil {
			return problem.Conflict("the hits metric of a product cannot be deleted")
		}
		return c.Metric.DeleteOneID(id).Exec(ctx)
	})
}

// CreateMappingRule creates a mapping rule of a product or backend counting a
// metric of the same owner.
func (s *Service) CreateMappingRule(ctx context.Context, in ent.CreateMappingRuleInput) (*ent.MappingRule, error) {
	owner, err := ownerOf(in.ProductID, in.BackendID)
	if err != nil {
		return nil, err
	}
	var r *ent.MappingRule
	err = s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if err := owner.exists(ctx, c); err != nil {
			return err
		}
		if err := checkRuleMetric(ctx, c, owner, in.MetricID); err != nil {
			return err
		}
		if err := checkRuleUnique(ctx, c, owner, 0, in.HTTPMethod, in.Pattern); err != nil {
			return err
		}
		if in.Position == nil {
			next := 1
			last, err := owner.rules(c).Order(ent.Desc(mappingrule.FieldPosition)).First(ctx)
			switch {
			case err == nil:
				next = last.Position + 1
			case !ent.IsNotFound(err):
				return fmt.Errorf("find the last mapping rule: %w", err)
			}
			in.Position = &next
		}
		r, err = c.MappingRule.Create().SetInput(in).Save(ctx)
		return err
	})
	return r, err
}

// rules queries the owner's mapping rules.
func (o metricOwner) rules(c *ent.Client) *ent.MappingRuleQuery {
	if o.productID != nil {
		return c.MappingRule.Query().Where(mappingrule.ProductID(*o.productID))
	}
	return c.MappingRule.Query().Where(mappingrule.BackendID(*o.backendID))
}

// checkRuleUnique refuses a second rule of an owner with the same verb and
// pattern (self is the rule being changed, 0 for a new one).
func checkRuleUnique(ctx context.Context, c *ent.Client, owner metricOwner, self int, method mappingrule.HTTPMethod, pattern string) error {
	dup, err := owner.rules(c).Where(mappingrule.HTTPMethodEQ(method), mappingrule.Pattern(pattern), mappingrule.IDNEQ(self)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("look for a duplicate mapping rule: %w", err)
	}
	if dup {
		return problem.Invalid("pattern", "a %s %s mapping rule already exists", method, pattern)
	}
	return nil
}

// UpdateMappingRule changes a mapping rule; a new metric must belong to the
// rule's owner.
func (s *Service) UpdateMappingRule(ctx context.Context, id int, in ent.UpdateMappingRuleInput) (*ent.MappingRule, error) {
	var r *ent.MappingRule
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.MappingRule.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "mapping rule %d not found", id)
		}
		owner := metricOwner{cur.ProductID, cur.BackendID}
		if in.MetricID != nil {
			if err := checkRuleMetric(ctx, c, owner, *in.MetricID); err != nil {
				return err
			}
		}
		if in.HTTPMethod != nil || in.Pattern != nil {
			method, pattern := cur.HTTPMethod, cur.Pattern
			if in.HTTPMethod != nil {
				method = *in.HTTPMethod
			}
			if in.Pattern != nil {
				pattern = *in.Pattern
			}
			if err := checkRuleUnique(ctx, c, owner, id, method, pattern); err != nil {
				return err
			}
		}
		r, err = c.MappingRule.UpdateOneID(id).SetInput(in).Save(ctx)
		return err
	})
	return r, err
}

func checkRuleMetric(ctx context.Context, c *ent.Client, owner metricOwner, metricID int) error {
	m, err := c.Metric.Get(ctx, metricID)
	if err != nil {
		return problem.NotFoundIf(err, "metric %d not found", metricID)
	}
	if !owner.has(m) {
		return problem.Invalid("metric_id", "the metric belongs to another product or backend")
	}
	return nil
}
