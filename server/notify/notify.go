package notify

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/notification"
	"github.com/portico-apim/portico/ent/notificationpreference"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/mail"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// Config wires the service.
type Config struct {
	Client *ent.Client
	Mail   mail.Mailer
	// AdminURL returns the address of a tenant's admin console (scheme,
	// host and port, no path), which emails link to.
	AdminURL func(t *ent.Tenant) string
	Now      func() time.Time
}

// Service publishes notifications and serves each user's feed and
// preferences.
type Service struct {
	cfg   Config
	usage Usage
	seen  seenAlerts
}

// New returns the service.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AdminURL == nil {
		cfg.AdminURL = func(t *ent.Tenant) string { return "http://" + t.AdminDomain }
	}
	return &Service{cfg: cfg}
}

// Publisher tells a tenant's team, through c (the caller's transaction):
// what billing and audience need of the service.
type Publisher interface {
	Publish(ctx context.Context, c *ent.Client, tenantID int, items ...Item) error
}

var _ Publisher = (*Service)(nil)

// Item is one thing to tell a tenant's team.
type Item struct {
	Kind string
	// Title is the one-line summary (the email's subject).
	Title string
	// Body says more, in plain text.
	Body string
	// Link is the admin console path the item is about.
	Link string
	// ProductID is the product it concerns, for product-bound kinds.
	ProductID *int
	// Skip is a user not to tell (the one who did it).
	Skip int
	// Email, when set, is the template its email is rendered from, with
	// Data; otherwise the email is the notification template's.
	Email string
	Data  any
}

// Publish puts each item in the feed of every active team user of the
// tenant its kind reaches and queues an email to those whose preference
// asks for one, through c (the caller's transaction).
func (s *Service) Publish(ctx context.Context, c *ent.Client, tenantID int, items ...Item) error {
	if len(items) == 0 {
		return nil
	}
	sys := viewer.TenantSystemContext(ctx, tenantID)
	team, err := c.User.Query().Where(user.AccountIDIsNil(), user.StateEQ(user.StateACTIVE)).
		Order(ent.Asc(user.FieldID)).All(sys)
	if err != nil {
		return fmt.Errorf("notify: team: %w", err)
	}
	if len(team) == 0 {
		return nil
	}
	ids := make([]int, len(team))
	for i, u := range team {
		ids[i] = u.ID
	}
	prefs, err := c.NotificationPreference.Query().Where(notificationpreference.UserIDIn(ids...)).All(sys)
	if err != nil {
		return fmt.Errorf("notify: preferences: %w", err)
	}
	type choice struct {
		user int
		kind string
	}
	chosen := map[choice]bool{}
	for _, p := range prefs {
		chosen[choice{p.UserID, p.Kind}] = p.Email
	}
	var t *ent.Tenant
	var creates []*ent.NotificationCreate
	for _, it := range items {
		k, ok := Lookup(it.Kind)
		if !ok {
			return fmt.Errorf("notify: unknown kind %q", it.Kind)
		}
		var subject, body string
		rendered := false
		for _, u := range team {
			if u.ID == it.Skip || !reaches(k, u, it.ProductID) {
				continue
			}
			email, set := chosen[choice{u.ID, k.Name}]
			if !set {
				email = k.Email
			}
			creates = append(creates, c.Notification.Create().SetTenantID(tenantID).SetUserID(u.ID).SetKind(k.Name).
				SetTitle(clip(it.Title, 500)).SetBody(it.Body).SetLink(it.Link).SetNillableProductID(it.ProductID).SetEmailed(email))
			if !email || s.cfg.Mail == nil {
				continue
			}
			if !rendered {
				if t == nil {
					if t, err = c.Tenant.Get(sys, tenantID); err != nil {
						return fmt.Errorf("notify: tenant: %w", err)
					}
				}
				if subject, body, err = s.render(sys, c, t, it); err != nil {
					return fmt.Errorf("notify: %s email: %w", it.Kind, err)
				}
				rendered = true
			}
			if _, err := s.cfg.Mail.Enqueue(sys, mail.Message{TenantID: tenantID, To: u.Email,
				Subject: subject, Body: body}); err != nil {
				return fmt.Errorf("notify: email to user %d: %w", u.ID, err)
			}
		}
	}
	if len(creates) == 0 {
		return nil
	}
	if err := c.Notification.CreateBulk(creates...).Exec(sys); err != nil {
		return fmt.Errorf("notify: feed: %w", err)
	}
	return nil
}

