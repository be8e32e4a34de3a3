package decision

import (
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/portico-apim/portico/server/counter"
)

// AuthMode is how a service identifies applications (3scale's
// "backend_version").
type AuthMode string

// The authentication modes. Any other value behaves as AuthAppID.
const (
	AuthUserKey AuthMode = "1"     // API key: user_key
	AuthAppID   AuthMode = "2"     // app_id and app_key
	AuthOAuth   AuthMode = "oauth" // OpenID Connect: app_id is the client id
)

// ServiceActive is the state of a service or application that may be
// authorized. A service with an empty state is active too.
const ServiceActive = "active"

// Service is a product as the decision plane sees it.
type Service struct {
	ID          string // decimal id, as gateways send it in service_id
	ProviderKey string
	State       string // "" or "active" pass; anything else is denied
	AuthMode    AuthMode
	// ReferrerFiltersRequired turns on referrer checks for applications that
	// have filters.
	ReferrerFiltersRequired bool
	// RateLimitHeaders answers every authorize and authrep with the IETF
	// RateLimit fields, as the rate_limit_headers option asks.
	RateLimitHeaders bool
	Metrics          []Metric
	Plans            []Plan
}

// Metric is a metric or method of a service; ParentID is empty for a
// top-level metric.
type Metric struct {
	ID       string
	Name     string // system name, as gateways send it in usage[...]
	ParentID string
	// Alias is a second name usage may give the metric by: the plain
	// system name of a backend's metric, whose Name is qualified with the
	// backend's id ("hits.42"). An alias never hides a Name, and an alias
	// two metrics of the service share names neither of them.
	Alias string
}

// Plan is an application plan of a service with its usage limits.
type Plan struct {
	ID     string
	Name   string
	Limits []UsageLimit
}

// UsageLimit caps a metric over one period.
type UsageLimit struct {
	MetricID string
	Period   counter.Period
	Max      int64
}

// Application is one application of a service.
type Application struct {
	ServiceID       string
	ID              string // app_id, or the OAuth/OIDC client id
	UserKey         string // API key; empty when the application has none
	State           string // only "active" is authorized
	PlanID          string
	Keys            []string // application keys (app_key)
	ReferrerFilters []string
	RedirectURL     string
	// Ref and Tenant are the application's and its tenant's database ids,
	// when the snapshot was built from the database (0 otherwise): usage
	// carries them, so that analytics and the journal need not look the
	// application up by its ids again.
	Ref, Tenant int
}

// ServiceToken is a per-service token accepted in place of a provider key.
type ServiceToken struct {
	Token     string
	ServiceID string
}

// DefaultService names the service used when a provider key comes without a
// service_id. Without one, a provider's default is its lowest service id.
type DefaultService struct {
	ProviderKey string
	ServiceID   string
}

// Data is everything a Snapshot is built from.
type Data struct {
	Services        []Service
	ServiceTokens   []ServiceToken
	DefaultServices []DefaultService
	Applications    []Application
}

const appShards = 64

type appKey struct {
	service string
	id      string
}

// Snapshot is an immutable view of the management data the decision plane
// needs. Build one with NewSnapshot and derive changed copies with Edit;
// unchanged parts are shared between copies.
type Snapshot struct {
	seed      maphash.Seed
	services  map[string]*service
	tokens    map[ServiceToken]struct{}
	providers map[string]*provider
	apps      [appShards]map[appKey]*Application
	userKeys  [appShards]map[appKey]*Application
}

type provider struct {
	explicitDefault string
	services        []string // sorted, numeric ids ascending
}

func (p *provider) defaultService() string {
	if p.explicitDefault != "" && slices.Contains(p.services, p.explicitDefault) {
		return p.explicitDefault
	}
	if len(p.services) > 0 {
		return p.services[0]
	}
	return ""
}

// service is a Service compiled for lookups.
type service struct {
	src     Service
	mode    AuthMode
	metrics []metricInfo
	byName  map[string]int32
	byID    map[string]int32
	plans   map[string]*plan
}

type metricInfo struct {
	id        string
	name      string
	parent    int32
	ancestors []int32 // nearest first
	children  []int32
	// childNames is the space-separated list of direct children's names.
	childNames string
	// counted holds the periods any plan of the service limits this metric
	// by: the counters worth keeping. A metric no plan limits is not
	// counted at all (its usage still reaches the usage sink).
	counted counter.PeriodSet
}

