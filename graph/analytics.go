package graph

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"time"

	"github.com/portico-apim/portico/graph/model"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/analytics"
	"github.com/portico-apim/portico/server/problem"
)

// analyticsCodes are the extensions.code of refused analytics queries.
var analyticsCodes = []struct {
	reason error
	code   string
}{
	{analytics.ErrUnknownMetric, "UNKNOWN_METRIC"},
	{analytics.ErrRangeTooLong, "RANGE_TOO_LONG"},
	{analytics.ErrSinceAfterUntil, "SINCE_AFTER_UNTIL"},
	{analytics.ErrUnknownZone, "UNKNOWN_TIME_ZONE"},
	{analytics.ErrEternity, "ETERNITY_GRANULARITY"},
	{analytics.ErrLatencyGranularity, "UNSUPPORTED_GRANULARITY"},
}

// analyticsArgs are the GraphQL names of the analytics parameters.
var analyticsArgs = map[string]string{
	"metric_name": "metric", "timezone": "range.timeZone", "granularity": "range.granularity", "period": "range.period",
	"since": "range.since", "until": "range.until", "response_code": "responseCode",
}

// analyticsError gives a refused analytics query its precise code and the
// argument it concerns; other errors go to the presenter.
func analyticsError(ctx context.Context, err error) error {
	var pe *problem.Error
	if !errors.As(err, &pe) || pe.Kind != problem.KindInvalid {
		return err
	}
	code := string(problem.KindInvalid)
	for _, c := range analyticsCodes {
		if errors.Is(err, c.reason) {
			code = c.code
		}
	}
	out := presentProblem(ctx, &problem.Error{Kind: pe.Kind, Message: pe.Message})
	out.Extensions["code"] = code
	if f, ok := analyticsArgs[pe.Field]; ok {
		out.Extensions["field"] = f
	}
	out.Message = pe.Message
	return out
}

var periods = map[model.AnalyticsPeriod]analytics.Period{
	model.AnalyticsPeriodHour: analytics.PeriodHour, model.AnalyticsPeriodDay: analytics.PeriodDay,
	model.AnalyticsPeriodWeek: analytics.PeriodWeek, model.AnalyticsPeriodMonth: analytics.PeriodMonth,
	model.AnalyticsPeriodYear: analytics.PeriodYear, model.AnalyticsPeriodEternity: analytics.PeriodEternity,
}

var granularities = map[model.AnalyticsGranularity]analytics.Granularity{
	model.AnalyticsGranularityMinute: analytics.Minute, model.AnalyticsGranularityHour: analytics.Hour,
	model.AnalyticsGranularitySixHours: analytics.SixHours, model.AnalyticsGranularityDay: analytics.Day,
	model.AnalyticsGranularityMonth: analytics.Month, model.AnalyticsGranularityEternity: analytics.Eternity,
}

// analyticsRange resolves a GraphQL range in the caller's tenant zone.
func (r *Resolver) analyticsRange(ctx context.Context, in model.AnalyticsRangeInput) (analytics.Range, error) {
	f := analytics.Frame{SinceTime: in.Since, UntilTime: in.Until}
	if in.Period != nil {
		f.Period = string(periods[*in.Period])
	}
	if in.Granularity != nil {
		f.Granularity = string(granularities[*in.Granularity])
	}
	if in.TimeZone != nil {
		f.Timezone = *in.TimeZone
		if strings.TrimSpace(f.Timezone) == "" {
			// An empty name is a mistake, not the tenant's zone.
			return analytics.Range{}, &problem.Error{Kind: problem.KindInvalid, Field: "timezone",
				Message: "Timezone must be an IANA or Rails time zone name", Err: analytics.ErrUnknownZone}
		}
	}
	zone, err := r.tenantZone(ctx)
	if err != nil {
		return analytics.Range{}, err
	}
	return analytics.Resolve(f, r.Analytics.Now(), zone)
}

// analyticsTarget resolves exactly one of the subject ids.
func (r *Resolver) analyticsTarget(ctx context.Context, productID, backendID, applicationID *int) (*analytics.Target, error) {
	var subs []analytics.Subject
	if productID != nil {
		subs = append(subs, analytics.Subject{Kind: analytics.KindProduct, ID: *productID})
	}
	if backendID != nil {
		subs = append(subs, analytics.Subject{Kind: analytics.KindBackend, ID: *backendID})
	}
	if applicationID != nil {
		subs = append(subs, analytics.Subject{Kind: analytics.KindApplication, ID: *applicationID})
	}
	if len(subs) != 1 {
		return nil, problem.Invalid("", "give exactly one of productID, backendID or applicationID")
	}
	return r.Analytics.Resolve(ctx, subs[0])
}

