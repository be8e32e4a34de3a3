package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"strings"
	"sync"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/emailmessage"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// Config wires the mail service.
type Config struct {
	Client *ent.Client
	// SMTPURL is where messages are delivered (PORTICO_SMTP_URL); empty
	// keeps them in the outbox for admins to read.
	SMTPURL string
	Logger  *slog.Logger
	// PollInterval is how often the sender looks for due messages besides
	// being woken by a commit (default 5s).
	PollInterval time.Duration
	// MaxAttempts bounds deliveries of one message before it is FAILED
	// (default 8).
	MaxAttempts int
	// Backoff is the wait after the first failed attempt; it doubles with
	// each further one, up to an hour (default 30s).
	Backoff time.Duration
	// Timeout bounds one SMTP conversation (default 30s).
	Timeout time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Templates are the emails Portico sends, given by the packages that
	// send them (their EmailTemplates functions).
	Templates []Template
}

// Message is an email to one recipient of a tenant.
type Message struct {
	// TenantID is the tenant sending it; 0 means the viewer's tenant.
	TenantID int
	To       string
	Subject  string
	Body     string // plain text
}

// Service writes the outbox and runs the sender.
type Service struct {
	// Observe, when set before Start, is told of every delivery round.
	Observe func(took time.Duration, err error)

	client      *ent.Client
	catalog     *Catalog
	smtp        *SMTP
	logger      *slog.Logger
	poll        time.Duration
	maxAttempts int
	backoff     time.Duration
	timeout     time.Duration
	now         func() time.Time

	wake   chan struct{}
	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// New returns a mail service. Call Start to run the sender.
func New(cfg Config) (*Service, error) {
	if cfg.Client == nil {
		return nil, errors.New("mail: no client")
	}
	catalog, err := NewCatalog(cfg.Templates...)
	if err != nil {
		return nil, err
	}
	s := &Service{
		client: cfg.Client, logger: cfg.Logger, poll: cfg.PollInterval, maxAttempts: cfg.MaxAttempts,
		backoff: cfg.Backoff, timeout: cfg.Timeout, now: cfg.Now, wake: make(chan struct{}, 1), catalog: catalog,
	}
	if cfg.SMTPURL != "" {
		smtp, err := ParseURL(cfg.SMTPURL)
		if err != nil {
			return nil, fmt.Errorf("mail: SMTP URL: %w", err)
		}
		s.smtp = smtp
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if s.poll <= 0 {
		s.poll = 5 * time.Second
	}
	if s.maxAttempts <= 0 {
		s.maxAttempts = 8
	}
	if s.backoff <= 0 {
		s.backoff = 30 * time.Second
	}
	if s.timeout <= 0 {
		s.timeout = 30 * time.Second
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// Delivering reports whether messages are sent by SMTP (rather than kept).
func (s *Service) Delivering() bool { return s.smtp != nil }

// Enqueue writes m to the outbox in the transaction ctx carries, if any, so
// the message exists exactly when the change causing it is committed. It is
// QUEUED for the sender when SMTP is configured and KEPT otherwise. The
// sender is woken once the transaction commits.
func (s *Service) Enqueue(ctx context.Context, m Message) (*ent.EmailMessage, error) {
	if m.TenantID == 0 {
		if v := viewer.FromContext(ctx); v != nil {
			m.TenantID = v.TenantID
		}
	}
	if m.TenantID == 0 {
		return nil, errors.New("mail: message without a tenant")
	}
	addr, err := netmail.ParseAddress(m.To)
	if err != nil || addr.Address != strings.TrimSpace(m.To) {
		return nil, problem.Invalid("email", "is not an email address")
	}
	state := emailmessage.StateKEPT
	if s.smtp != nil {
		state = emailmessage.StateQUEUED
	}
	// Writing the outbox is the system's part of a change already allowed:
	// it is not limited by the rights of whoever caused it.
	tctx := viewer.TenantSystemContext(ctx, m.TenantID)
	msg, err := store.Client(ctx, s.client).EmailMessage.Create().
		SetTenantID(m.TenantID).SetTo(addr.Address).SetSubject(m.Subject).SetBody(m.Body).SetState(state).
		Save(tctx)
	if err != nil {
		return nil, fmt.Errorf("enqueue email: %w", err)
	}
	if state == emailmessage.StateQUEUED {
		if tx := ent.TxFromContext(ctx); tx != nil {
			tx.OnCommit(func(next ent.Committer) ent.Committer {
				return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
					err := next.Commit(ctx, tx)
					if err == nil {
						s.Wake()
					}
					return err
				})
			})
		} else {
			s.Wake()
		}
	}
	return msg, nil
}

// Wake makes the sender look for due messages now.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}