// reaches says whether team user u may receive notifications of kind k
// about product (nil when none).
func reaches(k Kind, u *ent.User, product *int) bool {
	if u.Role == user.RoleADMIN {
		return true
	}
	if !slices.Contains(u.Sections, k.Section) {
		return false
	}
	if !k.Product || product == nil || u.AllProducts {
		return true
	}
	return slices.Contains(u.ProductIds, *product)
}

// render renders an item's email: from its own template, or from the
// notification template.
func (s *Service) render(ctx context.Context, c *ent.Client, t *ent.Tenant, it Item) (string, string, error) {
	if it.Email != "" {
		return s.cfg.Mail.Render(ctx, c, t.ID, it.Email, it.Data)
	}
	base := strings.TrimRight(s.cfg.AdminURL(t), "/")
	data := NotificationEmail{Kind: it.Kind, Title: it.Title, Body: it.Body, OrgName: t.OrgName, PreferencesURL: base + preferencesPath}
	if it.Link != "" {
		data.URL = base + it.Link
	}
	return s.cfg.Mail.Render(ctx, c, t.ID, emailNotification, data)
}

func clip(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// Preference is one kind of the catalogue as the viewer sees it.
type Preference struct {
	Kind  Kind
	Email bool
}

// Preferences returns the kinds the viewer may receive, with whether each is
// emailed to them.
func (s *Service) Preferences(ctx context.Context) ([]Preference, error) {
	u, err := s.me(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := store.Client(ctx, s.cfg.Client).NotificationPreference.Query().
		Where(notificationpreference.UserID(u.ID)).All(ctx)
	if err != nil {
		return nil, err
	}
	chosen := map[string]bool{}
	for _, r := range rows {
		chosen[r.Kind] = r.Email
	}
	var out []Preference
	for _, k := range Catalog {
		if !reaches(k, u, nil) {
			continue
		}
		email, ok := chosen[k.Name]
		if !ok {
			email = k.Email
		}
		out = append(out, Preference{Kind: k, Email: email})
	}
	return out, nil
}

// SetPreference records whether the viewer receives kind by email.
func (s *Service) SetPreference(ctx context.Context, kind string, email bool) (Preference, error) {
	k, ok := Lookup(kind)
	if !ok {
		return Preference{}, problem.Invalid("kind", "%q is not a notification kind", kind)
	}
	u, err := s.me(ctx)
	if err != nil {
		return Preference{}, err
	}
	if !reaches(k, u, nil) {
		return Preference{}, problem.Forbidden("your rights do not include the area of %q notifications", k.Title)
	}
	c := store.Client(ctx, s.cfg.Client)
	err = c.NotificationPreference.Create().SetTenantID(u.TenantID).SetUserID(u.ID).SetKind(k.Name).SetEmail(email).
		OnConflictColumns(notificationpreference.FieldUserID, notificationpreference.FieldKind).UpdateEmail().Exec(ctx)
	if err != nil {
		return Preference{}, fmt.Errorf("notify: save preference: %w", err)
	}
	return Preference{Kind: k, Email: email}, nil
}

// me returns the viewer's team user.
func (s *Service) me(ctx context.Context) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID == 0 {
		return nil, problem.Forbidden("notifications belong to a signed-in user")
	}
	u, err := store.Client(ctx, s.cfg.Client).User.Get(viewer.TenantSystemContext(ctx, v.TenantID), v.UserID)
	if err != nil {
		return nil, err
	}
	if u.AccountID != nil {
		return nil, problem.Forbidden("developer users have no team notifications")
	}
	return u, nil
}

// Unread counts the viewer's unread notifications.
func (s *Service) Unread(ctx context.Context) (int, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID == 0 {
		return 0, nil
	}
	return store.Client(ctx, s.cfg.Client).Notification.Query().
		Where(notification.UserID(v.UserID), notification.ReadAtIsNil()).Count(ctx)
}

// MarkRead marks the viewer's notifications with the given ids read, or all
// of them when ids is empty, and returns how many it changed.
func (s *Service) MarkRead(ctx context.Context, ids []int) (int, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID == 0 {
		return 0, problem.Forbidden("notifications belong to a signed-in user")
	}
	c := store.Client(ctx, s.cfg.Client)
	if len(ids) > 0 {
		n, err := c.Notification.Query().Where(notification.IDIn(ids...)).Count(ctx)
		if err != nil {
			return 0, err
		}
		if n != len(slices.Compact(slices.Sorted(slices.Values(ids)))) {
			return 0, problem.NotFound("notification")
		}
	}
	u := c.Notification.Update().Where(notification.UserID(v.UserID), notification.ReadAtIsNil())
	if len(ids) > 0 {
		u.Where(notification.IDIn(ids...))
	}
	return u.SetReadAt(s.cfg.Now()).Save(ctx)
}
