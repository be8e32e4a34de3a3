package crashtest

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/secret"
)

// porticoBin is the server binary TestMain builds once for every test.
var porticoBin string

// adminPassword is the first admin's password of every server.
const adminPassword = "Crash-t3st-passw0rd!"

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

func runTests(m *testing.M) int {
	flag.Parse()
	if testing.Short() {
		return m.Run() // without a binary: every test skips
	}
	dir, err := os.MkdirTemp("", "portico-crashtest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "crashtest:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	porticoBin = filepath.Join(dir, "portico")
	// The package sits two levels below the module root; the binary embeds
	// frontend/dist, committed with a placeholder, so a fresh checkout builds.
	build := exec.Command("go", "build", "-o", porticoBin, "./server/cmd/portico")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "crashtest: go build ./server/cmd/portico: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// storage is one way of running Portico: its database and counter store.
type storage struct {
	name     string
	postgres bool
	redis    bool
}

// storages are the modes the crash and idempotency tests run in; the
// PostgreSQL ones need PORTICO_TEST_DATABASE_URL (and PORTICO_TEST_REDIS_URL).
var storages = []storage{
	{name: "sqlite"},
	{name: "postgres", postgres: true},
	{name: "postgres+redis", postgres: true, redis: true},
}

// config returns a fresh configuration for the mode, or skips the test when
// the mode's services are not configured.
func (s storage) config(t *testing.T) serverConfig {
	t.Helper()
	if s.postgres && os.Getenv("PORTICO_TEST_DATABASE_URL") == "" {
		t.Skipf("%s mode needs PORTICO_TEST_DATABASE_URL (a PostgreSQL server URL; each test creates its own database)", s.name)
	}
	if s.redis && os.Getenv("PORTICO_TEST_REDIS_URL") == "" {
		t.Skipf("%s mode needs PORTICO_TEST_REDIS_URL", s.name)
	}
	cfg := newConfig(t)
	if s.postgres {
		cfg.DatabaseURL = apptest.DatabaseURL(t)
	}
	if s.redis {
		cfg.RedisURL = os.Getenv("PORTICO_TEST_REDIS_URL")
	}
	return cfg
}

// serverConfig is what a server process is started with.
type serverConfig struct {
	Addr        string // 127.0.0.1:port, kept across restarts
	DataDir     string
	DatabaseURL string // empty: embedded SQLite in DataDir
	RedisURL    string // empty: in-process counters
	RedisPrefix string
	// Env are further PORTICO_* settings (NAME=value).
	Env []string
}

// newConfig returns an embedded-SQLite, in-process-counter configuration on
// a free loopback port, with a Redis prefix of its own.
func newConfig(t *testing.T) serverConfig {
	return serverConfig{
		Addr:        "127.0.0.1:" + freePort(t),
		DataDir:     t.TempDir(),
		RedisPrefix: "portico_crash_" + secret.Hex(6) + ":",
	}
}

func (c serverConfig) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PORTICO_") {
			env = append(env, kv)
		}
	}
	return append(append(env,
		"PORTICO_ADDR="+c.Addr,
		"PORTICO_DATA_DIR="+c.DataDir,
		"PORTICO_DATABASE_URL="+c.DatabaseURL,
		"PORTICO_REDIS_URL="+c.RedisURL,
		"PORTICO_REDIS_PREFIX="+c.RedisPrefix,
		"PORTICO_ADMIN_PASSWORD="+adminPassword,
		"PORTICO_SHUTDOWN_TIMEOUT=5s",
	), c.Env...)
}

// freePort returns a loopback TCP port nothing listens on right now.
func freePort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// logBuffer collects a process's output; safe for concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// tail returns the last n lines.
func (b *logBuffer) tail(n int) string {
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// server is one running portico process.
type server struct {
	name string
	cfg  serverConfig
	URL  string
	log  *logBuffer
	cmd  *exec.Cmd
	// exited is closed when the process is gone; err says how it ended.
	exited chan struct{}
	err    error
}

// startServer runs portico with cfg and waits until it is ready; it is
// stopped (SIGTERM, then SIGKILL) when the test ends, and its log is shown
// if the test failed.
func startServer(t *testing.T, name string, cfg serverConfig) *server {
	t.Helper()
	if porticoBin == "" {
		t.Skip("-short: the portico binary is not built")
	}
	s := &server{name: name, cfg: cfg, URL: "http://" + cfg.Addr, log: &logBuffer{}, exited: make(chan struct{})}
	s.cmd = exec.Command(porticoBin)
	s.cmd.Env = cfg.env()
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("log of %s (last 40 lines):\n%s", s.name, s.log.tail(40))
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-s.exited:
			t.Fatalf("%s exited at start (%v):\n%s", name, s.err, s.log.tail(40))
		default:
		}
		if ready(s.URL) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready within 60s:\n%s", name, s.log.tail(40))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func ready(base string) bool {
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusOK
}

