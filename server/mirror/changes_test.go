package mirror

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func keys[V any](m map[int]V) []int { return slices.Sorted(maps.Keys(m)) }

// same reports whether two changes name the same rows, tenants aside for
// rows (a notification does not carry them).
func same(a, b changes) bool {
	return slices.Equal(keys(a.tenants), keys(b.tenants)) && slices.Equal(keys(a.apps), keys(b.apps)) &&
		slices.Equal(keys(a.accounts), keys(b.accounts))
}

func TestPayloadRoundTrip(t *testing.T) {
	for _, c := range []changes{
		tenantChange(7),
		everything(),
		{apps: map[int]int{12: 3, 40: 3}},
		{accounts: map[int]int{5: 3}, apps: map[int]int{8: 4}, tenants: map[int]bool{9: true}},
	} {
		p := c.payload()
		if got := parsePayload(p); !same(got, c) {
			t.Errorf("%q read back as %+v, want %+v", p, got, c)
		}
	}
	if p := everything().payload(); p != "*" {
		t.Errorf("every tenant: %q", p)
	}
	// A tenant id alone is what replicas sent before rows were named.
	if got := parsePayload("42"); !same(got, tenantChange(42)) {
		t.Errorf("a bare tenant id: %+v", got)
	}
}

func TestLongPayloadNamesTenants(t *testing.T) {
	c := changes{apps: map[int]int{}, accounts: map[int]int{1: 5}}
	for i := 1; i <= 2000; i++ {
		c.apps[1_000_000+i] = 3 + i%2
	}
	p := c.payload()
	if len(p) > maxPayload {
		t.Fatalf("payload of %d bytes", len(p))
	}
	if got := parsePayload(p); !same(got, changes{tenants: map[int]bool{3: true, 4: true, 5: true}}) {
		t.Errorf("%q: %+v, want tenants 3, 4 and 5", p, got)
	}
	// A row of an unknown tenant widens to every tenant.
	c.apps[99] = 0
	if p := c.payload(); p != "*" {
		t.Errorf("with a row of no known tenant: %q, want *", p)
	}
}

func TestUnreadablePayloadReloadsEverything(t *testing.T) {
	for _, p := range []string{"", "x", "a", "a0", "c-1", "12,,3", "-4", "a12,b3", "99999999999999999999", "*,a1"} {
		if got := parsePayload(p); !got.tenants[0] {
			t.Errorf("%q: %+v, want every tenant", p, got)
		}
	}
}

func FuzzParsePayload(f *testing.F) {
	for _, s := range []string{"*", "12", "a12,c4,7", "", "a", "c0", "1,2,3", strings.Repeat("a1,", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := parsePayload(s)
		if c.empty() {
			t.Fatalf("%q read as no change at all", s)
		}
		if again := parsePayload(c.payload()); !same(again, c) && !(c.tenants[0] && again.tenants[0]) {
			t.Fatalf("%q: %+v, read back as %+v", s, c, again)
		}
	})
}
