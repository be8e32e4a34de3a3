package counter

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// scriptConn is one connection that runs the decision script and nothing
// else: the leader of each batch on its pipeline writes one EVALSHA and
// reads the answer (a flat array of integers) straight into reusable memory.
// It spares the hot path go-redis's per-command allocations, pool
// bookkeeping and liveness probe. Any error closes it; the next batch dials
// again.
type scriptConn struct {
	opts    *redis.Options
	sha     string
	source  string
	timeout time.Duration

	conn  net.Conn
	r     *bufio.Reader
	w     *bufio.Writer
	ints  []int64
	scrat []byte
}

func newScriptConn(opts *redis.Options, sha, source string, timeout time.Duration) *scriptConn {
	return &scriptConn{opts: opts, sha: sha, source: source, timeout: timeout}
}

func (c *scriptConn) close() {
	if c.conn != nil {
		_ = c.conn.Close()
		c.conn = nil
	}
}

// dial connects, authenticates and selects the database.
func (c *scriptConn) dial() error {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	var conn net.Conn
	var err error
	switch {
	case c.opts.Dialer != nil:
		conn, err = c.opts.Dialer(ctx, c.opts.Network, c.opts.Addr)
	case c.opts.TLSConfig != nil:
		d := &tls.Dialer{Config: c.opts.TLSConfig}
		conn, err = d.DialContext(ctx, c.opts.Network, c.opts.Addr)
	default:
		var d net.Dialer
		conn, err = d.DialContext(ctx, c.opts.Network, c.opts.Addr)
	}
	if err != nil {
		return err
	}
	c.conn = conn
	if c.r == nil {
		c.r = bufio.NewReaderSize(conn, 16<<10)
		c.w = bufio.NewWriterSize(conn, 16<<10)
	} else {
		c.r.Reset(conn)
		c.w.Reset(conn)
	}
	_ = conn.SetDeadline(time.Now().Add(c.timeout))
	if c.opts.Password != "" {
		if c.opts.Username != "" {
			c.command("AUTH", c.opts.Username, c.opts.Password)
		} else {
			c.command("AUTH", c.opts.Password)
		}
		if err := c.expectOK(); err != nil {
			c.close()
			return fmt.Errorf("auth: %w", err)
		}
	}
	if c.opts.DB != 0 {
		c.command("SELECT", strconv.Itoa(c.opts.DB))
		if err := c.expectOK(); err != nil {
			c.close()
			return fmt.Errorf("select: %w", err)
		}
	}
	return nil
}

func (c *scriptConn) command(args ...string) {
	c.arrayHeader(len(args))
	for _, a := range args {
		c.bulkString(a)
	}
}

func (c *scriptConn) expectOK() error {
	if err := c.w.Flush(); err != nil {
		return err
	}
	line, err := c.line()
	if err != nil {
		return err
	}
	if len(line) == 0 || line[0] != '+' {
		return errors.New(string(line))
	}
	return nil
}

func (c *scriptConn) arrayHeader(n int) {
	c.scrat = append(c.scrat[:0], '*')
	c.scrat = strconv.AppendInt(c.scrat, int64(n), 10)
	c.scrat = append(c.scrat, '\r', '\n')
	_, _ = c.w.Write(c.scrat)
}

func (c *scriptConn) bulkHeader(n int) {
	c.scrat = append(c.scrat[:0], '$')
	c.scrat = strconv.AppendInt(c.scrat, int64(n), 10)
	c.scrat = append(c.scrat, '\r', '\n')
	_, _ = c.w.Write(c.scrat)
}

func (c *scriptConn) bulkInt(n int) {
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], int64(n), 10)
	c.bulkHeader(len(d))
	_, _ = c.w.Write(d)
	_, _ = c.w.WriteString("\r\n")
}

func (c *scriptConn) bulkString(s string) {
	c.bulkHeader(len(s))
	_, _ = c.w.WriteString(s)
	_, _ = c.w.WriteString("\r\n")
}

func (c *scriptConn) bulkBytes(b []byte) {
	c.bulkHeader(len(b))
	_, _ = c.w.Write(b)
	_, _ = c.w.WriteString("\r\n")
}

// line reads one reply line without its CRLF; it is valid until the next
// read.
func (c *scriptConn) line() ([]byte, error) {
	b, err := c.r.ReadSlice('\n')
	if err != nil {
		return nil, err
	}
	if len(b) < 2 || b[len(b)-2] != '\r' {
		return nil, errors.New("malformed reply")
	}
	return b[:len(b)-2], nil
}

// errNoScript is the server's answer to EVALSHA of a script it lost.
var errNoScript = errors.New("NOSCRIPT")

// run sends the script with keys and its packed argument and returns the
// answer's integers (valid until the next run).
func (c *scriptConn) run(keys []string, arg []byte, guard string) ([]int64, error) {
	if c.conn == nil {
		if err := c.dial(); err != nil {
			return nil, err
		}
	}
	ints, err := c.eval(keys, arg, guard, false)
	if errors.Is(err, errNoScript) {
		ints, err = c.eval(keys, arg, guard, true)
	}
	var re redisError
	if err != nil && !errors.As(err, &re) {
		c.close() // the connection is in an unknown state
	}
	return ints, err
}

// redisError is an error reply; the connection stays usable after it.
type redisError string

func (e redisError) Error() string { return string(e) }

func (c *scriptConn) eval(keys []string, arg []byte, guard string, withSource bool) ([]int64, error) {
	_ = c.conn.SetDeadline(time.Now().Add(c.timeout))
	c.arrayHeader(5 + len(keys))
	if withSource {
		c.bulkString("EVAL")
		c.bulkString(c.source)
	} else {
		c.bulkString("EVALSHA")
		c.bulkString(c.sha)
	}
	c.bulkInt(len(keys))
	for _, k := range keys {
		c.bulkString(k)
	}
	c.bulkBytes(arg)
	c.bulkString(guard)
	if err := c.w.Flush(); err != nil {
		return nil, err
	}
	head, err := c.line()
	if err != nil {
		return nil, err
	}
	switch {
	case len(head) > 0 && head[0] == '-':
		if len(head) >= 9 && string(head[1:9]) == "NOSCRIPT" {
			return nil, errNoScript
		}
		return nil, redisError(head[1:])
	case len(head) == 0 || head[0] != '*':
		return nil, fmt.Errorf("unexpected reply %q", head)
	}
	count, err := strconv.Atoi(string(head[1:]))
	if err != nil || count < 0 {
		return nil, fmt.Errorf("unexpected reply %q", head)
	}
	c.ints = c.ints[:0]
	for range count {
		l, err := c.line()
		if err != nil {
			return nil, err
		}
		if len(l) < 2 || l[0] != ':' {
			return nil, fmt.Errorf("unexpected reply element %q", l)
		}
		v, err := parseInt(l[1:])
		if err != nil {
			return nil, err
		}
		c.ints = append(c.ints, v)
	}
	return c.ints, nil
}

// parseInt parses a RESP integer without allocating.
func parseInt(b []byte) (int64, error) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, io.ErrUnexpectedEOF
	}
	var n int64
	for _, ch := range b {
		if ch < '0' || ch > '9' {
			return 0, fmt.Errorf("bad integer %q", b)
		}
		n = n*10 + int64(ch-'0')
	}
	if neg {
		n = -n
	}
	return n, nil
}
