package catalog

import (
	"context"
	"fmt"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/server/problem"
)

// CustomizeApplicationPlan gives an application its own copy of its plan
// (limits, pricing rules and features included), linked to the original,
// and moves the application to it. The copy is hidden, never a default, and
// left out of plan listings for new subscriptions; changing its limits
// affects only this application.
func (s *Service) CustomizeApplicationPlan(ctx context.Context, applicationID int) (*ent.Application, error) {
	var out *ent.Application
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		app, err := c.Application.Query().Where(application.ID(applicationID)).WithPlan().Only(ctx)
		if err != nil {
			return problem.NotFoundIf(err, "application %d not found", applicationID)
		}
		p := app.Edges.Plan
		if p.OriginalID != nil {
			return problem.Conflict("the application's plan %q is already customized", p.Name)
		}
		cp, err := copyPlan(ctx, c, p, p.Name+" (custom)", fmt.Sprintf("%s_custom_%d", trim(p.SystemName, 200), app.ID), &p.ID)
		if err != nil {
			return err
		}
		out, err = c.Application.UpdateOneID(app.ID).SetPlanID(cp.ID).Save(ctx)
		return err
	})
	return out, err
}

// DecustomizeApplicationPlan moves an application from its custom plan back
// to the plan it was copied from and deletes the custom plan.
func (s *Service) DecustomizeApplicationPlan(ctx context.Context, applicationID int) (*ent.Application, error) {
	var out *ent.Application
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		app, err := c.Application.Query().Where(application.ID(applicationID)).WithPlan().Only(ctx)
		if err != nil {
			return problem.NotFoundIf(err, "application %d not found", applicationID)
		}
		p := app.Edges.Plan
		if p.OriginalID == nil {
			return problem.Conflict("the application's plan %q is not customized", p.Name)
		}
		if out, err = c.Application.UpdateOneID(app.ID).SetPlanID(*p.OriginalID).Save(ctx); err != nil {
			return err
		}
		return c.Plan.DeleteOneID(p.ID).Exec(ctx)
	})
	return out, err
}

func trim(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
