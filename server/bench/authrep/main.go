// Command authrep benchmarks the Service Management API of a real portico
// binary against a baseline endpoint of the same server that returns a static
// XML body of the same size, in interleaved rounds, in the embedded
// (in-process counters) and Redis modes. Each mode runs these scenarios:
//
//   - authrep: usage[hits]=1 spread over -apps applications (all 200);
//   - hot: the same on one application, whose counters every request contends for (all 200);
//   - authorize: the same requests on authorize.xml, which never increments (all 200);
//   - over-limit: authrep on applications whose plan allows no hits (all 409);
//   - unknown: authrep with user keys nobody has (all 403);
//   - report10: POST /transactions.xml with batches of 10 transactions (all 202);
//   - rotation (Redis mode only): authrep spread over -rotation-apps applications (10,000), for
//     decisions per Redis round trip and CPU per decision when the working set is large (all 200);
//   - timed (only when named): authrep as above with log[code] and log[response_time], what
//     the response-time sketches cost the request path (all 200).
//
// It prints req/s, p50, p99, the ratio to the baseline measured in the same
// round, the server's CPU time and thread sleeps (voluntary context
// switches) per request, its background jobs' SQL statements per second and,
// in Redis mode, decisions per script call (the last two read from the
// server's /bench/stats). At the end it prints the decision plane's targets
// next to what this run measured. It fails when a run answers other statuses than
// its scenario expects, has socket errors, or makes the server issue any SQL
// statement outside its background jobs (usage flusher, counter saver,
// snapshot mirror): decisions, for known and unknown credentials alike, are
// answered from memory.
//
// With -pin it also measures authrep with the server on one core
// (GOMAXPROCS=1, taskset -c 0) and wrk on the other (taskset -c 1, one
// thread), for tail latency. With -cpuprofile DIR it saves a CPU and an
// allocation profile of the server for every scenario's last measured run,
// with -trace DIR a runtime trace of the same runs, and with -serverlog DIR
// the server's debug log (background jobs log their duration there). Load
// comes from wrk.
//
//	go run ./server/bench/authrep -bin bin/portico [-apps 1000] [-rotation-apps 10000] [-duration 10s] [-rounds 3] [-scenarios authrep,unknown] [-modes in-process,redis] [-pin | -only-pinned] [-cpuprofile DIR] [-trace DIR] [-serverlog DIR]
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

type options struct {
	bin, redisURL, profileDir string
	traceDir, logDir          string
	apps, conns, rounds       int
	rotationApps              int
	onlyPinned                bool
	duration, warmup          time.Duration
	scenarios                 []string
	pin                       bool
	// alerts sets usage alert levels on the product, so that every usage
	// flush checks the traffic's applications against them.
	alerts bool
}

var allScenarios = []string{"authrep", "hot", "authorize", "over-limit", "unknown", "report10", "rotation"}

// optionalScenarios run only when named with -scenarios.
var optionalScenarios = []string{"timed"}

