package decision

import (
	"sync"
	"sync/atomic"
)

// Holder holds the current snapshot. Readers load it without locks; writers
// are serialised and publish a new snapshot with one atomic swap, so a
// decision always sees one consistent version.
type Holder struct {
	mu  sync.Mutex
	cur atomic.Pointer[Snapshot]
}

// NewHolder returns a holder publishing s (an empty snapshot when nil).
func NewHolder(s *Snapshot) *Holder {
	if s == nil {
		s = emptySnapshot()
	}
	h := &Holder{}
	h.cur.Store(s)
	return h
}

// Load returns the current snapshot.
func (h *Holder) Load() *Snapshot { return h.cur.Load() }

// Replace publishes a whole new snapshot (a full reload).
func (h *Holder) Replace(s *Snapshot) {
	h.mu.Lock()
	h.cur.Store(s)
	h.mu.Unlock()
}

// Update applies several changes and publishes them at once. When fn fails
// nothing is published.
func (h *Holder) Update(fn func(*Txn) error) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := h.cur.Load().Edit()
	if err := fn(t); err != nil {
		return err
	}
	h.cur.Store(t.Commit())
	return nil
}

// UpsertService adds or replaces one service (metrics and plans included).
func (h *Holder) UpsertService(s Service) error {
	return h.Update(func(t *Txn) error { return t.UpsertService(s) })
}

// RemoveService removes one service with its tokens and applications.
func (h *Holder) RemoveService(id string) {
	_ = h.Update(func(t *Txn) error { t.RemoveService(id); return nil })
}

// UpsertApplication adds or replaces one application.
func (h *Holder) UpsertApplication(a Application) error {
	return h.Update(func(t *Txn) error { return t.UpsertApplication(a) })
}

// RemoveApplication removes one application.
func (h *Holder) RemoveApplication(serviceID, id string) {
	_ = h.Update(func(t *Txn) error { t.RemoveApplication(serviceID, id); return nil })
}

// UpsertPlan adds or replaces one plan of a service.
func (h *Holder) UpsertPlan(serviceID string, p Plan) error {
	return h.Update(func(t *Txn) error { return t.UpsertPlan(serviceID, p) })
}

// UpsertMetric adds or replaces one metric of a service.
func (h *Holder) UpsertMetric(serviceID string, m Metric) error {
	return h.Update(func(t *Txn) error { return t.UpsertMetric(serviceID, m) })
}

// UpsertServiceToken registers one service token.
func (h *Holder) UpsertServiceToken(tok ServiceToken) error {
	return h.Update(func(t *Txn) error { return t.UpsertServiceToken(tok) })
}

// RemoveServiceToken unregisters one service token.
func (h *Holder) RemoveServiceToken(tok ServiceToken) {
	_ = h.Update(func(t *Txn) error { t.RemoveServiceToken(tok); return nil })
}

// SetDefaultService sets a provider key's default service.
func (h *Holder) SetDefaultService(providerKey, serviceID string) {
	_ = h.Update(func(t *Txn) error { t.SetDefaultService(providerKey, serviceID); return nil })
}
