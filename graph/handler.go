package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
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
	// Limits bounds operations; nil means DefaultLimits.
	Limits *Limits
	// MaxMessageBytes bounds a websocket message, as the HTTP server bounds
	// request bodies; 0 means 1 MiB.
	MaxMessageBytes int64
	// Observe, when set, is told of every query and mutation: its
	// operation name (empty when unnamed), type, duration and whether it
	// answered errors.
	Observe func(name, typ string, took time.Duration, failed bool)
	// Extensions run around operations and fields, inside the limits and
	// outside the mutation transaction (tracing, for one).
	Extensions []graphql.HandlerExtension
}

// New returns the /graphql handler: POST and GET queries, websocket
// transport, GraphiQL for browsers, limits, authentication, one transaction
// per mutation operation, and the error presenter.
func New(cfg Config) http.Handler {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	limits := cfg.Limits
	if limits == nil {
		limits = DefaultLimits()
	}
	maxMessage := cfg.MaxMessageBytes
	if maxMessage <= 0 {
		maxMessage = 1 << 20
	}
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: cfg.Resolver}))
	srv.AddTransport(transport.Websocket{
		KeepAlivePingInterval: 10 * time.Second,
		PayloadReadLimit:      &maxMessage,
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
	// The limits measure a query's text before anything else reads it, so
	// persisted queries only ever hold texts within them.
	srv.Use(limits)
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(textInputs{})
	if cfg.Observe != nil {
		srv.AroundOperations(observe(cfg.Observe))
	}
	for _, e := range cfg.Extensions {
		srv.Use(e)
	}
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

// observe times each query and mutation (subscriptions are long-lived and
// left out) and reports it with its name, type and whether it failed.
func observe(fn func(name, typ string, took time.Duration, failed bool)) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		oc := graphql.GetOperationContext(ctx)
		if oc.Operation == nil || oc.Operation.Operation == ast.Subscription {
			return next(ctx)
		}
		start, name, typ := time.Now(), oc.Operation.Name, string(oc.Operation.Operation)
		rh := next(ctx)
		return func(ctx context.Context) *graphql.Response {
			resp := rh(ctx)
			fn(name, typ, time.Since(start), resp == nil || len(resp.Errors) > 0)
			return resp
		}
	}
}

// openFields are the root fields callable without credentials.
var openFields = map[string]bool{"login": true, "acceptInvitation": true, "requestPasswordReset": true, "resetPassword": true, "invitationPasswordPolicy": true, "ssoLoginOptions": true, "__schema": true, "__type": true, "__typename": true}

// gate requires a viewer for every operation except logging in and schema
// introspection, refuses mutations to read-only tokens, and requires the
// account_management scope of access tokens (the finance scope for billing
// fields, enough on its own when only those are asked).
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
		billingAsked, billingOnly := billingFieldsOf(oc)
		if billingAsked && !v.Token.HasScope(viewer.ScopeFinance) {
			return errorResponse(ctx, problem.Forbidden("the access token lacks the finance scope"))
		}
		if !billingOnly && !v.Token.HasScope(viewer.ScopeAccountManagement) && !statsOnly(oc, v.Token) {
			return errorResponse(ctx, problem.Forbidden("the access token lacks the account_management scope"))
		}
		if v.Token.ReadOnly && oc.Operation.Operation == ast.Mutation {
			return errorResponse(ctx, problem.Forbidden("this access token is read-only"))
		}
	}
	return next(ctx)
}

// billingFields are the root fields of billing: an access token needs the
// finance scope for them, and that scope alone is enough for an operation
// of billing fields only.
var billingFields = map[string]bool{"billingSettings": true, "invoices": true, "invoicePreview": true,
	"earningsByMonth": true, "updateBillingSettings": true, "runBilling": true, "createInvoice": true,
	"updateInvoice": true, "finalizeInvoice": true, "issueInvoice": true, "issueInvoices": true,
	"markInvoiceUnpaid": true, "markInvoicePaid": true, "failInvoice": true, "cancelInvoice": true,
	"addLineItem": true, "removeLineItem": true}