func main() {
	var o options
	var scenarios, modes string
	flag.StringVar(&o.bin, "bin", "bin/portico", "portico binary")
	flag.StringVar(&o.redisURL, "redis", envOr("PORTICO_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"), "Redis URL for the Redis mode (empty: skip it)")
	flag.IntVar(&o.apps, "apps", 1000, "applications to spread the load over")
	flag.IntVar(&o.rotationApps, "rotation-apps", 10000, "applications the rotation scenario spreads the load over")
	flag.IntVar(&o.conns, "connections", 64, "concurrent connections")
	flag.IntVar(&o.rounds, "rounds", 3, "interleaved rounds per scenario")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "length of one measured run")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "warm-up before each run")
	flag.StringVar(&scenarios, "scenarios", strings.Join(allScenarios, ","), "comma-separated scenarios: "+strings.Join(append(slices.Clone(allScenarios), optionalScenarios...), ", "))
	flag.StringVar(&modes, "modes", "in-process,redis", "comma-separated modes: in-process, redis")
	flag.BoolVar(&o.alerts, "alerts", true, "set every usage alert level on the product, so that alerts are checked after each usage flush (false for a server without them)")
	flag.BoolVar(&o.pin, "pin", false, "also measure authrep pinned: server GOMAXPROCS=1 on CPU 0, wrk -t1 on CPU 1")
	flag.BoolVar(&o.onlyPinned, "only-pinned", false, "measure authrep pinned only")
	flag.StringVar(&o.profileDir, "cpuprofile", "", "directory for CPU and allocation profiles of the server, one per mode and scenario (last round)")
	flag.StringVar(&o.traceDir, "trace", "", "directory for runtime traces of the server, one per mode and scenario (last round)")
	flag.StringVar(&o.logDir, "serverlog", "", "directory for the server's debug log, one file per mode")
	flag.Parse()
	for _, s := range strings.Split(scenarios, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if !slices.Contains(allScenarios, s) && !slices.Contains(optionalScenarios, s) {
			fail(fmt.Errorf("unknown scenario %q", s))
		}
		o.scenarios = append(o.scenarios, s)
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		fail(errors.New("wrk not found (apt-get install wrk)"))
	}
	if o.pin || o.onlyPinned {
		if _, err := exec.LookPath("taskset"); err != nil {
			fail(errors.New("taskset not found (util-linux)"))
		}
	}
	for _, dir := range []string{o.profileDir, o.traceDir, o.logDir} {
		if dir == "" {
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fail(err)
		}
	}
	var run []string
	for _, m := range strings.Split(modes, ",") {
		switch m = strings.TrimSpace(m); m {
		case "in-process":
			run = append(run, m)
		case "redis":
			if o.redisURL != "" {
				run = append(run, m)
			}
		case "":
		default:
			fail(fmt.Errorf("unknown mode %q", m))
		}
	}
	fmt.Printf("authrep benchmark: %d applications, %d connections, %d rounds of %s (warm-up %s), usage[hits]=1\n\n",
		o.apps, o.conns, o.rounds, o.duration, o.warmup)
	sum := summary{}
	for _, mode := range run {
		if !o.onlyPinned {
			if err := runMode(o, mode, false, sum); err != nil {
				fail(fmt.Errorf("%s: %w", mode, err))
			}
		}
		if o.pin || o.onlyPinned {
			if err := runMode(o, mode, true, sum); err != nil {
				fail(fmt.Errorf("%s pinned: %w", mode, err))
			}
		}
	}
	sum.print(o)
}

// summary keeps each mode's (label's) median result and ratio per scenario.
type summary map[string]map[string]measured

type measured struct {
	result
	ratio float64
}

// target is one goal of the decision plane: a ratio to the baseline of at
// least minRatio, or a p99 of at most maxP99 ms.
type target struct {
	what, label, scenario string
	minRatio, maxP99      float64
}

var targets = []target{
	{what: "Redis authrep, 1,000 apps", label: "redis", scenario: "authrep", minRatio: 0.80},
	{what: "Redis hot application", label: "redis", scenario: "hot", minRatio: 0.85},
	{what: "in-process report batch of 10", label: "in-process", scenario: "report10", minRatio: 0.80},
	{what: "Redis report batch of 10", label: "redis", scenario: "report10", minRatio: 0.60},
	{what: "in-process pinned p99, 64 connections", label: "in-process pinned", scenario: "authrep", maxP99: 3},
	{what: "Redis pinned p99, 64 connections", label: "redis pinned", scenario: "authrep", maxP99: 3},
}

// print writes the targets beside this run's measurements, then the
// rotation's decisions per round trip and CPU per decision.
func (sum summary) print(o options) {
	fmt.Printf("%-40s %9s %9s  %s\n", "targets (this run)", "measured", "target", "")
	for _, t := range targets {
		m, ok := sum[t.label][t.scenario]
		goal, got, verdict := "", "not run", ""
		switch {
		case t.maxP99 > 0:
			goal = fmt.Sprintf("≤ %.1f ms", t.maxP99)
			if ok {
				got = fmt.Sprintf("%.2f ms", m.p99)
				verdict = metOrNot(m.p99 <= t.maxP99)
				// The static handler's own tail on the same core bounds
				// what any handler can reach.
				if b, ok := sum[t.label]["baseline"]; ok {
					verdict += fmt.Sprintf(" (static baseline p99 %.2f ms)", b.p99)
				}
			}
		default:
			goal = fmt.Sprintf("≥ %.2f", t.minRatio)
			if ok {
				got = fmt.Sprintf("%.2f", m.ratio)
				verdict = metOrNot(m.ratio >= t.minRatio)
			}
		}
		fmt.Printf("  %-38s %9s %9s  %s\n", t.what, got, goal, verdict)
	}
	if m, ok := sum["redis"]["rotation"]; ok {
		fmt.Printf("  redis, %d-application rotation: %.1f decisions per Redis round trip, %.1f server CPU µs per decision (ratio %.2f)\n",
			o.rotationApps, m.perBatch, m.cpuPerReq, m.ratio)
	}
	fmt.Println()
}

