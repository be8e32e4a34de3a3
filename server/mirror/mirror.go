package mirror

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/lib/pq"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/decision"
)

// channel is the PostgreSQL notification channel carrying what changed
// (see changes.payload).
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
	pending changes // what the background loop reloads next
	// txChanges are what each open transaction changed: reloaded once,
	// synchronously, when it commits.
	txChanges map[*ent.Tx]*changes
	// reloading serialises reloads so an older read never replaces a newer.
	reloading sync.Mutex
	wake      chan struct{}
	loaded    map[int]*tenantData // services and tokens only

	refsMu sync.RWMutex
	refs   refs // changed in place under refsMu, by reloads only
}

type appRef struct{ service, app string }

// refs maps the decision plane's identifiers back to database rows.
type refs struct {
	apps      map[appRef]appRow
	byID      map[int]appRef
	byAccount map[int]map[int]bool // account id → its applications' ids
	services  map[string]int       // product id → tenant id
}

type appRow struct{ id, tenant, account int }

func newRefs() refs {
	return refs{apps: map[appRef]appRow{}, byID: map[int]appRef{}, byAccount: map[int]map[int]bool{}, services: map[string]int{}}
}

func (r refs) add(ref appRef, row appRow) {
	r.apps[ref] = row
	r.byID[row.id] = ref
	if r.byAccount[row.account] == nil {
		r.byAccount[row.account] = map[int]bool{}
	}
	r.byAccount[row.account][row.id] = true
}

func (r refs) remove(id int) {
	ref, ok := r.byID[id]
	if !ok {
		return
	}
	row := r.apps[ref]
	delete(r.apps, ref)
	delete(r.byID, id)
	if apps := r.byAccount[row.account]; apps != nil {
		delete(apps, id)
		if len(apps) == 0 {
			delete(r.byAccount, row.account)
		}
	}
}

// New returns a mirror with an empty snapshot; Start loads it.
func New(cfg Config) *Mirror {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = 20 * time.Millisecond
	}
	m := &Mirror{cfg: cfg, log: cfg.Logger, holder: decision.NewHolder(nil),
		wake: make(chan struct{}, 1), loaded: map[int]*tenantData{},
		txChanges: map[*ent.Tx]*changes{}, refs: newRefs()}
	cfg.Client.Use(m.hook)
	return m
}

// Holder is the snapshot holder the decision plane reads.
func (m *Mirror) Holder() *decision.Holder { return m.holder }

// Application returns the database id and tenant of the application the
// decision plane knows as (serviceID, appID).
func (m *Mirror) Application(serviceID, appID string) (id, tenantID int, ok bool) {
	m.refsMu.RLock()
	row, ok := m.refs.apps[appRef{serviceID, appID}]
	m.refsMu.RUnlock()
	return row.id, row.tenant, ok
}

// ApplicationByID returns the service and application ids the decision
// plane knows the application with database id id by.
func (m *Mirror) ApplicationByID(id int) (serviceID, appID string, ok bool) {
	m.refsMu.RLock()
	ref, ok := m.refs.byID[id]
	m.refsMu.RUnlock()
	return ref.service, ref.app, ok
}

// Applications calls fn with the database id and counter scope of every
// application the decision plane knows (as they were when it was called).
func (m *Mirror) Applications(fn func(id int, scope counter.Scope)) {
	m.refsMu.RLock()
	ids := make([]int, 0, len(m.refs.byID))
	scopes := make([]counter.Scope, 0, len(m.refs.byID))
	for id, ref := range m.refs.byID {
		ids = append(ids, id)
		scopes = append(scopes, counter.Scope{Service: ref.service, Application: ref.app})
	}
	m.refsMu.RUnlock()
	for i, id := range ids {
		fn(id, scopes[i])
	}
}

// Counted returns the counted metrics of a product (see
// decision.Snapshot.Counted).
func (m *Mirror) Counted(serviceID string) map[string]counter.PeriodSet {
	return m.holder.Load().Counted(serviceID)
}

// Service returns the tenant of a product.
func (m *Mirror) Service(serviceID string) (tenantID int, ok bool) {
	m.refsMu.RLock()
	tenantID, ok = m.refs.services[serviceID]
	m.refsMu.RUnlock()
	return tenantID, ok
}

