package counter

import "sync/atomic"

// windowCache memoises the period windows of the current minute: every
// period instance contains the whole minute, so the windows only change when
// the minute does.
type windowCache struct {
	last atomic.Pointer[Windows]
}

func (c *windowCache) at(sec int64) *Windows {
	if w := c.last.Load(); w != nil && sec >= w.Start[Minute] && sec < w.End[Minute] {
		return w
	}
	w := WindowsAt(sec)
	c.last.Store(&w)
	return &w
}

// peek is at without remembering the result: used for report timestamps,
// which may lie in the past.
func (c *windowCache) peek(sec int64) *Windows {
	if w := c.last.Load(); w != nil && sec >= w.Start[Minute] && sec < w.End[Minute] {
		return w
	}
	w := WindowsAt(sec)
	return &w
}