func metOrNot(met bool) string {
	if met {
		return "met"
	}
	return "not met"
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

type server struct {
	cmd       *exec.Cmd
	base      string
	pprofBase string
	dir       string
	log       *syncBuffer
	pinned    bool
}

// syncBuffer collects the server's output while the benchmark reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// errors fails when the server logged an error (a failed usage flush, a
// counter store failure, a panic).
func (s *server) errors() error {
	if log := s.log.String(); strings.Contains(log, "level=ERROR") {
		return fmt.Errorf("the server logged errors:\n%s", log)
	}
	return nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func start(o options, mode string, pinned bool) (*server, error) {
	dir, err := os.MkdirTemp("", "portico-bench-")
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(o.bin)
	if pinned {
		cmd = exec.Command("taskset", "-c", "0", o.bin)
	}
	level := "warn"
	if o.logDir != "" {
		level = "debug"
	}
	env := append(os.Environ(),
		"PORTICO_DATA_DIR="+dir, "PORTICO_ADDR="+addr, "PORTICO_ADMIN_PASSWORD=Bench-pass-1",
		"PORTICO_DATABASE_URL=", "PORTICO_LOG_LEVEL="+level, "PORTICO_BENCH_BASELINE=1",
		"PORTICO_REDIS_PREFIX=portico_bench_"+strconv.FormatInt(time.Now().UnixNano(), 36)+":")
	if mode == "redis" {
		env = append(env, "PORTICO_REDIS_URL="+o.redisURL)
	} else {
		env = append(env, "PORTICO_REDIS_URL=")
	}
	if pinned {
		env = append(env, "GOMAXPROCS=1")
	}
	var pprofBase string
	if o.profileDir != "" || o.traceDir != "" {
		paddr, err := freeAddr()
		if err != nil {
			return nil, err
		}
		env = append(env, "PORTICO_PPROF_ADDR="+paddr)
		pprofBase = "http://" + paddr
	}
	cmd.Env = env
	log := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, pprofBase: pprofBase, dir: dir, log: log, pinned: pinned}
	for i := 0; i < 200; i++ {
		if resp, err := http.Get(s.base + "/healthz"); err == nil {
			resp.Body.Close()
			return s, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.stop("")
	return nil, fmt.Errorf("server did not start: %s", log)
}

// stop ends the server; with logFile set it first saves the server's output.
func (s *server) stop(logFile string) {
	_ = s.cmd.Process.Signal(os.Interrupt)
	_ = s.cmd.Wait()
	os.RemoveAll(s.dir)
	if logFile != "" {
		if err := os.WriteFile(logFile, []byte(s.log.String()), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "bench: server log:", err)
		}
	}
}

// cpu returns the server's consumed CPU time (taskset execs the server, so
// the process id is the server's in pinned runs too).
func (s *server) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ
}

// sleeps returns how many times the server's threads went to sleep so far
// (voluntary context switches: waiting for the network, a lock or work).
// Unlike CPU time it hardly depends on what else the machine runs.
func (s *server) sleeps() int64 {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", s.cmd.Process.Pid))
	var n int64
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "voluntary_ctxt_switches:"); ok {
				x, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				n += x
			}
		}
	}
	return n
}

func (s *server) graphql(token, query string, vars map[string]any, out any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", s.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var r struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return fmt.Errorf("graphql: %s", raw)
	}
	if len(r.Errors) > 0 {
		return fmt.Errorf("graphql: %s", r.Errors[0].Message)
	}
	if out != nil {
		return json.Unmarshal(r.Data, out)
	}
	return nil
}

