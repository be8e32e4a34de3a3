package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"sync/atomic"
)

// backgroundKey marks a context as a background job's.
type backgroundKey struct{}

// Background marks ctx as belonging to a background job (the usage flusher,
// the counter saver, the snapshot mirror): the statements issued with it are
// counted apart from everything else, which lets benchmarks check that
// serving decisions issues none.
func Background(ctx context.Context) context.Context {
	return context.WithValue(ctx, backgroundKey{}, true)
}

// IsBackground reports whether ctx was marked by Background.
func IsBackground(ctx context.Context) bool {
	b, _ := ctx.Value(backgroundKey{}).(bool)
	return b
}

// StatementCounts is how many SQL statements (including transaction
// begins, commits and rollbacks) the store's database ran since it opened.
type StatementCounts struct {
	// Background counts the statements of contexts marked by Background.
	Background int64 `json:"background"`
	// Other counts every other statement.
	Other int64 `json:"other"`
}

// Statements returns the statement counts so far.
func (s *Store) Statements() StatementCounts {
	return StatementCounts{Background: s.stmts.background.Load(), Other: s.stmts.other.Load()}
}

// statementCounter counts statements by origin.
type statementCounter struct {
	background, other atomic.Int64
}

func (n *statementCounter) add(ctx context.Context) {
	if IsBackground(ctx) {
		n.background.Add(1)
		return
	}
	n.other.Add(1)
}

// countingConnector wraps a driver's connector so that every connection
// counts the statements it runs. Optional driver interfaces are passed
// through, or reported as unsupported (driver.ErrSkip) so that database/sql
// falls back as it would without the wrapper.
type countingConnector struct {
	base driver.Connector
	n    *statementCounter
	gate writeGate // SQLite's: one write at a time (see writeGate)
}

var _ driver.Connector = countingConnector{}

func (c countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &countingConn{conn: conn, n: c.n, gate: c.gate}, nil
}

func (c countingConnector) Driver() driver.Driver { return c.base.Driver() }

type countingConn struct {
	conn driver.Conn
	n    *statementCounter
	gate writeGate
	inTx bool // a transaction is open: it passed the gate already
}

// enter passes the write gate for one statement outside a transaction.
func (c *countingConn) enter(ctx context.Context, query string) (leave func()) {
	if c.gate == nil || c.inTx || !writes(query) {
		return func() {}
	}
	return c.gate.enter(ctx)
}

var (
	_ driver.Conn               = (*countingConn)(nil)
	_ driver.ExecerContext      = (*countingConn)(nil)
	_ driver.QueryerContext     = (*countingConn)(nil)
	_ driver.ConnPrepareContext = (*countingConn)(nil)
	_ driver.ConnBeginTx        = (*countingConn)(nil)
	_ driver.Pinger             = (*countingConn)(nil)
	_ driver.SessionResetter    = (*countingConn)(nil)
	_ driver.Validator          = (*countingConn)(nil)
	_ driver.NamedValueChecker  = (*countingConn)(nil)
)

func (c *countingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *countingConn) Close() error { return c.conn.Close() }

// Begin is the pre-context form database/sql no longer calls.
func (c *countingConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	// Write transactions take SQLite's lock at their begin (_txlock), so
	// every transaction passes the gate, and leaves it when it ends.
	leave := c.gate.enter(ctx)
	var tx driver.Tx
	var err error
	if b, ok := c.conn.(driver.ConnBeginTx); ok {
		tx, err = b.BeginTx(ctx, opts)
	} else {
		if opts != (driver.TxOptions{}) {
			leave()
			return nil, errors.New("store: the driver does not support transaction options")
		}
		//lint:ignore SA1019 the driver has nothing newer
		tx, err = c.conn.Begin()
	}
	if err != nil {
		leave()
		return nil, err
	}
	c.n.add(ctx)
	c.inTx = true
	return &countingTx{tx: tx, n: c.n, background: IsBackground(ctx), leave: func() { c.inTx = false; leave() }}, nil
}

func (c *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var st driver.Stmt
	var err error
	if p, ok := c.conn.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, query)
	} else {
		st, err = c.conn.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return &countingStmt{stmt: st, n: c.n, conn: c, query: query}, nil
}

func (c *countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	defer c.enter(ctx, query)()
	r, err := e.ExecContext(ctx, query, args)
	if !errors.Is(err, driver.ErrSkip) {
		c.n.add(ctx)
	}
	return r, err
}

func (c *countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	// A write that returns rows (UPDATE … RETURNING) runs at its first
	// step, inside this call.
	defer c.enter(ctx, query)()
	r, err := q.QueryContext(ctx, query, args)
	if !errors.Is(err, driver.ErrSkip) {
		c.n.add(ctx)
	}
	return r, err
}

func (c *countingConn) Ping(ctx context.Context) error {
	if p, ok := c.conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *countingConn) IsValid() bool {
	if v, ok := c.conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *countingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// countingTx counts the commit or rollback under the origin of its begin.
type countingTx struct {
	tx         driver.Tx
	n          *statementCounter
	background bool
	leave      func() // after the commit or rollback
}

func (t *countingTx) end() {
	if t.background {
		t.n.background.Add(1)
	} else {
		t.n.other.Add(1)
	}
}

func (t *countingTx) Commit() error {
	t.end()
	defer t.leave()
	return t.tx.Commit()
}

func (t *countingTx) Rollback() error {
	t.end()
	defer t.leave()
	return t.tx.Rollback()
}

type countingStmt struct {
	stmt  driver.Stmt
	n     *statementCounter
	conn  *countingConn
	query string
}

var (
	_ driver.StmtExecContext  = (*countingStmt)(nil)
	_ driver.StmtQueryContext = (*countingStmt)(nil)
)

func (s *countingStmt) Close() error  { return s.stmt.Close() }
func (s *countingStmt) NumInput() int { return s.stmt.NumInput() }

// Exec and Query are the pre-context forms database/sql no longer calls.
func (s *countingStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *countingStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.n.add(ctx)
	defer s.conn.enter(ctx, s.query)()
	if e, ok := s.stmt.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	values, err := unnamed(args)
	if err != nil {
		return nil, err
	}
	//lint:ignore SA1019 the driver has nothing newer
	return s.stmt.Exec(values)
}

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.n.add(ctx)
	defer s.conn.enter(ctx, s.query)()
	if q, ok := s.stmt.(driver.StmtQueryContext); ok {
		return q.QueryContext(ctx, args)
	}
	values, err := unnamed(args)
	if err != nil {
		return nil, err
	}
	//lint:ignore SA1019 the driver has nothing newer
	return s.stmt.Query(values)
}

func named(values []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(values))
	for i, v := range values {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

func unnamed(args []driver.NamedValue) ([]driver.Value, error) {
	out := make([]driver.Value, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, errors.New("store: the driver does not support named parameters")
		}
		out[i] = a.Value
	}
	return out, nil
}
