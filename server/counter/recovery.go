package counter

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// errRebuilding answers decisions while the counters are being rebuilt.
var errRebuilding = fmt.Errorf("%w: redis lost the counters; they are being rebuilt", ErrUnavailable)

// lostReply starts the script's error when the guard key is missing.
const lostReply = "PORTICO_COUNTERS_LOST"

// recovery notices that Redis lost the counters and rebuilds them from the
// durable usage record before any further decision: a guard key is set
// once the counters are complete, every script call checks it, and a call
// that finds it missing stops all decisions (they fail, so gateways fall
// back to their caches) until one replica has rewritten the current
// periods' counters and set the guard again.
type recovery struct {
	recount func(ctx context.Context, now time.Time) ([]Update, error)
	wait    time.Duration
	log     *slog.Logger
	guard   string // key; empty when the check is off
	// guards are a cluster's guard keys instead, one in each hash slot: a
	// script call reads the one in its own slot, so a master that lost its
	// data is noticed by the calls on its slots.
	guards []string
	lost   atomic.Bool
	life   context.Context
	end    context.CancelFunc
	// losses counts the losses noticed since the start.
	losses atomic.Int64
}

func (s *Redis) initRecovery(cfg RedisConfig) {
	s.recount, s.wait, s.log = cfg.Recount, cfg.RecountWait, cfg.Logger
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.life, s.end = context.WithCancel(context.Background())
	if s.recount == nil {
		return
	}
	s.guard = s.prefix + "complete"
	if _, cluster := s.client.(*redis.ClusterClient); cluster {
		tags := slotTags()
		s.guards = make([]string, len(tags))
		for slot, tag := range tags {
			s.guards[slot] = s.guard + "{" + tag + "}"
		}
	}
}

// slotTags are hash tags of every Redis Cluster hash slot, by slot.
var slotTags = sync.OnceValue(func() []string {
	tags := make([]string, clusterSlots)
	for i, left := 0, clusterSlots; left > 0; i++ {
		tag := strconv.FormatInt(int64(i), 36)
		if slot := keySlot(tag); tags[slot] == "" {
			tags[slot] = tag
			left--
		}
	}
	return tags
})

// guardArg is the script's second argument for a call on slot.
func (s *Redis) guardArg(slot uint16) string {
	if s.guards != nil {
		return s.guards[slot]
	}
	return s.guard
}

// complete reports whether the guard is set (on a cluster, every slot's).
func (s *Redis) complete(ctx context.Context) (bool, error) {
	if s.guards == nil {
		n, err := s.client.Exists(ctx, s.guard).Result()
		if err != nil {
			return false, fmt.Errorf("counter: redis: %w", err)
		}
		return n == 1, nil
	}
	pipe := s.client.Pipeline()
	cmds := make([]*redis.IntCmd, len(s.guards))
	for i, g := range s.guards {
		cmds[i] = pipe.Exists(ctx, g)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return false, fmt.Errorf("counter: redis: %w", err)
	}
	for _, c := range cmds {
		if c.Val() != 1 {
			return false, nil
		}
	}
	return true, nil
}

// setGuard sets the guard (on a cluster, every slot's).
func (s *Redis) setGuard(ctx context.Context, token string) error {
	var err error
	if s.guards == nil {
		err = s.client.Set(ctx, s.guard, token, 0).Err()
	} else {
		pipe := s.client.Pipeline()
		for _, g := range s.guards {
			pipe.Set(ctx, g, token, 0)
		}
		_, err = pipe.Exec(ctx)
	}
	if err != nil {
		return fmt.Errorf("counter: redis: set the guard: %w", err)
	}
	return nil
}

// Losses is how many times this process found the counters gone.
func (s *Redis) Losses() int64 { return s.losses.Load() }

// failed wraps a script call's error; a missing guard starts a rebuild.
func (s *Redis) failed(err error) error {
	if strings.Contains(err.Error(), lostReply) {
		s.lose()
		return errRebuilding
	}
	return fmt.Errorf("counter: redis decision: %w: %w", ErrUnavailable, err)
}

