package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/graph/generated"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/problem"
)

// Config wires the GraphQL handler.
type Config struct {
	Resolver *Resolver
	Logger   *slog.Logger
}

// New returns the /graphql handler: POST and GET queries, websocket
// transport, GraphiQL for browsers, limits, authentication, one transaction
// per mutation operation, and the error presenter.
func New(cfg Config) http.Handler {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: cfg.Resolver}))
	srv.AddTransport(transport.Websocket{
		KeepAlivePingInterval: 10 * time.Second,
		InitFunc: func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			bearer := strings.TrimPrefix(p.Authorization(), "Bearer ")
			if bearer == "" {
				return ctx, nil, nil
			}
			v, err := cfg.Resolver.Auth.Authenticate(ctx, bearer)
			if err != nil {
				return ctx, nil, errors.New("invalid credentials")
			}
			return viewer.NewContext(ctx, v), nil, nil
		},
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(&Limits{MaxDepth: 12, MaxPageSize: 1000, MaxCost: 50000, DefaultPageSize: 100})
	srv.AroundOperations(gate)
	srv.Use(transactioner{client: cfg.Resolver.Client, logger: logger})
	srv.SetErrorPresenter(presenter(logger))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		return &problem.Error{Kind: problem.KindInternal, Message: "internal error"}
	})
	ide := playground.Handler("Portico GraphQL", "/graphql")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.RawQuery == "" && strings.Contains(r.Header.Get("Accept"), "text/html") {
			ide.ServeHTTP(w, r)
			return
		}
		srv.ServeHTTP(w, r)
	})
}

// openFields are the root fields callable without credentials.
var openFields = map[string]bool{"login": true, "__schema": true, "__type": true, "__typename": true}

// gate requires a viewer for every operation except logging in and schema
// introspection, refuses mutations to read-only tokens, and requires the
// account_management scope of access tokens.
func gate(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	v := viewer.FromContext(ctx)
	if v == nil {
		for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, nil) {
			if !openFields[f.Name] {
				err := auth.Failure(ctx)
				if err == nil {
					err = problem.Unauthenticated("authentication required: send Authorization: Bearer <token>")
				}
				return errorResponse(ctx, err)
			}
		}
		return next(ctx)
	}
	if v.Token != nil {
		if !v.Token.HasScope(viewer.ScopeAccountManagement) {
			return errorResponse(ctx, problem.Forbidden("the access token lacks the account_management scope"))
		}
		if v.Token.ReadOnly && oc.Operation.Operation == ast.Mutation {
			return errorResponse(ctx, problem.Forbidden("this access token is read-only"))
		}
	}
	return next(ctx)
}

func errorResponse(ctx context.Context, err error) graphql.ResponseHandler {
	return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{presentProblem(ctx, problem.Classify(err))}})
}

// presenter maps every error to its kind: extensions.code, the field path of
// validation errors, and a message safe to show. Internal errors are logged
// and answered generically.
func presenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var gqlErr *gqlerror.Error
		if errors.As(err, &gqlErr) && gqlErr.Err == nil {
			// Parser and validation errors of the operation itself.
			if gqlErr.Extensions == nil {
				gqlErr.Extensions = map[string]any{}
			}
			if _, ok := gqlErr.Extensions["code"]; !ok {
				gqlErr.Extensions["code"] = string(problem.KindInvalid)
			}
			return gqlErr
		}
		p := problem.Classify(err)
		if p.Kind == problem.KindInternal {
			logger.ErrorContext(ctx, "graphql resolver failed", "error", err, "path", graphql.GetPath(ctx).String())
		}
		return presentProblem(ctx, p)
	}
}

func presentProblem(ctx context.Context, p *problem.Error) *gqlerror.Error {
	out := &gqlerror.Error{Message: p.Error(), Extensions: map[string]any{"code": string(p.Kind)}}
	if graphql.GetFieldContext(ctx) != nil {
		out.Path = graphql.GetPath(ctx)
	}
	if p.Field != "" {
		out.Extensions["field"] = inputPath(p.Field)
	}
	return out
}

// inputPath turns a stored field name (system_name) into the GraphQL input
// path a client sent (input.systemName).
func inputPath(field string) string {
	parts := strings.Split(field, "_")
	for i := 1; i < len(parts); i++ {
		switch parts[i] {
		case "id":
			parts[i] = "ID"
		case "url":
			parts[i] = "URL"
		default:
			if parts[i] != "" {
				parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
			}
		}
	}
	return "input." + strings.Join(parts, "")
}

// transactioner runs each mutation operation in one database transaction: it
// commits only when every field succeeded, so a failed mutation changes
// nothing. Queries run outside transactions.
type transactioner struct {
	client *ent.Client
	logger *slog.Logger
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = transactioner{}

func (transactioner) ExtensionName() string                   { return "PorticoTransactions" }
func (transactioner) Validate(graphql.ExecutableSchema) error { return nil }

func (t transactioner) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) || graphql.GetOperationContext(ctx).Operation == nil ||
		graphql.GetOperationContext(ctx).Operation.Operation != ast.Mutation {
		return next(ctx)
	}
	tx, err := t.client.Tx(ctx)
	if err != nil {
		t.logger.ErrorContext(ctx, "begin transaction", "error", err)
		return &graphql.Response{Errors: gqlerror.List{presentProblem(ctx, &problem.Error{Kind: problem.KindUnavailable, Message: "the database is unavailable"})}}
	}
	ctx = ent.NewContext(ent.NewTxContext(ctx, tx), tx.Client())
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback()
		}
	}()
	resp := next(ctx)
	if resp == nil || len(resp.Errors) > 0 {
		if resp != nil {
			resp.Data = nil
		}
		return resp
	}
	if err := tx.Commit(); err != nil {
		t.logger.ErrorContext(ctx, "commit transaction", "error", err)
		return &graphql.Response{Errors: gqlerror.List{presentProblem(ctx, problem.Classify(err))}}
	}
	committed = true
	return resp
}
