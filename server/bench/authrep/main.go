// Command authrep benchmarks the Service Management API of a real portico
// binary against a baseline endpoint of the same server that returns a static
// XML body of the same size, in interleaved rounds, in the embedded
// (in-process counters) and Redis modes. It prints req/s, p50, p99, the ratio
// to the baseline and server CPU time per request. Load comes from wrk.
//
//	go run ./server/bench/authrep -bin bin/portico [-apps 1000] [-duration 10s] [-rounds 3]
package main

import (
	"bufio"
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
	"sort"
	"strconv"
	"strings"
	"time"
)

type options struct {
	bin, redisURL       string
	apps, conns, rounds int
	duration, warmup    time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "bin/portico", "portico binary")
	flag.StringVar(&o.redisURL, "redis", envOr("PORTICO_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"), "Redis URL for the Redis mode (empty: skip it)")
	flag.IntVar(&o.apps, "apps", 1000, "applications to spread the load over")
	flag.IntVar(&o.conns, "connections", 64, "concurrent connections")
	flag.IntVar(&o.rounds, "rounds", 3, "interleaved rounds per scenario")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "length of one measured run")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "warm-up before each run")
	flag.Parse()
	if _, err := exec.LookPath("wrk"); err != nil {
		fail(errors.New("wrk not found (apt-get install wrk)"))
	}
	modes := []string{"in-process"}
	if o.redisURL != "" {
		modes = append(modes, "redis")
	}
	fmt.Printf("authrep benchmark: %d applications, %d connections, %d rounds of %s (warm-up %s), usage[hits]=1\n\n",
		o.apps, o.conns, o.rounds, o.duration, o.warmup)
	for _, mode := range modes {
		if err := runMode(o, mode); err != nil {
			fail(fmt.Errorf("%s: %w", mode, err))
		}
	}
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
	cmd  *exec.Cmd
	base string
	dir  string
	log  *bytes.Buffer
}

func start(o options, mode string) (*server, error) {
	dir, err := os.MkdirTemp("", "portico-bench-")
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(o.bin)
	env := append(os.Environ(),
		"PORTICO_DATA_DIR="+dir, "PORTICO_ADDR="+addr, "PORTICO_ADMIN_PASSWORD=Bench-pass-1",
		"PORTICO_DATABASE_URL=", "PORTICO_LOG_LEVEL=warn", "PORTICO_BENCH_BASELINE=1",
		"PORTICO_REDIS_PREFIX=portico_bench_"+strconv.FormatInt(time.Now().UnixNano(), 36)+":")
	if mode == "redis" {
		env = append(env, "PORTICO_REDIS_URL="+o.redisURL)
	} else {
		env = append(env, "PORTICO_REDIS_URL=")
	}
	cmd.Env = env
	log := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, dir: dir, log: log}
	for i := 0; i < 200; i++ {
		if resp, err := http.Get(s.base + "/healthz"); err == nil {
			resp.Body.Close()
			return s, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("server did not start: %s", log)
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	_ = s.cmd.Wait()
	os.RemoveAll(s.dir)
}

// cpu returns the server's consumed CPU time.
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

// provision creates the applications on the default product's Basic plan,
// with a day limit far above what the run sends, and returns their paths.
func provision(s *server, n int) ([]string, error) {
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
	var acc struct{ CreateAccount struct{ ID string } }
	if err := s.graphql(tok, `mutation { createAccount(input: {orgName: "Bench"}) { id } }`, nil, &acc); err != nil {
		return nil, err
	}
	var paths []string
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
			v := url.Values{"service_token": {prod.ServiceTokens[0].Value}, "service_id": {prod.ID}, "user_key": {a.UserKey}}
			paths = append(paths, "/transactions/authrep.xml?"+v.Encode()+"&usage%5Bhits%5D=1")
		}
	}
	// Wait until the decision plane knows the last application.
	last := strings.Replace(paths[len(paths)-1], "authrep.xml", "authorize.xml", 1)
	for i := 0; i < 100; i++ {
		if r, err := http.Get(s.base + last); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return paths, nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, errors.New("applications did not reach the decision plane")
}

type result struct {
	rps, p50, p99 float64 // req/s, ms, ms
	cpuPerReq     float64 // µs
	non2xx, errs  int
}

