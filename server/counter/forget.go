package counter

import (
	"context"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
)

// Forget implements Store. The counters are zeroed rather than dropped, as
// Unclaim does with a claim, so that the next ExportChanged reports them and
// the saved copy learns that they are gone.
func (m *Memory) Forget(_ context.Context, services []string) error {
	gone := make(map[string]bool, len(services))
	for _, s := range services {
		gone[s] = true
	}
	for i := range m.shards {
		sh := &m.shards[i]
		sh.mu.Lock()
		for scope, sc := range sh.scopes {
			if !gone[scope.Service] {
				continue
			}
			for k := range sc.cells {
				sc.cells[k] = cell{}
			}
			sh.markChanged(sc)
		}
		sh.mu.Unlock()
	}
	return nil
}

// forgetBatch is how many keys one round trip deletes.
const forgetBatch = 1000

// Forget implements Store: it finds the keys of the services' scopes with
// SCAN (on every master of a cluster) and unlinks them. A key's service is
// read from its hash tag ({service:application}); service ids hold no ':'.
func (s *Redis) Forget(ctx context.Context, services []string) error {
	if len(services) == 0 {
		return nil
	}
	if s.leases != nil {
		s.leases.drop(services)
	}
	gone := make(map[string]bool, len(services))
	for _, svc := range services {
		gone[svc] = true
	}
	tagged := s.prefix + "{"
	forget := func(ctx context.Context, c redis.UniversalClient) error {
		var keys []string
		unlink := func() error {
			if len(keys) == 0 {
				return nil
			}
			// One UNLINK per key: on a cluster node the keys of one
			// batch belong to many hash slots.
			pipe := c.Pipeline()
			for _, k := range keys {
				pipe.Unlink(ctx, k)
			}
			_, err := pipe.Exec(ctx)
			keys = keys[:0]
			return err
		}
		iter := c.Scan(ctx, 0, globEscape(tagged)+"*", forgetBatch).Iterator()
		for iter.Next(ctx) {
			k := iter.Val()
			svc, _, ok := strings.Cut(strings.TrimPrefix(k, tagged), ":")
			if !ok || !gone[svc] {
				continue
			}
			if keys = append(keys, k); len(keys) == forgetBatch {
				if err := unlink(); err != nil {
					return err
				}
			}
		}
		if err := iter.Err(); err != nil {
			return err
		}
		return unlink()
	}
	var err error
	if cluster, ok := s.client.(*redis.ClusterClient); ok {
		err = cluster.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error { return forget(ctx, c) })
	} else {
		err = forget(ctx, s.client)
	}
	if err != nil {
		return fmt.Errorf("%w: forget: %v", ErrUnavailable, err)
	}
	return nil
}

// globEscape quotes the characters SCAN's MATCH pattern gives a meaning.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
