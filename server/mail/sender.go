package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/emailmessage"
	"github.com/portico-apim/portico/ent/predicate"
	"github.com/portico-apim/portico/schema/viewer"
)

// batchSize is how many messages one round claims.
const batchSize = 20

// Start runs the sender in the background until Stop. Without SMTP there
// is nothing to send and it does not start.
func (s *Service) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil || s.smtp == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel, s.done = cancel, make(chan struct{})
	go s.run(ctx, s.done)
}

// Stop stops the sender and waits for the round in progress, at most until
// ctx ends. Messages it could not finish are retried later, by any replica.
func (s *Service) Stop(ctx context.Context) error {
	s.mu.Lock()
	cancel, done := s.cancel, s.done
	s.cancel = nil
	s.mu.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("mail: stop: %w", ctx.Err())
	}
}

func (s *Service) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	t := time.NewTicker(s.poll)
	defer t.Stop()
	for {
		start := time.Now()
		_, err := s.Deliver(ctx)
		if err != nil && ctx.Err() == nil {
			s.logger.Warn("mail: delivery round failed", "error", err)
		}
		if s.Observe != nil && ctx.Err() == nil {
			s.Observe(time.Since(start), err)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-t.C:
		}
	}
}

// Deliver runs one round: it sends every due QUEUED message by SMTP and
// returns how many were attempted. Replicas may run rounds concurrently:
// each message is claimed by one of them. Without SMTP it does nothing:
// messages queued then wait for a replica that delivers.
func (s *Service) Deliver(ctx context.Context) (int, error) {
	sys := viewer.SystemContext(ctx)
	if s.smtp == nil {
		return 0, nil
	}
	total := 0
	for ctx.Err() == nil {
		now := s.now()
		due, err := s.client.EmailMessage.Query().Where(dueAt(now)).
			Order(ent.Asc(emailmessage.FieldID)).Limit(batchSize).All(sys)
		if err != nil {
			return total, fmt.Errorf("load due email: %w", err)
		}
		claimed := make([]*ent.EmailMessage, 0, len(due))
		for _, m := range due {
			ok, err := s.claim(sys, m, now)
			if err != nil {
				return total, err
			}
			if ok {
				m.Attempts++
				claimed = append(claimed, m)
			}
		}
		if len(claimed) > 0 {
			s.send(sys, claimed)
			total += len(claimed)
		}
		if len(due) < batchSize {
			break
		}
	}
	return total, nil
}

// dueAt selects QUEUED messages whose next attempt is due at now.
func dueAt(now time.Time) predicate.EmailMessage {
	return emailmessage.And(emailmessage.StateEQ(emailmessage.StateQUEUED),
		emailmessage.Or(emailmessage.NextAttemptAtIsNil(), emailmessage.NextAttemptAtLTE(now)))
}

// claim takes m for this round: it counts the attempt and moves the next
// attempt past the round, so a replica crashing mid-send leaves the message
// to be retried later rather than lost.
func (s *Service) claim(ctx context.Context, m *ent.EmailMessage, now time.Time) (bool, error) {
	n, err := s.client.EmailMessage.Update().
		Where(emailmessage.ID(m.ID), dueAt(now)).
		SetNextAttemptAt(now.Add(s.timeout * 4)).AddAttempts(1).Save(ctx)
	if err != nil {
		return false, fmt.Errorf("claim email %d: %w", m.ID, err)
	}
	return n == 1, nil
}

// send delivers claimed messages over one SMTP connection and records each
// outcome.
func (s *Service) send(ctx context.Context, msgs []*ent.EmailMessage) {
	froms := map[int]string{}
	out := make([]*gomail.Msg, len(msgs))
	errs := make([]error, len(msgs))
	for i, m := range msgs {
		from, ok := froms[m.TenantID]
		if !ok {
			from = s.sender(ctx, m.TenantID)
			froms[m.TenantID] = from
		}
		out[i], errs[i] = compose(m, from, s.now())
	}
	dctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	c, err := s.smtp.client(s.timeout)
	if err == nil {
		err = c.DialWithContext(dctx)
	}
	if err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("connect to %s: %w", s.smtp.Addr(), err)
			}
		}
	} else {
		for i, msg := range out {
			if errs[i] == nil {
				errs[i] = c.Send(msg)
			}
		}
		_ = c.Close()
	}
	for i, m := range msgs {
		s.record(ctx, m, errs[i])
	}
}

// sender is the From address of a tenant's email: its from_email, or
// no-reply at its admin domain.
func (s *Service) sender(ctx context.Context, tenantID int) string {
	t, err := s.client.Tenant.Get(ctx, tenantID)
	if err != nil {
		s.logger.Warn("mail: load tenant", "tenant_id", tenantID, "error", err)
		return "no-reply@localhost"
	}
	if t.FromEmail != "" {
		return t.FromEmail
	}
	return "no-reply@" + t.AdminDomain
}

func compose(m *ent.EmailMessage, from string, now time.Time) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, permanent{fmt.Errorf("sender %q: %w", from, err)}
	}
	if err := msg.To(m.To); err != nil {
		return nil, permanent{fmt.Errorf("recipient: %w", err)}
	}
	msg.Subject(m.Subject)
	msg.SetDateWithValue(now)
	msg.SetMessageID()
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	return msg, nil
}

// permanent marks an error retrying cannot fix.
type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// record stores the outcome of an attempt: SENT, a retry after a backoff,
// or FAILED once retrying is pointless or the attempts are used up.
func (s *Service) record(ctx context.Context, m *ent.EmailMessage, sendErr error) {
	now := s.now()
	u := s.client.EmailMessage.UpdateOneID(m.ID)
	switch {
	case sendErr == nil:
		u.SetState(emailmessage.StateSENT).SetSentAt(now).ClearNextAttemptAt().SetLastError("")
	case isPermanent(sendErr) || m.Attempts >= s.maxAttempts:
		u.SetState(emailmessage.StateFAILED).ClearNextAttemptAt().SetLastError(clip(sendErr.Error()))
		s.logger.Warn("mail: delivery failed for good", "email_id", m.ID, "attempts", m.Attempts, "error", sendErr)
	default:
		u.SetNextAttemptAt(now.Add(s.delay(m.Attempts))).SetLastError(clip(sendErr.Error()))
		s.logger.Info("mail: delivery failed, will retry", "email_id", m.ID, "attempts", m.Attempts, "error", sendErr)
	}
	if err := u.Exec(ctx); err != nil {
		s.logger.LogAttrs(ctx, slog.LevelError, "mail: record delivery", slog.Int("email_id", m.ID), slog.Any("error", err))
	}
}

// delay is the wait after the given number of failed attempts: Backoff,
// doubling each time, at most an hour.
func (s *Service) delay(attempts int) time.Duration {
	d := s.backoff
	for i := 1; i < attempts && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

func isPermanent(err error) bool {
	var p permanent
	if errors.As(err, &p) {
		return true
	}
	// A 5xx reply is the server's final word; network trouble and 4xx
	// replies are worth another attempt.
	var se *gomail.SendError
	return errors.As(err, &se) && se.ErrorCode() >= 500 && se.ErrorCode() < 600
}

func clip(s string) string {
	if r := []rune(s); len(r) > 1000 {
		return string(r[:1000])
	}
	return s
}
