package latency

import (
	"errors"
	"fmt"
	"math"

	"github.com/DataDog/sketches-go/ddsketch"
	"github.com/DataDog/sketches-go/ddsketch/mapping"
	"github.com/DataDog/sketches-go/ddsketch/store"
)

// RelativeAccuracy bounds the error of a percentile: the value a sketch
// answers is within 1 % of the exact percentile of the response times it
// holds, however many it holds and however they were merged.
const RelativeAccuracy = 0.01

// maxBins bounds a sketch's size. At 1 % accuracy response times from a
// microsecond to an hour need about 1,100 bins, so no sketch of valid
// response times ever collapses.
const maxBins = 2048

// indexMapping is shared by every sketch: sketches merge only with the
// same mapping.
var indexMapping = func() mapping.IndexMapping {
	m, err := mapping.NewLogarithmicMapping(RelativeAccuracy)
	if err != nil {
		panic(err) // a constant accuracy in range
	}
	return m
}()

func newStore() store.Store { return store.NewCollapsingLowestDenseStore(maxBins) }

// Sketch holds response times in milliseconds. The zero value is not
// usable; New returns an empty sketch.
type Sketch struct {
	dd *ddsketch.DDSketch
}

// New returns an empty sketch.
func New() *Sketch {
	return &Sketch{dd: ddsketch.NewDDSketch(indexMapping, newStore(), newStore())}
}

// Add adds one response time in milliseconds. Negative, infinite and NaN
// values are ignored (the decision plane accepts none).
func (s *Sketch) Add(ms float64) {
	if ms < 0 || math.IsInf(ms, 0) || math.IsNaN(ms) {
		return
	}
	_ = s.dd.Add(ms) // only values beyond the mapping's range fail
}

// Merge adds every response time of o to s.
func (s *Sketch) Merge(o *Sketch) {
	_ = s.dd.MergeWith(o.dd) // same mapping by construction
}

// Count is how many response times s holds.
func (s *Sketch) Count() int64 { return int64(math.Round(s.dd.GetCount())) }

// Quantile is the response time at quantile q (0.5 for the median), within
// RelativeAccuracy of the exact value; false for an empty sketch.
func (s *Sketch) Quantile(q float64) (float64, bool) {
	v, err := s.dd.GetValueAtQuantile(q)
	if err != nil {
		return 0, false
	}
	return v, true
}

// Encode appends the stored form of s to b: DDSketch's own encoding with
// its index mapping, so that a sketch stays readable if the accuracy ever
// changes.
func (s *Sketch) Encode(b []byte) []byte {
	s.dd.Encode(&b, false)
	return b
}

// ErrCorrupt is a stored sketch that cannot be read.
var ErrCorrupt = errors.New("latency: corrupt sketch")

// MergeEncoded adds the response times of a stored sketch to s.
func (s *Sketch) MergeEncoded(b []byte) error {
	if len(b) == 0 {
		return nil // an empty sketch
	}
	// A stored sketch names its index mapping: one without (not a sketch
	// this package wrote) or with another is refused. Decoding into a
	// scratch sketch keeps s intact when b is corrupt halfway through.
	dd, err := ddsketch.DecodeDDSketch(b, newStore, nil)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if !dd.IndexMapping.Equals(indexMapping) {
		return fmt.Errorf("%w: another index mapping", ErrCorrupt)
	}
	o := &Sketch{dd: dd}
	s.Merge(o)
	return nil
}

// Decode reads a stored sketch.
func Decode(b []byte) (*Sketch, error) {
	s := New()
	if err := s.MergeEncoded(b); err != nil {
		return nil, err
	}
	return s, nil
}

// Percentiles are the 50th, 95th and 99th percentiles of a sketch in
// milliseconds; nil when the sketch is empty.
type Percentiles struct {
	Count         int64
	P50, P95, P99 *float64
}

// Summary returns the sketch's count and percentiles, each rounded to the
// microsecond.
func (s *Sketch) Summary() Percentiles {
	p := Percentiles{Count: s.Count()}
	for _, q := range []struct {
		q   float64
		out **float64
	}{{0.50, &p.P50}, {0.95, &p.P95}, {0.99, &p.P99}} {
		if v, ok := s.Quantile(q.q); ok {
			v = math.Round(v*1000) / 1000
			*q.out = &v
		}
	}
	return p
}
