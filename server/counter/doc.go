// Package counter owns the rate-limit counters of the decision plane: calendar
// periods in UTC, one atomic check-and-increment per decision, and the two
// stores that keep the counters (in-process shards and Redis).
package counter
