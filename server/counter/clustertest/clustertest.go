// Package clustertest runs a Redis Cluster of its own on loopback ports for
// tests: three masters, each with one replica, started from the
// redis-server and redis-cli binaries and stopped with the test binary. It
// never touches any other Redis.
//
// Tests skip when the binaries are not on PATH, unless
// PORTICO_TEST_REDIS_CLUSTER is "required", when they fail instead; "off"
// skips them.
package clustertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cluster is a running Redis Cluster.
type Cluster struct {
	dir   string
	nodes []*node
}

type node struct {
	port int
	cmd  *exec.Cmd
	done chan struct{}
}

func (n *node) addr() string { return "127.0.0.1:" + strconv.Itoa(n.port) }

const (
	masters  = 3
	replicas = 1 // per master
)

// URL names every node in go-redis's cluster URL form, as
// PORTICO_REDIS_URL does with PORTICO_REDIS_CLUSTER=true.
func (c *Cluster) URL() string {
	var b strings.Builder
	b.WriteString("redis://" + c.nodes[0].addr())
	for i, n := range c.nodes[1:] {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString("addr=" + n.addr())
	}
	return b.String()
}

var (
	shared     *Cluster
	sharedErr  error
	sharedOnce sync.Once
)

// Shared returns the package's cluster, started on first use; the test
// binary's TestMain stops it with StopShared. Tests sharing it use key
// prefixes of their own and must not change its topology.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	skipWithoutBinaries(t)
	sharedOnce.Do(func() { shared, sharedErr = start() })
	if sharedErr != nil {
		t.Fatalf("redis cluster: %v", sharedErr)
	}
	return shared
}

// StopShared stops the shared cluster if one was started.
func StopShared() {
	if shared != nil {
		shared.Stop()
	}
}

// Start starts a cluster for one test, stopped when the test ends.
func Start(t testing.TB) *Cluster {
	t.Helper()
	skipWithoutBinaries(t)
	c, err := start()
	if err != nil {
		t.Fatalf("redis cluster: %v", err)
	}
	t.Cleanup(c.Stop)
	return c
}

// available reports whether a cluster can be started here.
func available() bool {
	_, e1 := exec.LookPath("redis-server")
	_, e2 := exec.LookPath("redis-cli")
	return e1 == nil && e2 == nil
}

func skipWithoutBinaries(t testing.TB) {
	t.Helper()
	switch os.Getenv("PORTICO_TEST_REDIS_CLUSTER") {
	case "off":
		t.Skip("PORTICO_TEST_REDIS_CLUSTER=off")
	case "required":
		if !available() {
			t.Fatal("PORTICO_TEST_REDIS_CLUSTER=required, but redis-server or redis-cli is not on PATH")
		}
	}
	if available() {
		return
	}
	t.Skip("redis-server and redis-cli are not on PATH: the Redis Cluster tests need them")
}