// fixture is what provisioning created: the credentials of every scenario.
type fixture struct {
	token, serviceID string
	userKeys         []string // applications on Basic (a day limit far above the run)
	rotationKeys     []string // userKeys and more, up to -rotation-apps
	limitedKeys      []string // applications on a plan that allows no hits
}

// provision creates -apps applications on the default product's Basic plan,
// with a day limit far above what the run sends, and 100 more on a plan whose
// day limit is 0.
func provision(s *server, n int, alerts bool) (*fixture, error) {
	resp, err := http.Post(s.base+"/auth/login", "application/json", strings.NewReader(`{"login":"admin","password":"Bench-pass-1"}`))
	if err != nil {
		return nil, err
	}
	var login struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&login)
	resp.Body.Close()
	tok := login.AccessToken
	var p struct {
		Products struct {
			Edges []struct {
				Node struct {
					ID            string
					ServiceTokens []struct{ Value string }
					Metrics       struct {
						Edges []struct{ Node struct{ ID string } }
					}
					Plans struct {
						Edges []struct{ Node struct{ ID string } }
					}
				}
			}
		}
	}
	if err := s.graphql(tok, `{ products(first: 1) { edges { node { id serviceTokens { value }
		metrics(first: 1) { edges { node { id } } } plans(where: {kind: APPLICATION, name: "Basic"}) { edges { node { id } } } } } } }`, nil, &p); err != nil {
		return nil, err
	}
	prod := p.Products.Edges[0].Node
	plan, metric := prod.Plans.Edges[0].Node.ID, prod.Metrics.Edges[0].Node.ID
	if err := s.graphql(tok, `mutation($p: ID!, $m: ID!) { createUsageLimit(input: {planID: $p, metricID: $m, period: DAY, value: 1000000000}) { id } }`,
		map[string]any{"p": plan, "m": metric}, nil); err != nil {
		return nil, err
	}
	if alerts {
		if err := s.graphql(tok, `mutation($p: ID!) { updateAlertSettings(productId: $p, adminLevels: [50, 80, 90, 100, 120, 150, 200, 300], developerLevels: [50, 100]) { adminLevels } }`,
			map[string]any{"p": prod.ID}, nil); err != nil {
			return nil, err
		}
	}
	var limited struct{ CreatePlan struct{ ID string } }
	if err := s.graphql(tok, `mutation($p: ID!) { createPlan(input: {kind: APPLICATION, name: "Bench limited", systemName: "bench_limited", productID: $p, state: PUBLISHED}) { id } }`,
		map[string]any{"p": prod.ID}, &limited); err != nil {
		return nil, err
	}
	if err := s.graphql(tok, `mutation($p: ID!, $m: ID!) { createUsageLimit(input: {planID: $p, metricID: $m, period: DAY, value: 0}) { id } }`,
		map[string]any{"p": limited.CreatePlan.ID, "m": metric}, nil); err != nil {
		return nil, err
	}
	var acc struct{ CreateAccount struct{ ID string } }
	if err := s.graphql(tok, `mutation { createAccount(input: {orgName: "Bench"}) { id } }`, nil, &acc); err != nil {
		return nil, err
	}
	create := func(n int, plan string) ([]string, error) {
		var keys []string
		const batch = 50
		for done := 0; done < n; done += batch {
			var q strings.Builder
			q.WriteString("mutation($a: ID!, $p: ID!, $pl: ID!) {")
			for i := 0; i < batch && done+i < n; i++ {
				fmt.Fprintf(&q, ` a%d: createApplication(input: {name: "app %d", accountID: $a, productID: $p, planID: $pl}) { userKey }`, i, done+i)
			}
			q.WriteString("}")
			var out map[string]struct{ UserKey string }
			if err := s.graphql(tok, q.String(), map[string]any{"a": acc.CreateAccount.ID, "p": prod.ID, "pl": plan}, &out); err != nil {
				return nil, err
			}
			for _, a := range out {
				keys = append(keys, a.UserKey)
			}
		}
		return keys, nil
	}
	f := &fixture{token: prod.ServiceTokens[0].Value, serviceID: prod.ID}
	if f.userKeys, err = create(n, plan); err != nil {
		return nil, err
	}
	if f.limitedKeys, err = create(100, limited.CreatePlan.ID); err != nil {
		return nil, err
	}
	// Wait until the decision plane knows the last application.
	last := f.authPath("authorize.xml", f.limitedKeys[len(f.limitedKeys)-1])
	for i := 0; i < 100; i++ {
		if r, err := http.Get(s.base + last); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusConflict {
				return f, nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, errors.New("applications did not reach the decision plane")
}

func (f *fixture) authPath(endpoint, userKey string) string {
	v := url.Values{"service_token": {f.token}, "service_id": {f.serviceID}, "user_key": {userKey}}
	return "/transactions/" + endpoint + "?" + v.Encode() + "&usage%5Bhits%5D=1"
}

// request is one request a wrk script cycles through.
type request struct {
	method, path, body string
}

// scenario is one kind of load with the status every answer must have.
type scenario struct {
	name   string
	status int
	reqs   []request
}

func (f *fixture) scenario(name string) scenario {
	sc := scenario{name: name, status: http.StatusOK}
	get := func(endpoint string, keys []string) {
		for _, k := range keys {
			sc.reqs = append(sc.reqs, request{method: "GET", path: f.authPath(endpoint, k)})
		}
	}
	switch name {
	case "baseline":
		sc.reqs = []request{{method: "GET", path: "/bench/baseline.xml"}}
	case "authrep":
		get("authrep.xml", f.userKeys)
	case "hot":
		get("authrep.xml", f.userKeys[:1])
	case "rotation":
		get("authrep.xml", f.rotationKeys)
	case "timed":
		get("authrep.xml", f.userKeys)
		for i := range sc.reqs {
			sc.reqs[i].path += fmt.Sprintf("&log%%5Bcode%%5D=200&log%%5Bresponse_time%%5D=%d.%03d", 5+i%400, i*37%1000)
		}
	case "authorize":
		get("authorize.xml", f.userKeys)
	case "over-limit":
		sc.status = http.StatusConflict
		get("authrep.xml", f.limitedKeys)
	case "unknown":
		sc.status = http.StatusForbidden
		keys := make([]string, 1000)
		for i := range keys {
			keys[i] = fmt.Sprintf("unknown%08x", i*2654435761)
		}
		get("authrep.xml", keys)
	case "report10":
		sc.status = http.StatusAccepted
		path := "/transactions.xml?" + url.Values{"service_token": {f.token}, "service_id": {f.serviceID}}.Encode()
		for i := 0; i < len(f.userKeys); i += 10 {
			var b strings.Builder
			for j := 0; j < 10; j++ {
				if j > 0 {
					b.WriteByte('&')
				}
				k := f.userKeys[(i+j)%len(f.userKeys)]
				fmt.Fprintf(&b, "transactions%%5B%d%%5D%%5Buser_key%%5D=%s&transactions%%5B%d%%5D%%5Busage%%5D%%5Bhits%%5D=1", j, url.QueryEscape(k), j)
			}
			sc.reqs = append(sc.reqs, request{method: "POST", path: path, body: b.String()})
		}
	}
	return sc
}

type result struct {
	rps, p50, p99 float64 // req/s, ms, ms
	cpuPerReq     float64 // µs
	sleepsPerReq  float64 // the server's voluntary context switches
	bgSQL         float64 // background SQL statements per second
	perBatch      float64 // decisions per Redis script call
	total         int
	non2xx, errs  int
	// What the server's /bench/stats counted during the run.
	stats stats
}

// stats is what GET /bench/stats answers.
type stats struct {
	SQL struct {
		Background int64 `json:"background"`
		Other      int64 `json:"other"`
	} `json:"sql"`
	Redis struct {
		Batches   int64 `json:"batches"`
		Decisions int64 `json:"decisions"`
		Leases    struct {
			Local int64 `json:"local"`
		} `json:"leases"`
	} `json:"redis"`
}

func (a stats) minus(b stats) stats {
	a.SQL.Background -= b.SQL.Background
	a.SQL.Other -= b.SQL.Other
	a.Redis.Batches -= b.Redis.Batches
	a.Redis.Decisions -= b.Redis.Decisions
	a.Redis.Leases.Local -= b.Redis.Leases.Local
	return a
}

// stats reads the server's counters.
func (s *server) stats() (stats, error) {
	var st stats
	resp, err := http.Get(s.base + "/bench/stats")
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("GET /bench/stats: %s", resp.Status)
	}
	return st, json.NewDecoder(resp.Body).Decode(&st)
}

