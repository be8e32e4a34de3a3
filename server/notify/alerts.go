package notify

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/usagealert"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/decision"
	"github.com/portico-apim/portico/server/mail"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// AlertLevels are the usage levels, in percent of a limit, an alert may be
// set at (3scale's list).
var AlertLevels = []int{50, 80, 90, 100, 120, 150, 200, 300}

// CheckAlertLevels validates a product's alert levels for field, returning
// them sorted without duplicates.
func CheckAlertLevels(field string, levels []int) ([]int, error) {
	out := slices.Clone(levels)
	slices.Sort(out)
	out = slices.Compact(out)
	for _, l := range out {
		if !slices.Contains(AlertLevels, l) {
			return nil, problem.Invalid(field, "%d is not an alert level: choose among %s", l, levelList())
		}
	}
	return out, nil
}

func levelList() string {
	s := make([]string, len(AlertLevels))
	for i, l := range AlertLevels {
		s[i] = strconv.Itoa(l)
	}
	return strings.Join(s, ", ")
}

// Usage reads what the alert check needs of the decision plane: the
// snapshot of products, plans and applications, and the counters.
type Usage struct {
	Counters counter.Store
	Holder   *decision.Holder
	// ApplicationByID returns the service and application ids of an
	// application's database id.
	ApplicationByID func(id int) (serviceID, appID string, ok bool)
}

// SetUsage lets the service check usage alerts (CheckUsage).
func (s *Service) SetUsage(u Usage) { s.usage = u }

// CheckUsage compares the current usage of the given applications (database
// ids) with their plan's limits and records an alert for each level of
// their product's alert settings reached in a period instance and not yet
// recorded, telling the team (admin levels) and the application's
// developers (developer levels). It runs after usage is flushed, off the
// request path; the unique alert key makes it safe to run on every replica.
func (s *Service) CheckUsage(ctx context.Context, apps []int) error {
	if s.usage.Counters == nil || s.usage.Holder == nil || len(apps) == 0 {
		return nil
	}
	// Background work: its statements are not the request path's.
	ctx = store.Background(ctx)
	snap := s.usage.Holder.Load()
	if snap == nil {
		return nil
	}
	now := s.cfg.Now()
	s.seen.prune(now.Unix())
	levels := map[string]*ent.Product{}
	var errs []error
	for _, id := range apps {
		svcID, appID, ok := s.usage.ApplicationByID(id)
		if !ok {
			continue
		}
		app, ok := snap.Application(svcID, appID)
		if !ok {
			continue
		}
		svc, ok := snap.Service(svcID)
		if !ok {
			continue
		}
		var limits []decision.UsageLimit
		for _, p := range svc.Plans {
			if p.ID == app.PlanID {
				limits = p.Limits
			}
		}
		limits = slices.DeleteFunc(slices.Clone(limits), func(l decision.UsageLimit) bool { return l.Max <= 0 })
		if len(limits) == 0 {
			continue
		}
		prod, seen := levels[svcID]
		if !seen {
			pid, err := strconv.Atoi(svcID)
			if err != nil {
				continue
			}
			prod, err = s.cfg.Client.Product.Get(viewer.SystemContext(ctx), pid)
			if err != nil && !ent.IsNotFound(err) {
				errs = append(errs, err)
				continue
			}
			levels[svcID] = prod
		}
		if prod == nil || len(prod.AdminAlertLevels)+len(prod.DeveloperAlertLevels) == 0 {
			continue
		}
		buckets := make([]counter.Bucket, len(limits))
		for i, l := range limits {
			buckets[i] = counter.Bucket{Metric: l.MetricID, Period: l.Period}
		}
		values, err := s.usage.Counters.Values(ctx, counter.Scope{Service: svcID, Application: app.ID}, now, buckets, nil)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := s.alert(ctx, id, prod, svc, limits, values); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("notify: usage alerts: %w", errs[0])
	}
	return nil
}

// alertKey names one alert: an application's level of a metric's limit in
// one period instance.
type alertKey struct {
	app, metric, level int
	period             counter.Period
	start              int64
}

// seenAlerts remembers the alerts this process knows are recorded, until
// their period ends, so that usage at a level already told of costs no
// statement.
type seenAlerts struct {
	mu   sync.Mutex
	ends map[alertKey]int64 // period end, unix seconds
}

func (a *seenAlerts) has(k alertKey) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, ok := a.ends[k]
	return ok
}

func (a *seenAlerts) add(k alertKey, end int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ends == nil {
		a.ends = map[alertKey]int64{}
	}
	a.ends[k] = end
}

// prune forgets the alerts whose period has ended.
func (a *seenAlerts) prune(now int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for k, end := range a.ends {
		if end <= now {
			delete(a.ends, k)
		}
	}
}

