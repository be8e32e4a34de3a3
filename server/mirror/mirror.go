package mirror

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/decision"
)

// channel is the PostgreSQL notification channel carrying changed tenant ids
// ("*" for all).
const channel = "portico_changes"

// Config wires a mirror.
type Config struct {
	Client *ent.Client
	// DB and DatabaseURL enable cross-replica notifications on PostgreSQL;
	// leave DatabaseURL empty for the embedded database (one process).
	DB          *sql.DB
	DatabaseURL string
	Logger      *slog.Logger
	// Debounce coalesces bursts of changes; default 20ms.
	Debounce time.Duration
}

// Mirror owns the decision plane's snapshot holder.
type Mirror struct {
	// Observe, when set before Start, is told of every reload.
	Observe func(took time.Duration, err error)

	cfg    Config
	log    *slog.Logger
	holder *decision.Holder

	mu      sync.Mutex
	pending map[int]bool // tenants to reload; key 0 means all
	// txTenants are the tenants each open transaction changed: they are
	// reloaded once, synchronously, when it commits.
	txTenants map[*ent.Tx]map[int]bool
	// reloading serialises reloads so an older read never replaces a newer.
	reloading sync.Mutex
	wake      chan struct{}
	loaded    map[int]*tenantData
	refs      atomic.Pointer[refs]
}

type appRef struct{ service, app string }

// refs maps the decision plane's identifiers back to database rows.
type refs struct {
	apps     map[appRef]appRow
	byID     map[int]appRef
	services map[string]int // product id → tenant id
}

type appRow struct{ id, tenant int }

// New returns a mirror with an empty snapshot; Start loads it.
func New(cfg Config) *Mirror {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = 20 * time.Millisecond
	}
	m := &Mirror{cfg: cfg, log: cfg.Logger, holder: decision.NewHolder(nil),
		pending: map[int]bool{}, wake: make(chan struct{}, 1), loaded: map[int]*tenantData{},
		txTenants: map[*ent.Tx]map[int]bool{}}
	m.refs.Store(&refs{apps: map[appRef]appRow{}, byID: map[int]appRef{}, services: map[string]int{}})
	cfg.Client.Use(m.hook)
	return m
}

// Holder is the snapshot holder the decision plane reads.
func (m *Mirror) Holder() *decision.Holder { return m.holder }

// Application returns the database id and tenant of the application the
// decision plane knows as (serviceID, appID).
func (m *Mirror) Application(serviceID, appID string) (id, tenantID int, ok bool) {
	row, ok := m.refs.Load().apps[appRef{serviceID, appID}]
	return row.id, row.tenant, ok
}

// ApplicationByID returns the service and application ids the decision
// plane knows the application with database id id by.
func (m *Mirror) ApplicationByID(id int) (serviceID, appID string, ok bool) {
	ref, ok := m.refs.Load().byID[id]
	return ref.service, ref.app, ok
}

// Applications calls fn with the database id and counter scope of every
// application the decision plane knows.
func (m *Mirror) Applications(fn func(id int, scope counter.Scope)) {
	for ref, row := range m.refs.Load().apps {
		fn(row.id, counter.Scope{Service: ref.service, Application: ref.app})
	}
}

// Counted returns the counted metrics of a product (see
// decision.Snapshot.Counted).
func (m *Mirror) Counted(serviceID string) map[string]counter.PeriodSet {
	return m.holder.Load().Counted(serviceID)
}

// Service returns the tenant of a product.
func (m *Mirror) Service(serviceID string) (tenantID int, ok bool) {
	tenantID, ok = m.refs.Load().services[serviceID]
	return tenantID, ok
}

// Start loads every tenant, then keeps the snapshot current until ctx ends.
func (m *Mirror) Start(ctx context.Context) error {
	if err := m.reload(ctx, nil); err != nil {
		return fmt.Errorf("load decision data: %w", err)
	}
	if m.cfg.DatabaseURL != "" {
		if err := m.listen(ctx); err != nil {
			return err
		}
	}
	go m.loop(ctx)
	return nil
}

