package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqljson"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/backend"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/predicate"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema"
	"github.com/portico-apim/portico/server/problem"
)

// Bounds of a search.
const (
	MinQuery     = 2
	MaxQuery     = 255
	DefaultFirst = 8
	MaxFirst     = 50
)

// Config holds what the service reads from.
type Config struct {
	Client *ent.Client
}

// Service answers global searches. Every query goes through the ent client
// with the request's viewer, so tenant isolation and member rights are the
// privacy rules of each type.
type Service struct {
	client *ent.Client
}

// New returns a search service.
func New(cfg Config) (*Service, error) {
	if cfg.Client == nil {
		return nil, errors.New("search: a client is required")
	}
	return &Service{client: cfg.Client}, nil
}

// Result holds the hits of one search by kind, best match first.
type Result struct {
	Accounts     []*ent.Account
	Applications []*ent.Application
	Products     []*ent.Product
	Backends     []*ent.Backend
	Plans        []*ent.Plan
	Users        []*ent.User
}

// Search finds up to first objects of each kind matching text. A kind the
// viewer may not read comes back empty.
func (s *Service) Search(ctx context.Context, text string, first int) (*Result, error) {
	q := strings.TrimSpace(text)
	switch n := utf8.RuneCountInString(q); {
	case n < MinQuery:
		return nil, problem.Invalid("query", "must be at least %d characters", MinQuery)
	case n > MaxQuery:
		return nil, problem.Invalid("query", "must be at most %d characters", MaxQuery)
	}
	if first < 1 || first > MaxFirst {
		return nil, problem.Invalid("first", "must be between 1 and %d", MaxFirst)
	}
	// Candidates beyond first, so that an exact match sorting late by name
	// still makes the cut once ranked.
	limit := min(first*4, 200)
	var (
		res Result
		err error
	)
	if res.Accounts, err = allowed(s.client.Account.Query().
		Where(account.OrgNameContainsFold(q)).Order(ent.Asc(account.FieldOrgName)).Limit(limit).All(ctx)); err != nil {
		return nil, fmt.Errorf("search accounts: %w", err)
	}
	if res.Applications, err = allowed(s.client.Application.Query().
		Where(application.Or(
			application.NameContainsFold(q),
			application.UserKey(q),
			application.AppID(q),
			predicate.Application(func(s *sql.Selector) {
				s.Where(sqljson.ValueContains(application.FieldAppKeys, q))
			}),
		)).Order(ent.Asc(application.FieldName)).Limit(limit).All(ctx)); err != nil {
		return nil, fmt.Errorf("search applications: %w", err)
	}
	if res.Products, err = allowed(s.client.Product.Query().
		Where(product.Or(product.NameContainsFold(q), product.SystemNameContainsFold(q))).
		Order(ent.Asc(product.FieldName)).Limit(limit).All(ctx)); err != nil {
		return nil, fmt.Errorf("search products: %w", err)
	}
	if res.Backends, err = allowed(s.client.Backend.Query().
		Where(backend.Or(backend.NameContainsFold(q), backend.SystemNameContainsFold(q))).
		Order(ent.Asc(backend.FieldName)).Limit(limit).All(ctx)); err != nil {
		return nil, fmt.Errorf("search backends: %w", err)
	}
	if res.Plans, err = allowed(s.client.Plan.Query().
		Where(plan.Or(plan.NameContainsFold(q), plan.SystemNameContainsFold(q))).
		Order(ent.Asc(plan.FieldName)).Limit(limit).All(ctx)); err != nil {
		return nil, fmt.Errorf("search plans: %w", err)
	}
	if res.Users, err = allowed(s.client.User.Query().
		Where(user.Or(user.UsernameContainsFold(q), user.EmailContainsFold(q),
			user.FirstNameContainsFold(q), user.LastNameContainsFold(q))).
		Order(ent.Asc(user.FieldUsername)).Limit(limit).All(ctx)); err != nil {
		return nil, fmt.Errorf("search users: %w", err)
	}
	res.Accounts = best(res.Accounts, first, q, func(a *ent.Account) []string { return []string{a.OrgName} })
	res.Applications = best(res.Applications, first, q, func(a *ent.Application) []string {
		keys := append([]string{a.Name}, a.AppKeys...)
		if a.UserKey != nil {
			keys = append(keys, *a.UserKey)
		}
		if a.AppID != nil {
			keys = append(keys, *a.AppID)
		}
		return keys
	})
	res.Products = best(res.Products, first, q, func(p *ent.Product) []string { return []string{p.Name, p.SystemName} })
	res.Backends = best(res.Backends, first, q, func(b *ent.Backend) []string { return []string{b.Name, b.SystemName} })
	res.Plans = best(res.Plans, first, q, func(p *ent.Plan) []string { return []string{p.Name, p.SystemName} })
	res.Users = best(res.Users, first, q, func(u *ent.User) []string {
		return []string{u.Username, u.Email, u.FirstName, u.LastName, strings.TrimSpace(u.FirstName + " " + u.LastName)}
	})
	return &res, nil
}

// allowed turns a read the viewer's rights refuse into no hits.
func allowed[T any](rows []T, err error) ([]T, error) {
	if errors.Is(err, schema.ErrForbidden) {
		return []T{}, nil
	}
	return rows, err
}

// best orders rows by how well one of their texts matches q (whole, then
// prefix, then anywhere), keeping the name order within a rank, and keeps
// the first n.
func best[T any](rows []T, n int, q string, texts func(T) []string) []T {
	rank := func(row T) int {
		r := 3
		for _, t := range texts(row) {
			switch {
			case strings.EqualFold(t, q):
				return 0
			case len(t) >= len(q) && strings.EqualFold(t[:len(q)], q):
				r = min(r, 1)
			case strings.Contains(strings.ToLower(t), strings.ToLower(q)):
				r = min(r, 2)
			}
		}
		return r
	}
	slices.SortStableFunc(rows, func(a, b T) int { return cmp.Compare(rank(a), rank(b)) })
	if len(rows) > n {
		rows = rows[:n]
	}
	return rows
}
