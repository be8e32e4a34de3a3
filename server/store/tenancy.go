package store

import (
	"context"
	"fmt"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/hook"
	"github.com/portico-apim/portico/schema/viewer"
)

// referencedRowsInTenant refuses a create or update that points an edge at a
// row the viewer cannot see, so a tenant can never attach its data to another
// tenant's products, plans, accounts or metrics by guessing ids. The lookup
// goes through the tenant-scoped client: a foreign row answers not found.
func referencedRowsInTenant(next ent.Mutator) ent.Mutator {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			// The system (bootstrap, jobs) is trusted to link rows correctly.
			if v := viewer.FromContext(ctx); v == nil || v.IsSystem() {
				return next.Mutate(ctx, m)
			}
			cm, ok := m.(interface{ Client() *ent.Client })
			if !ok {
				return next.Mutate(ctx, m)
			}
			client := cm.Client()
			lookup := onlyViewer(ctx)
			tenant := viewer.FromContext(ctx).TenantID
			for _, edge := range m.AddedEdges() {
				if edge == "tenant" {
					continue
				}
				for _, id := range m.AddedIDs(edge) {
					n, ok := id.(int)
					if !ok {
						continue
					}
					if _, ok := Recall(ctx, seenRef{tenant, n}); ok {
						continue
					}
					if _, err := client.Noder(lookup, n); err != nil {
						if ent.IsNotFound(err) {
							return nil, &ReferenceError{Edge: edge, ID: n}
						}
						return nil, fmt.Errorf("check %s %d: %w", edge, n, err)
					}
					Remember(ctx, seenRef{tenant, n}, true)
				}
			}
			v, err := next.Mutate(ctx, m)
			if err == nil && m.Op().Is(ent.OpCreate) {
				// A row just created is the tenant's own: linking to it
				// later in the transaction needs no lookup.
				if idm, ok := m.(interface{ ID() (int, bool) }); ok {
					if id, ok := idm.ID(); ok {
						Remember(ctx, seenRef{tenant, id}, true)
					}
				}
			}
			return v, err
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)(next)
}

// seenRef is a row a tenant was found to own. A row's tenant never changes
// and, inside the transaction that saw it, the row cannot vanish unseen, so
// the answer holds until the transaction ends: a transaction that links many
// rows to the same one (the line items of an invoice, say) looks it up once.
type seenRef struct{ tenant, id int }

// onlyViewer keeps ctx's deadline and cancellation but carries only its
// viewer, so lookups are tenant-scoped without picking up request-level values
// (such as the GraphQL field being resolved).
func onlyViewer(ctx context.Context) context.Context {
	return valuesFrom{Context: ctx, values: viewer.NewContext(context.Background(), viewer.FromContext(ctx))}
}

type valuesFrom struct {
	context.Context
	values context.Context
}

func (c valuesFrom) Value(key any) any { return c.values.Value(key) }

// ReferenceError reports an edge pointing at a row that does not exist for
// the viewer.
type ReferenceError struct {
	Edge string
	ID   int
}

func (e *ReferenceError) Error() string { return fmt.Sprintf("%s %d not found", e.Edge, e.ID) }
