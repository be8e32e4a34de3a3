package store

import (
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/hook"
	"github.com/portico-apim/portico/ent/tenant"
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

// TenantByHost finds the tenant a request to host (a Host header: port and
// letter case do not matter) is for: the tenant whose admin domain is host,
// with named true. Otherwise (named false) it is the installation's default
// tenant, the first provider tenant (for master, the master account), when
// host is an IP address, localhost or empty, or when there is only one: a
// single-tenant installation answers on any address. Any other name is not
// found. ctx must allow reading every tenant (viewer.SystemContext).
func TenantByHost(ctx context.Context, c *ent.Client, host string, master bool) (t *ent.Tenant, named bool, err error) {
	host = hostname(host)
	if t, err = TenantNamed(ctx, c, host); t != nil || err != nil {
		return t, t != nil, err
	}
	ts, err := c.Tenant.Query().Where(tenant.Master(master)).Order(ent.Asc(tenant.FieldID)).Limit(2).All(ctx)
	switch {
	case err != nil:
		return nil, false, err
	case len(ts) == 0 || len(ts) > 1 && host != "" && host != "localhost" && net.ParseIP(strings.Trim(host, "[]")) == nil:
		return nil, false, &ent.NotFoundError{}
	}
	return ts[0], false, nil
}

// hostname is a Host header's name in lower case, without its port.
func hostname(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.ToLower(host)
}

// TenantNamed returns the tenant whose admin domain is host (port and letter
// case do not matter; admin domains are stored in lower case), or nil.
func TenantNamed(ctx context.Context, c *ent.Client, host string) (*ent.Tenant, error) {
	if host = hostname(host); host == "" {
		return nil, nil
	}
	t, err := c.Tenant.Query().Where(tenant.AdminDomain(host)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return t, err
}