var (
	reqRe     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	latRe     = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s)`)
	non2xxRe  = regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`)
	sockErrRe = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	totalRe   = regexp.MustCompile(`(\d+) requests in`)
)

// capture names the files a measured run saves the server's CPU profile and
// runtime trace to (empty: none).
type capture struct {
	profile, allocs, trace string
}

func runWrk(s *server, o options, script string, d time.Duration, c capture) (result, string, error) {
	args := []string{"-t2", fmt.Sprintf("-c%d", o.conns), "-d" + d.String(), "--latency", "-s", script, s.base}
	name := "wrk"
	if s.pinned {
		args = append([]string{"-c", "1", "wrk", "-t1"}, args[1:]...)
		name = "taskset"
	}
	var fetches sync.WaitGroup
	fetch := func(kind, file string) {
		if file == "" || s.pprofBase == "" {
			return
		}
		fetches.Go(func() {
			if err := fetchPprof(s.pprofBase, kind, max(d-time.Second, time.Second), file); err != nil {
				fmt.Fprintf(os.Stderr, "bench: %s: %v\n", kind, err)
			}
		})
	}
	fetch("profile", c.profile)
	fetch("allocs", c.allocs)
	fetch("trace", c.trace)
	statsBefore, err := s.stats()
	if err != nil {
		return result{}, "", err
	}
	before, sleptBefore := s.cpu(), s.sleeps()
	cmd := exec.Command(name, args...)
	out, err := cmd.CombinedOutput()
	spent, slept := s.cpu()-before, s.sleeps()-sleptBefore
	statsAfter, serr := s.stats()
	fetches.Wait()
	if serr != nil {
		return result{}, "", serr
	}
	if err != nil {
		return result{}, string(out), fmt.Errorf("wrk: %v: %s", err, out)
	}
	text := string(out)
	r := result{stats: statsAfter.minus(statsBefore)}
	r.bgSQL = float64(r.stats.SQL.Background) / d.Seconds()
	if r.stats.Redis.Batches > 0 {
		// Decisions made in process under a lease count as decisions
		// per round trip too: they needed none.
		r.perBatch = float64(r.stats.Redis.Decisions+r.stats.Redis.Leases.Local) / float64(r.stats.Redis.Batches)
	}
	if m := reqRe.FindStringSubmatch(text); m != nil {
		r.rps, _ = strconv.ParseFloat(m[1], 64)
	}
	for _, m := range latRe.FindAllStringSubmatch(text, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		switch m[3] {
		case "us":
			v /= 1000
		case "s":
			v *= 1000
		}
		if m[1] == "50" {
			r.p50 = v
		} else {
			r.p99 = v
		}
	}
	if m := non2xxRe.FindStringSubmatch(text); m != nil {
		r.non2xx, _ = strconv.Atoi(m[1])
	}
	if m := sockErrRe.FindStringSubmatch(text); m != nil {
		for _, x := range m[1:] {
			n, _ := strconv.Atoi(x)
			r.errs += n
		}
	}
	if m := totalRe.FindStringSubmatch(text); m != nil {
		r.total, _ = strconv.Atoi(m[1])
		if r.total > 0 {
			r.cpuPerReq = float64(spent.Microseconds()) / float64(r.total)
			r.sleepsPerReq = float64(slept) / float64(r.total)
		}
	}
	return r, text, nil
}

