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

// fakeClock is a clock that moves only when told to; its sleep records the
// pause and moves the clock by it, as a real sleep would.
type fakeClock struct {
	t      time.Time
	pauses []time.Duration
}

func (c *fakeClock) now() time.Time { return c.t }

func (c *fakeClock) sleep(d time.Duration) {
	c.pauses = append(c.pauses, d)
	c.t = c.t.Add(d)
}

// TestPacerPausesAfterEachStatement: the pause is as long as the statement
// ran, and never shorter than minPause; the time spent pausing is not
// counted as busy.
func TestPacerPausesAfterEachStatement(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 3, 18, 12, 0, 0, 0, time.UTC)}
	p := newPacerWith(clock.now, clock.sleep)
	statements := []struct {
		ran  time.Duration
		rows int
	}{
		{5 * time.Millisecond, 10},
		{200 * time.Microsecond, 3},
		{0, 0},
		{minPause, 1},
		{40 * time.Millisecond, 7},
	}
	for _, s := range statements {
		clock.t = clock.t.Add(s.ran)
		p.step(s.rows)
	}
	// Preparing the next statements counts as work too.
	clock.t = clock.t.Add(3 * time.Millisecond)
	p.pause()

	want := []time.Duration{5 * time.Millisecond, minPause, minPause, minPause, 40 * time.Millisecond, 3 * time.Millisecond}
	if !slices.Equal(clock.pauses, want) {
		t.Fatalf("pauses %v, want %v", clock.pauses, want)
	}
	wantBusy := 5*time.Millisecond + 200*time.Microsecond + minPause + 40*time.Millisecond + 3*time.Millisecond
	if p.stmts != 5 || p.rows != 21 || p.busy != wantBusy || p.longest != 40*time.Millisecond {
		t.Fatalf("pacer counted %d statements, %d rows, busy %v, longest %v; want 5, 21, %v, 40ms",
			p.stmts, p.rows, p.busy, p.longest, wantBusy)
	}
	var sleptTotal time.Duration
	for _, d := range want {
		sleptTotal += d
	}
	args := p.logArgs()
	if took := args[len(args)-1]; took != wantBusy+sleptTotal {
		t.Fatalf("took %v, want busy %v plus pauses %v", took, wantBusy, sleptTotal)
	}
}
