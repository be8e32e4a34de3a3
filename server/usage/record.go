package usage

import (
	"encoding/binary"
	"errors"
	"math"
	"time"

	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/decision"
)

// recordVersion is the first byte of every journal record. Version 2 adds
// the response time of each usage entry; records of version 1 (written
// before an upgrade, replayed after it) are still read.
const (
	recordVersion   = 2
	recordVersionV1 = 1
)

// appendRecord encodes an acknowledged request's entry as one journal
// record: its claims, counter updates and usage, with lengths and
// variable-length integers. A record is written for every acknowledged
// request, so it is kept small: the scope and time of an update or usage
// entry are written only where they differ from the entry before (a report
// repeats them for the counters and the rollups of each transaction),
// applications the resolver knows are named by database id rather than by
// their app id or client id (tens of characters), and metric names are
// left out (the rollups need the ids only). names may be nil.
func appendRecord(b []byte, e *decision.Entry, names Resolver) []byte {
	b = append(b, recordVersion)
	b = binary.AppendUvarint(b, uint64(len(e.Claims)))
	for _, c := range e.Claims {
		b = appendString(b, c.Scope.Service)
		b = appendString(b, c.Scope.Application)
		b = appendString(b, c.Key)
		b = binary.AppendVarint(b, c.At.Unix())
	}
	st := scopeState{names: names}
	b = binary.AppendUvarint(b, uint64(len(e.Updates)))
	for i, u := range e.Updates {
		ref := 0
		if i < len(e.UpdateRefs) {
			ref = e.UpdateRefs[i]
		}
		b = st.append(b, u.Scope.Service, u.Scope.Application, ref, u.At.UnixMicro())
		b = binary.AppendUvarint(b, uint64(len(u.Usage)))
		for _, d := range u.Usage {
			b = appendString(b, d.Metric)
			b = append(b, flag(d.Set), byte(d.Periods))
			b = binary.AppendVarint(b, d.Value)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(e.Usage)))
	for _, u := range e.Usage {
		b = st.append(b, u.ServiceID, u.ApplicationID, u.AppRef, u.At.UnixMicro())
		b = append(b, byte(u.Source))
		b = binary.AppendUvarint(b, uint64(u.ResponseCode))
		b = binary.AppendUvarint(b, responseTime(u))
		b = binary.AppendUvarint(b, uint64(len(u.Metrics)))
		for _, m := range u.Metrics {
			b = appendString(b, m.MetricID)
			b = append(b, flag(m.Set))
			b = binary.AppendVarint(b, m.Value)
		}
	}
	return b
}

// scopeState is the scope and time of the previous entry of a record.
type scopeState struct {
	names        Resolver
	service, app string
	at           int64
	// lost marks an application named by a database id that no longer
	// names one (deleted since): its entries are left out.
	lost bool
}

// Flags of an entry's scope: which parts are written.
const (
	newService = 1 << iota
	newApp     // the app id follows
	newAppID   // the application's database id follows
)

// append writes an entry's scope and time; ref is the application's
// database id when the caller knows it (0: it is looked up).
func (st *scopeState) append(b []byte, service, app string, ref int, at int64) []byte {
	var f byte
	if service != st.service {
		f |= newService
	}
	id := 0
	if app != st.app || f&newService != 0 {
		f |= newApp
		if st.names != nil {
			n, ok := ref, ref > 0
			if !ok {
				n, _, ok = st.names.Application(service, app)
			}
			if ok && n >= 0 {
				f, id = f&^newApp|newAppID, n
			}
		}
	}
	b = append(b, f)
	if f&newService != 0 {
		b = appendString(b, service)
	}
	switch {
	case f&newApp != 0:
		b = appendString(b, app)
	case f&newAppID != 0:
		b = binary.AppendUvarint(b, uint64(id))
	}
	b = binary.AppendVarint(b, at-st.at)
	st.service, st.app, st.at = service, app, at
	return b
}

