package counter

import (
	"context"
	"fmt"
	"time"
)

// Claims is not a usage period: Entry values of this period are
// idempotency claims (see Claimer), kept with the counters of their scope so
// that they are saved, restored and expired with them. Such an entry's
// Metric is the key and its Value the Unix time of the claim.
const Claims Period = NumPeriods

// ClaimTTL is how long a claimed key stays claimed.
const ClaimTTL = 24 * time.Hour

// Claimer remembers keys for ClaimTTL: the first Claim of a key in a scope
// wins, later ones answer false, so a retried request is applied once.
type Claimer interface {
	// Claim claims key in scope at the given time; fresh is false when the
	// key was claimed within ClaimTTL before.
	Claim(ctx context.Context, scope Scope, key string, at time.Time) (fresh bool, err error)
	// Unclaim forgets a key whose request could not be applied.
	Unclaim(ctx context.Context, scope Scope, key string) error
}

var (
	_ Claimer = (*Memory)(nil)
	_ Claimer = (*Redis)(nil)
)

// Claim implements Claimer.
func (m *Memory) Claim(_ context.Context, scope Scope, key string, at time.Time) (bool, error) {
	sec := at.Unix()
	sh := m.shard(scope)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sc := sh.cellsOf(scope, true, 1)
	k := bucketKey{metric: key, period: Claims}
	if c, ok := sc.cells[k]; ok && c.value != 0 && c.expires > sec {
		return false, nil
	}
	sc.cells[k] = cell{value: sec, expires: sec + int64(ClaimTTL/time.Second)}
	sh.markChanged(sc)
	return true, nil
}

// Unclaim implements Claimer: the claim is zeroed, so that the next
// ExportChanged reports it as gone.
func (m *Memory) Unclaim(_ context.Context, scope Scope, key string) error {
	sh := m.shard(scope)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sc := sh.cellsOf(scope, false, 0); sc != nil {
		k := bucketKey{metric: key, period: Claims}
		if _, ok := sc.cells[k]; ok {
			sc.cells[k] = cell{}
			sh.markChanged(sc)
		}
	}
	return nil
}

// claimKey is the Redis key of a claim.
func (s *Redis) claimKey(scope Scope, key string) string {
	return s.prefix + "{" + scope.Service + ":" + scope.Application + "}:claim:" + key
}

// Claim implements Claimer with SET NX EX.
func (s *Redis) Claim(ctx context.Context, scope Scope, key string, _ time.Time) (bool, error) {
	ok, err := s.client.SetNX(ctx, s.claimKey(scope, key), 1, ClaimTTL).Result()
	if err != nil {
		return false, fmt.Errorf("%w: claim: %v", ErrUnavailable, err)
	}
	return ok, nil
}

// Unclaim implements Claimer.
func (s *Redis) Unclaim(ctx context.Context, scope Scope, key string) error {
	if err := s.client.Del(ctx, s.claimKey(scope, key)).Err(); err != nil {
		return fmt.Errorf("%w: unclaim: %v", ErrUnavailable, err)
	}
	return nil
}
