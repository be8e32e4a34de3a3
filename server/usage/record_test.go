package usage

import (
	"reflect"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/decision"
)

func sampleEntry() decision.Entry {
	at := time.UnixMicro(1_733_000_000_123_456)
	return decision.Entry{
		Claims: []decision.Claim{{Scope: counter.Scope{Service: "7"}, Key: "batch:k-1", At: at.Truncate(time.Second)}},
		Updates: []counter.Update{{
			Scope: counter.Scope{Service: "7", Application: "app-1"}, At: at,
			Usage: []counter.Delta{{Metric: "12", Value: 3, Periods: counter.AllPeriods}, {Metric: "13", Set: true, Value: 0, Periods: 1 << counter.Day}},
		}},
		Usage: []decision.Usage{{
			ServiceID: "7", ApplicationID: "app-1", At: at, ResponseCode: 404, Source: decision.SourceReport,
			Metrics: []decision.MetricUsage{{MetricID: "12", Value: 3}, {MetricID: "13", Set: true}},
		}, {
			ServiceID: "7", ApplicationID: "app-2", At: at.Add(-time.Minute), Source: decision.SourceReport,
			Metrics: []decision.MetricUsage{{MetricID: "12", Value: 1}},
		}},
	}
}

// TestRecordRoundTrip checks that a journal record decodes to the entry
// it was made from (metric names are not journaled).
func TestRecordRoundTrip(t *testing.T) {
	for _, e := range []decision.Entry{sampleEntry(), {}} {
		got, err := decodeRecord(appendRecord(nil, &e))
		if err != nil {
			t.Fatal(err)
		}
		// Times compare by instant.
		for i := range got.Updates {
			got.Updates[i].At = got.Updates[i].At.In(e.Updates[i].At.Location())
		}
		for i := range got.Usage {
			got.Usage[i].At = got.Usage[i].At.In(e.Usage[i].At.Location())
		}
		for i := range got.Claims {
			got.Claims[i].At = got.Claims[i].At.In(e.Claims[i].At.Location())
		}
		if !reflect.DeepEqual(got, e) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, e)
		}
	}
}

// TestRecordRejectsDamage checks that every truncation of a record and
// trailing garbage are refused rather than half-applied.
func TestRecordRejectsDamage(t *testing.T) {
	e := sampleEntry()
	b := appendRecord(nil, &e)
	for n := 0; n < len(b); n++ {
		if _, err := decodeRecord(b[:n]); err == nil {
			t.Fatalf("a record cut to %d of %d bytes decoded", n, len(b))
		}
	}
	if _, err := decodeRecord(append(b, 0)); err == nil {
		t.Fatal("a record with a trailing byte decoded")
	}
}

// FuzzDecodeRecord feeds arbitrary bytes to the decoder: it must never
// panic, and what it accepts must encode back to the same bytes.
func FuzzDecodeRecord(f *testing.F) {
	e := sampleEntry()
	f.Add(appendRecord(nil, &e))
	f.Add([]byte{recordVersion, 0, 0, 0})
	f.Add([]byte{recordVersion, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeRecord(b)
		if err != nil {
			return
		}
		again := appendRecord(nil, &got)
		if _, err := decodeRecord(again); err != nil {
			t.Fatalf("re-encoded record does not decode: %v", err)
		}
	})
}
