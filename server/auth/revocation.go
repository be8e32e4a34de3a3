package auth

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lib/pq"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/session"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/store"
)

// revokedChannel is the PostgreSQL notification channel carrying the
// session families that ended, comma-separated.
const revokedChannel = "portico_sessions_ended"

// clockSkew is how much later than this replica's clock another replica
// may have signed an access token.
const clockSkew = time.Minute

// ended is the set of session families that ended (logout, password
// change, replayed refresh token) while their access tokens may still be
// unexpired. Checking it costs no SQL: each replica fills it from the
// database when it starts, adds the families it ends itself, and hears the
// others' through PostgreSQL notifications (sent with the transaction's
// commit; after a lost connection it reloads from the database). With the
// embedded database there is one process and nothing to hear.
type ended struct {
	mu    sync.RWMutex
	until map[int]time.Time // family → after its last access token expired
	swept time.Time
	keep  time.Duration
	now   func() time.Time
}

func newEnded(accessTTL time.Duration, now func() time.Time) *ended {
	return &ended{until: map[int]time.Time{}, keep: accessTTL + clockSkew, now: now}
}

// add records families as ended now.
func (e *ended) add(families ...int) {
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, f := range families {
		e.until[f] = now.Add(e.keep)
	}
	if now.Sub(e.swept) > time.Minute {
		e.swept = now
		for f, t := range e.until {
			if now.After(t) {
				delete(e.until, f)
			}
		}
	}
}

// has reports whether family ended.
func (e *ended) has(family int) bool {
	e.mu.RLock()
	t, ok := e.until[family]
	e.mu.RUnlock()
	return ok && !e.now().After(t)
}

// familyOf is the family a session belongs to: its first session.
func familyOf(s *ent.Session) int {
	if s.FamilyID != nil {
		return *s.FamilyID
	}
	return s.ID
}

// loadEnded adds the families whose sessions all ended within the lifetime
// of an access token.
func (s *Service) loadEnded(ctx context.Context) error {
	sys := viewer.SystemContext(ctx)
	recent, err := s.client.Session.Query().Where(session.RevokedAtGT(s.now().Add(-s.ended.keep))).
		Select(session.FieldID, session.FieldFamilyID).All(sys)
	if err != nil {
		return fmt.Errorf("load ended sessions: %w", err)
	}
	if len(recent) == 0 {
		return nil
	}
	families := map[int]bool{}
	ids := make([]int, 0, len(recent))
	for _, r := range recent {
		if f := familyOf(r); !families[f] {
			families[f] = true
			ids = append(ids, f)
		}
	}
	// A family with a live session was refreshed, not ended.
	for chunk := range slices.Chunk(ids, 500) {
		live, err := s.client.Session.Query().Where(session.RevokedAtIsNil(),
			session.Or(session.IDIn(chunk...), session.FamilyIDIn(chunk...))).
			Select(session.FieldID, session.FieldFamilyID).All(sys)
		if err != nil {
			return fmt.Errorf("load ended sessions: %w", err)
		}
		for _, l := range live {
			delete(families, familyOf(l))
		}
	}
	out := make([]int, 0, len(families))
	for f := range families {
		out = append(out, f)
	}
	s.ended.add(out...)
	return nil
}

// endFamilies revokes every live session of families and refuses their
// access tokens from the commit of ctx's transaction on, on every replica.
// It runs in ctx's transaction.
func (s *Service) endFamilies(ctx context.Context, c *ent.Client, families []int) error {
	if len(families) == 0 {
		return nil
	}
	for chunk := range slices.Chunk(families, 500) {
		if _, err := c.Session.Update().Where(session.RevokedAtIsNil(),
			session.Or(session.IDIn(chunk...), session.FamilyIDIn(chunk...))).
			SetRevokedAt(s.now()).Save(ctx); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
	}
	tx := ent.TxFromContext(ctx)
	if s.db != nil && s.databaseURL != "" {
		for chunk := range slices.Chunk(families, 500) {
			payload := make([]string, len(chunk))
			for i, f := range chunk {
				payload[i] = strconv.Itoa(f)
			}
			var err error
			if tx != nil {
				_, err = tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", revokedChannel, strings.Join(payload, ","))
			} else {
				_, err = s.db.ExecContext(ctx, "SELECT pg_notify($1, $2)", revokedChannel, strings.Join(payload, ","))
			}
			if err != nil {
				return fmt.Errorf("announce ended sessions: %w", err)
			}
		}
	}
	// This replica refuses the tokens at once, without waiting for its own
	// notification.
	if tx == nil {
		s.ended.add(families...)
		return nil
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			err := next.Commit(ctx, tx)
			if err == nil {
				s.ended.add(families...)
			}
			return err
		})
	})
	return nil
}

// EndSessions ends every session of a user but the family keep (0 for
// none), in the caller's transaction when ctx carries one: their refresh
// tokens stop working and their access tokens are refused at once. A
// password change calls it.
func (s *Service) EndSessions(ctx context.Context, userID, keep int) error {
	return store.InTx(viewer.SystemContext(ctx), s.client, func(ctx context.Context, c *ent.Client) error {
		live, err := c.Session.Query().Where(session.UserID(userID), session.RevokedAtIsNil()).
			Select(session.FieldID, session.FieldFamilyID).All(ctx)
		if err != nil {
			return err
		}
		var families []int
		seen := map[int]bool{keep: true}
		for _, l := range live {
			if f := familyOf(l); !seen[f] {
				seen[f] = true
				families = append(families, f)
			}
		}
		return s.endFamilies(ctx, c, families)
	})
}

// Start fills the set of ended sessions from the database and, on
// PostgreSQL, follows the other replicas' until ctx ends.
func (s *Service) Start(ctx context.Context) error {
	if s.databaseURL == "" {
		return s.loadEnded(ctx)
	}
	l := pq.NewListener(s.databaseURL, 100*time.Millisecond, 10*time.Second, func(ev pq.ListenerEventType, err error) {
		if ev == pq.ListenerEventReconnected {
			// Notifications may have been missed meanwhile.
			if err := s.loadEnded(ctx); err != nil {
				s.logger.Warn("reload ended sessions", "error", err)
			}
		}
		if err != nil {
			s.logger.Warn("ended sessions notifications", "event", ev, "error", err)
		}
	})
	if err := l.Listen(revokedChannel); err != nil {
		l.Close()
		return fmt.Errorf("listen for ended sessions: %w", err)
	}
	// Listening first, loading second: nothing ended in between is missed.
	if err := s.loadEnded(ctx); err != nil {
		l.Close()
		return err
	}
	go func() {
		defer l.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case n := <-l.Notify:
				if n == nil {
					continue
				}
				var families []int
				for _, f := range strings.Split(n.Extra, ",") {
					if id, err := strconv.Atoi(f); err == nil {
						families = append(families, id)
					}
				}
				s.ended.add(families...)
			case <-time.After(90 * time.Second):
				go func() { _ = l.Ping() }()
			}
		}
	}()
	return nil
}