var (
	reqRe     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	latRe     = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s)`)
	non2xxRe  = regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`)
	sockErrRe = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	totalRe   = regexp.MustCompile(`(\d+) requests in`)
)

func runWrk(s *server, o options, script string, d time.Duration) (result, string, error) {
	before := s.cpu()
	cmd := exec.Command("wrk", "-t2", fmt.Sprintf("-c%d", o.conns), "-d"+d.String(), "--latency", "-s", script, s.base)
	out, err := cmd.CombinedOutput()
	spent := s.cpu() - before
	if err != nil {
		return result{}, string(out), fmt.Errorf("wrk: %v: %s", err, out)
	}
	text := string(out)
	var r result
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
		total, _ := strconv.ParseFloat(m[1], 64)
		if total > 0 {
			r.cpuPerReq = float64(spent.Microseconds()) / total
		}
	}
	return r, text, nil
}

func writeScript(dir, name string, paths []string) (string, error) {
	list := filepath.Join(dir, name+".txt")
	f, err := os.Create(list)
	if err != nil {
		return "", err
	}
	w := bufio.NewWriter(f)
	for _, p := range paths {
		fmt.Fprintln(w, p)
	}
	w.Flush()
	f.Close()
	script := filepath.Join(dir, name+".lua")
	lua := fmt.Sprintf(`local paths = {}
for line in io.lines(%q) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
`, list)
	return script, os.WriteFile(script, []byte(lua), 0o644)
}

func runMode(o options, mode string) error {
	s, err := start(o, mode)
	if err != nil {
		return err
	}
	defer s.stop()
	paths, err := provision(s, o.apps)
	if err != nil {
		return err
	}
	authrep, err := writeScript(s.dir, "authrep", paths)
	if err != nil {
		return err
	}
	baseline, err := writeScript(s.dir, "baseline", []string{"/bench/baseline.xml"})
	if err != nil {
		return err
	}
	if err := sameSize(s, paths[0]); err != nil {
		return err
	}
	var base, real []result
	for round := 0; round < o.rounds; round++ {
		for _, sc := range []struct {
			script string
			into   *[]result
		}{{baseline, &base}, {authrep, &real}} {
			if _, _, err := runWrk(s, o, sc.script, o.warmup); err != nil {
				return err
			}
			r, text, err := runWrk(s, o, sc.script, o.duration)
			if err != nil {
				return err
			}
			if r.non2xx > 0 || r.errs > 0 {
				return fmt.Errorf("run had %d non-2xx responses and %d socket errors:\n%s", r.non2xx, r.errs, text)
			}
			*sc.into = append(*sc.into, r)
		}
	}
	b, a := median(base), median(real)
	fmt.Printf("mode %-10s %12s %9s %9s %12s %10s\n", mode, "req/s", "p50 ms", "p99 ms", "CPU µs/req", "ratio")
	fmt.Printf("  %-18s %12.0f %9.2f %9.2f %12.1f %10s\n", "baseline (static)", b.rps, b.p50, b.p99, b.cpuPerReq, "1.00")
	fmt.Printf("  %-18s %12.0f %9.2f %9.2f %12.1f %10.2f\n", "authrep", a.rps, a.p50, a.p99, a.cpuPerReq, a.rps/b.rps)
	for i := range real {
		fmt.Printf("    round %d: baseline %.0f req/s, authrep %.0f req/s, ratio %.2f\n", i+1, base[i].rps, real[i].rps, real[i].rps/base[i].rps)
	}
	fmt.Println()
	return nil
}

// sameSize checks the baseline body is as large as an authrep answer.
func sameSize(s *server, path string) error {
	get := func(p string) (int, error) {
		r, err := http.Get(s.base + strings.Replace(p, "authrep.xml", "authorize.xml", 1))
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

func median(rs []result) result {
	pick := func(f func(result) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		sort.Float64s(v)
		return v[len(v)/2]
	}
	return result{
		rps:       pick(func(r result) float64 { return r.rps }),
		p50:       pick(func(r result) float64 { return r.p50 }),
		p99:       pick(func(r result) float64 { return r.p99 }),
		cpuPerReq: pick(func(r result) float64 { return r.cpuPerReq }),
	}
}
