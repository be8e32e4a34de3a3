package usage

import (
	"slices"
	"testing"
	"time"
)

func TestErrorLogKeepsTheNewest(t *testing.T) {
	tests := []struct {
		name  string
		added int
		want  []int
	}{
		{"fewer than kept", 2, []int{1, 2}},
		{"exactly kept", 3, []int{1, 2, 3}},
		{"wrapped once", 5, []int{3, 4, 5}},
		{"wrapped twice", 7, []int{5, 6, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l errorLog
			for i := 1; i <= tt.added; i++ {
				l.add(pendingError{product: i}, 3)
			}
			var got []int
			for _, e := range l.oldestFirst() {
				got = append(got, e.product)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("kept %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBySecond(t *testing.T) {
	base := time.Date(2026, 3, 18, 12, 0, 30, 0, time.UTC)
	first := map[int]time.Time{
		1: base.Add(100 * time.Millisecond),
		2: base.Add(900 * time.Millisecond),
		3: base.Add(1500 * time.Millisecond).In(time.FixedZone("CET", 3600)),
	}
	got := bySecond(first)
	if len(got) != 2 {
		t.Fatalf("%d groups, want 2: %v", len(got), got)
	}
	a := got[base]
	slices.Sort(a)
	if !slices.Equal(a, []int{1, 2}) || !slices.Equal(got[base.Add(time.Second)], []int{3}) {
		t.Fatalf("groups %v", got)
	}
}

// TestPacerPausesAfterEachStatement: the pause is as long as the statement
// ran, and never shorter than minPause.
func TestPacerPausesAfterEachStatement(t *testing.T) {
	var pauses []time.Duration
	p := newPacer()
	p.sleep = func(d time.Duration) { pauses = append(pauses, d) }
	p.last = time.Now().Add(-5 * time.Millisecond)
	p.step(10)
	p.step(3)
	if len(pauses) != 2 || pauses[0] < 5*time.Millisecond || pauses[1] != minPause {
		t.Fatalf("pauses %v", pauses)
	}
	if p.stmts != 2 || p.rows != 13 || p.longest < 5*time.Millisecond {
		t.Fatalf("pacer counted %d statements, %d rows, longest %v", p.stmts, p.rows, p.longest)
	}
}