// fetchPprof saves a CPU profile, the allocations or a runtime trace of the
// server (kind "profile", "allocs" or "trace") covering d.
func fetchPprof(base, kind string, d time.Duration, file string) error {
	resp, err := http.Get(fmt.Sprintf("%s/debug/pprof/%s?seconds=%d", base, kind, int(d.Seconds())))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("pprof: %s", resp.Status)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeScript writes a wrk script cycling through the scenario's requests,
// starting at a random one.
func writeScript(dir string, sc scenario) (string, error) {
	var lua strings.Builder
	lua.WriteString("local raw = {\n")
	for _, r := range sc.reqs {
		fmt.Fprintf(&lua, "  {%q, %q, %q},\n", r.method, r.path, r.body)
	}
	lua.WriteString(`}
local form = {["Content-Type"] = "application/x-www-form-urlencoded"}
local reqs, i = {}, 0
init = function(args)
  -- wrk.format needs the Host header, which wrk sets only now.
  for n, r in ipairs(raw) do
    if r[3] == "" then
      reqs[n] = wrk.format(r[1], r[2])
    else
      reqs[n] = wrk.format(r[1], r[2], form, r[3])
    end
  end
  i = math.random(#reqs)
end
request = function()
  i = i % #reqs + 1
  return reqs[i]
end
`)
	script := filepath.Join(dir, sc.name+".lua")
	return script, os.WriteFile(script, []byte(lua.String()), 0o644)
}

// check sends a sample of the scenario's requests and compares the statuses.
func check(s *server, sc scenario) error {
	for i, r := range sc.reqs {
		if i == 20 {
			break
		}
		req, _ := http.NewRequest(r.method, s.base+r.path, strings.NewReader(r.body))
		if r.body != "" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != sc.status {
			return fmt.Errorf("%s: %s %s answered %d, want %d: %s", sc.name, r.method, r.path, resp.StatusCode, sc.status, b)
		}
	}
	return nil
}

// verify fails a run whose answers are not all of the scenario's status,
// or during which the server issued SQL statements other than its
// background jobs' (decisions must be answered from memory).
func verify(sc scenario, r result, text string) error {
	want := 0
	if sc.status >= 300 {
		want = r.total // wrk counts every answer outside 2xx and 3xx
	}
	if r.errs > 0 || r.non2xx != want || r.total == 0 {
		return fmt.Errorf("%s: %d requests, %d non-2xx (want %d), %d socket errors:\n%s", sc.name, r.total, r.non2xx, want, r.errs, text)
	}
	if n := r.stats.SQL.Other; n != 0 {
		return fmt.Errorf("%s: the server issued %d SQL statements outside its background jobs during the run", sc.name, n)
	}
	return nil
}

func runMode(o options, mode string, pinned bool, sum summary) error {
	s, err := start(o, mode, pinned)
	if err != nil {
		return err
	}
	logFile := ""
	if o.logDir != "" {
		logFile = filepath.Join(o.logDir, strings.ReplaceAll(modeLabel(mode, pinned), " ", "-")+".log")
	}
	defer s.stop(logFile)
	names, label := o.scenarios, modeLabel(mode, pinned)
	if pinned {
		names = []string{"authrep"}
	}
	if mode == "in-process" {
		// The rotation measures Redis round trips; in process, 10,000 busy
		// applications make the embedded database's usage flushes and
		// counter saves the bottleneck instead.
		names = slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == "rotation" })
	}
	n := o.apps
	if slices.Contains(names, "rotation") {
		n = max(n, o.rotationApps)
	}
	f, err := provision(s, n, o.alerts)
	if err != nil {
		return err
	}
	f.rotationKeys, f.userKeys = f.userKeys, f.userKeys[:min(o.apps, len(f.userKeys))]
	base := f.scenario("baseline")
	if err := sameSize(s, f.authPath("authorize.xml", f.userKeys[0])); err != nil {
		return err
	}
	var scs []scenario
	scripts := map[string]string{}
	for _, sc := range append([]scenario{base}, scenarioList(f, names)...) {
		if err := check(s, sc); err != nil {
			return err
		}
		if scripts[sc.name], err = writeScript(s.dir, sc); err != nil {
			return err
		}
		scs = append(scs, sc)
	}
	results := map[string][]result{}
	ratios := map[string][]float64{}
	for round := 0; round < o.rounds; round++ {
		for _, sc := range scs {
			if _, _, err := runWrk(s, o, scripts[sc.name], o.warmup, capture{}); err != nil {
				return err
			}
			var c capture
			if round == o.rounds-1 {
				stem := strings.ReplaceAll(label, " ", "-") + "-" + sc.name
				if o.profileDir != "" {
					c.profile = filepath.Join(o.profileDir, stem+".pprof")
					c.allocs = filepath.Join(o.profileDir, stem+"-allocs.pprof")
				}
				if o.traceDir != "" {
					c.trace = filepath.Join(o.traceDir, stem+".trace")
				}
			}
			r, text, err := runWrk(s, o, scripts[sc.name], o.duration, c)
			if err != nil {
				return err
			}
			if err := verify(sc, r, text); err != nil {
				return err
			}
			results[sc.name] = append(results[sc.name], r)
			if sc.name != "baseline" {
				b := results["baseline"][round]
				ratios[sc.name] = append(ratios[sc.name], r.rps/b.rps)
			}
		}
		// The counters must still answer what the scenarios expect.
		for _, sc := range scs {
			if err := check(s, sc); err != nil {
				return fmt.Errorf("after round %d: %w", round+1, err)
			}
		}
		if err := s.errors(); err != nil {
			return err
		}
	}
	fmt.Printf("mode %-16s %9s %8s %8s %11s %10s %9s %9s %6s  %s\n", label, "req/s", "p50 ms", "p99 ms", "CPU µs/req", "sleeps/req", "bg SQL/s", "dec/batch", "ratio", "ratio per round")
	for _, sc := range scs {
		m := median(results[sc.name])
		r, rounds := 1.0, ""
		if sc.name != "baseline" {
			r = medianOf(ratios[sc.name])
			for _, x := range ratios[sc.name] {
				rounds += fmt.Sprintf(" %.2f", x)
			}
		}
		name := sc.name
		if sc.status != http.StatusOK {
			name += fmt.Sprintf(" (%d)", sc.status)
		}
		perBatch := "-"
		if m.perBatch > 0 {
			perBatch = fmt.Sprintf("%.1f", m.perBatch)
		}
		fmt.Printf("  %-20s %9.0f %8.2f %8.2f %11.1f %10.2f %9.0f %9s %6.2f %s\n", name, m.rps, m.p50, m.p99, m.cpuPerReq, m.sleepsPerReq, m.bgSQL, perBatch, r, rounds)
		if sum[label] == nil {
			sum[label] = map[string]measured{}
		}
		sum[label][sc.name] = measured{result: m, ratio: r}
	}
	fmt.Println()
	return nil
}

