package purge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/counterentry"
	"github.com/portico-apim/portico/ent/migrate"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/mirror"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// Grace is how long a tenant stays scheduled for deletion before it is
// purged, as in 3scale.
const Grace = 15 * 24 * time.Hour

// batch is how many rows one statement deletes at most.
const batch = 1000

// Config wires the service.
type Config struct {
	Store *store.Store
	// Counters holds the rate-limit counters; nil when they live in another
	// process (the command line without Redis), which forgets them when it
	// next starts.
	Counters counter.Store
	// Mirror is told of each purged tenant, so that the decision plane of
	// every replica forgets it.
	Mirror *mirror.Mirror
	Now    func() time.Time
	Logger *slog.Logger
}

// Service purges tenants scheduled for deletion.
type Service struct {
	cfg   Config
	log   *slog.Logger
	steps []step
	// order is why there are no steps: the schema's foreign keys allow no
	// order of deletes.
	order error
}

// New returns the service.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{cfg: cfg, log: cfg.Logger}
	s.steps, s.order = order(migrate.Tables, migrate.TenantsTable)
	return s
}

// Tenant deletes every row of a tenant scheduled for deletion, table by
// table in the order the foreign keys ask for, a batch of rows per
// statement (each committed on its own, so a large tenant never holds locks
// other tenants wait on for long), then the tenant itself; it forgets the
// tenant's rate-limit counters and drops it from the decision plane. The
// master account and a tenant in any other state are refused. A purge cut
// short is finished by the next one: what it deleted stays deleted, and the
// tenant row, deleted last, keeps it due.
func (s *Service) Tenant(ctx context.Context, tenantID int) error {
	if s.order != nil {
		return s.order
	}
	start := time.Now()
	sys := store.Background(viewer.SystemContext(ctx))
	t, err := s.cfg.Store.Client.Tenant.Get(sys, tenantID)
	if err != nil {
		return problem.NotFoundIf(err, "tenant %d not found", tenantID)
	}
	switch {
	case t.Master:
		return problem.Forbidden("tenant %d is the master account, which is never purged", tenantID)
	case t.State != tenant.StateSCHEDULED_FOR_DELETION:
		return problem.Conflict("tenant %d is %s, not scheduled for deletion", tenantID, t.State)
	}
	products, err := s.cfg.Store.Client.Product.Query().Where(product.TenantID(tenantID)).IDs(sys)
	if err != nil {
		return fmt.Errorf("purge tenant %d: products: %w", tenantID, err)
	}
	services := make([]string, len(products))
	for i, id := range products {
		services[i] = strconv.Itoa(id) // the decision plane's service ids
	}
	// The counters are forgotten first, so that a counter store that is
	// down stops the purge before anything is deleted, and again at the
	// end, for usage reported meanwhile (a suspended service still takes
	// reports).
	if err := s.forget(sys, services); err != nil {
		return fmt.Errorf("purge tenant %d: %w", tenantID, err)
	}
	b := sql.Dialect(s.cfg.Store.Dialect)
	var rows int64
	for _, st := range s.steps {
		n, err := s.deleteAll(sys, st.table, st.key, st.rows(b, tenantID))
		rows += n
		if err != nil {
			return fmt.Errorf("purge tenant %d: %w", tenantID, err)
		}
	}
	q, args := b.Delete(tenant.Table).Where(sql.And(sql.EQ(tenant.FieldID, tenantID),
		sql.EQ(tenant.FieldState, tenant.StateSCHEDULED_FOR_DELETION.String()))).Query()
	res, err := s.cfg.Store.DB.ExecContext(sys, q, args...)
	if err == nil {
		var n int64
		if n, err = res.RowsAffected(); err == nil && n == 0 {
			err = errors.New("it changed state or was purged meanwhile")
		}
	}
	if err != nil {
		return fmt.Errorf("purge tenant %d: delete the tenant: %w", tenantID, err)
	}
	s.cfg.Mirror.Reload(sys, tenantID)
	if err := s.forget(sys, services); err != nil {
		return fmt.Errorf("purge tenant %d: %w", tenantID, err)
	}
	s.log.Info("tenant purged", "tenant", tenantID, "admin_domain", t.AdminDomain, "rows", rows, "took", time.Since(start))
	return nil
}

// forget removes the counters of the services from the counter store and
// the copies of in-process counters saved in the database (which have no
// tenant column: they are keyed by service).
func (s *Service) forget(ctx context.Context, services []string) error {
	if len(services) == 0 {
		return nil
	}
	if s.cfg.Counters != nil {
		if err := s.cfg.Counters.Forget(ctx, services); err != nil {
			return fmt.Errorf("forget counters: %w", err)
		}
	}
	for part := range slices.Chunk(services, batch) {
		args := make([]any, len(part))
		for i, svc := range part {
			args[i] = svc
		}
		if _, err := s.deleteAll(ctx, counterentry.Table, []string{counterentry.FieldID}, sql.In(counterentry.FieldService, args...)); err != nil {
			return fmt.Errorf("forget saved counters: %w", err)
		}
	}
	return nil
}

// deleteAll deletes the rows of table that where selects, at most batch
// rows (chosen by the key columns) per statement, and says how many.
func (s *Service) deleteAll(ctx context.Context, table string, key []string, where *sql.Predicate) (int64, error) {
	q, args := batchDelete(sql.Dialect(s.cfg.Store.Dialect), table, key, where)
	var total int64
	for {
		res, err := s.cfg.Store.DB.ExecContext(ctx, q, args...)
		if err != nil {
			return total, fmt.Errorf("delete from %s: %w", table, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, fmt.Errorf("delete from %s: %w", table, err)
		}
		total += n
		if n < batch {
			return total, nil
		}
	}
}

// Due purges every tenant whose Grace after it was scheduled for deletion
// ended at or before at, and returns their ids. A tenant that fails is
// logged and left for the next run; the others are purged all the same.
func (s *Service) Due(ctx context.Context, at time.Time) ([]int, error) {
	ids, err := s.cfg.Store.Client.Tenant.Query().
		Where(tenant.Master(false), tenant.StateEQ(tenant.StateSCHEDULED_FOR_DELETION), tenant.StateChangedAtLTE(at.Add(-Grace))).
		Order(ent.Asc(tenant.FieldID)).IDs(store.Background(viewer.SystemContext(ctx)))
	if err != nil {
		return nil, fmt.Errorf("purge: tenants due: %w", err)
	}
	var purged []int
	var errs []error
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		if err := s.Tenant(ctx, id); err != nil {
			s.log.Error("purge tenant", "tenant", id, "error", err)
			errs = append(errs, err)
			continue
		}
		purged = append(purged, id)
	}
	return purged, errors.Join(errs...)
}

// batchDelete is the statement deleting at most batch rows of table that
// where selects, chosen by the key columns.
func batchDelete(b *sql.DialectBuilder, table string, key []string, where *sql.Predicate) (string, []any) {
	pick := b.Select(key...).From(sql.Table(table)).Where(where).Limit(batch)
	return b.Delete(table).Where(sql.P(func(w *sql.Builder) {
		w.Wrap(func(w *sql.Builder) { w.IdentComma(key...) })
		w.WriteOp(sql.OpIn)
		w.Wrap(func(w *sql.Builder) { w.Join(pick) })
	})).Query()
}