// billingFieldsOf reports whether an operation asks for billing fields, and
// whether it asks for nothing else.
func billingFieldsOf(oc *graphql.OperationContext) (asked, only bool) {
	only = true
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, nil) {
		switch {
		case billingFields[f.Name]:
			asked = true
		case f.Name != "__typename":
			only = false
		}
	}
	return asked, asked && only
}

// statsFields are the root fields a token with the stats scope may query
// without account_management: the usage analytics read from. What they
// return is filtered like any other read (tenant, product rights).
var statsFields = map[string]bool{"usageBuckets": true, "responseCodeBuckets": true, "usageSeries": true,
	"responseCodeSeries": true, "topApplications": true, "responseCodes": true, "liveUsage": true, "latencySeries": true,
	"__typename": true}

// statsOnly reports whether tok carries the stats scope and the operation is
// a query or subscription of stats fields only.
func statsOnly(oc *graphql.OperationContext, tok *viewer.Token) bool {
	if !tok.HasScope(viewer.ScopeStats) || (oc.Operation.Operation != ast.Query && oc.Operation.Operation != ast.Subscription) {
		return false
	}
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, nil) {
		if !statsFields[f.Name] {
			return false
		}
	}
	return true
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
			return operationError(gqlErr)
		}
		if gqlErr != nil {
			if arg, ok := argumentPath(ctx, gqlErr.Path); ok {
				return argumentError(ctx, arg, gqlErr)
			}
		}
		p := problem.Classify(err)
		if p.Kind == problem.KindInternal {
			logger.ErrorContext(ctx, "graphql resolver failed", "error", err, "path", graphql.GetPath(ctx).String())
		}
		return presentProblem(ctx, p)
	}
}

// operationError presents an error of the operation itself (syntax, unknown
// fields, values of the wrong type, unknown enum values): a VALIDATION error,
// naming the variable path when the bad value came in a variable.
func operationError(gqlErr *gqlerror.Error) *gqlerror.Error {
	if gqlErr.Extensions == nil {
		gqlErr.Extensions = map[string]any{}
	}
	switch code, _ := gqlErr.Extensions["code"].(string); code {
	case "", errcode.ValidationFailed, errcode.ParseFailed:
		gqlErr.Extensions["code"] = string(problem.KindInvalid)
	}
	if len(gqlErr.Path) > 1 && gqlErr.Path[0] == ast.PathName("variable") {
		if _, ok := gqlErr.Extensions["field"]; !ok {
			gqlErr.Extensions["field"] = pathString(gqlErr.Path[1:])
		}
	}
	return gqlErr
}

// argumentPath reports whether an error's path points below the field being
// resolved, into its arguments (["updatePlan", "input", "setupFee"]), and
// returns the argument part ("input.setupFee").
func argumentPath(ctx context.Context, path ast.Path) (string, bool) {
	if graphql.GetFieldContext(ctx) == nil {
		return "", false
	}
	field := graphql.GetPath(ctx)
	if len(path) <= len(field) || path[:len(field)].String() != field.String() {
		return "", false
	}
	if _, ok := path[len(field)].(ast.PathName); !ok {
		return "", false
	}
	return pathString(path[len(field):]), true
}

// argumentError presents a value a scalar refused while the arguments were
// decoded (an ID that is not a number, a malformed decimal).
func argumentError(ctx context.Context, arg string, gqlErr *gqlerror.Error) *gqlerror.Error {
	msg := "is not a valid value"
	var numErr *strconv.NumError
	var pe *problem.Error
	switch {
	case errors.As(gqlErr.Err, &pe):
		msg = pe.Message
	case errors.As(gqlErr.Err, &numErr):
		msg = "must be a numeric ID"
	case gqlErr.Err != nil:
		msg = gqlErr.Err.Error()
	}
	out := presentProblem(ctx, &problem.Error{Kind: problem.KindInvalid, Message: msg})
	out.Message = arg + ": " + msg
	out.Extensions["field"] = arg
	return out
}