// kill ends the process with SIGKILL: nothing runs after it, no shutdown
// hook, no flush.
func (s *server) kill() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// stop ends the process gracefully (SIGTERM), killing it if it has not
// exited within 30s.
func (s *server) stop() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		s.kill()
	}
}

// restart starts a new process with the same configuration and address.
func (s *server) restart(t *testing.T) *server {
	t.Helper()
	s.kill()
	return startServer(t, s.name+"'", s.cfg)
}

// login logs the first admin in and returns the session token.
func (s *server) login(t *testing.T) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"login": "admin", "password": adminPassword})
	resp, err := http.Post(s.URL+"/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(raw, &out) != nil || out.AccessToken == "" {
		t.Fatalf("login on %s: %d %s", s.name, resp.StatusCode, raw)
	}
	return out.AccessToken
}

// graphQL runs an operation as token and decodes data into out; any error
// fails the test.
func (s *server) graphQL(t *testing.T, token, query string, vars map[string]any, out any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("graphql on %s: %v", s.name, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var r struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("graphql on %s: %d %s", s.name, resp.StatusCode, raw)
	}
	if len(r.Errors) > 0 {
		t.Fatalf("graphql on %s: %+v\nquery: %s", s.name, r.Errors, strings.TrimSpace(query))
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			t.Fatalf("decode %s: %v", r.Data, err)
		}
	}
}

// redisServer is a private redis-server process owned by one test, with no
// persistence: killing it loses every key.
type redisServer struct {
	port   string
	log    *logBuffer
	cmd    *exec.Cmd
	exited chan struct{}
}

const redisServerPath = "/usr/bin/redis-server"

// startRedis runs redis-server on a free loopback port and waits until it
// answers PING; it is killed when the test ends.
func startRedis(t *testing.T) *redisServer {
	t.Helper()
	if _, err := os.Stat(redisServerPath); err != nil {
		t.Skipf("needs %s: %v", redisServerPath, err)
	}
	r, err := launchRedis(freePort(t), t.TempDir())
	if r != nil {
		t.Cleanup(r.kill)
	}
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// launchRedis runs redis-server on 127.0.0.1:port with its working
// directory in dir and waits until it answers PING. It does not touch the
// test, so it may run on any goroutine; the caller owns the process.
func launchRedis(port, dir string) (*redisServer, error) {
	r := &redisServer{port: port, log: &logBuffer{}, exited: make(chan struct{})}
	r.cmd = exec.Command(redisServerPath, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", dir)
	r.cmd.Stdout, r.cmd.Stderr = r.log, r.log
	if err := r.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start redis-server: %w", err)
	}
	go func() {
		_ = r.cmd.Wait()
		close(r.exited)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !r.pings() {
		select {
		case <-r.exited:
			return r, fmt.Errorf("redis-server exited at start:\n%s", r.log.tail(20))
		default:
		}
		if time.Now().After(deadline) {
			return r, fmt.Errorf("redis-server not answering on port %s within 10s:\n%s", port, r.log.tail(20))
		}
		time.Sleep(20 * time.Millisecond)
	}
	return r, nil
}

func (r *redisServer) url() string { return "redis://127.0.0.1:" + r.port + "/0" }

func (r *redisServer) pings() bool {
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+r.port, time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	buf := make([]byte, 7)
	n, err := io.ReadFull(c, buf)
	return err == nil && string(buf[:n]) == "+PONG\r\n"
}

func (r *redisServer) kill() {
	select {
	case <-r.exited:
		return
	default:
	}
	_ = r.cmd.Process.Kill()
	<-r.exited
}