type plan struct {
	id     string
	name   string
	limits []planLimit     // sorted: metric id ascending, then longest period first
	store  []counter.Limit // the same limits as the counter store sees them
}

type planLimit struct {
	metric int32
	period counter.Period
	max    int64
}

// NewSnapshot compiles data into a snapshot. Inconsistent references (an
// application of an unknown plan, a limit on an unknown metric) are
// tolerated, as they are transient while the management data changes;
// malformed records are errors.
func NewSnapshot(data Data) (*Snapshot, error) {
	s := emptySnapshot()
	t := s.Edit()
	var errs []error
	for _, svc := range data.Services {
		if err := t.UpsertService(svc); err != nil {
			errs = append(errs, err)
		}
	}
	for _, d := range data.DefaultServices {
		t.SetDefaultService(d.ProviderKey, d.ServiceID)
	}
	for _, tok := range data.ServiceTokens {
		if err := t.UpsertServiceToken(tok); err != nil {
			errs = append(errs, err)
		}
	}
	for _, a := range data.Applications {
		if err := t.UpsertApplication(a); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return t.Commit(), nil
}

func emptySnapshot() *Snapshot {
	s := &Snapshot{
		seed:      maphash.MakeSeed(),
		services:  map[string]*service{},
		tokens:    map[ServiceToken]struct{}{},
		providers: map[string]*provider{},
	}
	for i := range s.apps {
		s.apps[i] = map[appKey]*Application{}
		s.userKeys[i] = map[appKey]*Application{}
	}
	return s
}

func (s *Snapshot) shard(k appKey) int {
	return int((maphash.String(s.seed, k.service)*31 ^ maphash.String(s.seed, k.id)) % appShards)
}

func (s *Snapshot) service(id string) *service { return s.services[id] }

func (s *Snapshot) application(serviceID, id string) *Application {
	k := appKey{serviceID, id}
	return s.apps[s.shard(k)][k]
}

func (s *Snapshot) applicationByUserKey(serviceID, userKey string) *Application {
	k := appKey{serviceID, userKey}
	return s.userKeys[s.shard(k)][k]
}

func (s *Snapshot) hasToken(token, serviceID string) bool {
	_, ok := s.tokens[ServiceToken{token, serviceID}]
	return ok
}

// defaultService returns the default service id of a provider key, or "".
func (s *Snapshot) defaultService(providerKey string) string {
	if p := s.providers[providerKey]; p != nil {
		return p.defaultService()
	}
	return ""
}

// Service returns the service with id as it was given, if present.
func (s *Snapshot) Service(id string) (Service, bool) {
	if svc := s.services[id]; svc != nil {
		return svc.src, true
	}
	return Service{}, false
}

// Application returns an application of a service, if present.
func (s *Snapshot) Application(serviceID, id string) (Application, bool) {
	if a := s.application(serviceID, id); a != nil {
		return *a, true
	}
	return Application{}, false
}

// ApplicationByUserKey returns the application a user key of a service
// identifies, if present.
func (s *Snapshot) ApplicationByUserKey(serviceID, userKey string) (Application, bool) {
	if a := s.applicationByUserKey(serviceID, userKey); a != nil {
		return *a, true
	}
	return Application{}, false
}

// Len returns how many applications, and how many user keys, s holds.
func (s *Snapshot) Len() (apps, userKeys int) {
	for i := range s.apps {
		apps += len(s.apps[i])
		userKeys += len(s.userKeys[i])
	}
	return apps, userKeys
}

// Counted returns, for each metric of a service that a plan limits, the
// periods its counters are kept for: the counters a rebuild restores.
func (s *Snapshot) Counted(serviceID string) map[string]counter.PeriodSet {
	svc := s.services[serviceID]
	if svc == nil {
		return nil
	}
	out := map[string]counter.PeriodSet{}
	for _, m := range svc.metrics {
		if m.counted != 0 {
			out[m.id] = m.counted
		}
	}
	return out
}

// Txn edits a copy of a snapshot; each map is copied at most once per
// transaction, on its first change. A Txn is not safe for concurrent use.
type Txn struct {
	s         *Snapshot
	services  bool
	tokens    bool
	providers bool
	apps      [appShards]bool
	userKeys  [appShards]bool
}

// Edit starts a transaction on a copy of s; s itself never changes.
func (s *Snapshot) Edit() *Txn {
	c := *s
	return &Txn{s: &c}
}

// Commit returns the edited snapshot. The Txn must not be used afterwards.
func (t *Txn) Commit() *Snapshot {
	s := t.s
	t.s = nil
	return s
}

func (t *Txn) ownServices() {
	if !t.services {
		t.s.services = cloneMap(t.s.services)
		t.services = true
	}
}

func (t *Txn) ownProviders() {
	if !t.providers {
		t.s.providers = cloneMap(t.s.providers)
		t.providers = true
	}
}

func (t *Txn) ownApps(i int) {
	if !t.apps[i] {
		t.s.apps[i] = cloneMap(t.s.apps[i])
		t.apps[i] = true
	}
}

func (t *Txn) ownUserKeys(i int) {
	if !t.userKeys[i] {
		t.s.userKeys[i] = cloneMap(t.s.userKeys[i])
		t.userKeys[i] = true
	}
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	c := make(map[K]V, len(m)+1)
	for k, v := range m {
		c[k] = v
	}
	return c
}

// UpsertService adds or replaces a service with its metrics and plans. Its
// applications are kept.
func (t *Txn) UpsertService(svc Service) error {
	compiled, err := compileService(svc)
	if err != nil {
		return err
	}
	t.ownServices()
	old := t.s.services[svc.ID]
	t.s.services[svc.ID] = compiled
	if old != nil && old.src.ProviderKey != svc.ProviderKey {
		t.unlinkProvider(old.src.ProviderKey, svc.ID)
	}
	t.linkProvider(svc.ProviderKey, svc.ID)
	return nil
}

// RemoveService removes a service, its tokens and its applications.
func (t *Txn) RemoveService(id string) {
	old := t.s.services[id]
	if old == nil {
		return
	}
	t.ownServices()
	delete(t.s.services, id)
	t.unlinkProvider(old.src.ProviderKey, id)
	for tok := range t.s.tokens {
		if tok.ServiceID == id {
			t.RemoveServiceToken(tok)
		}
	}
	for i := range t.s.apps {
		for k, a := range t.s.apps[i] {
			if k.service == id {
				t.RemoveApplication(id, a.ID)
			}
		}
	}
}

func (t *Txn) linkProvider(key, serviceID string) {
	t.ownProviders()
	p := &provider{}
	if old := t.s.providers[key]; old != nil {
		p.explicitDefault = old.explicitDefault
		p.services = slices.Clone(old.services)
	}
	if !slices.Contains(p.services, serviceID) {
		p.services = append(p.services, serviceID)
		slices.SortFunc(p.services, compareIDs)
	}
	t.s.providers[key] = p
}

func (t *Txn) unlinkProvider(key, serviceID string) {
	old := t.s.providers[key]
	if old == nil {
		return
	}
	t.ownProviders()
	p := &provider{explicitDefault: old.explicitDefault}
	for _, id := range old.services {
		if id != serviceID {
			p.services = append(p.services, id)
		}
	}
	if len(p.services) == 0 && p.explicitDefault == "" {
		delete(t.s.providers, key)
		return
	}
	t.s.providers[key] = p
}

// SetDefaultService sets the default service of a provider key; an empty
// service id goes back to the lowest service id.
func (t *Txn) SetDefaultService(providerKey, serviceID string) {
	t.ownProviders()
	p := &provider{explicitDefault: serviceID}
	if old := t.s.providers[providerKey]; old != nil {
		p.services = old.services
	}
	t.s.providers[providerKey] = p
}

// UpsertServiceToken registers a service token.
func (t *Txn) UpsertServiceToken(tok ServiceToken) error {
	if tok.Token == "" || tok.ServiceID == "" {
		return errors.New("decision: service token and service id must not be empty")
	}
	if !t.tokens {
		t.s.tokens = cloneMap(t.s.tokens)
		t.tokens = true
	}
	t.s.tokens[tok] = struct{}{}
	return nil
}

// RemoveServiceToken unregisters a service token.
func (t *Txn) RemoveServiceToken(tok ServiceToken) {
	if _, ok := t.s.tokens[tok]; !ok {
		return
	}
	if !t.tokens {
		t.s.tokens = cloneMap(t.s.tokens)
		t.tokens = true
	}
	delete(t.s.tokens, tok)
}

// UpsertApplication adds or replaces an application (and its user key).
func (t *Txn) UpsertApplication(a Application) error {
	if a.ServiceID == "" || a.ID == "" {
		return fmt.Errorf("decision: application %q of service %q: ids must not be empty", a.ID, a.ServiceID)
	}
	a.Keys = slices.Clone(a.Keys)
	a.ReferrerFilters = slices.Clone(a.ReferrerFilters)
	t.RemoveApplication(a.ServiceID, a.ID)
	k := appKey{a.ServiceID, a.ID}
	i := t.s.shard(k)
	t.ownApps(i)
	t.s.apps[i][k] = &a
	if a.UserKey != "" {
		uk := appKey{a.ServiceID, a.UserKey}
		j := t.s.shard(uk)
		t.ownUserKeys(j)
		t.s.userKeys[j][uk] = &a
	}
	return nil
}

// RemoveApplication removes an application and its user key.
func (t *Txn) RemoveApplication(serviceID, id string) {
	k := appKey{serviceID, id}
	i := t.s.shard(k)
	old := t.s.apps[i][k]
	if old == nil {
		return
	}
	t.ownApps(i)
	delete(t.s.apps[i], k)
	if old.UserKey != "" {
		uk := appKey{serviceID, old.UserKey}
		j := t.s.shard(uk)
		if t.s.userKeys[j][uk] == old {
			t.ownUserKeys(j)
			delete(t.s.userKeys[j], uk)
		}
	}
}

// UpsertPlan adds or replaces one plan of a service.
func (t *Txn) UpsertPlan(serviceID string, p Plan) error {
	svc := t.s.services[serviceID]
	if svc == nil {
		return fmt.Errorf("decision: plan %q: service %q not found", p.ID, serviceID)
	}
	src := svc.src
	src.Plans = slices.Clone(src.Plans)
	if i := slices.IndexFunc(src.Plans, func(x Plan) bool { return x.ID == p.ID }); i >= 0 {
		src.Plans[i] = p
	} else {
		src.Plans = append(src.Plans, p)
	}
	return t.UpsertService(src)
}

// RemovePlan removes one plan of a service.
func (t *Txn) RemovePlan(serviceID, planID string) error {
	svc := t.s.services[serviceID]
	if svc == nil {
		return nil
	}
	src := svc.src
	src.Plans = slices.DeleteFunc(slices.Clone(src.Plans), func(x Plan) bool { return x.ID == planID })
	return t.UpsertService(src)
}

// UpsertMetric adds or replaces one metric of a service.
func (t *Txn) UpsertMetric(serviceID string, m Metric) error {
	svc := t.s.services[serviceID]
	if svc == nil {
		return fmt.Errorf("decision: metric %q: service %q not found", m.ID, serviceID)
	}
	src := svc.src
	src.Metrics = slices.Clone(src.Metrics)
	if i := slices.IndexFunc(src.Metrics, func(x Metric) bool { return x.ID == m.ID }); i >= 0 {
		src.Metrics[i] = m
	} else {
		src.Metrics = append(src.Metrics, m)
	}
	return t.UpsertService(src)
}

// RemoveMetric removes one metric of a service; its limits stop applying.
func (t *Txn) RemoveMetric(serviceID, metricID string) error {
	svc := t.s.services[serviceID]
	if svc == nil {
		return nil
	}
	src := svc.src
	src.Metrics = slices.DeleteFunc(slices.Clone(src.Metrics), func(x Metric) bool { return x.ID == metricID })
	return t.UpsertService(src)
}

// compileService validates a service and builds its lookup structures.
func compileService(svc Service) (*service, error) {
	if svc.ID == "" {
		return nil, errors.New("decision: service id must not be empty")
	}
	c := &service{
		src:    svc,
		mode:   svc.AuthMode,
		byName: make(map[string]int32, len(svc.Metrics)),
		byID:   make(map[string]int32, len(svc.Metrics)),
		plans:  make(map[string]*plan, len(svc.Plans)),
	}
	c.src.Metrics = slices.Clone(svc.Metrics)
	c.src.Plans = slices.Clone(svc.Plans)
	if c.mode != AuthUserKey && c.mode != AuthOAuth {
		c.mode = AuthAppID
	}
	var errs []error
	for _, m := range svc.Metrics {
		if m.ID == "" || m.Name == "" || strings.ContainsAny(m.ID, " \t\n\r\v\f") {
			errs = append(errs, fmt.Errorf("decision: service %s: metric %q (%q) needs an id without spaces and a name", svc.ID, m.ID, m.Name))
			continue
		}
		if _, dup := c.byID[m.ID]; dup {
			errs = append(errs, fmt.Errorf("decision: service %s: duplicate metric id %q", svc.ID, m.ID))
			continue
		}
		if _, dup := c.byName[m.Name]; dup {
			errs = append(errs, fmt.Errorf("decision: service %s: duplicate metric name %q", svc.ID, m.Name))
			continue
		}
		i := int32(len(c.metrics))
		c.metrics = append(c.metrics, metricInfo{id: m.ID, name: m.Name, parent: none})
		c.byID[m.ID] = i
		c.byName[m.Name] = i
	}
	c.addAliases(svc.Metrics)
	for _, m := range svc.Metrics {
		i, ok := c.byID[m.ID]
		if !ok || m.ParentID == "" {
			continue
		}
		if p, ok := c.byID[m.ParentID]; ok && p != i {
			c.metrics[i].parent = p
			c.metrics[p].children = append(c.metrics[p].children, i)
		}
	}
	for i := range c.metrics {
		seen := map[int32]bool{int32(i): true}
		for p := c.metrics[i].parent; p != none; p = c.metrics[p].parent {
			if seen[p] {
				errs = append(errs, fmt.Errorf("decision: service %s: metric %q has a cyclic parent chain", svc.ID, c.metrics[i].id))
				break
			}
			seen[p] = true
			c.metrics[i].ancestors = append(c.metrics[i].ancestors, p)
		}
		names := make([]string, 0, len(c.metrics[i].children))
		for _, ch := range c.metrics[i].children {
			names = append(names, c.metrics[ch].name)
		}
		c.metrics[i].childNames = strings.Join(names, " ")
	}
	for _, p := range svc.Plans {
		if p.ID == "" {
			errs = append(errs, fmt.Errorf("decision: service %s: plan id must not be empty", svc.ID))
			continue
		}
		cp := &plan{id: p.ID, name: p.Name}
		for _, l := range p.Limits {
			m, ok := c.byID[l.MetricID]
			if !ok {
				continue // the metric is gone: its limits no longer apply
			}
			if !l.Period.Valid() || l.Max < 0 {
				errs = append(errs, fmt.Errorf("decision: service %s plan %s: invalid limit on metric %s", svc.ID, p.ID, l.MetricID))
				continue
			}
			cp.limits = append(cp.limits, planLimit{metric: m, period: l.Period, max: l.Max})
			c.metrics[m].counted = c.metrics[m].counted.With(l.Period)
		}
		slices.SortStableFunc(cp.limits, func(a, b planLimit) int {
			if c := compareIDs(c.metrics[a.metric].id, c.metrics[b.metric].id); c != 0 {
				return c
			}
			return int(b.period) - int(a.period)
		})
		cp.limits = slices.CompactFunc(cp.limits, func(a, b planLimit) bool {
			return a.metric == b.metric && a.period == b.period
		})
		cp.store = make([]counter.Limit, len(cp.limits))
		for i, l := range cp.limits {
			cp.store[i] = counter.Limit{Metric: c.metrics[l.metric].id, Period: l.period, Max: l.max}
		}
		c.plans[p.ID] = cp
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// addAliases makes each metric's alias name it, unless the alias is
// another metric's name or the alias of more than one metric.
func (c *service) addAliases(metrics []Metric) {
	owners := map[string]int32{}
	for _, m := range metrics {
		i, ok := c.byID[m.ID]
		if !ok || m.Alias == "" || m.Alias == m.Name {
			continue
		}
		if _, named := c.byName[m.Alias]; named {
			continue
		}
		if prev, seen := owners[m.Alias]; seen && prev != i {
			owners[m.Alias] = none
			continue
		}
		owners[m.Alias] = i
	}
	for alias, i := range owners {
		if i != none {
			c.byName[alias] = i
		}
	}
}

// compareIDs orders ids numerically when both are decimal numbers, and as
// strings otherwise (numbers first).
func compareIDs(a, b string) int {
	an, bn := isDigits(a), isDigits(b)
	switch {
	case an && bn:
		a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	case an:
		return -1
	case bn:
		return 1
	default:
		return strings.Compare(a, b)
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