// Start loads every tenant, then keeps the snapshot current until ctx ends.
func (m *Mirror) Start(ctx context.Context) error {
	if err := m.reload(ctx, everything()); err != nil {
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

// Reload announces a change to a tenant (0: every tenant) made without ent,
// whose hook announces every other change (a purge deletes with plain SQL):
// it reloads the tenant in this process before returning and, on
// PostgreSQL, tells every other replica to reload it. A tenant no longer in
// the database leaves the snapshot.
func (m *Mirror) Reload(ctx context.Context, tenantID int) {
	m.announce(ctx, tenantChange(tenantID))
}

// Changed marks a tenant (0: every tenant) for reload in the background.
func (m *Mirror) Changed(tenantID int) { m.pend(tenantChange(tenantID)) }

// pend queues changes for the background loop.
func (m *Mirror) pend(ch changes) {
	m.mu.Lock()
	m.pending.merge(ch)
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
		ch := m.pending
		m.pending = changes{}
		m.mu.Unlock()
		if err := m.reload(ctx, ch); err != nil && ctx.Err() == nil {
			m.log.Error("reload decision data; retrying", "error", err)
			m.pend(ch)
			time.Sleep(time.Second)
		}
	}
}

// reload brings the snapshot in step with the database for what changed.
func (m *Mirror) reload(ctx context.Context, ch changes) error {
	start := time.Now()
	err := m.load(ctx, ch)
	if m.Observe != nil {
		m.Observe(time.Since(start), err)
	}
	return err
}

// load is reload, untimed: whole tenants first, then the single
// applications and accounts of other tenants, each in one atomic swap.
func (m *Mirror) load(ctx context.Context, ch changes) error {
	m.reloading.Lock()
	defer m.reloading.Unlock()
	if ch.tenants[0] {
		return m.loadTenants(ctx, nil)
	}
	if len(ch.tenants) > 0 {
		ids := make([]int, 0, len(ch.tenants))
		for t := range ch.tenants {
			ids = append(ids, t)
		}
		if err := m.loadTenants(ctx, ids); err != nil {
			return err
		}
	}
	var apps, accounts []int
	for a, t := range ch.apps {
		if !ch.tenants[t] {
			apps = append(apps, a)
		}
	}
	for a, t := range ch.accounts {
		if !ch.tenants[t] {
			accounts = append(accounts, a)
		}
	}
	if len(apps) == 0 && len(accounts) == 0 {
		return nil
	}
	return m.loadApplications(ctx, apps, accounts)
}

// loadTenants replaces the given tenants' part of the snapshot (all when
// ids is nil) in one atomic swap. It reads every application of those
// tenants: the price of a change to a product, plan, limit, metric, token
// or tenant, which are rare.
func (m *Mirror) loadTenants(ctx context.Context, ids []int) error {
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
	m.refsMu.Lock()
	defer m.refsMu.Unlock()
	if ids == nil {
		m.refs = newRefs()
	} else {
		gone := make(map[int]bool, len(replaced))
		for _, tid := range replaced {
			gone[tid] = true
		}
		for _, row := range m.refs.apps {
			if gone[row.tenant] {
				m.refs.remove(row.id)
			}
		}
		for s, tid := range m.refs.services {
			if gone[tid] {
				delete(m.refs.services, s)
			}
		}
	}
	for _, tid := range replaced {
		delete(m.loaded, tid)
	}
	for tid, d := range fresh {
		for i, a := range d.apps {
			if a.ID != "" {
				m.refs.add(appRef{a.ServiceID, a.ID}, d.rows[i])
			}
		}
		for _, s := range d.services {
			m.refs.services[s.ID] = tid
		}
		// The applications live on in the snapshot and refs, where single
		// changes keep them current; loaded keeps what a tenant's next
		// reload removes.
		d.apps, d.rows = nil, nil
		m.loaded[tid] = d
	}
	return nil
}

// loadApplications brings single applications, and every application of
// some accounts, in step with the database in one atomic swap: what an
// application's or an account's change costs, whatever the size of its
// tenant.
func (m *Mirror) loadApplications(ctx context.Context, appIDs, accountIDs []int) error {
	apps, rows, err := loadApplications(ctx, m.cfg.Client, appIDs, accountIDs)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.refsMu.Lock()
	defer m.refsMu.Unlock()
	found := make(map[int]int, len(apps)) // database id → index in apps
	for i, row := range rows {
		// A master tenant's applications, and a tenant not loaded yet,
		// are not the decision plane's.
		if m.loaded[row.tenant] != nil && apps[i].ID != "" {
			found[row.id] = i
		}
	}
	var stale []int
	for _, id := range appIDs {
		if _, ok := found[id]; !ok {
			stale = append(stale, id)
		}
	}
	for _, acct := range accountIDs {
		for id := range m.refs.byAccount[acct] {
			if _, ok := found[id]; !ok {
				stale = append(stale, id)
			}
		}
	}
	err = m.holder.Update(func(t *decision.Txn) error {
		for _, id := range stale {
			if ref, ok := m.refs.byID[id]; ok {
				t.RemoveApplication(ref.service, ref.app)
			}
		}
		var errs []error
		for id, i := range found {
			a := apps[i]
			if ref, ok := m.refs.byID[id]; ok && ref != (appRef{a.ServiceID, a.ID}) {
				t.RemoveApplication(ref.service, ref.app)
			}
			errs = append(errs, t.UpsertApplication(a))
		}
		return errors.Join(errs...)
	})
	if err != nil {
		return err
	}
	for _, id := range stale {
		m.refs.remove(id)
	}
	for id, i := range found {
		m.refs.remove(id)
		m.refs.add(appRef{apps[i].ServiceID, apps[i].ID}, rows[i])
	}
	return nil
}

// hook notices committed changes to the data the decision plane mirrors.
func (m *Mirror) hook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, mu ent.Mutation) (ent.Value, error) {
		if !mirrored[mu.Type()] {
			return next.Mutate(ctx, mu)
		}
		v, err := next.Mutate(ctx, mu)
		if err != nil {
			return v, err
		}
		if ch := changeOf(ctx, mu, v); !ch.empty() {
			m.announce(ctx, ch)
		}
		return v, nil
	})
}

