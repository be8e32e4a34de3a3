// Package usage owns what happens to usage after the decision plane accepts
// it: rollups into SQL time buckets per application and metric (minute, hour,
// day, month), per response code and, as sketches, response times per hour
// and day, first-traffic times, the per-product
// integration error log, and saving the in-process rate-limit counters so an
// embedded installation loses nothing on restart.
package usage
