package notify

import (
	"context"
	"fmt"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/domainevent"
	"github.com/portico-apim/portico/schema/viewer"
)

// Consume turns outbox events into notifications, through c (the outbox
// round's transaction, so that an event is told exactly once). The
// subscriptions and applications a signup creates with its account are
// told of in the account's notification rather than one by one.
func (s *Service) Consume(ctx context.Context, c *ent.Client, evs []*ent.DomainEvent) error {
	signups := map[int]*signup{}
	for _, e := range evs {
		if e.EventType == "account.created" {
			signups[e.ObjectID] = &signup{}
		}
	}
	var kept []*ent.DomainEvent
	for _, e := range evs {
		if e.EventType == "subscription.created" || e.EventType == "application.created" {
			if acc, ok := payload(e.Payload).int("account_id"); ok && signups[acc] != nil {
				signups[acc].count(e.EventType)
				continue
			}
		}
		kept = append(kept, e)
	}
	byTenant := map[int][]Item{}
	var order []int
	for _, e := range kept {
		it, ok, err := s.itemOf(viewer.TenantSystemContext(ctx, e.TenantID), c, e)
		if err != nil {
			return fmt.Errorf("notify: event %d (%s): %w", e.ID, e.EventType, err)
		}
		if !ok {
			continue
		}
		if e.EventType == "account.created" {
			it.Body = signups[e.ObjectID].describe(it.Body)
		}
		if _, seen := byTenant[e.TenantID]; !seen {
			order = append(order, e.TenantID)
		}
		byTenant[e.TenantID] = append(byTenant[e.TenantID], it)
	}
	for _, t := range order {
		if err := s.Publish(ctx, c, t, byTenant[t]...); err != nil {
			return err
		}
	}
	return nil
}

// signup counts what an account's creation brought along.
type signup struct{ subscriptions, applications int }

func (g *signup) count(eventType string) {
	if eventType == "subscription.created" {
		g.subscriptions++
	} else {
		g.applications++
	}
}

// describe adds what the signup brought along to an account's text.
func (g *signup) describe(body string) string {
	var parts []string
	if g.subscriptions > 0 {
		parts = append(parts, plural(g.subscriptions, "product subscription", "product subscriptions"))
	}
	if g.applications > 0 {
		parts = append(parts, plural(g.applications, "application", "applications"))
	}
	if len(parts) == 0 {
		return body
	}
	with := "It came with " + strings.Join(parts, " and ") + "."
	if body == "" {
		return with
	}
	return body + " " + with
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// payload reads an event's snapshot fields.
type payload map[string]any

func (p payload) str(k string) string {
	v, _ := p[k].(string)
	return v
}

func (p payload) int(k string) (int, bool) {
	switch v := p[k].(type) {
	case float64:
		return int(v), true
	case int:
		return v, true
	}
	return 0, false
}

func (p payload) id() int {
	n, _ := p.int("id")
	return n
}

func (p payload) intp(k string) *int {
	if n, ok := p.int(k); ok {
		return &n
	}
	return nil
}

// itemOf returns the notification an event gives, if any.
func (s *Service) itemOf(ctx context.Context, c *ent.Client, e *ent.DomainEvent) (Item, bool, error) {
	p := payload(e.Payload)
	it := Item{}
	if e.ActorID != nil && e.ActorKind == domainevent.ActorKindADMIN {
		// Whoever did it needs no notice of it.
		it.Skip = *e.ActorID
	}
	account := func(id int) string {
		if a, err := c.Account.Get(ctx, id); err == nil {
			return a.OrgName
		}
		return fmt.Sprintf("account %d", id)
	}
	product := func(id *int) string {
		if id != nil {
			if pr, err := c.Product.Get(ctx, *id); err == nil {
				return pr.Name
			}
		}
		return "a product"
	}
	plan := func(id *int) string {
		if id != nil {
			if pl, err := c.Plan.Get(ctx, *id); err == nil {
				return pl.Name
			}
		}
		return "another plan"
	}
	accountLink := func(id int) string { return fmt.Sprintf("/audience/accounts/%d", id) }
	appLink := func(id int) string { return fmt.Sprintf("/audience/applications/%d", id) }
	switch e.EventType {
	case "account.created", "account.made_pending":
		name := p.str("org_name")
		it.Link = accountLink(p.id())
		if p.str("state") == "PENDING" {
			it.Kind = AccountPendingApproval
			it.Title = name + " signed up and awaits approval"
			it.Body = "Review the account and approve or reject it from its page."
			it.Skip = 0
		} else if e.EventType == "account.created" {
			it.Kind = AccountCreated
			it.Title = name + " signed up"
			it.Body = "A new developer account was created."
		} else {
			return it, false, nil
		}
	case "account.approved":
		it.Kind, it.Link = AccountApproved, accountLink(p.id())
		it.Title = p.str("org_name") + " was approved"
	case "account.deleted":
		it.Kind = AccountDeleted
		it.Title = p.str("org_name") + " was deleted"
	case "application.created":
		pid := p.intp("product_id")
		acc, _ := p.int("account_id")
		it.Kind, it.Link, it.ProductID = ApplicationCreated, appLink(p.id()), pid
		it.Title = fmt.Sprintf("%s created the application %s on %s", account(acc), p.str("name"), product(pid))
		if p.str("state") == "PENDING" {
			it.Body = "The application awaits approval."
		}
	case "application.plan_changed":
		pid := p.intp("product_id")
		it.Kind, it.Link, it.ProductID = ApplicationPlanChanged, appLink(p.id()), pid
		it.Title = fmt.Sprintf("The application %s is now on the plan %s", p.str("name"), plan(p.intp("plan_id")))
	case "application.deleted":
		pid := p.intp("product_id")
		it.Kind, it.ProductID = ApplicationDeleted, pid
		it.Title = fmt.Sprintf("The application %s on %s was deleted", p.str("name"), product(pid))
	case "subscription.created", "subscription.plan_changed", "subscription.deleted":
		pid := p.intp("product_id")
		acc, _ := p.int("account_id")
		it.ProductID, it.Link = pid, accountLink(acc)
		switch e.EventType {
		case "subscription.created":
			it.Kind = SubscriptionCreated
			it.Title = fmt.Sprintf("%s subscribed to %s", account(acc), product(pid))
		case "subscription.plan_changed":
			it.Kind = SubscriptionPlanChanged
			it.Title = fmt.Sprintf("%s's subscription to %s is now on the plan %s", account(acc), product(pid), plan(p.intp("plan_id")))
		default:
			it.Kind = SubscriptionCancelled
			it.Title = fmt.Sprintf("%s's subscription to %s was cancelled", account(acc), product(pid))
		}
	default:
		return it, false, nil
	}
	return it, true, nil
}