// lose marks the counters lost and starts one rebuild.
func (s *Redis) lose() {
	if !s.lost.CompareAndSwap(false, true) {
		return
	}
	s.losses.Add(1)
	if s.leases != nil {
		// The reservations went with the counters.
		s.leases.drop(nil)
	}
	s.log.Warn("redis counters lost (a restart without persistence, a failover to an empty replica or a flush): " +
		"refusing decisions until they are rebuilt from the usage record")
	go func() {
		for backoff := 200 * time.Millisecond; ; backoff = min(2*backoff, 5*time.Second) {
			n, err := s.rebuild(s.life, true)
			if err == nil {
				s.lost.Store(false)
				s.log.Warn("redis counters rebuilt from the usage record; deciding again", "counters", n)
				return
			}
			if s.life.Err() != nil {
				return
			}
			s.log.Error("rebuild redis counters", "error", err)
			select {
			case <-s.life.Done():
				return
			case <-time.After(backoff):
			}
		}
	}()
}

// Recover checks at start that Redis holds the counters; when the guard is
// missing (a new Redis, or one that lost its data while no process ran) it
// rebuilds them before returning.
func (s *Redis) Recover(ctx context.Context) error {
	if s.guard == "" {
		return nil
	}
	if ok, err := s.complete(ctx); err != nil || ok {
		return err
	}
	rebuilt, err := s.rebuild(ctx, false)
	if err != nil {
		return err
	}
	if rebuilt > 0 {
		s.losses.Add(1)
		s.log.Warn("redis counters lost: rebuilt from the usage record at start", "counters", rebuilt)
	}
	return nil
}

// rebuild rewrites the current periods' counters from the usage record and
// sets the guard. One replica does it (a lock key); the others wait for the
// guard. After a loss in operation (settle) the rebuilder first waits for
// every replica to save the usage it acknowledged.
func (s *Redis) rebuild(ctx context.Context, settle bool) (int, error) {
	lock := s.prefix + "rebuilding"
	token := strconv.FormatInt(time.Now().UnixNano(), 36)
	mine, err := s.client.SetNX(ctx, lock, token, 2*time.Minute).Result()
	if err != nil {
		return 0, fmt.Errorf("counter: redis: %w", err)
	}
	if !mine {
		return 0, s.awaitGuard(ctx, lock)
	}
	defer s.client.Del(context.WithoutCancel(ctx), lock)
	updates, err := s.recount(ctx, time.Now())
	if err != nil {
		return 0, err
	}
	if settle && s.wait > 0 {
		// Replicas keep what they acknowledged in memory for up to their
		// flush interval: wait for it to reach the record, then count.
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(s.wait):
		}
		if updates, err = s.recount(ctx, time.Now()); err != nil {
			return 0, err
		}
	}
	n, err := s.write(ctx, time.Now(), updates)
	if err != nil {
		return 0, err
	}
	if err := s.setGuard(ctx, token); err != nil {
		return 0, err
	}
	return n, nil
}

// awaitGuard waits until the replica holding the rebuild lock has set the
// guard (or gave up: the lock is gone without a guard).
func (s *Redis) awaitGuard(ctx context.Context, lock string) error {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		if ok, err := s.complete(ctx); err != nil || ok {
			return err
		}
		held, err := s.client.Exists(ctx, lock).Result()
		if err != nil {
			return fmt.Errorf("counter: redis: %w", err)
		}
		if held == 0 {
			return errors.New("counter: the replica rebuilding the counters stopped")
		}
	}
}

// write sets the counters of updates (all sets) in the period instances
// containing now, with their expiries, in one pipeline.
func (s *Redis) write(ctx context.Context, now time.Time, updates []Update) (int, error) {
	sec := now.Unix()
	w := WindowsAt(sec)
	pipe := s.client.Pipeline()
	n := 0
	for _, u := range updates {
		for _, d := range u.Usage {
			for p := Period(0); p < NumPeriods; p++ {
				if !d.Periods.orAll().Has(p) {
					continue
				}
				ttl, live := bucketTTL(&w, p, sec)
				if !live {
					continue
				}
				key := s.prefix + "{" + u.Scope.Service + ":" + u.Scope.Application + "}:" +
					d.Metric + ":" + string(periodCodes[p]) + ":" + strconv.FormatInt(w.Start[p], 10)
				pipe.Set(ctx, key, d.Value, time.Duration(ttl)*time.Second)
				n++
			}
		}
	}
	if n == 0 {
		return 0, nil
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, fmt.Errorf("counter: redis: write rebuilt counters: %w", err)
	}
	return n, nil
}
