package mail_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/emailmessage"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/mail"
	"github.com/portico-apim/portico/server/mail/mailtest"
	"github.com/portico-apim/portico/server/store"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		raw, addr, user, pass string
		tls                   bool
		err                   string
	}{
		{raw: "smtp://mail.example.com", addr: "mail.example.com:587"},
		{raw: "smtp://127.0.0.1:1025", addr: "127.0.0.1:1025"},
		{raw: "smtps://u%40x:p%3Ass@mail.example.com", addr: "mail.example.com:465", user: "u@x", pass: "p:ss", tls: true},
		{raw: "smtps://[::1]:2465", addr: "[::1]:2465", tls: true},
		{raw: "http://mail.example.com", err: "want smtp or smtps"},
		{raw: "smtp://", err: "no host"},
		{raw: "smtp://mail.example.com:0", err: "port"},
		{raw: "smtp://mail.example.com:99999", err: "port"},
		{raw: "smtp://mail.example.com/x", err: "no path"},
		{raw: "smtp://mail.example.com?tls=off", err: "no path, query"},
	} {
		t.Run(c.raw, func(t *testing.T) {
			s, err := mail.ParseURL(c.raw)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Addr() != c.addr || s.Username != c.user || s.Password != c.pass || s.ImplicitTLS != c.tls {
				t.Errorf("got %+v (%s)", s, s.Addr())
			}
		})
	}
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestDelivery sends outbox messages to a real SMTP server on loopback:
// delivery, retries with backoff, permanent failures, and the outbox being
// part of the caller's transaction.
func TestDelivery(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	client := in.Client()
	sys := apptest.SystemContext()
	tn, err := client.Tenant.Query().Where(tenant.Master(false)).Only(sys)
	if err != nil {
		t.Fatal(err)
	}
	smtpd := mailtest.Start(t)
	clk := &clock{t: time.Now().Truncate(time.Millisecond)} // PostgreSQL keeps microseconds
	newService := func(t *testing.T, url string, maxAttempts int) *mail.Service {
		s, err := mail.New(mail.Config{Client: client, SMTPURL: url, MaxAttempts: maxAttempts,
			Backoff: time.Minute, Timeout: 5 * time.Second, Now: clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	enqueue := func(t *testing.T, s *mail.Service, to string) *ent.EmailMessage {
		m, err := s.Enqueue(context.Background(), mail.Message{TenantID: tn.ID, To: to, Subject: "Hello " + to, Body: "Line one\nLine two: déjà vu"})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	reload := func(t *testing.T, id int) *ent.EmailMessage {
		m, err := client.EmailMessage.Get(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	deliver := func(t *testing.T, s *mail.Service, want int) {
		t.Helper()
		n, err := s.Deliver(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Fatalf("delivered %d messages, want %d", n, want)
		}
	}

	t.Run("delivered", func(t *testing.T) {
		s := newService(t, smtpd.URL, 0)
		m := enqueue(t, s, "dev@example.com")
		if m.State != emailmessage.StateQUEUED {
			t.Fatalf("state %s, want QUEUED", m.State)
		}
		deliver(t, s, 1)
		got := smtpd.WaitFor(t, "dev@example.com", 5*time.Second)
		if got.Subject != "Hello dev@example.com" || strings.TrimRight(got.Body, "\n") != "Line one\nLine two: déjà vu" {
			t.Errorf("received subject %q body %q", got.Subject, got.Body)
		}
		if got.From != "no-reply@localhost" || got.Header.Get("Auto-Submitted") != "auto-generated" {
			t.Errorf("from %q, header %v", got.From, got.Header)
		}
		m = reload(t, m.ID)
		if m.State != emailmessage.StateSENT || m.SentAt == nil || m.Attempts != 1 || m.LastError != "" {
			t.Errorf("after delivery: %+v", m)
		}
		deliver(t, s, 0)
	})

	t.Run("tenant sender address", func(t *testing.T) {
		if err := client.Tenant.UpdateOneID(tn.ID).SetFromEmail("api@provider.example").Exec(sys); err != nil {
			t.Fatal(err)
		}
		defer client.Tenant.UpdateOneID(tn.ID).SetFromEmail("").ExecX(sys)
		s := newService(t, smtpd.URL, 0)
		enqueue(t, s, "from@example.com")
		deliver(t, s, 1)
		if got := smtpd.WaitFor(t, "from@example.com", 5*time.Second); got.From != "api@provider.example" {
			t.Errorf("from %q", got.From)
		}
	})

	t.Run("temporary refusal is retried after a backoff", func(t *testing.T) {
		s := newService(t, smtpd.URL, 0)
		smtpd.Refuse(451, 451)
		m := enqueue(t, s, "retry@example.com")
		deliver(t, s, 1)
		m = reload(t, m.ID)
		if m.State != emailmessage.StateQUEUED || m.Attempts != 1 || !strings.Contains(m.LastError, "451") ||
			m.NextAttemptAt == nil || !m.NextAttemptAt.Equal(clk.Now().Add(time.Minute)) {
			t.Fatalf("after a refusal: %+v", m)
		}
		deliver(t, s, 0) // not due yet
		clk.Add(time.Minute)
		deliver(t, s, 1)
		m = reload(t, m.ID)
		if m.State != emailmessage.StateQUEUED || m.Attempts != 2 || !m.NextAttemptAt.Equal(clk.Now().Add(2*time.Minute)) {
			t.Fatalf("the second wait doubles: %+v (now %s)", m, clk.Now())
		}
		clk.Add(2 * time.Minute)
		deliver(t, s, 1)
		if m = reload(t, m.ID); m.State != emailmessage.StateSENT || m.Attempts != 3 {
			t.Fatalf("third attempt: %+v", m)
		}
		smtpd.WaitFor(t, "retry@example.com", 5*time.Second)
	})

	t.Run("permanent refusal fails at once", func(t *testing.T) {
		s := newService(t, smtpd.URL, 0)
		smtpd.Refuse(550)
		m := enqueue(t, s, "gone@example.com")
		deliver(t, s, 1)
		if m = reload(t, m.ID); m.State != emailmessage.StateFAILED || m.Attempts != 1 || !strings.Contains(m.LastError, "550") {
			t.Fatalf("after a 550: %+v", m)
		}
	})

	t.Run("attempts run out", func(t *testing.T) {
		s := newService(t, smtpd.URL, 2)
		smtpd.Refuse(421, 421)
		m := enqueue(t, s, "busy@example.com")
		deliver(t, s, 1)
		clk.Add(time.Minute)
		deliver(t, s, 1)
		if m = reload(t, m.ID); m.State != emailmessage.StateFAILED || m.Attempts != 2 {
			t.Fatalf("after two refusals with two attempts allowed: %+v", m)
		}
	})

	t.Run("unreachable server", func(t *testing.T) {
		s := newService(t, "smtp://127.0.0.1:1", 0)
		m := enqueue(t, s, "nowhere@example.com")
		deliver(t, s, 1)
		if m = reload(t, m.ID); m.State != emailmessage.StateQUEUED || m.Attempts != 1 || !strings.Contains(m.LastError, "127.0.0.1:1") {
			t.Fatalf("after a connection failure: %+v", m)
		}
		// Another replica, with a reachable server, picks it up when due.
		clk.Add(time.Minute)
		deliver(t, newService(t, smtpd.URL, 0), 1)
		smtpd.WaitFor(t, "nowhere@example.com", 5*time.Second)
	})

	t.Run("outbox follows the transaction", func(t *testing.T) {
		s := newService(t, smtpd.URL, 0)
		s.Start()
		defer s.Stop(context.Background())
		ctx := viewer.TenantSystemContext(context.Background(), tn.ID)
		err := store.InTx(ctx, client, func(ctx context.Context, _ *ent.Client) error {
			if _, err := s.Enqueue(ctx, mail.Message{To: "rolled@example.com", Subject: "x", Body: "x"}); err != nil {
				return err
			}
			return context.Canceled
		})
		if err != context.Canceled {
			t.Fatal(err)
		}
		if n := client.EmailMessage.Query().Where(emailmessage.To("rolled@example.com")).CountX(sys); n != 0 {
			t.Fatalf("a rolled-back change left %d messages", n)
		}
		// A commit wakes the sender: no poll interval to wait for.
		err = store.InTx(ctx, client, func(ctx context.Context, _ *ent.Client) error {
			_, err := s.Enqueue(ctx, mail.Message{To: "committed@example.com", Subject: "x", Body: "x"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		smtpd.WaitFor(t, "committed@example.com", 3*time.Second)
	})

	t.Run("without SMTP messages are kept", func(t *testing.T) {
		s := newService(t, "", 0)
		m := enqueue(t, s, "kept@example.com")
		if m.State != emailmessage.StateKEPT {
			t.Fatalf("state %s, want KEPT", m.State)
		}
		deliver(t, s, 0)
		if _, err := s.Enqueue(context.Background(), mail.Message{TenantID: tn.ID, To: "not an address"}); err == nil {
			t.Error("a bad address was queued")
		}
	})
}
