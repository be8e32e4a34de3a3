package webhooks

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/riverqueue/river"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/webhookdelivery"
	"github.com/portico-apim/portico/schema/viewer"
)

// Headers of every delivery.
const (
	HeaderSignature = "X-Portico-Signature"
	HeaderEventID   = "X-Portico-Event-Id"
	HeaderDelivery  = "X-Portico-Delivery"
	HeaderEvent     = "X-Portico-Event"
	HeaderAttempt   = "X-Portico-Attempt"
)

// Sign returns the X-Portico-Signature value of body sent at t:
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<unix seconds>.<body>">".
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature header against body and secret, and that it
// was made within tolerance of now.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return errors.New("malformed signature header")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return errors.New("signature timestamp out of tolerance")
	}
	want := Sign(secret, time.Unix(sec, 0), body)
	if !hmac.Equal([]byte(want), []byte("t="+ts+",v1="+sig)) {
		return errors.New("signature does not match")
	}
	return nil
}

// DeliverArgs is the job of one delivery.
type DeliverArgs struct {
	DeliveryID int `json:"delivery_id"`
}

// Kind names the job.
func (DeliverArgs) Kind() string { return "webhook_delivery" }

// InsertOpts gives a delivery its attempts.
func (DeliverArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: Attempts} }

type deliveryWorker struct {
	river.WorkerDefaults[DeliverArgs]
	s *Service
}

// NextRetry waits the configured delay between attempts.
func (w *deliveryWorker) NextRetry(*river.Job[DeliverArgs]) time.Time {
	return w.s.cfg.Now().Add(w.s.cfg.RetryDelay)
}

func (w *deliveryWorker) Work(ctx context.Context, j *river.Job[DeliverArgs]) error {
	start := time.Now()
	err := w.s.attempt(ctx, j.Args.DeliveryID, j.Attempt, j.MaxAttempts)
	if w.s.ObserveDelivery != nil {
		w.s.ObserveDelivery(time.Since(start), err)
	}
	return err
}

// responseKept is how much of a response body the log keeps.
const responseKept = 4 << 10

// attempt makes one attempt of a delivery and records it. A delivery
// already delivered is not sent again (a job run again after a crash).
func (s *Service) attempt(ctx context.Context, id, attempt, maxAttempts int) error {
	sys := viewer.SystemContext(ctx)
	d, err := s.client.WebhookDelivery.Get(sys, id)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if d.State != webhookdelivery.StatePENDING {
		return nil
	}
	secret, err := s.secretOf(ctx, d.TenantID)
	if err != nil {
		return fmt.Errorf("webhooks: signing secret: %w", err)
	}
	body := []byte(d.RequestBody)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return s.record(sys, d, attempt, maxAttempts, 0, nil, err, 0)
	}
	ct := "application/xml"
	if d.Format == webhookdelivery.FormatJSON {
		ct = "application/json"
	}
	now := s.cfg.Now()
	req.Header.Set("Content-Type", ct)
	req.Header.Set("User-Agent", "Portico-Webhooks/1")
	req.Header.Set(HeaderEventID, d.EventID)
	req.Header.Set(HeaderDelivery, strconv.Itoa(d.ID))
	req.Header.Set(HeaderEvent, d.EventType)
	req.Header.Set(HeaderAttempt, strconv.Itoa(attempt))
	req.Header.Set(HeaderSignature, Sign(secret, now, body))
	start := time.Now()
	resp, err := s.http.Do(req)
	if err != nil {
		return s.record(sys, d, attempt, maxAttempts, 0, nil, err, time.Since(start))
	}
	got, _ := readBody(resp)
	took := time.Since(start)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return s.record(sys, d, attempt, maxAttempts, resp.StatusCode, got, fmt.Errorf("answered %s", resp.Status), took)
	}
	return s.record(sys, d, attempt, maxAttempts, resp.StatusCode, got, nil, took)
}

func readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	return io.ReadAll(io.LimitReader(resp.Body, responseKept))
}

// record stores one attempt's outcome and returns the error that makes
// River retry, or nil when the delivery is done.
func (s *Service) record(ctx context.Context, d *ent.WebhookDelivery, attempt, maxAttempts, status int, body []byte, failure error, took time.Duration) error {
	now := s.cfg.Now()
	u := d.Update().SetAttempts(attempt).SetLastAttemptAt(now).SetLatencyMs(int(took.Milliseconds())).
		SetResponseBody(printable(body))
	if status != 0 {
		u.SetResponseStatus(status)
	} else {
		u.ClearResponseStatus()
	}
	if failure == nil {
		u.SetState(webhookdelivery.StateDELIVERED).SetDeliveredAt(now).SetError("")
	} else {
		msg := failure.Error()
		if len(msg) > 1000 {
			msg = msg[:1000]
		}
		u.SetError(msg)
		if attempt >= maxAttempts {
			u.SetState(webhookdelivery.StateFAILED).SetFailedAt(now)
		}
	}
	if err := u.Exec(ctx); err != nil {
		return fmt.Errorf("webhooks: record attempt: %w", err)
	}
	if failure != nil {
		if attempt >= maxAttempts {
			s.logger.Warn("webhooks: delivery failed", "delivery", d.ID, "event", d.EventID, "error", failure)
			return river.JobCancel(failure)
		}
		return failure
	}
	return nil
}

// printable keeps the text of a response body for the log.
func printable(b []byte) string {
	if len(b) > responseKept {
		b = b[:responseKept]
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