func pathString(p ast.Path) string {
	parts := make([]string, len(p))
	for i, el := range p {
		switch el := el.(type) {
		case ast.PathName:
			parts[i] = string(el)
		case ast.PathIndex:
			parts[i] = strconv.Itoa(int(el))
		}
	}
	return strings.Join(parts, ".")
}

func presentProblem(ctx context.Context, p *problem.Error) *gqlerror.Error {
	out := &gqlerror.Error{Message: p.Error(), Extensions: map[string]any{"code": string(p.Kind)}}
	fc := graphql.GetFieldContext(ctx)
	if fc != nil {
		out.Path = graphql.GetPath(ctx)
	}
	switch {
	case p.In != "":
		// A key of a map of values by field name keeps its own name.
		out.Extensions["field"] = inputPath(fc, p.In) + "." + p.Field
	case p.Field != "":
		out.Extensions["field"] = inputPath(fc, p.Field)
	}
	if p.RetryAfter > 0 {
		out.Extensions["retryAfter"] = int((p.RetryAfter + time.Second - 1) / time.Second)
	}
	return out
}

// inputPath turns a stored field name (system_name) into the GraphQL path a
// client sent: an argument of the field (key, planID) when it has one of that
// name, else a field of its input (input.systemName).
func inputPath(fc *graphql.FieldContext, field string) string {
	name := camelCase(field)
	if fc != nil && name != "input" {
		if _, ok := fc.Args[name]; ok {
			return name
		}
	}
	return "input." + name
}

// camelCase turns a stored field name (system_name, product_id) into its
// GraphQL name (systemName, productID).
func camelCase(field string) string {
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
	return strings.Join(parts, "")
}

// transactioner runs each mutation operation in one database transaction: it
// commits only when every field succeeded, so a failed mutation changes
// nothing. Queries run outside transactions.
//
// A transaction is one connection, which database drivers do not share
// between goroutines, while gqlgen resolves the fields of a payload
// concurrently: inside a transaction, fields are resolved one at a time.
type transactioner struct {
	client *ent.Client
	logger *slog.Logger
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
	graphql.FieldInterceptor
} = transactioner{}

type txLockKey struct{}

func (transactioner) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	if mu, ok := ctx.Value(txLockKey{}).(*sync.Mutex); ok {
		mu.Lock()
		defer mu.Unlock()
	}
	return next(ctx)
}

func (transactioner) ExtensionName() string                   { return "PorticoTransactions" }
func (transactioner) Validate(graphql.ExecutableSchema) error { return nil }

// ownTransactions are the mutations that call a payment processor. They
// commit short transactions of their own around each call (a charge records
// its attempt before the call), so no transaction or lock is held while the
// processor answers and an attempt is on record even if the process dies
// during the call. A document made only of them runs without the
// request's transaction.
var ownTransactions = map[string]bool{
	"configurePaymentGateway": true,
	"startCardSetup":          true,
	"confirmCardSetup":        true,
	"removeCard":              true,
	"chargeInvoice":           true,
}

// transactsAlone says whether every top-level field of a mutation is one of
// ownTransactions.
func transactsAlone(op *ast.OperationDefinition) bool {
	if len(op.SelectionSet) == 0 {
		return false
	}
	for _, sel := range op.SelectionSet {
		f, ok := sel.(*ast.Field)
		if !ok || !ownTransactions[f.Name] {
			return false
		}
	}
	return true
}

func (t transactioner) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) || graphql.GetOperationContext(ctx).Operation == nil ||
		graphql.GetOperationContext(ctx).Operation.Operation != ast.Mutation ||
		transactsAlone(graphql.GetOperationContext(ctx).Operation) {
		return next(ctx)
	}
	tx, err := t.client.Tx(ctx)
	if err != nil {
		t.logger.ErrorContext(ctx, "begin transaction", "error", err)
		return &graphql.Response{Errors: gqlerror.List{presentProblem(ctx, &problem.Error{Kind: problem.KindUnavailable, Message: "the database is unavailable"})}}
	}
	ctx = ent.NewContext(ent.NewTxContext(ctx, tx), tx.Client())
	ctx = context.WithValue(ctx, txLockKey{}, &sync.Mutex{})
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