func (r *Resolver) usageSeries(ctx context.Context, t *analytics.Target, metric, code string, in model.AnalyticsRangeInput, compare *bool) (*model.UsageSeries, error) {
	q := analytics.Query{Target: t, Change: compare != nil && *compare}
	var err error
	if code != "" {
		if q.Code, err = analytics.ResponseCode(code); err != nil {
			return nil, analyticsError(ctx, err)
		}
	} else if q.Metric, err = r.Analytics.Metric(ctx, t, metric); err != nil {
		return nil, analyticsError(ctx, err)
	}
	if q.Range, err = r.analyticsRange(ctx, in); err != nil {
		return nil, analyticsError(ctx, err)
	}
	s, err := r.Analytics.Series(ctx, q)
	if err != nil {
		return nil, err
	}
	var csv bytes.Buffer
	if err := analytics.WriteCSV(&csv, s); err != nil {
		return nil, err
	}
	out := &model.UsageSeries{Metric: s.Metric, Granularity: granularityOf(s.Range.Granularity), Since: s.Range.Since,
		Until: s.Range.Last(), TimeZone: s.Range.ZoneName, Total: int(s.Total), Change: s.Change, CSV: csv.String(),
		Points: make([]*model.UsagePoint, len(s.Points))}
	if s.Code != "" {
		out.ResponseCode = &s.Code
	}
	if p, ok := periodOf(s.Range.Period); ok {
		out.Period = &p
	}
	if s.PreviousTotal != nil {
		n := int(*s.PreviousTotal)
		out.PreviousTotal = &n
	}
	for i, p := range s.Points {
		out.Points[i] = &model.UsagePoint{Start: p.Start, Value: int(p.Value)}
	}
	return out, nil
}

// latencySeries answers the response-time percentiles of t over a range.
// The period HOUR is by minute unless a granularity is given, and response
// times are kept by hour: it is by hour here.
func (r *Resolver) latencySeries(ctx context.Context, t *analytics.Target, in model.AnalyticsRangeInput) (*model.LatencySeries, error) {
	if in.Period != nil && *in.Period == model.AnalyticsPeriodHour && in.Granularity == nil {
		g := model.AnalyticsGranularityHour
		in.Granularity = &g
	}
	rg, err := r.analyticsRange(ctx, in)
	if err != nil {
		return nil, analyticsError(ctx, err)
	}
	if err := analytics.CheckLatencyRange(rg); err != nil {
		return nil, analyticsError(ctx, err)
	}
	s, err := r.Analytics.LatencySeries(ctx, t, rg)
	if err != nil {
		return nil, err
	}
	out := &model.LatencySeries{Granularity: granularityOf(rg.Granularity), Since: rg.Since, Until: rg.Last(), TimeZone: rg.ZoneName,
		Count: int(s.Total.Count), P50: s.Total.P50, P95: s.Total.P95, P99: s.Total.P99, Points: make([]*model.LatencyPoint, len(s.Points))}
	if p, ok := periodOf(rg.Period); ok {
		out.Period = &p
	}
	for i, p := range s.Points {
		out.Points[i] = &model.LatencyPoint{Start: p.Start, Count: int(p.Count), P50: p.P50, P95: p.P95, P99: p.P99}
	}
	return out, nil
}

func granularityOf(g analytics.Granularity) model.AnalyticsGranularity {
	for k, v := range granularities {
		if v == g {
			return k
		}
	}
	return model.AnalyticsGranularityDay
}

func periodOf(p analytics.Period) (model.AnalyticsPeriod, bool) {
	for k, v := range periods {
		if v == p {
			return k, true
		}
	}
	return "", false
}

// tenantZone is the time zone of the caller's tenant (Account Settings).
func (r *Resolver) tenantZone(ctx context.Context) (string, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.TenantID == 0 {
		return "UTC", nil
	}
	// The zone of the caller's own tenant, whatever its rights.
	t, err := r.Client.Tenant.Get(viewer.SystemContext(ctx), v.TenantID)
	if err != nil {
		return "", err
	}
	return t.TimeZone, nil
}

// Bounds of liveUsage's interval between two events.
const (
	liveDefaultInterval = 5 * time.Second
	liveMinInterval     = 2 * time.Second
	liveMaxInterval     = 60 * time.Second
)

// liveUsage sends the series of t at once and then every interval until
// ctx ends (the subscriber leaves) or a series fails (the subject was
// deleted, say). The first series is computed before the channel is
// returned, so a refused query is answered as an error, not an event.
func (r *Resolver) liveUsage(ctx context.Context, t *analytics.Target, metric string, in model.AnalyticsRangeInput, seconds *int) (<-chan *model.UsageSeries, error) {
	interval := liveDefaultInterval
	if seconds != nil {
		interval = time.Duration(*seconds) * time.Second
		if interval < liveMinInterval || interval > liveMaxInterval {
			return nil, problem.Invalid("intervalSeconds", "must be between 2 and 60")
		}
	}
	first, err := r.usageSeries(ctx, t, metric, "", in, nil)
	if err != nil {
		return nil, err
	}
	out := make(chan *model.UsageSeries, 1)
	out <- first
	go func() {
		defer close(out)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			s, err := r.usageSeries(ctx, t, metric, "", in, nil)
			if err != nil {
				// The subscription completes; the subscriber may subscribe
				// again and be told why.
				return
			}
			select {
			case out <- s:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}