// Reload announces a change to a tenant made without ent, whose hook
// announces every other change (a purge deletes with plain SQL): it reloads
// the tenant in this process before returning and, on PostgreSQL, tells
// every other replica to reload it. A tenant no longer in the database
// leaves the snapshot.
func (m *Mirror) Reload(ctx context.Context, tenantID int) { m.announce(ctx, tenantID) }

// Changed marks a tenant (0: every tenant) for reload.
func (m *Mirror) Changed(tenantID int) {
	m.mu.Lock()
	m.pending[tenantID] = true
	m.mu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

func (m *Mirror) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-m.wake:
		}
		time.Sleep(m.cfg.Debounce)
		m.mu.Lock()
		pending := m.pending
		m.pending = map[int]bool{}
		m.mu.Unlock()
		var ids []int
		if !pending[0] {
			ids = make([]int, 0, len(pending))
			for t := range pending {
				ids = append(ids, t)
			}
		}
		if err := m.reload(ctx, ids); err != nil && ctx.Err() == nil {
			m.log.Error("reload decision data; retrying", "error", err)
			for t := range pending {
				m.Changed(t)
			}
			time.Sleep(time.Second)
		}
	}
}

// reload replaces the given tenants' part of the snapshot (all when ids is
// nil) in one atomic swap.
func (m *Mirror) reload(ctx context.Context, ids []int) error {
	start := time.Now()
	err := m.load(ctx, ids)
	if m.Observe != nil {
		m.Observe(time.Since(start), err)
	}
	return err
}

// load is reload, untimed.
func (m *Mirror) load(ctx context.Context, ids []int) error {
	m.reloading.Lock()
	defer m.reloading.Unlock()
	fresh, err := loadTenants(ctx, m.cfg.Client, ids)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	replaced := ids
	if ids == nil {
		replaced = make([]int, 0, len(m.loaded))
		for t := range m.loaded {
			replaced = append(replaced, t)
		}
	}
	err = m.holder.Update(func(t *decision.Txn) error {
		for _, tid := range replaced {
			if old := m.loaded[tid]; old != nil {
				for _, s := range old.services {
					t.RemoveService(s.ID)
				}
				for _, tok := range old.tokens {
					t.RemoveServiceToken(tok)
				}
			}
		}
		var errs []error
		for _, d := range fresh {
			for _, s := range d.services {
				errs = append(errs, t.UpsertService(s))
			}
			for _, tok := range d.tokens {
				errs = append(errs, t.UpsertServiceToken(tok))
			}
			for _, a := range d.apps {
				if a.ID == "" {
					continue
				}
				errs = append(errs, t.UpsertApplication(a))
			}
		}
		return errors.Join(errs...)
	})
	if err != nil {
		return err
	}
	for _, tid := range replaced {
		delete(m.loaded, tid)
	}
	for tid, d := range fresh {
		m.loaded[tid] = d
	}
	n := len(m.refs.Load().apps)
	r := &refs{apps: make(map[appRef]appRow, n), byID: make(map[int]appRef, n), services: map[string]int{}}
	for tid, d := range m.loaded {
		for i := range d.apps {
			ref := appRef{d.apps[i].ServiceID, d.apps[i].ID}
			r.apps[ref] = appRow{d.dbIDs[i], tid}
			r.byID[d.dbIDs[i]] = ref
		}
		for _, s := range d.services {
			r.services[s.ID] = tid
		}
	}
	m.refs.Store(r)
	return nil
}

// hook notices committed changes to the data the decision plane mirrors.
func (m *Mirror) hook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, mu ent.Mutation) (ent.Value, error) {
		if !mirrored[mu.Type()] || onlyBookkeeping(mu) {
			return next.Mutate(ctx, mu)
		}
		v, err := next.Mutate(ctx, mu)
		if err != nil {
			return v, err
		}
		tid := 0
		if vw := viewer.FromContext(ctx); vw != nil && !vw.IsSystem() {
			tid = vw.TenantID
		} else if f, ok := mu.Field("tenant_id"); ok {
			tid, _ = f.(int)
		} else if mu.Type() == "Tenant" {
			if n, ok := v.(*ent.Tenant); ok {
				tid = n.ID
			}
		}
		m.announce(ctx, tid)
		return v, nil
	})
}