func (st *scopeState) read(d *decoder) (service, app string, at int64) {
	f := d.byte()
	if f&^(newService|newApp|newAppID) != 0 || f&newApp != 0 && f&newAppID != 0 {
		d.err = errRecord
	}
	if f&newService != 0 {
		st.service = d.string()
	}
	switch {
	case f&newApp != 0:
		st.app, st.lost = d.string(), false
	case f&newAppID != 0:
		id := d.uvarint()
		st.app, st.lost = "", true
		if st.names != nil && id <= math.MaxInt64 {
			if s, a, ok := st.names.ApplicationByID(int(id)); ok && s == st.service {
				st.app, st.lost = a, false
			}
		}
	}
	st.at += d.varint()
	return st.service, st.app, st.at
}

func flag(v bool) byte {
	if v {
		return 1
	}
	return 0
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errRecord = errors.New("usage journal: malformed record")

// decoder reads a record; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errRecord
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errRecord
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.err = errRecord
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) bool() bool {
	switch d.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	d.err = errRecord
	return false
}

func (d *decoder) string() string {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errRecord
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// count reads a length and checks that the rest of the record could hold
// that many items of at least min bytes each.
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)/min) {
		d.err = errRecord
		return 0
	}
	return int(n)
}

// decodeRecord is appendRecord's inverse, but for the entries of
// applications deleted since the record was written, which it leaves out.
func decodeRecord(b []byte, names Resolver) (decision.Entry, error) {
	d := &decoder{b: b}
	var e decision.Entry
	version := d.byte()
	if version != recordVersion && version != recordVersionV1 {
		return e, errRecord
	}
	if n := d.count(4); n > 0 {
		e.Claims = make([]decision.Claim, n)
		for i := range e.Claims {
			c := &e.Claims[i]
			c.Scope.Service, c.Scope.Application, c.Key = d.string(), d.string(), d.string()
			c.At = time.Unix(d.varint(), 0)
		}
	}
	st := scopeState{names: names}
	if n := d.count(3); n > 0 {
		e.Updates = make([]counter.Update, 0, n)
		for range n {
			var u counter.Update
			var at int64
			u.Scope.Service, u.Scope.Application, at = st.read(d)
			u.At = time.UnixMicro(at)
			if m := d.count(4); m > 0 {
				u.Usage = make([]counter.Delta, m)
				for j := range u.Usage {
					x := &u.Usage[j]
					x.Metric = d.string()
					x.Set = d.bool()
					x.Periods = counter.PeriodSet(d.byte())
					x.Value = d.varint()
					if x.Periods > counter.AllPeriods {
						d.err = errRecord
					}
				}
			}
			if !st.lost {
				e.Updates = append(e.Updates, u)
			}
		}
	}
	if n := d.count(5); n > 0 {
		e.Usage = make([]decision.Usage, 0, n)
		for range n {
			var u decision.Usage
			var at int64
			u.ServiceID, u.ApplicationID, at = st.read(d)
			u.At = time.UnixMicro(at)
			u.Source = decision.Source(d.byte())
			u.ResponseCode = int(d.uvarint())
			if version >= 2 {
				u.ResponseTime, u.Timed = readResponseTime(d.uvarint())
			}
			if m := d.count(3); m > 0 {
				u.Metrics = make([]decision.MetricUsage, m)
				for j := range u.Metrics {
					x := &u.Metrics[j]
					x.MetricID = d.string()
					x.Set = d.bool()
					x.Value = d.varint()
				}
			}
			if !st.lost {
				e.Usage = append(e.Usage, u)
			}
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errRecord
	}
	return e, d.err
}

// responseTime is a usage entry's response time as written in a record:
// its microseconds plus one, or 0 for none.
func responseTime(u decision.Usage) uint64 {
	if !u.Timed || u.ResponseTime < 0 {
		return 0
	}
	return uint64(u.ResponseTime/time.Microsecond) + 1
}

func readResponseTime(v uint64) (time.Duration, bool) {
	if v == 0 || v > uint64(math.MaxInt64/int64(time.Microsecond)) {
		return 0, false
	}
	return time.Duration(v-1) * time.Microsecond, true
}
