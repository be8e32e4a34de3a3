package counter

import (
	"context"
	"testing"
)

// TestForget removes the counters and claims of the services forgotten, in
// every scope, and leaves other services' alone (10011 is not 1001).
func TestForget(t *testing.T) {
	gone := []Scope{{Service: "1001", Application: "app2"}, {Service: "1001", Application: "app3"}}
	kept := Scope{Service: "10011", Application: "app2"}
	for _, f := range storeFactories(t) {
		t.Run(f.name, func(t *testing.T) {
			s := f.make(t)
			ctx := context.Background()
			for _, sc := range append([]Scope{kept}, gone...) {
				if err := s.Apply(ctx, testNow, []Update{{Scope: sc, At: testNow, Usage: []Delta{{Metric: "1", Value: 3}}}}); err != nil {
					t.Fatal(err)
				}
				if fresh, err := s.(Claimer).Claim(ctx, sc, "tx:1", testNow); err != nil || !fresh {
					t.Fatalf("claim: %v %v", fresh, err)
				}
			}
			if err := s.Forget(ctx, []string{"1001"}); err != nil {
				t.Fatal(err)
			}
			buckets := []Bucket{{Metric: "1", Period: Day}, {Metric: "1", Period: Eternity}}
			for _, sc := range gone {
				if v, err := s.Values(ctx, sc, testNow, buckets, nil); err != nil || v[0] != 0 || v[1] != 0 {
					t.Errorf("%v after Forget: %v %v", sc, v, err)
				}
				if fresh, err := s.(Claimer).Claim(ctx, sc, "tx:1", testNow); err != nil || !fresh {
					t.Errorf("%v: the claim survived Forget (%v)", sc, err)
				}
			}
			if v, err := s.Values(ctx, kept, testNow, buckets, nil); err != nil || v[0] != 3 || v[1] != 3 {
				t.Errorf("another service's counters after Forget: %v %v", v, err)
			}
			if fresh, _ := s.(Claimer).Claim(ctx, kept, "tx:1", testNow); fresh {
				t.Error("another service's claim was forgotten")
			}
		})
	}
}

// TestMemoryForgetIsSaved: the forgotten counters are reported once by
// ExportChanged, as zeros, so that the saved copy drops them.
func TestMemoryForgetIsSaved(t *testing.T) {
	m, err := NewMemory(MemoryConfig{SweepInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := m.Apply(ctx, testNow, []Update{{Scope: scope, At: testNow, Usage: []Delta{{Metric: "1", Value: 2}}}}); err != nil {
		t.Fatal(err)
	}
	m.ExportChanged(testNow, nil)
	if err := m.Forget(ctx, []string{scope.Service}); err != nil {
		t.Fatal(err)
	}
	changed := m.ExportChanged(testNow, nil)
	if len(changed) != NumPeriods {
		t.Fatalf("ExportChanged after Forget reported %d counters, want %d", len(changed), NumPeriods)
	}
	for _, e := range changed {
		if e.Scope != scope || e.Value != 0 {
			t.Errorf("reported %+v, want a zero of %v", e, scope)
		}
	}
	if again := m.ExportChanged(testNow, nil); len(again) != 0 {
		t.Errorf("reported again: %+v", again)
	}
	if all := m.Export(testNow); len(all) != 0 {
		t.Errorf("counters left: %+v", all)
	}
}

// TestRedisForgetLeavesNoKeys deletes every key of the service's scopes.
func TestRedisForgetLeavesNoKeys(t *testing.T) {
	s := NewTestRedis(t)
	ctx := context.Background()
	if err := s.Apply(ctx, testNow, []Update{{Scope: scope, At: testNow, Usage: []Delta{{Metric: "1", Value: 1}}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Forget(ctx, []string{scope.Service}); err != nil {
		t.Fatal(err)
	}
	keys, err := s.client.Keys(ctx, globEscape(s.prefix)+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 0 {
		t.Errorf("keys left: %v", keys)
	}
}

func TestGlobEscape(t *testing.T) {
	if got := globEscape(`p*?[x]\:`); got != `p\*\?\[x\]\\:` {
		t.Errorf("globEscape = %q", got)
	}
	if got := globEscape("portico:"); got != "portico:" {
		t.Errorf("globEscape changed a plain prefix: %q", got)
	}
}
