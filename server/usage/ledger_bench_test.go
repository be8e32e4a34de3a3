package usage

import (
	"context"
	"testing"

	"github.com/portico-apim/portico/server/decision"
	"github.com/portico-apim/portico/server/journal"
)

// BenchmarkLedgerCommit measures what the journal adds to one acknowledged
// decision: encoding its record and appending it, with as many concurrent
// callers as a loaded server has.
func BenchmarkLedgerCommit(b *testing.B) {
	e := sampleEntry()
	e.Claims = nil
	benchmarkCommit(b, &e)
}

// BenchmarkLedgerCommitReport10 is BenchmarkLedgerCommit with the record
// of a report batch of ten transactions.
func BenchmarkLedgerCommitReport10(b *testing.B) {
	one := sampleEntry()
	var e decision.Entry
	for range 10 {
		e.Updates = append(e.Updates, one.Updates...)
		e.Usage = append(e.Usage, one.Usage...)
	}
	benchmarkCommit(b, &e)
}

func benchmarkCommit(b *testing.B, e *decision.Entry) {
	j, err := journal.Open(journal.Config{Dir: b.TempDir(), SyncInterval: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	l := &Ledger{j: j}
	l.bufs.New = func() any { buf := make([]byte, 0, 512); return &buf }
	b.SetBytes(int64(len(appendRecord(nil, e))))
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
