package usage

import (
	"time"
)

// minPause is the shortest pause a pacer makes between two statements: long
// enough for the decisions that queued up meanwhile to be answered.
const minPause = time.Millisecond

// pacer spreads a background job's statements out in time. After each
// statement it sleeps as long as the statement ran, and at least minPause,
// so that the job holds a processor for one statement at a time and uses at
// most about half of one. This matters with the embedded database, whose
// statements run on this process's processors: the Go scheduler preempts a
// running goroutine only after 10 ms and, when a goroutine merely yields,
// may resume it before polling the network for waiting requests; a sleep
// lets every waiting decision run first.
type pacer struct {
	started time.Time
	last    time.Time
	stmts   int
	rows    int
	busy    time.Duration
	longest time.Duration
	now     func() time.Time    // the clock; tests replace it
	sleep   func(time.Duration) // tests replace it to record the pauses
}

func newPacer() *pacer {
	return newPacerWith(time.Now, time.Sleep)
}

// newPacerWith is newPacer on the given clock and sleeper.
func newPacerWith(now func() time.Time, sleep func(time.Duration)) *pacer {
	t := now()
	return &pacer{started: t, last: t, now: now, sleep: sleep}
}

// step records a statement that wrote rows and ended now, then pauses.
func (p *pacer) step(rows int) {
	p.stmts++
	p.rows += rows
	p.pause()
}

// pause ends a stretch of work (a statement, or the preparation of the
// next ones) and sleeps as long as it took, at least minPause.
func (p *pacer) pause() {
	d := p.now().Sub(p.last)
	p.busy += d
	p.longest = max(p.longest, d)
	p.sleep(max(d, minPause))
	p.last = p.now()
}

// logArgs describes the job's statements for a log line.
func (p *pacer) logArgs() []any {
	return []any{"statements", p.stmts, "rows", p.rows, "busy", p.busy, "longest", p.longest, "took", p.now().Sub(p.started)}
}
