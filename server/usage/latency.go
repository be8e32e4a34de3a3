package usage

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/latencybucket"
	"github.com/portico-apim/portico/ent/predicate"
	"github.com/portico-apim/portico/ent/productlatencybucket"
	"github.com/portico-apim/portico/ent/usagebucket"
	"github.com/portico-apim/portico/server/latency"
)

// Response times (log[response_time]) are aggregated like usage: Record
// adds each to the sketch of its application and UTC hour, in memory; the
// flush derives the day sketches and the product sketches and merges them
// into the stored ones in the transaction that writes the usage buckets
// and the journal position, so a replayed journal counts each response
// time exactly once.

// hourKey is the response times of an application in one UTC hour: what
// Record aggregates into.
type hourKey struct {
	tenant, app, product int
	start                int64
}

// appLatencyKey is an application's latency bucket.
type appLatencyKey struct {
	tenant, app, product int
	gran                 latencybucket.Granularity
	start                int64
}

// productLatencyKey is a product's latency bucket: the merge of its
// applications' buckets with the same granularity and start.
type productLatencyKey struct {
	tenant, product int
	gran            latencybucket.Granularity
	start           int64
}

// latencyBuckets are the sketches a flush merges into the stored ones.
type latencyBuckets struct {
	apps     map[appLatencyKey]*latency.Sketch
	products map[productLatencyKey]*latency.Sketch
}

var latencyGrans = []latencybucket.Granularity{latencybucket.GranularityHOUR, latencybucket.GranularityDAY}

// rollUpLatency derives the hour and day buckets of applications and
// products from hour sketches, which it leaves unchanged.
func rollUpLatency(hours map[hourKey]*latency.Sketch) latencyBuckets {
	out := latencyBuckets{
		apps:     make(map[appLatencyKey]*latency.Sketch, len(hours)*len(latencyGrans)),
		products: map[productLatencyKey]*latency.Sketch{},
	}
	for k, s := range hours {
		at := time.Unix(k.start, 0)
		for _, g := range latencyGrans {
			start := bucketStart(at, usagebucket.Granularity(g)).Unix()
			mergeInto(out.apps, appLatencyKey{k.tenant, k.app, k.product, g, start}, s)
			mergeInto(out.products, productLatencyKey{k.tenant, k.product, g, start}, s)
		}
	}
	return out
}

// mergeInto merges s into the sketch of m at k, made empty when missing;
// s itself is left unchanged.
func mergeInto[K comparable](m map[K]*latency.Sketch, k K, s *latency.Sketch) {
	cur := m[k]
	if cur == nil {
		cur = latency.New()
		m[k] = cur
	}
	cur.Merge(s)
}

// latencyChunk is how many buckets one statement names: their sketches
// are a few hundred bytes each.
const latencyChunk = 32

var (
	latencyConflict        = sql.ConflictColumns(latencybucket.FieldApplicationID, latencybucket.FieldGranularity, latencybucket.FieldStart)
	productLatencyConflict = sql.ConflictColumns(productlatencybucket.FieldProductID, productlatencybucket.FieldGranularity, productlatencybucket.FieldStart)
)

