package openapi

import (
	"context"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/activedoc"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/server/problem"
)

// ActiveDocs lists the viewer's tenant's ActiveDocs, oldest first.
func (s *Service) ActiveDocs(ctx context.Context) ([]*ent.ActiveDoc, error) {
	return s.db(ctx).ActiveDoc.Query().Order(ent.Asc(activedoc.FieldID)).All(ctx)
}

// ActiveDoc returns one ActiveDoc of the viewer's tenant.
func (s *Service) ActiveDoc(ctx context.Context, id int) (*ent.ActiveDoc, error) {
	d, err := s.db(ctx).ActiveDoc.Get(ctx, id)
	if err != nil {
		return nil, problem.NotFoundIf(err, "active doc %d not found", id)
	}
	return d, nil
}

// CreateActiveDoc stores a specification. Its body must be an OpenAPI 2.0,
// 3.0 or 3.1 document unless validations are skipped; the system name is
// derived from the name when empty.
func (s *Service) CreateActiveDoc(ctx context.Context, in ent.CreateActiveDocInput) (*ent.ActiveDoc, error) {
	if in.SystemName == "" {
		in.SystemName = SystemNameOf(in.Name)
	}
	if in.SkipSwaggerValidations == nil || !*in.SkipSwaggerValidations {
		if err := Check(in.Body); err != nil {
			return nil, err
		}
	}
	var d *ent.ActiveDoc
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if err := productExists(ctx, c, in.ProductID); err != nil {
			return err
		}
		var err error
		d, err = c.ActiveDoc.Create().SetInput(in).Save(ctx)
		return err
	})
	return d, err
}

// UpdateActiveDoc changes an ActiveDoc; the resulting body is checked again
// when it changes or validations are turned back on.
func (s *Service) UpdateActiveDoc(ctx context.Context, id int, in ent.UpdateActiveDocInput) (*ent.ActiveDoc, error) {
	var d *ent.ActiveDoc
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.ActiveDoc.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "active doc %d not found", id)
		}
		skip := cur.SkipSwaggerValidations
		if in.SkipSwaggerValidations != nil {
			skip = *in.SkipSwaggerValidations
		}
		body := cur.Body
		if in.Body != nil {
			body = *in.Body
		}
		if !skip && (in.Body != nil || cur.SkipSwaggerValidations) {
			if err := Check(body); err != nil {
				return err
			}
		}
		if err := productExists(ctx, c, in.ProductID); err != nil {
			return err
		}
		d, err = c.ActiveDoc.UpdateOneID(id).SetInput(in).Save(ctx)
		return err
	})
	return d, err
}

// SetPublished publishes an ActiveDoc to developers or hides it.
func (s *Service) SetPublished(ctx context.Context, id int, published bool) (*ent.ActiveDoc, error) {
	return s.UpdateActiveDoc(ctx, id, ent.UpdateActiveDocInput{Published: &published})
}

// DeleteActiveDoc deletes an ActiveDoc.
func (s *Service) DeleteActiveDoc(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if _, err := c.ActiveDoc.Get(ctx, id); err != nil {
			return problem.NotFoundIf(err, "active doc %d not found", id)
		}
		return c.ActiveDoc.DeleteOneID(id).Exec(ctx)
	})
}

// productExists refuses a product the viewer cannot see.
func productExists(ctx context.Context, c *ent.Client, id *int) error {
	if id == nil {
		return nil
	}
	ok, err := c.Product.Query().Where(product.ID(*id)).Exist(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return problem.Invalid("product_id", "product %d not found", *id)
	}
	return nil
}
