package latency

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// exact is the quantile a sketch estimates: the value of rank q·(n−1) in
// sorted order.
func exact(sorted []float64, q float64) float64 {
	return sorted[int(q*float64(len(sorted)-1))]
}

func within(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > RelativeAccuracy*want+1e-3 {
		t.Errorf("%s = %v, want %v within %v %%", what, got, want, RelativeAccuracy*100)
	}
}

// TestPercentilesWithinAccuracy: whatever the shape of the response times
// (uniform, long-tailed, a spike of equal values, sub-millisecond), the
// percentiles are within 1 % of the exact ones, also after the values were
// spread over several sketches, stored and merged back.
func TestPercentilesWithinAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name string
		gen  func() float64
	}{
		{"uniform 1–1000 ms", func() float64 { return 1 + rng.Float64()*999 }},
		{"long tail", func() float64 { return math.Exp(rng.NormFloat64()*1.5 + 3) }},
		{"equal values", func() float64 { return 42 }},
		{"sub-millisecond", func() float64 { return 0.05 + rng.Float64()*0.9 }},
		{"with zeros", func() float64 {
			if rng.IntN(10) == 0 {
				return 0
			}
			return rng.Float64() * 50
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values := make([]float64, 5000)
			whole := New()
			parts := []*Sketch{New(), New(), New()}
			for i := range values {
				values[i] = tt.gen()
				whole.Add(values[i])
				parts[i%3].Add(values[i])
			}
			merged := New()
			for _, p := range parts {
				stored := p.Encode(nil)
				if err := merged.MergeEncoded(stored); err != nil {
					t.Fatal(err)
				}
			}
			sorted := slices.Clone(values)
			slices.Sort(sorted)
			for _, s := range []*Sketch{whole, merged} {
				if s.Count() != int64(len(values)) {
					t.Fatalf("count %d, want %d", s.Count(), len(values))
				}
				sum := s.Summary()
				within(t, "p50", *sum.P50, exact(sorted, 0.5))
				within(t, "p95", *sum.P95, exact(sorted, 0.95))
				within(t, "p99", *sum.P99, exact(sorted, 0.99))
			}
		})
	}
}

func TestEmptySketch(t *testing.T) {
	s := New()
	if sum := s.Summary(); sum.Count != 0 || sum.P50 != nil || sum.P95 != nil || sum.P99 != nil {
		t.Fatalf("empty summary %+v", sum)
	}
	// An empty stored sketch (and an empty byte string) merge as nothing.
	if err := s.MergeEncoded(New().Encode(nil)); err != nil {
		t.Fatal(err)
	}
	if err := s.MergeEncoded(nil); err != nil {
		t.Fatal(err)
	}
	if s.Count() != 0 {
		t.Fatalf("count %d", s.Count())
	}
}

func TestInvalidValuesAreIgnored(t *testing.T) {
	s := New()
	for _, v := range []float64{-1, math.NaN(), math.Inf(1), math.Inf(-1)} {
		s.Add(v)
	}
	if s.Count() != 0 {
		t.Fatalf("count %d after invalid values", s.Count())
	}
}

// TestCorruptSketch: a damaged stored sketch is an error, and the sketch it
// was merged into keeps what it held.
func TestCorruptSketch(t *testing.T) {
	s := New()
	s.Add(10)
	for _, b := range [][]byte{{0xff, 0xff, 0xff}, {0x02}, []byte("not a sketch")} {
		if err := s.MergeEncoded(b); !errors.Is(err, ErrCorrupt) {
			t.Errorf("merge %q: %v, want ErrCorrupt", b, err)
		}
	}
	if _, err := Decode([]byte{0xff}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("decode: %v", err)
	}
	if s.Count() != 1 {
		t.Fatalf("count %d after corrupt merges, want 1", s.Count())
	}
}
