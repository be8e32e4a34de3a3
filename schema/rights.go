package schema

import (
	"context"
	"errors"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/schema/mixin"

	"github.com/portico-apim/portico/ent/intercept"
	"github.com/portico-apim/portico/schema/viewer"
)

// ErrForbidden is returned when a team member works outside its sections.
var ErrForbidden = errors.New("this area is not among your permissions")

// Rights limits a type to the team members allowed to work with it: reading
// needs one of Read (none: anyone in the tenant), changing needs Write, and
// product-bound rows are filtered to the member's products. Admins and the
// system are not limited. It is the one place member rights are enforced, for
// every interface.
type Rights struct {
	mixin.Schema
	Read  []viewer.Section
	Write viewer.Section
	// AdminOnly keeps the type to admins entirely.
	AdminOnly bool
	// Product is the column holding the product id; empty when rows are not
	// product-bound. Rows whose column is NULL are not product-bound either.
	Product string
	// ViaPlan finds the product through plan_id.
	ViaPlan bool
}

// limited returns the member viewer of ctx, or nil when no limit applies.
func limited(ctx context.Context) *viewer.Viewer {
	v := viewer.FromContext(ctx)
	if v == nil || v.IsSystem() || v.IsAdmin() {
		return nil
	}
	return v
}

func (r Rights) canRead(v *viewer.Viewer) bool {
	if r.AdminOnly {
		return false
	}
	if len(r.Read) == 0 {
		return true
	}
	for _, s := range r.Read {
		if v.Has(s) {
			return true
		}
	}
	return false
}

// productFilter restricts rows to the member's products.
func (r Rights) productFilter(v *viewer.Viewer) func(*sql.Selector) {
	ids, ok := v.ProductScope()
	if !ok || (r.Product == "" && !r.ViaPlan) {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return func(s *sql.Selector) {
		if r.ViaPlan {
			plans := sql.Select("id").From(sql.Table("plans"))
			if len(args) == 0 {
				plans.Where(sql.False())
			} else {
				plans.Where(sql.In("product_id", args...))
			}
			s.Where(sql.In(s.C("plan_id"), plans))
			return
		}
		col := s.C(r.Product)
		if len(args) == 0 {
			s.Where(sql.IsNull(col))
			return
		}
		s.Where(sql.Or(sql.IsNull(col), sql.In(col, args...)))
	}
}

func (r Rights) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{
		ent.TraverseFunc(func(ctx context.Context, q ent.Query) error {
			v := limited(ctx)
			if v == nil {
				return nil
			}
			if !r.canRead(v) {
				return ErrForbidden
			}
			if f := r.productFilter(v); f != nil {
				w, err := intercept.NewQuery(q)
				if err != nil {
					return err
				}
				w.WhereP(f)
			}
			return nil
		}),
	}
}

func (r Rights) Hooks() []ent.Hook {
	return []ent.Hook{
		func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				v := limited(ctx)
				if v == nil {
					return next.Mutate(ctx, m)
				}
				if r.AdminOnly || r.Write == "" || !v.Has(r.Write) {
					return nil, ErrForbidden
				}
				if f := r.productFilter(v); f != nil && !m.Op().Is(ent.OpCreate) {
					m.(wherePer).WhereP(f)
				}
				return next.Mutate(ctx, m)
			})
		},
	}
}

// Section sets used by the schemas.
var (
	catalogReaders  = []viewer.Section{viewer.SectionPartners, viewer.SectionPlans, viewer.SectionMonitoring, viewer.SectionPolicyRegistry}
	planReaders     = []viewer.Section{viewer.SectionPartners, viewer.SectionPlans, viewer.SectionMonitoring}
	partners        = []viewer.Section{viewer.SectionPartners}
	integrators     = []viewer.Section{viewer.SectionPlans, viewer.SectionMonitoring}
	analyticsReader = []viewer.Section{viewer.SectionMonitoring}
	// policyReaders see custom policies: who registers them and who edits
	// products' policy chains.
	policyReaders = []viewer.Section{viewer.SectionPolicyRegistry, viewer.SectionPlans, viewer.SectionMonitoring}
)