// writeLatency merges the flushed sketches into the stored ones, a chunk
// of buckets at a time: missing rows are created empty (an upsert that, on
// PostgreSQL, also locks the existing ones until the transaction ends, so
// that two servers flushing the same bucket merge one after the other),
// then read, merged and written back. A stored sketch that cannot be read
// is replaced rather than holding back every later flush.
func (r *Rollup) writeLatency(ctx context.Context, c *ent.Client, p *pacer, lb latencyBuckets) error {
	apps := sortedKeys(lb.apps, func(a, b appLatencyKey) int {
		return cmp.Or(cmp.Compare(a.app, b.app), cmp.Compare(a.gran, b.gran), cmp.Compare(a.start, b.start))
	})
	for len(apps) > 0 {
		part := apps[:min(latencyChunk, len(apps))]
		apps = apps[len(part):]
		creates := make([]*ent.LatencyBucketCreate, len(part))
		or := make([]predicate.LatencyBucket, len(part))
		for i, k := range part {
			start := time.Unix(k.start, 0).UTC()
			creates[i] = c.LatencyBucket.Create().SetTenantID(k.tenant).SetApplicationID(k.app).SetProductID(k.product).
				SetGranularity(k.gran).SetStart(start).SetCount(0).SetSketch([]byte{})
			or[i] = latencybucket.And(latencybucket.ApplicationID(k.app), latencybucket.GranularityEQ(k.gran), latencybucket.Start(start))
		}
		if err := c.LatencyBucket.CreateBulk(creates...).OnConflict(latencyConflict).Ignore().Exec(ctx); err != nil {
			return fmt.Errorf("latency buckets: %w", err)
		}
		p.step(len(part))
		stored, err := c.LatencyBucket.Query().Where(latencybucket.Or(or...)).All(ctx)
		if err != nil {
			return fmt.Errorf("latency buckets: %w", err)
		}
		p.step(len(stored))
		merged := make([]*ent.LatencyBucketCreate, 0, len(stored))
		for _, row := range stored {
			s := lb.apps[appLatencyKey{row.TenantID, row.ApplicationID, row.ProductID, row.Granularity, row.Start.Unix()}]
			if s == nil {
				continue
			}
			m := r.mergeStored(row.Sketch, s, "application", row.ApplicationID)
			merged = append(merged, c.LatencyBucket.Create().SetTenantID(row.TenantID).SetApplicationID(row.ApplicationID).
				SetProductID(row.ProductID).SetGranularity(row.Granularity).SetStart(row.Start).
				SetCount(m.Count()).SetSketch(m.Encode(nil)))
		}
		if err := c.LatencyBucket.CreateBulk(merged...).OnConflict(latencyConflict).UpdateNewValues().Exec(ctx); err != nil {
			return fmt.Errorf("latency buckets: %w", err)
		}
		p.step(len(merged))
	}
	products := sortedKeys(lb.products, func(a, b productLatencyKey) int {
		return cmp.Or(cmp.Compare(a.product, b.product), cmp.Compare(a.gran, b.gran), cmp.Compare(a.start, b.start))
	})
	for len(products) > 0 {
		part := products[:min(latencyChunk, len(products))]
		products = products[len(part):]
		creates := make([]*ent.ProductLatencyBucketCreate, len(part))
		or := make([]predicate.ProductLatencyBucket, len(part))
		for i, k := range part {
			g, start := productlatencybucket.Granularity(k.gran), time.Unix(k.start, 0).UTC()
			creates[i] = c.ProductLatencyBucket.Create().SetTenantID(k.tenant).SetProductID(k.product).
				SetGranularity(g).SetStart(start).SetCount(0).SetSketch([]byte{})
			or[i] = productlatencybucket.And(productlatencybucket.ProductID(k.product), productlatencybucket.GranularityEQ(g), productlatencybucket.Start(start))
		}
		if err := c.ProductLatencyBucket.CreateBulk(creates...).OnConflict(productLatencyConflict).Ignore().Exec(ctx); err != nil {
			return fmt.Errorf("product latency buckets: %w", err)
		}
		p.step(len(part))
		stored, err := c.ProductLatencyBucket.Query().Where(productlatencybucket.Or(or...)).All(ctx)
		if err != nil {
			return fmt.Errorf("product latency buckets: %w", err)
		}
		p.step(len(stored))
		merged := make([]*ent.ProductLatencyBucketCreate, 0, len(stored))
		for _, row := range stored {
			s := lb.products[productLatencyKey{row.TenantID, row.ProductID, latencybucket.Granularity(row.Granularity), row.Start.Unix()}]
			if s == nil {
				continue
			}
			m := r.mergeStored(row.Sketch, s, "product", row.ProductID)
			merged = append(merged, c.ProductLatencyBucket.Create().SetTenantID(row.TenantID).SetProductID(row.ProductID).
				SetGranularity(row.Granularity).SetStart(row.Start).SetCount(m.Count()).SetSketch(m.Encode(nil)))
		}
		if err := c.ProductLatencyBucket.CreateBulk(merged...).OnConflict(productLatencyConflict).UpdateNewValues().Exec(ctx); err != nil {
			return fmt.Errorf("product latency buckets: %w", err)
		}
		p.step(len(merged))
	}
	return nil
}

// mergeStored returns the merge of a stored sketch and s, leaving s
// unchanged.
func (r *Rollup) mergeStored(stored []byte, s *latency.Sketch, owner string, id int) *latency.Sketch {
	m := latency.New()
	if err := m.MergeEncoded(stored); err != nil {
		r.log.Warn("replace a latency sketch that cannot be read", owner, id, "error", err)
		m = latency.New()
	}
	m.Merge(s)
	return m
}

func sortedKeys[K comparable, V any](m map[K]V, compare func(a, b K) int) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compare)
	return keys
}
