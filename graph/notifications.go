package graph

import (
	"context"
	"slices"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/usagealert"
	"github.com/portico-apim/portico/graph/model"
	"github.com/portico-apim/portico/server/notify"
	"github.com/portico-apim/portico/server/problem"
)

// alertSettingsOf returns a product's alert levels.
func alertSettingsOf(p *ent.Product) *model.AlertSettings {
	admin, dev := p.AdminAlertLevels, p.DeveloperAlertLevels
	if admin == nil {
		admin = []int{}
	}
	if dev == nil {
		dev = []int{}
	}
	return &model.AlertSettings{Product: p, AdminLevels: admin, DeveloperLevels: dev, AvailableLevels: slices.Clone(notify.AlertLevels)}
}

// updateAlertSettings validates and stores a product's alert levels.
func (r *Resolver) updateAlertSettings(ctx context.Context, productID int, admin, dev []int) (*model.AlertSettings, error) {
	a, err := notify.CheckAlertLevels("adminLevels", admin)
	if err != nil {
		return nil, err
	}
	d, err := notify.CheckAlertLevels("developerLevels", dev)
	if err != nil {
		return nil, err
	}
	p, err := r.client(ctx).Product.UpdateOneID(productID).SetAdminAlertLevels(a).SetDeveloperAlertLevels(d).Save(ctx)
	if err != nil {
		return nil, problem.NotFoundIf(err, "product %d", productID)
	}
	return alertSettingsOf(p), nil
}

// markUsageAlertsRead marks the listed alerts read, or every unread alert
// of a product (or of the tenant) when ids is empty.
func (r *Resolver) markUsageAlertsRead(ctx context.Context, ids []int, productID *int) (int, error) {
	c := r.client(ctx)
	if len(ids) > 0 {
		if err := r.allAlerts(ctx, ids); err != nil {
			return 0, err
		}
	}
	u := c.UsageAlert.Update().Where(usagealert.ReadAtIsNil())
	if len(ids) > 0 {
		u.Where(usagealert.IDIn(ids...))
	}
	if productID != nil {
		u.Where(usagealert.ProductID(*productID))
	}
	return u.SetReadAt(time.Now()).Save(ctx)
}

// deleteUsageAlerts deletes the listed alerts.
func (r *Resolver) deleteUsageAlerts(ctx context.Context, ids []int) (int, error) {
	if len(ids) == 0 {
		return 0, problem.Invalid("ids", "name at least one alert")
	}
	if err := r.allAlerts(ctx, ids); err != nil {
		return 0, err
	}
	return r.client(ctx).UsageAlert.Delete().Where(usagealert.IDIn(ids...)).Exec(ctx)
}

// allAlerts fails unless every id is an alert the viewer can see.
func (r *Resolver) allAlerts(ctx context.Context, ids []int) error {
	want := slices.Compact(slices.Sorted(slices.Values(ids)))
	have, err := r.client(ctx).UsageAlert.Query().Where(usagealert.IDIn(want...)).IDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range want {
		if !slices.Contains(have, id) {
			return problem.NotFound("usage alert %d", id)
		}
	}
	return nil
}

// settingOf is a preference as GraphQL shows it.
func settingOf(p notify.Preference) *model.NotificationSetting {
	return &model.NotificationSetting{Kind: p.Kind.Name, Group: model.NotificationGroup(p.Kind.Group), Title: p.Kind.Title,
		Description: p.Kind.Description, Email: p.Email}
}
