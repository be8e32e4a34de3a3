package analytics

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/portico-apim/portico/ent/latencybucket"
	"github.com/portico-apim/portico/ent/predicate"
	"github.com/portico-apim/portico/ent/productlatencybucket"
	"github.com/portico-apim/portico/server/latency"
)

// Response times are kept in sketches per UTC hour and day (see
// schema.LatencyBucket): a point of a latency series merges the day
// sketches of the whole UTC days it holds and the hour sketches of the
// rest. An hour belongs to the point in which it starts, so in a zone whose
// offset is not a whole number of hours a point holds the hours starting in
// it.

// ErrLatencyGranularity is a latency series asked by minute or for all
// time: response times are kept by hour.
var ErrLatencyGranularity = errors.New("granularity finer than an hour or eternity for response times")

// CheckLatencyRange refuses the granularities response times are not kept
// at.
func CheckLatencyRange(r Range) error {
	switch r.Granularity {
	case Minute, Eternity:
		return invalid("granularity", ErrLatencyGranularity, "Response times are kept by hour: ask for them by hour, 6 hours, day or month")
	}
	return nil
}

// LatencyPoint is one step of a latency series.
type LatencyPoint struct {
	Start time.Time
	latency.Percentiles
}

// LatencySeries is the response times of a product or an application over
// a range.
type LatencySeries struct {
	Range  Range
	Points []LatencyPoint
	// Total is the percentiles of the whole range.
	Total latency.Percentiles
}

// LatencySeries merges the stored sketches of t (a product or an
// application) into one per step of r, and all of them into the total.
func (s *Service) LatencySeries(ctx context.Context, t *Target, r Range) (*LatencySeries, error) {
	if t.Backend != nil {
		return nil, fmt.Errorf("analytics: a backend has no response times")
	}
	if err := CheckLatencyRange(r); err != nil {
		return nil, err
	}
	steps := r.Steps()
	out := &LatencySeries{Range: r, Points: make([]LatencyPoint, len(steps))}
	p := plan{}
	for i, st := range steps {
		end := r.Until
		if i+1 < len(steps) {
			end = steps[i+1]
		}
		p.coverHours(st, end, i)
		out.Points[i].Start = st.In(r.Zone)
	}
	sketches := make([]*latency.Sketch, len(steps))
	for i := range sketches {
		sketches[i] = latency.New()
	}
	for g, rs := range p {
		for _, ch := range chunks(rs) {
			if err := s.mergeSketches(ctx, t, g, ch, sketches); err != nil {
				return nil, err
			}
		}
	}
	total := latency.New()
	for i, sk := range sketches {
		out.Points[i].Percentiles = sk.Summary()
		total.Merge(sk)
	}
	out.Total = total.Summary()
	return out, nil
}

// coverHours adds the UTC hours starting in [a, b) to p as point: whole
// UTC days as day buckets, the other hours as hour buckets.
func (p plan) coverHours(a, b time.Time, point int) {
	t := ceilHour(a.UTC())
	b = ceilHour(b.UTC())
	for t.Before(b) {
		if t.Hour() == 0 && !t.AddDate(0, 0, 1).After(b) {
			n := t.AddDate(0, 0, 1)
			p.add(gDay, t, n, point)
			t = n
			continue
		}
		p.add(gHour, t, t.Add(time.Hour), point)
		t = t.Add(time.Hour)
	}
}

func ceilHour(t time.Time) time.Time {
	h := t.Truncate(time.Hour)
	if h.Before(t) {
		h = h.Add(time.Hour)
	}
	return h
}

// sketchRow is one stored sketch.
type sketchRow struct {
	start  time.Time
	sketch []byte
}

// mergeSketches reads the sketches of runs rs of granularity g and merges
// each into the sketch of its point.
func (s *Service) mergeSketches(ctx context.Context, t *Target, g bucketGran, rs []run, into []*latency.Sketch) error {
	var rows []sketchRow
	spans := spansOf(rs)
	if t.Application != nil {
		or := make([]predicate.LatencyBucket, len(spans))
		for i, r := range spans {
			or[i] = latencybucket.And(latencybucket.StartGTE(r.start), latencybucket.StartLT(r.end))
		}
		bs, err := s.client.LatencyBucket.Query().Where(latencybucket.ApplicationIDEQ(t.Application.ID),
			latencybucket.GranularityEQ(latencybucket.Granularity(g)), latencybucket.Or(or...)).
			Select(latencybucket.FieldStart, latencybucket.FieldSketch).All(ctx)
		if err != nil {
			return fmt.Errorf("analytics: read response times: %w", err)
		}
		for _, b := range bs {
			rows = append(rows, sketchRow{b.Start, b.Sketch})
		}
	} else {
		or := make([]predicate.ProductLatencyBucket, len(spans))
		for i, r := range spans {
			or[i] = productlatencybucket.And(productlatencybucket.StartGTE(r.start), productlatencybucket.StartLT(r.end))
		}
		bs, err := s.client.ProductLatencyBucket.Query().Where(productlatencybucket.ProductIDEQ(t.Product.ID),
			productlatencybucket.GranularityEQ(productlatencybucket.Granularity(g)), productlatencybucket.Or(or...)).
			Select(productlatencybucket.FieldStart, productlatencybucket.FieldSketch).All(ctx)
		if err != nil {
			return fmt.Errorf("analytics: read response times: %w", err)
		}
		for _, b := range bs {
			rows = append(rows, sketchRow{b.Start, b.Sketch})
		}
	}
	for _, r := range rows {
		i, ok := pointOf(rs, r.start.UTC())
		if !ok {
			continue
		}
		if err := into[i].MergeEncoded(r.sketch); err != nil {
			return fmt.Errorf("analytics: response times of %s: %w", r.start.UTC().Format(time.RFC3339), err)
		}
	}
	return nil
}