func start() (*Cluster, error) {
	dir, err := os.MkdirTemp("", "portico-redis-cluster-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir}
	if err := c.launch(); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

func (c *Cluster) launch() error {
	total := masters * (1 + replicas)
	ports, err := freePorts(2 * total)
	if err != nil {
		return err
	}
	for i := range total {
		port, bus := ports[2*i], ports[2*i+1]
		cmd := exec.Command("redis-server",
			"--port", strconv.Itoa(port), "--cluster-port", strconv.Itoa(bus),
			"--bind", "127.0.0.1", "--cluster-enabled", "yes",
			"--cluster-config-file", fmt.Sprintf("nodes-%d.conf", port),
			"--cluster-node-timeout", "2000", "--dir", c.dir,
			"--save", "", "--appendonly", "no",
			"--logfile", filepath.Join(c.dir, fmt.Sprintf("redis-%d.log", port)))
		dieWithParent(cmd)
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("start redis-server: %w", err)
		}
		n := &node{port: port, cmd: cmd, done: make(chan struct{})}
		go func() { _ = cmd.Wait(); close(n.done) }()
		c.nodes = append(c.nodes, n)
	}
	for _, n := range c.nodes {
		if err := c.await(n.addr()+" answers", func(ctx context.Context, r *redis.Client) (bool, error) {
			return r.Ping(ctx).Err() == nil, nil
		}, n); err != nil {
			return err
		}
	}
	args := []string{"--cluster", "create"}
	for _, n := range c.nodes {
		args = append(args, n.addr())
	}
	args = append(args, "--cluster-replicas", strconv.Itoa(replicas), "--cluster-yes")
	if out, err := exec.Command("redis-cli", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("redis-cli --cluster create: %w\n%s", err, out)
	}
	return c.Settle()
}

// Settle waits until every node reports the cluster healthy with all of
// its nodes known, every replica in sync with its master.
func (c *Cluster) Settle() error {
	for _, n := range c.nodes {
		err := c.await(n.addr()+" sees a healthy cluster", func(ctx context.Context, r *redis.Client) (bool, error) {
			info, err := r.ClusterInfo(ctx).Result()
			if err != nil {
				return false, nil
			}
			if !strings.Contains(info, "cluster_state:ok") || !strings.Contains(info, "cluster_known_nodes:"+strconv.Itoa(len(c.nodes))) {
				return false, nil
			}
			repl, err := r.Info(ctx, "replication").Result()
			if err != nil {
				return false, nil
			}
			if strings.Contains(repl, "role:slave") {
				return strings.Contains(repl, "master_link_status:up"), nil
			}
			return strings.Contains(repl, "connected_slaves:"+strconv.Itoa(replicas)), nil
		}, n)
		if err != nil {
			return err
		}
	}
	return nil
}

// await polls cond on node n for up to 30 s.
func (c *Cluster) await(what string, cond func(context.Context, *redis.Client) (bool, error), n *node) error {
	r := redis.NewClient(&redis.Options{Addr: n.addr(), MaxRetries: -1, DialTimeout: time.Second})
	defer r.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-n.done:
			return fmt.Errorf("redis-server on %s exited: %s", n.addr(), c.logTail(n))
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		ok, err := cond(ctx, r)
		cancel()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out waiting until %s: %s", what, c.logTail(n))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (c *Cluster) logTail(n *node) string {
	b, _ := os.ReadFile(filepath.Join(c.dir, fmt.Sprintf("redis-%d.log", n.port)))
	if i := len(b) - 2000; i > 0 {
		b = b[i:]
	}
	return string(bytes.TrimSpace(b))
}

// Failover promotes the replica of the master that holds key's hash slot
// with CLUSTER FAILOVER (the manual failover, which loses no acknowledged
// write), waits until the cluster is healthy again and returns the old and
// the new master's addresses.
func (c *Cluster) Failover(ctx context.Context, key string) (from, to string, err error) {
	cc := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{c.nodes[0].addr()}})
	defer cc.Close()
	slot, err := cc.ClusterKeySlot(ctx, key).Result()
	if err != nil {
		return "", "", err
	}
	shards, err := cc.ClusterShards(ctx).Result()
	if err != nil {
		return "", "", err
	}
	for _, sh := range shards {
		for _, r := range sh.Slots {
			if r.Start > slot || slot > r.End {
				continue
			}
			for _, n := range sh.Nodes {
				if n.Role == "master" {
					from = net.JoinHostPort(n.IP, strconv.FormatInt(n.Port, 10))
				}
			}
		}
	}
	if from == "" {
		return "", "", fmt.Errorf("no node serves slot %d", slot)
	}
	// The master's own replication section names its replica; other
	// nodes learn of it by gossip.
	master := redis.NewClient(&redis.Options{Addr: from})
	repl, err := master.Info(ctx, "replication").Result()
	_ = master.Close()
	if err != nil {
		return "", "", err
	}
	for _, line := range strings.Split(repl, "\n") {
		if !strings.HasPrefix(line, "slave0:") {
			continue
		}
		for _, field := range strings.Split(strings.TrimSpace(strings.TrimPrefix(line, "slave0:")), ",") {
			if port, ok := strings.CutPrefix(field, "port="); ok {
				to = "127.0.0.1:" + port
			}
		}
	}
	if to == "" {
		return "", "", fmt.Errorf("the master %s of slot %d has no replica: %s", from, slot, repl)
	}
	replica := redis.NewClient(&redis.Options{Addr: to})
	defer replica.Close()
	if err := replica.ClusterFailover(ctx).Err(); err != nil {
		return "", "", fmt.Errorf("CLUSTER FAILOVER on %s: %w", to, err)
	}
	for _, n := range c.nodes {
		if n.addr() != to {
			continue
		}
		if err := c.await(to+" is a master", func(ctx context.Context, r *redis.Client) (bool, error) {
			repl, err := r.Info(ctx, "replication").Result()
			return err == nil && strings.Contains(repl, "role:master"), nil
		}, n); err != nil {
			return "", "", err
		}
	}
	return from, to, c.Settle()
}

// ForEachMaster runs fn on a client of each master.
func (c *Cluster) ForEachMaster(ctx context.Context, fn func(*redis.Client) error) error {
	var errs []error
	for _, n := range c.nodes {
		r := redis.NewClient(&redis.Options{Addr: n.addr()})
		repl, err := r.Info(ctx, "replication").Result()
		if err == nil && strings.Contains(repl, "role:master") {
			err = fn(r)
		}
		errs = append(errs, err, r.Close())
	}
	return errors.Join(errs...)
}

// DeletePrefix deletes the keys starting with prefix from every master: a
// test's own keys, when it ends.
func (c *Cluster) DeletePrefix(ctx context.Context, prefix string) error {
	return c.ForEachMaster(ctx, func(r *redis.Client) error { return DeletePrefixOn(ctx, r, prefix) })
}

// DeletePrefixOn deletes the keys starting with prefix from the one node r
// is a client of.
func DeletePrefixOn(ctx context.Context, r *redis.Client, prefix string) error {
	pipe := r.Pipeline()
	iter := r.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	for iter.Next(ctx) {
		pipe.Del(ctx, iter.Val())
	}
	if err := iter.Err(); err != nil || pipe.Len() == 0 {
		return err
	}
	_, err := pipe.Exec(ctx)
	return err
}

// MasterOf returns the address of the master serving key's hash slot.
func (c *Cluster) MasterOf(ctx context.Context, key string) (string, error) {
	addr := ""
	err := c.ForEachMaster(ctx, func(r *redis.Client) error {
		if r.Exists(ctx, key).Err() == nil { // the others answer MOVED
			addr = r.Options().Addr
		}
		return nil
	})
	if err == nil && addr == "" {
		err = fmt.Errorf("no master serves %q", key)
	}
	return addr, err
}

// Stop kills every node and removes their files.
func (c *Cluster) Stop() {
	for _, n := range c.nodes {
		_ = n.cmd.Process.Kill()
		<-n.done
	}
	c.nodes = nil
	_ = os.RemoveAll(c.dir)
}

// freePorts finds n loopback ports no one listens on (the cluster bus
// ports among them).
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	var ports []int
	for len(ports) < n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
