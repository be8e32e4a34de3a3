package counter

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// BenchmarkDecideConcurrent runs authrep-like decisions (one day limit,
// one increment) from 64 goroutines over 1,000 scopes, as 64 gateway
// connections would. Besides ns/op it reports this process's CPU time per
// decision and, for Redis, the Redis server's.
func BenchmarkDecideConcurrent(b *testing.B) {
	for _, f := range []struct {
		name string
		make func(b *testing.B) Store
	}{
		{"memory", func(b *testing.B) Store {
			m, err := NewMemory(MemoryConfig{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = m.Close() })
			return m
		}},
		{"redis", func(b *testing.B) Store { return NewTestRedis(b) }},
	} {
		b.Run(f.name, func(b *testing.B) {
			s := f.make(b)
			limits := []Limit{{Metric: "1", Period: Day, Max: 1 << 60}}
			usage := []Delta{{Metric: "1", Value: 1, Periods: PeriodSet(0).With(Day)}}
			redisCPU := func() time.Duration { return 0 }
			if r, ok := s.(*Redis); ok {
				redisCPU = func() time.Duration { return serverCPU(b, r) }
			}
			b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
			cpu0, rcpu0 := processCPU(), redisCPU()
			b.ResetTimer()
			var next atomic.Int64
			b.RunParallel(func(pb *testing.PB) {
				d := &Decision{Limits: limits, Usage: usage, HasUsage: true, Commit: true}
				var r Result
				for pb.Next() {
					d.Scope = Scope{Service: "1001", Application: "app" + strconv.Itoa(int(next.Add(1)%1000))}
					d.At = time.Now()
					if err := s.Decide(context.Background(), d, &r); err != nil || !r.Admitted {
						b.Errorf("decide: %v admitted=%v", err, r.Admitted)
						return
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
			if rc := redisCPU() - rcpu0; rc > 0 {
				b.ReportMetric(float64(rc.Nanoseconds())/float64(b.N), "redis-cpu-ns/op")
			}
		})
	}
}

// processCPU is the CPU time this process used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serverCPU is the CPU time the Redis server used so far.
func serverCPU(b *testing.B, r *Redis) time.Duration {
	info, err := r.client.Info(context.Background(), "cpu").Result()
	if err != nil {
		b.Fatal(err)
	}
	var total float64
	for _, line := range strings.Split(info, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok && (k == "used_cpu_sys" || k == "used_cpu_user") {
			f, _ := strconv.ParseFloat(v, 64)
			total += f
		}
	}
	return time.Duration(total * float64(time.Second))
}