// onlyBookkeeping reports whether a mutation changes nothing the decision
// plane reads (an application's first-traffic time, a login time).
func onlyBookkeeping(mu ent.Mutation) bool {
	if mu.Op().Is(ent.OpCreate) || mu.Op().Is(ent.OpDelete) || mu.Op().Is(ent.OpDeleteOne) {
		return false
	}
	for _, f := range mu.Fields() {
		switch f {
		case "first_traffic_at", "updated_at", "last_login_at":
		default:
			return false
		}
	}
	return len(mu.AddedEdges()) == 0 && len(mu.ClearedEdges()) == 0 && len(mu.ClearedFields()) == 0
}

var mirrored = map[string]bool{
	"Tenant": true, "Product": true, "Metric": true, "Plan": true, "UsageLimit": true,
	"Application": true, "Account": true, "ServiceToken": true,
	// A backend's deletion removes its metrics and usages by cascade,
	// without their own mutations.
	"Backend": true, "BackendUsage": true,
}

// announce tells every other replica (PostgreSQL: a NOTIFY sent with the
// transaction's commit) that a tenant changed, and reloads the tenant in this
// process before the change's commit returns: what a mutation just wrote is
// what the next decision on this replica sees.
func (m *Mirror) announce(ctx context.Context, tenantID int) {
	payload := "*"
	if tenantID != 0 {
		payload = strconv.Itoa(tenantID)
	}
	tx := ent.TxFromContext(ctx)
	if m.cfg.DatabaseURL != "" {
		var err error
		if tx != nil {
			_, err = tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", channel, payload)
		} else {
			_, err = m.cfg.DB.ExecContext(ctx, "SELECT pg_notify($1, $2)", channel, payload)
		}
		if err != nil {
			m.log.Warn("notify replicas of a change", "error", err)
		}
	}
	if tx == nil {
		m.reloadNow(ctx, []int{tenantID})
		return
	}
	m.mu.Lock()
	tenants, registered := m.txTenants[tx]
	if !registered {
		tenants = map[int]bool{}
		m.txTenants[tx] = tenants
	}
	tenants[tenantID] = true
	m.mu.Unlock()
	if registered {
		return
	}
	forget := func() []int {
		m.mu.Lock()
		defer m.mu.Unlock()
		ids := make([]int, 0, len(m.txTenants[tx]))
		for t := range m.txTenants[tx] {
			ids = append(ids, t)
		}
		delete(m.txTenants, tx)
		return ids
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			err := next.Commit(ctx, tx)
			ids := forget()
			if err == nil {
				m.reloadNow(ctx, ids)
			}
			return err
		})
	})
	tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
		return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
			forget()
			return next.Rollback(ctx, tx)
		})
	})
}

// reloadNow reloads tenants (0 among them: every tenant) synchronously; on
// failure the background loop retries.
func (m *Mirror) reloadNow(ctx context.Context, tenantIDs []int) {
	ids := tenantIDs
	for _, t := range tenantIDs {
		if t == 0 {
			ids = nil
			break
		}
	}
	if err := m.reload(context.WithoutCancel(ctx), ids); err != nil {
		m.log.Warn("reload decision data after a change; retrying in the background", "error", err)
		for _, t := range tenantIDs {
			m.Changed(t)
		}
	}
}

// listen subscribes to change notifications from every replica (this one
// included). After a lost connection everything is reloaded, since
// notifications may have been missed.
func (m *Mirror) listen(ctx context.Context) error {
	l := pq.NewListener(m.cfg.DatabaseURL, 100*time.Millisecond, 10*time.Second, func(ev pq.ListenerEventType, err error) {
		if ev == pq.ListenerEventReconnected {
			m.Changed(0)
		}
		if err != nil {
			m.log.Warn("change notifications", "event", ev, "error", err)
		}
	})
	if err := l.Listen(channel); err != nil {
		l.Close()
		return fmt.Errorf("listen for changes: %w", err)
	}
	go func() {
		defer l.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case n := <-l.Notify:
				if n == nil { // reconnected; handled by the event callback
					continue
				}
				if n.Extra == "*" {
					m.Changed(0)
					continue
				}
				if t, err := strconv.Atoi(n.Extra); err == nil {
					m.Changed(t)
				}
			case <-time.After(90 * time.Second):
				go func() { _ = l.Ping() }()
			}
		}
	}()
	return nil
}
