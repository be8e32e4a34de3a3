package usage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/decision"
	"github.com/portico-apim/portico/server/journal"
)

// BenchmarkLedgerCommit measures what the journal adds to one acknowledged
// decision: encoding its record and appending it, with as many concurrent
// callers as a loaded server has.
func BenchmarkLedgerCommit(b *testing.B) {
	e := sampleEntry()
	e.Claims = nil
	benchmarkCommit(b, &e, sampleApps())
}

// BenchmarkLedgerCommitReport10 is BenchmarkLedgerCommit with the record
// of a report batch of ten transactions of ten applications, with app ids
// as long as generated ones.
func BenchmarkLedgerCommitReport10(b *testing.B) {
	one := sampleEntry()
	var e decision.Entry
	refs := map[int][2]string{}
	for i := range 10 {
		app := fmt.Sprintf("%032x", 0x5eed+i)
		refs[30064771113+i] = [2]string{"7", app}
		u := one.Updates[0]
		u.Scope.Application = app
		e.Updates = append(e.Updates, u)
		m := one.Usage[0]
		m.ApplicationID = app
		e.Usage = append(e.Usage, m)
	}
	benchmarkCommit(b, &e, newAppTable(refs))
}

func benchmarkCommit(b *testing.B, e *decision.Entry, names Resolver) {
	j, err := journal.Open(journal.Config{Dir: b.TempDir(), SyncInterval: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	l := &Ledger{j: j, names: names}
	l.bufs.New = func() any { buf := make([]byte, 0, 512); return &buf }
	// Save and forget the journal as often as a busy server's counter
	// saver does, relative to the records written.
	stop, saved := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(saved)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if seg, err := j.Checkpoint(func() {}); err == nil {
					_ = j.Remove(seg)
				}
			}
		}
	}()
	defer func() { close(stop); <-saved }()
	b.SetBytes(int64(len(appendRecord(nil, e, names))))
	b.SetParallelism(32)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			l.Hold()
			if err := l.Commit(context.Background(), e); err != nil {
				b.Error(err)
			}
			l.Release()
		}
	})
}
