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
			ResponseTime: 120*time.Millisecond + 500*time.Microsecond, Timed: true,
			Metrics: []decision.MetricUsage{{MetricID: "12", Value: 3}, {MetricID: "13", Set: true}},
		}, {
			ServiceID: "7", ApplicationID: "app-2", At: at.Add(-time.Minute), Source: decision.SourceReport,
			Metrics: []decision.MetricUsage{{MetricID: "12", Value: 1}},
		}, {
			ServiceID: "7", ApplicationID: "app-2", At: at, Source: decision.SourceAuthRep, Timed: true, // a response time of 0
			Metrics: []decision.MetricUsage{{MetricID: "12", Value: 1}},
		}},
	}
}

// appTable is a Resolver over a fixed set of applications, keyed both
// ways as the mirror keys them.
type appTable struct {
	ids  map[[2]string]int
	refs map[int][2]string
}

// newAppTable maps database ids to (service id, app id).
func newAppTable(refs map[int][2]string) appTable {
	t := appTable{ids: map[[2]string]int{}, refs: refs}
	for id, ref := range refs {
		t.ids[ref] = id
	}
	return t
}

func (t appTable) Application(serviceID, appID string) (int, int, bool) {
	id, ok := t.ids[[2]string{serviceID, appID}]
	return id, 1, ok
}

func (t appTable) ApplicationByID(id int) (string, string, bool) {
	ref, ok := t.refs[id]
	return ref[0], ref[1], ok
}

func (t appTable) Service(string) (int, bool) { return 1, true }

// sampleApps names app-1 (but not app-2, of another service) by database
// id; ids are as large as the database's.
func sampleApps() appTable {
	return newAppTable(map[int][2]string{30064771113: {"7", "app-1"}, 300: {"8", "app-2"}})
}

// TestRecordRoundTrip checks that a journal record decodes to the entry
// it was made from (metric names are not journaled), with applications
// named by app id or by database id.
func TestRecordRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		e     decision.Entry
		names Resolver
	}{{sampleEntry(), nil}, {sampleEntry(), sampleApps()}, {decision.Entry{}, nil}} {
		e := tc.e
		got, err := decodeRecord(appendRecord(nil, &e, tc.names), tc.names)
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

// TestRecordReadsVersion1 checks that a record written before response
// times were journaled (version 1, replayed after an upgrade) still
// decodes, its usage untimed.
func TestRecordReadsVersion1(t *testing.T) {
	b := []byte{
		1,                 // version
		0,                 // claims
		0,                 // updates
		1,                 // usage entries
		3,                 // scope: service and app id follow
		1, '7', 1, 'a', 0, // service 7, app a, at +0
		byte(decision.SourceReport),
		0xc8, 0x01, // response code 200
		1, 2, '1', '2', 0, 6, // metric 12 increased by 3
	}
	got, err := decodeRecord(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []decision.Usage{{ServiceID: "7", ApplicationID: "a", At: time.UnixMicro(0), Source: decision.SourceReport, ResponseCode: 200,
		Metrics: []decision.MetricUsage{{MetricID: "12", Value: 3}}}}
	if !reflect.DeepEqual(got.Usage, want) {
		t.Fatalf("version 1 record decodes to %+v, want %+v", got.Usage, want)
	}
}

// TestRecordNamesApplicationsByID checks that applications named by
// database id make the record shorter, and that the entries of an
// application deleted before the record is read are left out while the
// others stay.
func TestRecordNamesApplicationsByID(t *testing.T) {
	e := sampleEntry()
	e.Updates[0].Scope.Application = "c5b1a8e4f0d24b7e9a3c6d2f1e0b9a87"
	e.Usage[0].ApplicationID = e.Updates[0].Scope.Application
	names := newAppTable(map[int][2]string{41: {"7", e.Updates[0].Scope.Application}})
	long, short := appendRecord(nil, &e, nil), appendRecord(nil, &e, names)
	if len(short) > len(long)-len(e.Updates[0].Scope.Application)+1 {
		t.Fatalf("record naming the application by id: %d bytes, by app id: %d", len(short), len(long))
	}
	got, err := decodeRecord(short, newAppTable(nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Updates) != 0 || len(got.Usage) != 2 || got.Usage[0].ApplicationID != "app-2" || len(got.Claims) != 1 {
		t.Fatalf("after the application's deletion the record decodes to %+v; want only app-2's usage and the claim", got)
	}
}

// TestRecordRejectsDamage checks that every truncation of a record and
// trailing garbage are refused rather than half-applied.
func TestRecordRejectsDamage(t *testing.T) {
	e := sampleEntry()
	for _, names := range []Resolver{nil, sampleApps()} {
		b := appendRecord(nil, &e, names)
		for n := 0; n < len(b); n++ {
			if _, err := decodeRecord(b[:n], names); err == nil {
				t.Fatalf("a record cut to %d of %d bytes decoded", n, len(b))
			}
		}
		if _, err := decodeRecord(append(b, 0), names); err == nil {
			t.Fatal("a record with a trailing byte decoded")
		}
	}
}

// FuzzDecodeRecord feeds arbitrary bytes to the decoder: it must never
// panic, and what it accepts must encode back to the same bytes.
func FuzzDecodeRecord(f *testing.F) {
	e := sampleEntry()
	names := sampleApps()
	f.Add(appendRecord(nil, &e, nil))
	f.Add(appendRecord(nil, &e, names))
	f.Add([]byte{recordVersion, 0, 0, 0})
	f.Add([]byte{recordVersion, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeRecord(b, names)
		if err != nil {
			return
		}
		again := appendRecord(nil, &got, names)
		if _, err := decodeRecord(again, names); err != nil {
			t.Fatalf("re-encoded record does not decode: %v", err)
		}
	})
}

// countingTable is an appTable that counts the lookups by app id.
type countingTable struct {
	appTable
	asked map[string]int
}

func (t countingTable) Application(serviceID, appID string) (int, int, bool) {
	t.asked[appID]++
	return t.appTable.Application(serviceID, appID)
}

// TestRecordUsesTheCarriedIDs checks that database ids the entry carries
// (from the decision snapshot) are written as they are, with the bytes a
// lookup would have given and without the lookup.
func TestRecordUsesTheCarriedIDs(t *testing.T) {
	want := sampleEntry()
	wantBytes := appendRecord(nil, &want, sampleApps())

	e := sampleEntry()
	e.UpdateRefs = []int{30064771113}
	e.Usage[0].AppRef, e.Usage[0].TenantRef = 30064771113, 1
	names := countingTable{sampleApps(), map[string]int{}}
	if got := appendRecord(nil, &e, names); !reflect.DeepEqual(got, wantBytes) {
		t.Fatalf("record with carried ids:\n got %x\nwant %x", got, wantBytes)
	}
	if names.asked["app-1"] != 0 || names.asked["app-2"] == 0 {
		t.Fatalf("lookups %v: want none for app-1 (carried) and some for app-2 (not)", names.asked)
	}
}
