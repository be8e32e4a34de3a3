// Package crashtest owns the durability acceptance tests of the decision
// plane: they build the portico binary, run it as real processes on each
// storage mode, kill them (and Redis) with SIGKILL in the middle of gateway
// traffic, and check that every authrep and report answered 2xx is counted
// exactly once and that no limit is exceeded across the crash.
package crashtest