// modeLabel names a mode in the output and in file names.
func modeLabel(mode string, pinned bool) string {
	if pinned {
		return mode + " pinned"
	}
	return mode
}

func scenarioList(f *fixture, names []string) []scenario {
	var out []scenario
	for _, n := range names {
		out = append(out, f.scenario(n))
	}
	return out
}

// sameSize checks the baseline body is as large as an authrep answer.
func sameSize(s *server, path string) error {
	get := func(p string) (int, error) {
		r, err := http.Get(s.base + p)
		if err != nil {
			return 0, err
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		if r.StatusCode != 200 {
			return 0, fmt.Errorf("GET %s: %d %s", p, r.StatusCode, b)
		}
		return len(b), nil
	}
	a, err := get(path)
	if err != nil {
		return err
	}
	b, err := get("/bench/baseline.xml")
	if err != nil {
		return err
	}
	if d := a - b; d > 16 || d < -16 {
		return fmt.Errorf("baseline body is %d bytes, an authrep answer %d", b, a)
	}
	return nil
}

func medianOf(v []float64) float64 {
	v = slices.Clone(v)
	sort.Float64s(v)
	return v[len(v)/2]
}

func median(rs []result) result {
	pick := func(f func(result) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		return medianOf(v)
	}
	return result{
		rps:          pick(func(r result) float64 { return r.rps }),
		p50:          pick(func(r result) float64 { return r.p50 }),
		p99:          pick(func(r result) float64 { return r.p99 }),
		cpuPerReq:    pick(func(r result) float64 { return r.cpuPerReq }),
		sleepsPerReq: pick(func(r result) float64 { return r.sleepsPerReq }),
		bgSQL:        pick(func(r result) float64 { return r.bgSQL }),
		perBatch:     pick(func(r result) float64 { return r.perBatch }),
	}
}
