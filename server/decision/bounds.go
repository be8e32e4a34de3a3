package decision

import (
	"sync/atomic"

	"github.com/portico-apim/portico/server/counter"
)

// boundsCache memoises the period windows of the current minute together
// with their formatted <period_start>/<period_end> elements: every period
// instance contains the whole minute, so both only change when it does.
type boundsCache struct {
	last atomic.Pointer[bounds]
}

type bounds struct {
	w    counter.Windows
	text [counter.NumPeriods][]byte
}

func (c *boundsCache) at(sec int64) *bounds {
	if b := c.last.Load(); b != nil && sec >= b.w.Start[counter.Minute] && sec < b.w.End[counter.Minute] {
		return b
	}
	b := &bounds{w: counter.WindowsAt(sec)}
	for p := counter.Period(0); p < counter.Eternity; p++ {
		t := append([]byte(nil), "<period_start>"...)
		t = appendPeriodTime(t, b.w.Start[p])
		t = append(t, "</period_start><period_end>"...)
		t = appendPeriodTime(t, b.w.End[p])
		b.text[p] = append(t, "</period_end>"...)
	}
	c.last.Store(b)
	return b
}
