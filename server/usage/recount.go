package usage

import (
	"context"
	"fmt"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/usagebucket"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/store"
)

// Scopes tells a recount which counters exist: every application with its
// database id and counter scope, and the counted metrics of each product.
type Scopes interface {
	Applications(fn func(id int, scope counter.Scope))
	Counted(serviceID string) map[string]counter.PeriodSet
}

// recountSource is the rollup granularity a period's counter is summed
// from: the buckets of gran starting within the period instance.
var recountSource = [counter.NumPeriods]usagebucket.Granularity{
	counter.Minute:   usagebucket.GranularityMINUTE,
	counter.Hour:     usagebucket.GranularityHOUR,
	counter.Day:      usagebucket.GranularityDAY,
	counter.Week:     usagebucket.GranularityDAY,
	counter.Month:    usagebucket.GranularityMONTH,
	counter.Year:     usagebucket.GranularityMONTH,
	counter.Eternity: usagebucket.GranularityMONTH,
}

// Recount returns the counters of the current period instances (at now)
// as the rollups hold them, for a counter store that lost its data: one
// set per application, counted metric and period. What this process
// aggregated and has not saved yet is flushed first. Usage set with "#N"
// is summed like increments within the longer periods.
func (r *Rollup) Recount(ctx context.Context, now time.Time, scopes Scopes) ([]counter.Update, error) {
	if err := r.Flush(ctx); err != nil {
		return nil, fmt.Errorf("recount: flush usage: %w", err)
	}
	ctx = store.Background(viewer.SystemContext(ctx))
	type key struct{ app, metric int }
	var sums [counter.NumPeriods]map[key]int64
	for p := counter.Period(0); p < counter.NumPeriods; p++ {
		start, _ := p.Bounds(now)
		var rows []struct {
			App    int   `json:"application_id"`
			Metric int   `json:"metric_id"`
			Sum    int64 `json:"sum"`
		}
		err := r.cfg.Client.UsageBucket.Query().
			Where(usagebucket.GranularityEQ(recountSource[p]), usagebucket.StartGTE(start)).
			GroupBy(usagebucket.FieldApplicationID, usagebucket.FieldMetricID).
			Aggregate(ent.Sum(usagebucket.FieldValue)).Scan(ctx, &rows)
		if err != nil {
			return nil, fmt.Errorf("recount %s counters: %w", p, err)
		}
		sums[p] = make(map[key]int64, len(rows))
		for _, row := range rows {
			sums[p][key{row.App, row.Metric}] = row.Sum
		}
	}
	var out []counter.Update
	counted := map[string]map[string]counter.PeriodSet{}
	scopes.Applications(func(id int, scope counter.Scope) {
		metrics, ok := counted[scope.Service]
		if !ok {
			metrics = scopes.Counted(scope.Service)
			counted[scope.Service] = metrics
		}
		var deltas []counter.Delta
		for metric, periods := range metrics {
			mid, ok := atoi(metric)
			if !ok {
				continue
			}
			for p := counter.Period(0); p < counter.NumPeriods; p++ {
				if v := sums[p][key{id, mid}]; periods.Has(p) && v != 0 {
					deltas = append(deltas, counter.Delta{Metric: metric, Set: true, Value: v, Periods: counter.PeriodSet(0).With(p)})
				}
			}
		}
		if len(deltas) > 0 {
			out = append(out, counter.Update{Scope: scope, At: now, Usage: deltas})
		}
	})
	return out, nil
}

func atoi(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || n > 1<<40 {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, s != ""
}