// alert records and tells the levels one application reached. Levels
// reached and already recorded cost nothing; the database is only asked
// when a level is new to this process.
func (s *Service) alert(ctx context.Context, appID int, prod *ent.Product, svc decision.Service, limits []decision.UsageLimit, values []int64) error {
	all := slices.Concat(prod.AdminAlertLevels, prod.DeveloperAlertLevels)
	now := s.cfg.Now()
	fresh := false
	for i, l := range limits {
		mid, _ := strconv.Atoi(l.MetricID)
		start, _ := l.Period.Bounds(now)
		for _, lv := range all {
			if values[i]*100 >= int64(lv)*l.Max && !s.seen.has(alertKey{appID, mid, lv, l.Period, start.Unix()}) {
				fresh = true
			}
		}
	}
	if !fresh {
		return nil
	}
	var told []alertKey
	var ends []int64
	sys := viewer.TenantSystemContext(ctx, prod.TenantID)
	err := store.InTx(sys, s.cfg.Client, func(ctx context.Context, c *ent.Client) error {
		app, err := c.Application.Get(ctx, appID)
		if err != nil {
			return ent.MaskNotFound(err)
		}
		var items []Item
		var dev []DeveloperAlertEmail
		for i, l := range limits {
			mid, err := strconv.Atoi(l.MetricID)
			if err != nil {
				continue
			}
			start, _ := l.Period.Bounds(now)
			period := usagealert.Period(strings.ToUpper(l.Period.String()))
			var hit []int
			for _, lv := range all {
				if values[i]*100 >= int64(lv)*l.Max && !slices.Contains(hit, lv) {
					hit = append(hit, lv)
				}
			}
			if len(hit) == 0 {
				continue
			}
			have, err := c.UsageAlert.Query().Where(usagealert.ApplicationID(appID), usagealert.MetricID(mid),
				usagealert.PeriodEQ(period), usagealert.PeriodStart(start), usagealert.LevelIn(hit...)).
				Select(usagealert.FieldLevel).Ints(ctx)
			if err != nil {
				return err
			}
			name := metricName(svc, l.MetricID)
			slices.Sort(hit)
			_, end := l.Period.Bounds(now)
			for _, lv := range hit {
				told, ends = append(told, alertKey{appID, mid, lv, l.Period, start.Unix()}), append(ends, end.Unix())
				if slices.Contains(have, lv) {
					continue
				}
				if err := c.UsageAlert.Create().SetTenantID(prod.TenantID).SetApplicationID(appID).SetProductID(prod.ID).
					SetAccountID(app.AccountID).SetMetricID(mid).SetMetricName(name).SetPeriod(period).SetPeriodStart(start).
					SetLevel(lv).SetValue(values[i]).SetMax(l.Max).Exec(ctx); err != nil {
					return err
				}
				title := fmt.Sprintf("%s reached %d%% of its %s limit of %s (%d of %d)", app.Name, lv, l.Period, name, values[i], l.Max)
				if slices.Contains(prod.AdminAlertLevels, lv) {
					kind := UsageLimitApproaching
					if lv >= 100 {
						kind = UsageLimitReached
					}
					pid := prod.ID
					items = append(items, Item{Kind: kind, Title: title, ProductID: &pid,
						Link: fmt.Sprintf("/products/%d/alerts", prod.ID),
						Body: fmt.Sprintf("Product %s, application %s: %d of %d %s this %s.", prod.Name, app.Name, values[i], l.Max, name, l.Period)})
				}
				if slices.Contains(prod.DeveloperAlertLevels, lv) {
					dev = append(dev, DeveloperAlertEmail{Application: app.Name, Product: prod.Name, Metric: name, Period: l.Period.String(),
						Level: lv, Value: values[i], Max: l.Max, OrgName: orgName(ctx, c, prod.TenantID)})
				}
			}
		}
		if err := s.Publish(ctx, c, prod.TenantID, items...); err != nil {
			return err
		}
		return s.tellDevelopers(ctx, c, app, dev)
	})
	if err != nil {
		return err
	}
	for i, k := range told {
		s.seen.add(k, ends[i])
	}
	return nil
}

func metricName(svc decision.Service, id string) string {
	for _, m := range svc.Metrics {
		if m.ID == id {
			if m.Alias != "" {
				return m.Alias
			}
			return m.Name
		}
	}
	return id
}

// tellDevelopers emails the active admins of the application's account.
func (s *Service) tellDevelopers(ctx context.Context, c *ent.Client, app *ent.Application, alerts []DeveloperAlertEmail) error {
	if len(alerts) == 0 || s.cfg.Mail == nil {
		return nil
	}
	admins, err := c.User.Query().Where(user.AccountID(app.AccountID), user.RoleEQ(user.RoleADMIN), user.StateEQ(user.StateACTIVE)).All(ctx)
	if err != nil || len(admins) == 0 {
		return err
	}
	for _, a := range alerts {
		subject, body, err := s.cfg.Mail.Render(ctx, c, app.TenantID, emailDeveloperAlert, a)
		if err != nil {
			return err
		}
		for _, u := range admins {
			if _, err := s.cfg.Mail.Enqueue(ctx, mail.Message{TenantID: app.TenantID, To: u.Email, Subject: subject, Body: body}); err != nil {
				return err
			}
		}
	}
	return nil
}

// orgName is the name of a tenant's organization.
func orgName(ctx context.Context, c *ent.Client, tenantID int) string {
	if t, err := c.Tenant.Get(ctx, tenantID); err == nil {
		return t.OrgName
	}
	return ""
}
