package journal

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func open(t *testing.T, dir string) *Journal {
	t.Helper()
	j, err := Open(Config{Dir: dir, SyncInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func replayAll(t *testing.T, j *Journal, after uint64) []string {
	t.Helper()
	var out []string
	if _, err := j.Replay(after, func(_ uint64, rec []byte) error {
		out = append(out, string(rec))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestConcurrentAppendsSurviveReopen appends from many goroutines (group
// commit) and reads every record back after the journal is reopened, as a
// restart after a crash would.
func TestConcurrentAppendsSurviveReopen(t *testing.T) {
	for _, size := range []int{0, 64 << 10} {
		t.Run(fmt.Sprintf("segment bytes %d", size), func(t *testing.T) {
			concurrentAppendsSurviveReopen(t, size, -1)
		})
	}
	// Every append waits for its group's fsync, across segments.
	t.Run("sync every append", func(t *testing.T) { concurrentAppendsSurviveReopen(t, 64<<10, 0) })
}

func concurrentAppendsSurviveReopen(t *testing.T, segmentBytes int, syncEvery time.Duration) {
	dir := t.TempDir()
	j, err := Open(Config{Dir: dir, SyncInterval: syncEvery, SegmentBytes: segmentBytes})
	if err != nil {
		t.Fatal(err)
	}
	const writers, each = 16, 200
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				j.Hold()
				err := j.Append(fmt.Appendf(nil, "w%d-%d-%0*d", w, i, i%300, 0))
				j.Release()
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	// No Close: the process "dies" with its records written.
	j.lock.Close()
	j2 := open(t, dir)
	defer j2.Close()
	got := replayAll(t, j2, 0)
	if len(got) != writers*each {
		t.Fatalf("replayed %d records, want %d", len(got), writers*each)
	}
	seen := map[string]bool{}
	for _, r := range got {
		if seen[r] {
			t.Fatalf("record %q replayed twice", r)
		}
		seen[r] = true
	}
	// Per writer, order is kept.
	next := map[string]int{}
	for _, r := range got {
		var w, i int
		fmt.Sscanf(r, "w%d-%d", &w, &i)
		k := fmt.Sprint(w)
		if i != next[k] {
			t.Fatalf("writer %d: record %d after %d", w, i, next[k]-1)
		}
		next[k]++
	}
}

// TestCheckpointSeparatesSavedRecords checks that a checkpoint's sealed
// segment holds exactly the records appended before it, that Replay after
// it yields only later ones, and that Remove deletes sealed segments only.
func TestCheckpointSeparatesSavedRecords(t *testing.T) {
	dir := t.TempDir()
	j := open(t, dir)
	for _, r := range []string{"a", "b"} {
		if err := j.Append([]byte(r)); err != nil {
			t.Fatal(err)
		}
	}
	snapshots := 0
	sealed, err := j.Checkpoint(func() { snapshots++ })
	if err != nil || snapshots != 1 {
		t.Fatalf("checkpoint: %v, %d snapshots", err, snapshots)
	}
	if err := j.Append([]byte("c")); err != nil {
		t.Fatal(err)
	}
	// An idle checkpoint seals nothing new.
	again, err := j.Checkpoint(func() {})
	if err != nil || again != sealed+1 {
		t.Fatalf("second checkpoint sealed %d (%v), want %d", again, err, sealed+1)
	}
	idle, _ := j.Checkpoint(func() {})
	if idle != again {
		t.Fatalf("idle checkpoint sealed %d, want %d", idle, again)
	}
	if err := j.Remove(sealed); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j2 := open(t, dir)
	defer j2.Close()
	if got := replayAll(t, j2, 0); fmt.Sprint(got) != "[c]" {
		t.Fatalf("after removing the first sealed segment, replay = %v, want [c]", got)
	}
	if got := replayAll(t, j2, again); len(got) != 0 {
		t.Fatalf("replay after the saved segment = %v, want nothing", got)
	}
}

// TestTornTailIsDropped cuts the last record short, and damages a record
// in the middle as a copy interrupted by a crash leaves it: replay drops
// those (never acknowledged) and keeps every other record.
func TestTornTailIsDropped(t *testing.T) {
	dir := t.TempDir()
	j := open(t, dir)
	for _, r := range []string{"one", "two", "three"} {
		if err := j.Append([]byte(r)); err != nil {
			t.Fatal(err)
		}
	}
	seg := j.Current()
	j.Close()
	path := filepath.Join(dir, segmentName(seg))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b[:len(b)-2], 0o600); err != nil {
		t.Fatal(err)
	}
	j2 := open(t, dir)
	if got := replayAll(t, j2, 0); fmt.Sprint(got) != "[one two]" {
		t.Fatalf("replay of a torn segment = %v, want [one two]", got)
	}
	j2.Close()
	b[headerSize] ^= 0xff // the first record's bytes, as if still being copied
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	j3 := open(t, dir)
	if got := replayAll(t, j3, 0); fmt.Sprint(got) != "[two three]" {
		t.Fatalf("replay past an incomplete record = %v, want [two three]", got)
	}
	j3.Close()
	clear(b[4:8]) // its checksum not written yet either
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	j4 := open(t, dir)
	defer j4.Close()
	if got := replayAll(t, j4, 0); fmt.Sprint(got) != "[two three]" {
		t.Fatalf("replay past a record without checksum = %v, want [two three]", got)
	}
}

// TestReservedRecordDoesNotHideLaterOnes reserves a record and, before its
// bytes are copied, completes a later one, then "crashes": the later,
// acknowledged record replays; the reserved one does not.
func TestReservedRecordDoesNotHideLaterOnes(t *testing.T) {
	dir := t.TempDir()
	j := open(t, dir)
	if err := j.Append([]byte("first")); err != nil {
		t.Fatal(err)
	}
	// Reserve the way Append does, without copying.
	j.mu.Lock()
	s := j.cur
	binary.LittleEndian.PutUint32(s.m[s.off:], uint32(len("reserved")))
	s.off += headerSize + len("reserved")
	j.mu.Unlock()
	if err := j.Append([]byte("later")); err != nil {
		t.Fatal(err)
	}
	j.lock.Close() // the process dies
	j2 := open(t, dir)
	defer j2.Close()
	if got := replayAll(t, j2, 0); fmt.Sprint(got) != "[first later]" {
		t.Fatalf("replay = %v, want [first later]", got)
	}
}

// TestOneProcessPerDirectory refuses a second journal on the same
// directory while the first is open.
func TestOneProcessPerDirectory(t *testing.T) {
	dir := t.TempDir()
	j := open(t, dir)
	if _, err := Open(Config{Dir: dir}); err == nil {
		t.Fatal("a second journal opened the same directory")
	}
	id := j.ID()
	j.Close()
	j2 := open(t, dir)
	defer j2.Close()
	if j2.ID() != id {
		t.Fatalf("journal id changed across reopen: %q, then %q", id, j2.ID())
	}
}

// TestAppendAfterCloseFails keeps a closed journal from acknowledging.
func TestAppendAfterCloseFails(t *testing.T) {
	j := open(t, t.TempDir())
	j.Close()
	if err := j.Append([]byte("x")); err != ErrClosed {
		t.Fatalf("append after close: %v, want ErrClosed", err)
	}
}

// TestFullSegmentsRotate appends more than a segment holds: the journal
// starts new segments by itself, and every record replays once, in order,
// whether its segment was sealed or still open when the process ended.
func TestFullSegmentsRotate(t *testing.T) {
	dir := t.TempDir()
	j, err := Open(Config{Dir: dir, SyncInterval: -1, SegmentBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	rec := make([]byte, 1000)
	const n = 500
	for i := range n {
		copy(rec, fmt.Sprintf("%08d", i))
		if i == n/2 { // a record larger than a segment gets one of its own
			big := make([]byte, 200<<10)
			copy(big, rec)
			if err := j.Append(big); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := j.Append(rec); err != nil {
			t.Fatal(err)
		}
	}
	if segs, _ := j.Segments(); len(segs) < 3 {
		t.Fatalf("%d segments after %d KB of records in 64 KiB segments, want at least 3", len(segs), n+200)
	}
	j.lock.Close() // the process ends without closing the journal
	j2 := open(t, dir)
	defer j2.Close()
	got := replayAll(t, j2, 0)
	if len(got) != n {
		t.Fatalf("replayed %d records, want %d", len(got), n)
	}
	for i, r := range got {
		if r[:8] != fmt.Sprintf("%08d", i) {
			t.Fatalf("record %d replayed as %q", i, r[:8])
		}
		if want := 1000 + (200<<10-1000)*btoi(i == n/2); len(r) != want {
			t.Fatalf("record %d replayed with %d bytes, want %d", i, len(r), want)
		}
	}
}

// TestSyncEveryAppend runs the fsync-per-group mode under concurrency.
func TestSyncEveryAppend(t *testing.T) {
	dir := t.TempDir()
	j, err := Open(Config{Dir: dir, SyncInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				if err := j.Append(fmt.Appendf(nil, "%d-%d", w, i)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	j.Close()
	j2 := open(t, dir)
	defer j2.Close()
	if got := replayAll(t, j2, 0); len(got) != 160 {
		t.Fatalf("replayed %d records, want 160", len(got))
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// FuzzReplay replays arbitrary bytes as a segment: it never panics, ends,
// and hands over only records whose checksum matches.
func FuzzReplay(f *testing.F) {
	dir := f.TempDir()
	j, err := Open(Config{Dir: dir, SyncInterval: -1})
	if err != nil {
		f.Fatal(err)
	}
	for _, r := range []string{"one", "two", "three"} {
		if err := j.Append([]byte(r)); err != nil {
			f.Fatal(err)
		}
	}
	seg := j.Current()
	j.Close()
	good, err := os.ReadFile(filepath.Join(dir, segmentName(seg)))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte{})
	f.Add([]byte{1, 0, 0, 0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		for off := 0; off < len(b); {
			rec, next, st := decodeRecord(b, seg, off)
			if st == recordEnd || st == recordCut {
				break
			}
			if next <= off || next > len(b) {
				t.Fatalf("next record at %d after %d (of %d)", next, off, len(b))
			}
			if st == recordOK && !checks(seg, rec, binary.LittleEndian.Uint32(b[off+4:])) {
				t.Fatal("a record with a wrong checksum was accepted")
			}
			off = next
		}
	})
}

// TestReusedSegmentForgetsOldRecords saves a segment, lets the journal
// write its file again as a later segment, and "crashes": the records left
// from the file's first use are not replayed.
func TestReusedSegmentForgetsOldRecords(t *testing.T) {
	dir := t.TempDir()
	j, err := Open(Config{Dir: dir, SyncInterval: -1, SegmentBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		if err := j.Append(fmt.Appendf(nil, "old-%03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	first, err := j.Checkpoint(func() {})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Remove(first); err != nil {
		t.Fatal(err)
	}
	if len(j.free) != 1 {
		t.Fatalf("%d files kept for reuse after removing a saved segment, want 1", len(j.free))
	}
	if err := j.Append([]byte("second")); err != nil {
		t.Fatal(err)
	}
	second, err := j.Checkpoint(func() {})
	if err != nil {
		t.Fatal(err)
	}
	if len(j.free) != 0 {
		t.Fatalf("the kept file was not reused: %v", j.free)
	}
	// As long as an old record: the next old one starts where it ends.
	if err := j.Append([]byte("new-000")); err != nil {
		t.Fatal(err)
	}
	j.lock.Close() // the process dies
	j2 := open(t, dir)
	defer j2.Close()
	if got := replayAll(t, j2, second); fmt.Sprint(got) != "[new-000]" {
		t.Fatalf("replay of the reused segment = %v, want [new]", got)
	}
}

// TestUnseededRecordsReplay replays a segment written before checksums
// were seeded with the segment number.
func TestUnseededRecordsReplay(t *testing.T) {
	dir := t.TempDir()
	var b []byte
	for _, r := range []string{"a", "bb"} {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(r)))
		b = binary.LittleEndian.AppendUint32(b, crc32.Checksum([]byte(r), castagnoli))
		b = append(b, r...)
	}
	if err := os.WriteFile(filepath.Join(dir, segmentName(7)), b, 0o600); err != nil {
		t.Fatal(err)
	}
	j := open(t, dir)
	defer j.Close()
	if got := replayAll(t, j, 0); fmt.Sprint(got) != "[a bb]" {
		t.Fatalf("replay of an unseeded segment = %v, want [a bb]", got)
	}
	if err := j.Remove(7); err != nil {
		t.Fatal(err)
	}
	if len(j.free) != 0 {
		t.Fatal("a segment written before seeded checksums was kept for reuse")
	}
}

// TestPopulateFollowsTheLastSegment checks that a new segment's pages are
// mapped in ahead of the appends only as far as the previous segment
// reached: all of a busy journal's next segment, the least amount of a
// quiet one's (the advice dirties the pages, and a sync writes them).
// Pages mapped in take no page fault when written.
func TestPopulateFollowsTheLastSegment(t *testing.T) {
	j, err := Open(Config{Dir: t.TempDir(), SyncInterval: -1, SegmentBytes: 4 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	page := os.Getpagesize()
	// faults writes a zero into every page of the current segment's
	// [from, to), as a record would, and counts the page faults it took.
	faults := func(from, to int) int {
		t.Helper()
		j.mu.Lock()
		s := j.cur
		j.mu.Unlock()
		<-s.populated
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		var before, after syscall.Rusage
		if err := syscall.Getrusage(rusageThread, &before); err != nil {
			t.Fatal(err)
		}
		for i := from; i < to; i += page {
			s.m[i] = 0
		}
		if err := syscall.Getrusage(rusageThread, &after); err != nil {
			t.Fatal(err)
		}
		return int(after.Minflt - before.Minflt + after.Majflt - before.Majflt)
	}
	// A quiet journal: the first segment follows an empty one.
	if n := faults(page, populateMin); n > 4 {
		if unix.Madvise(j.cur.m[:page], unix.MADV_POPULATE_WRITE) != nil {
			t.Skip("this kernel does not populate mappings (MADV_POPULATE_WRITE, Linux 5.14)")
		}
		t.Fatalf("writing the first %d bytes of a new segment took %d page faults, want none", populateMin, n)
	}
	if n := faults(populateMin, 1<<20); n < (1<<20-populateMin)/page/2 {
		t.Fatalf("writing beyond the first %d bytes of a segment after an empty one took %d page faults: it was mapped in too far", populateMin, n)
	}
	// A busy one: 3 MiB of records, then a checkpoint starts the next.
	rec := make([]byte, 64<<10)
	for range 48 {
		if err := j.Append(rec); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := j.Checkpoint(func() {}); err != nil {
		t.Fatal(err)
	}
	if n := faults(0, 4<<20); n > 4 {
		t.Fatalf("writing a segment after 3 MiB of records took %d page faults, want none", n)
	}
}

// rusageThread is Linux's RUSAGE_THREAD.
const rusageThread = 1

// TestCheckpointSealsInTheBackground checks that the segment a checkpoint
// retires is cut to its records once sealed (in the background), that
// Remove waits for that, and that a sync-every-write journal seals it
// before the checkpoint returns.
func TestCheckpointSealsInTheBackground(t *testing.T) {
	for _, every := range []time.Duration{-1, time.Hour, 0} {
		t.Run(fmt.Sprint("sync ", every), func(t *testing.T) {
			dir := t.TempDir()
			j, err := Open(Config{Dir: dir, SyncInterval: every})
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close()
			if err := j.Append([]byte("abc")); err != nil {
				t.Fatal(err)
			}
			sealed, err := j.Checkpoint(func() {})
			if err != nil {
				t.Fatal(err)
			}
			size := func() int64 {
				t.Helper()
				fi, err := os.Stat(filepath.Join(dir, segmentName(sealed)))
				if err != nil {
					t.Fatal(err)
				}
				return fi.Size()
			}
			if every == 0 {
				if got := size(); got != headerSize+3 {
					t.Fatalf("sealed segment of %d bytes right after the checkpoint, want %d", got, headerSize+3)
				}
			}
			j.mu.Lock()
			for j.sealing > 0 {
				j.sealed.Wait()
			}
			j.mu.Unlock()
			if got := size(); got != headerSize+3 {
				t.Fatalf("sealed segment of %d bytes, want %d", got, headerSize+3)
			}
			if err := j.Remove(sealed); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(dir, segmentName(sealed))); !os.IsNotExist(err) {
				t.Fatalf("the sealed segment is still there after Remove: %v", err)
			}
		})
	}
}
