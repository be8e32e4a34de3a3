// Package usage owns what happens to usage after the decision plane accepts
// it: rollups into SQL time buckets per application and metric (minute, hour,
// day, month) and per response code, first-traffic times, the per-product
// integration error log, and saving the in-process rate-limit counters so an
// embedded installation loses nothing on restart.
package usage