// changeOf is what a successful mutation changed in the snapshot: nothing,
// single applications or accounts' applications, or a whole tenant.
func changeOf(ctx context.Context, mu ent.Mutation, v ent.Value) changes {
	if mu.Op().Is(ent.OpUpdate|ent.OpUpdateOne) && !readsChanged(mu) {
		return changes{}
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
	if mu.Op().Is(ent.OpCreate | ent.OpUpdateOne | ent.OpDeleteOne) {
		switch mu := mu.(type) {
		case *ent.ApplicationMutation:
			if id, ok := mu.ID(); ok {
				return changes{apps: map[int]int{id: tid}}
			}
		case *ent.AccountMutation:
			if mu.Op().Is(ent.OpCreate) {
				return changes{} // an account starts without applications
			}
			// A deleted account's applications go with it (a foreign key
			// cascade, without mutations of their own).
			if id, ok := mu.ID(); ok {
				return changes{accounts: map[int]int{id: tid}}
			}
		}
	}
	return tenantChange(tid)
}

// readsChanged reports whether an update changes something the snapshot is
// built from.
func readsChanged(mu ent.Mutation) bool {
	if len(mu.AddedEdges()) > 0 || len(mu.ClearedEdges()) > 0 {
		return true
	}
	read := readFields[mu.Type()]
	for _, fields := range [][]string{mu.Fields(), mu.ClearedFields()} {
		for _, f := range fields {
			if read != nil && read[f] || read == nil && !bookkeeping[f] {
				return true
			}
		}
	}
	return false
}

// bookkeeping are fields of mirrored types the decision plane never reads.
var bookkeeping = map[string]bool{"first_traffic_at": true, "updated_at": true, "last_login_at": true}

var mirrored = map[string]bool{
	"Tenant": true, "Product": true, "Metric": true, "Plan": true, "UsageLimit": true,
	"Application": true, "Account": true, "ServiceToken": true,
	// A backend's deletion removes its metrics and usages by cascade,
	// without their own mutations.
	"Backend": true, "BackendUsage": true,
}

// announce tells every other replica (PostgreSQL: a NOTIFY sent with the
// transaction's commit) what changed, and reloads it in this process before
// the change's commit returns: what a mutation just wrote is what the next
// decision on this replica sees.
func (m *Mirror) announce(ctx context.Context, ch changes) {
	tx := ent.TxFromContext(ctx)
	if m.cfg.DatabaseURL != "" {
		var err error
		if tx != nil {
			_, err = tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", channel, ch.payload())
		} else {
			_, err = m.cfg.DB.ExecContext(ctx, "SELECT pg_notify($1, $2)", channel, ch.payload())
		}
		if err != nil {
			m.log.Warn("notify replicas of a change", "error", err)
		}
	}
	if tx == nil {
		m.reloadNow(ctx, ch)
		return
	}
	m.mu.Lock()
	acc, registered := m.txChanges[tx]
	if !registered {
		acc = &changes{}
		m.txChanges[tx] = acc
	}
	acc.merge(ch)
	m.mu.Unlock()
	if registered {
		return
	}
	forget := func() changes {
		m.mu.Lock()
		defer m.mu.Unlock()
		ch := *m.txChanges[tx]
		delete(m.txChanges, tx)
		return ch
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			err := next.Commit(ctx, tx)
			ch := forget()
			if err == nil {
				m.reloadNow(ctx, ch)
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

// reloadNow reloads what changed synchronously; on failure the background
// loop retries.
func (m *Mirror) reloadNow(ctx context.Context, ch changes) {
	if err := m.reload(context.WithoutCancel(ctx), ch); err != nil {
		m.log.Warn("reload decision data after a change; retrying in the background", "error", err)
		m.pend(ch)
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
				m.pend(parsePayload(n.Extra))
			case <-time.After(90 * time.Second):
				go func() { _ = l.Ping() }()
			}
		}
	}()
	return nil
}
