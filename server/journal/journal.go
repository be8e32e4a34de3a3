package journal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/portico-apim/portico/server/secret"
)

// Config configures a journal.
type Config struct {
	// Dir holds the segments; it is created when missing.
	Dir string
	// SyncInterval is how often written records are flushed to the disk
	// (fsync). Zero syncs every group write before it is acknowledged;
	// negative never syncs (the operating system decides).
	SyncInterval time.Duration
	// SegmentBytes is the size a segment is allocated with (it is cut to
	// what it holds when sealed); 0 means 8 MiB. A full segment is sealed
	// and a new one started.
	SegmentBytes int
	Logger       *slog.Logger
}

// Journal is an append-only log of records in segment files. A segment is
// allocated on disk and mapped into memory (shared), so Append copies its
// record into the operating system's page cache without a system call:
// once Append returns the record survives a crash of the process. With
// SyncInterval 0 it also waits for the disk, and concurrent appends share
// one fsync (group commit).
//
// A record is laid out as its length, its CRC-32C and its bytes. Under the
// journal's lock an append only reserves its place and writes the length;
// the bytes and then the checksum are copied after the lock is released, so
// that the page fault of a first write to a page of the mapping is not
// paid by every concurrent caller. A reader walks the records by length
// and skips one whose checksum does not match: a record still being copied
// when the process died was never acknowledged, while a later one may have
// been.
//
// Consumers that keep journaled state in memory (counters, rollups) save
// it with Checkpoint: under an exclusive hold the journal starts a new
// segment and the consumer takes its snapshot, so the snapshot holds exactly
// the records of the sealed segments. Writers of records take a shared hold
// (Hold/Release) around changing that state and appending its record.
type Journal struct {
	cfg  Config
	log  *slog.Logger
	id   string
	lock *os.File

	hold sync.RWMutex

	mu       sync.Mutex
	synced   *sync.Cond
	copied   *sync.Cond      // copying dropped to zero
	copying  int             // records reserved and not yet copied, with SyncInterval 0
	cur      *segment        // the segment being written
	pending  map[uint64]bool // retired segments not sealed yet
	sealing  int             // background seals running (see rotate)
	sealed   *sync.Cond      // sealing dropped to zero
	free     []string        // saved segment files to reuse, by name
	opened   uint64          // the first segment this process wrote
	appended uint64          // records appended so far
	inSeg    uint64          // records appended to the current segment
	flushed  uint64          // records synced (or failed) so far, with SyncInterval 0
	syncing  bool
	err      error // sticky: the journal can no longer write
	dirty    bool  // written since the last sync
	closed   bool

	stop chan struct{}
	done chan struct{}
}

// segment is one segment file, mapped while it is written.
type segment struct {
	n   uint64
	f   *os.File
	m   []byte
	off int // bytes of m reserved by records
	// mapping is held while m's pages are mapped in ahead of the appends
	// (see populate) and while m is unmapped.
	mapping   sync.Mutex
	populated chan struct{} // closed when populate is done
	// refs counts the records still being copied into m and a running
	// sync of f, plus retired once the segment is no longer the current
	// one: it is sealed by whoever leaves it retired with no references.
	refs atomic.Int64
}

const retired = 1 << 62

const (
	segmentSuffix = ".wal"
	freeSuffix    = ".free" // a saved segment kept to be written again
	// keepFree is how many saved segments are kept for reuse: writing
	// into a file whose pages the page cache holds is much cheaper than
	// into freshly allocated ones.
	keepFree   = 4
	headerSize = 8 // length (4) and CRC-32C (4) of each record
	// MaxRecord bounds one record. A record larger than a segment gets a
	// segment of its own size.
	MaxRecord = 64 << 20
	// defaultSegmentBytes is a segment's allocation unless configured.
	defaultSegmentBytes = 8 << 20
	// populateChunk is how much of a new segment populate maps in at a
	// time: sealing the segment waits for at most one chunk.
	populateChunk = 1 << 20
	// populateMin is the least of a new segment populate maps in.
	populateMin = 256 << 10
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum is a record's CRC-32C, seeded with its segment's number: a
// record left from an earlier use of a reused file does not check out.
func checksum(seg uint64, rec []byte) uint32 {
	return crc32.Update(uint32(seg), castagnoli, rec)
}

// checks reports whether rec of segment seg has checksum sum. Journals
// written before checksums were seeded used no seed; their files are never
// reused (see Remove), so a record without seed is one of theirs.
func checks(seg uint64, rec []byte, sum uint32) bool {
	return checksum(seg, rec) == sum || crc32.Checksum(rec, castagnoli) == sum
}

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("journal closed")

// Open locks the directory (one process per journal), reads its identity
// and starts a new segment after the existing ones, which stay for Replay.
func Open(cfg Config) (*Journal, error) {
	if cfg.Dir == "" {
		return nil, errors.New("journal: directory is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.SegmentBytes == 0 {
		cfg.SegmentBytes = defaultSegmentBytes
	}
	if cfg.SegmentBytes < 64<<10 {
		return nil, errors.New("journal: segments must hold at least 64 KiB")
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(cfg.Dir, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, fmt.Errorf("journal: %s is used by another process: %w", cfg.Dir, err)
	}
	j := &Journal{cfg: cfg, log: cfg.Logger, lock: lock, cur: &segment{}, pending: map[uint64]bool{}}
	j.synced = sync.NewCond(&j.mu)
	j.copied = sync.NewCond(&j.mu)
	j.sealed = sync.NewCond(&j.mu)
	if j.id, err = readID(cfg.Dir); err != nil {
		lock.Close()
		return nil, err
	}
	segs, err := j.Segments()
	if err != nil {
		lock.Close()
		return nil, err
	}
	if n := len(segs); n > 0 {
		j.cur.n = segs[n-1]
	}
	j.opened = j.cur.n + 1
	if j.free, err = filepath.Glob(filepath.Join(cfg.Dir, "*"+freeSuffix)); err != nil {
		lock.Close()
		return nil, fmt.Errorf("journal: %w", err)
	}
	if err := j.openNext(0); err != nil {
		lock.Close()
		return nil, err
	}
	if err := syncDir(cfg.Dir); err != nil {
		lock.Close()
		return nil, err
	}
	if cfg.SyncInterval > 0 {
		j.stop, j.done = make(chan struct{}), make(chan struct{})
		go j.syncLoop()
	}
	return j, nil
}

// readID returns the journal's identity, created on first use: it names
// the journal in the consumers' saved positions.
func readID(dir string) (string, error) {
	path := filepath.Join(dir, "id")
	b, err := os.ReadFile(path)
	if err == nil {
		id := strings.TrimSpace(string(b))
		if id != "" {
			return id, nil
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("journal: %w", err)
	}
	id := secret.Hex(16)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(id+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("journal: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", fmt.Errorf("journal: %w", err)
	}
	return id, syncDir(dir)
}

// ID names this journal; it survives restarts.
func (j *Journal) ID() string { return j.id }

// Appended returns the number of records appended since Open.
func (j *Journal) Appended() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.appended
}

// Current is the number of the segment being written.
func (j *Journal) Current() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.cur.n
}

func segmentName(n uint64) string { return fmt.Sprintf("%020d%s", n, segmentSuffix) }

// openNext starts the segment after the current one, of SegmentBytes or at
// least need bytes: allocated on disk, so that writing into its mapping
// never meets a full disk, and mapped. j.mu is held or the journal is not
// shared yet.
func (j *Journal) openNext(need int) error {
	n := j.cur.n + 1
	path := filepath.Join(j.cfg.Dir, segmentName(n))
	var f *os.File
	for f == nil && len(j.free) > 0 {
		old := j.free[len(j.free)-1]
		j.free = j.free[:len(j.free)-1]
		if err := os.Rename(old, path); err != nil {
			j.log.Warn("usage journal: reuse a saved segment", "error", err)
			os.Remove(old)
			continue
		}
		if f, _ = os.OpenFile(path, os.O_RDWR, 0o600); f == nil {
			os.Remove(path)
		}
	}
	if f == nil {
		var err error
		if f, err = os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_EXCL, 0o600); err != nil {
			return fmt.Errorf("journal: new segment: %w", err)
		}
	}
	fail := func(err error) error {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("journal: new segment: %w", err)
	}
	size := max(j.cfg.SegmentBytes, need)
	if err := syscall.Fallocate(int(f.Fd()), 0, 0, int64(size)); err != nil {
		if !errors.Is(err, syscall.EOPNOTSUPP) {
			return fail(err)
		}
		if err := f.Truncate(int64(size)); err != nil { // no allocation on this file system
			return fail(err)
		}
	}
	m, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		return fail(err)
	}
	// The new segment is likely to take about what the last one took.
	populate := min(size, max(2*j.cur.off, populateMin))
	j.cur = &segment{n: n, f: f, m: m, populated: make(chan struct{})}
	j.inSeg = 0
	go j.cur.populate(populate)
	return nil
}

// populate maps the first n bytes of a new segment in, present and
// writable, in the background: appends then copy into memory that is
// already there instead of taking a page fault every few records on the
// request path, some of them while j.mu is held. Asking for a megabyte at
// a time costs a fraction of the faults it saves. The advice makes the
// pages dirty, so a sync writes them even before records reach them: n is
// about what the previous segment held, so that a quiet journal does not
// write megabytes of zeros. It stops at a sealed segment; kernels before
// 5.14 refuse the advice, and appends fault their pages in as before.
func (s *segment) populate(n int) {
	defer close(s.populated)
	for from := 0; ; from += populateChunk {
		s.mapping.Lock()
		if s.m == nil || from >= n {
			s.mapping.Unlock()
			return
		}
		err := unix.Madvise(s.m[from:min(from+populateChunk, n)], unix.MADV_POPULATE_WRITE)
		s.mapping.Unlock()
		if err != nil {
			return
		}
	}
}

// rotate retires the current segment and starts the next, with room for
// at least need bytes. The retired segment is sealed in the background,
// since unmapping and cutting its file take milliseconds that neither an
// append nor a checkpoint (holding every request back) should wait for;
// when every append waits for the disk (their acknowledgement needs its
// sync) it is sealed now, or by the last record still being copied into it.
func (j *Journal) rotate(need int) error {
	switch s := j.cur; {
	case s.m == nil:
	case j.cfg.SyncInterval != 0:
		s.refs.Add(1) // dropped by sealLater
		s.refs.Or(retired)
		j.pending[s.n] = true
		j.sealing++
		go j.sealLater(s)
	case s.refs.Or(retired) != 0:
		j.pending[s.n] = true
	default:
		if err := j.seal(s); err != nil {
			return err
		}
	}
	return j.openNext(need)
}

// sealLater drops rotate's reference to a retired segment, sealing it
// unless a record is still being copied into it.
func (j *Journal) sealLater(s *segment) {
	err := j.release(s)
	j.mu.Lock()
	defer j.mu.Unlock()
	if err != nil {
		j.fail(err)
	}
	if j.sealing--; j.sealing == 0 {
		j.sealed.Broadcast()
	}
}

// release drops a reference to s, sealing it when it was the last of a
// retired segment.
func (j *Journal) release(s *segment) error {
	if s.refs.Add(-1) != retired {
		return nil
	}
	err := j.seal(s)
	j.mu.Lock()
	delete(j.pending, s.n)
	j.mu.Unlock()
	return err
}

// seal ends segment s: unmapped, cut to what it holds, and synced and
// closed, in the background unless every append waits for the disk.
// Nothing refers to s any more.
func (j *Journal) seal(s *segment) error {
	s.mapping.Lock()
	f, m, off := s.f, s.m, s.off
	s.m = nil
	err := syscall.Munmap(m)
	s.mapping.Unlock()
	err = errors.Join(err, f.Truncate(int64(off)))
	done := func() error {
		var err error
		if j.cfg.SyncInterval >= 0 {
			err = errors.Join(f.Sync(), syncDir(j.cfg.Dir))
		}
		return errors.Join(err, f.Close())
	}
	if j.cfg.SyncInterval == 0 {
		// Its records are acknowledged by a group sync of a later segment.
		err = errors.Join(err, done())
	} else {
		go done()
	}
	if err != nil {
		return fmt.Errorf("journal: seal segment: %w", err)
	}
	return nil
}

// Hold takes a shared hold: a checkpoint waits until it is released.
// Callers hold across changing journaled state and appending its record.
func (j *Journal) Hold() { j.hold.RLock() }

// Release ends a Hold.
func (j *Journal) Release() { j.hold.RUnlock() }

// Append adds rec as one record. It returns once the record is in the
// operating system's page cache (it survives a crash of the process) and,
// with SyncInterval 0, on the disk.
func (j *Journal) Append(rec []byte) error {
	if len(rec) == 0 || len(rec) > MaxRecord {
		return fmt.Errorf("journal: a record holds 1 to %d bytes, not %d", MaxRecord, len(rec))
	}
	need := headerSize + len(rec)
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return ErrClosed
	}
	if j.err == nil && j.cur.off+need > len(j.cur.m) {
		if err := j.rotate(need); err != nil {
			j.fail(err)
		}
	}
	if j.err != nil {
		err := j.err
		j.mu.Unlock()
		return err
	}
	s := j.cur
	at := s.m[s.off : s.off+need]
	binary.LittleEndian.PutUint32(at, uint32(len(rec)))
	s.off += need
	s.refs.Add(1)
	j.appended++
	j.inSeg++
	j.dirty = true
	mine := j.appended
	wait := j.cfg.SyncInterval == 0
	if wait {
		j.copying++
	}
	j.mu.Unlock()

	copy(at[headerSize:], rec)
	binary.LittleEndian.PutUint32(at[4:], checksum(s.n, rec))
	err := j.release(s)
	if !wait && err == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if err != nil {
		j.fail(err)
	}
	if !wait {
		return nil // the record itself is written
	}
	if j.copying--; j.copying == 0 {
		j.copied.Broadcast()
	}
	for j.flushed < mine && j.err == nil {
		if j.syncing {
			j.synced.Wait()
			continue
		}
		// Lead: let the requests ready to run append first, so that one
		// fsync carries them too, and wait until what is reserved is
		// copied.
		j.syncing = true
		j.mu.Unlock()
		runtime.Gosched()
		j.mu.Lock()
		for j.copying > 0 {
			j.copied.Wait()
		}
		upto, s := j.appended, j.cur
		s.refs.Add(1)
		j.mu.Unlock()
		err := s.f.Sync()
		err = errors.Join(err, j.release(s))
		j.mu.Lock()
		j.syncing = false
		j.flushed = upto
		if err != nil {
			j.fail(err)
		}
		j.synced.Broadcast()
	}
	return j.err
}

// fail makes the journal refuse further records: what it acknowledged
// can no longer be promised.
func (j *Journal) fail(err error) {
	if j.err == nil {
		j.err = fmt.Errorf("journal: %w", err)
		j.log.Error("usage journal cannot write: requests that count usage now fail", "error", err)
	}
}

// Checkpoint seals the current segment and runs snapshot while no record
// is being appended; it returns the number of the sealed segment: the
// snapshot holds every record of it and of the segments before it.
func (j *Journal) Checkpoint(snapshot func()) (uint64, error) {
	j.hold.Lock()
	defer j.hold.Unlock()
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return 0, ErrClosed
	}
	if j.inSeg == 0 { // nothing to seal: the snapshot holds what came before
		sealed := j.cur.n - 1
		j.mu.Unlock()
		snapshot()
		return sealed, nil
	}
	sealed := j.cur.n
	if err := j.rotate(0); err != nil {
		j.fail(err)
		j.mu.Unlock()
		return 0, j.err
	}
	j.mu.Unlock()
	snapshot()
	return sealed, nil
}

// Segments lists the segment numbers present, oldest first.
func (j *Journal) Segments() ([]uint64, error) {
	ents, err := os.ReadDir(j.cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	var out []uint64
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), segmentSuffix)
		if !ok {
			continue
		}
		n, err := strconv.ParseUint(name, 10, 64)
		if err != nil {
			continue
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return out, nil
}

// Remove deletes the sealed segments up to and including upTo, keeping a
// few of their files to be written again as later segments.
func (j *Journal) Remove(upTo uint64) error {
	j.mu.Lock()
	for j.sealing > 0 { // a checkpoint's segment is sealed in the background
		j.sealed.Wait()
	}
	j.mu.Unlock()
	segs, err := j.Segments()
	if err != nil {
		return err
	}
	j.mu.Lock()
	cur, pending, free := j.cur.n, maps.Clone(j.pending), len(j.free)
	j.mu.Unlock()
	var errs []error
	for _, n := range segs {
		if n > upTo || n >= cur {
			break
		}
		if pending[n] { // still being sealed: next time
			continue
		}
		path := filepath.Join(j.cfg.Dir, segmentName(n))
		if free < keepFree && n >= j.opened { // written with seeded checksums
			to := strings.TrimSuffix(path, segmentSuffix) + freeSuffix
			if err := os.Rename(path, to); err == nil {
				j.mu.Lock()
				j.free = append(j.free, to)
				j.mu.Unlock()
				free++
				continue
			}
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Replay calls fn for every record of the segments after `after` and
// before the current one, in order. Records are walked by their lengths. A
// record whose checksum does not match was still being copied when the
// process died, so it was never acknowledged: it is skipped. A length of
// zero is the unused rest of a segment; a length beyond the end of the file
// (a segment cut short) ends it.
func (j *Journal) Replay(after uint64, fn func(segment uint64, rec []byte) error) (int, error) {
	segs, err := j.Segments()
	if err != nil {
		return 0, err
	}
	cur := j.Current()
	n := 0
	for _, s := range segs {
		if s <= after || s >= cur {
			continue
		}
		b, err := os.ReadFile(filepath.Join(j.cfg.Dir, segmentName(s)))
		if err != nil {
			return n, fmt.Errorf("journal: %w", err)
		}
		skipped := 0
		for off := 0; off < len(b); {
			rec, next, st := decodeRecord(b, s, off)
			if st == recordEnd {
				break
			}
			if st == recordCut {
				j.log.Warn("usage journal: segment ends in a record cut short, which was never acknowledged",
					"segment", s, "offset", off, "bytes", len(b)-off)
				break
			}
			off = next
			if st == recordIncomplete {
				skipped++
				continue
			}
			if err := fn(s, rec); err != nil {
				return n, err
			}
			n++
		}
		if skipped > 0 {
			j.log.Warn("usage journal: skipped records that do not check out: being written when the process stopped (never acknowledged), or left from an earlier use of the file",
				"segment", s, "records", skipped)
		}
	}
	return n, nil
}

// What decodeRecord found.
const (
	recordOK         = iota
	recordIncomplete // its checksum does not match its bytes
	recordEnd        // a zero length: nothing was reserved from here on
	recordCut        // the file ends inside the record
)

// decodeRecord reads the record at off of b and returns where the next
// one starts.
func decodeRecord(b []byte, seg uint64, off int) (rec []byte, next int, status int) {
	if len(b)-off < 4 {
		return nil, 0, recordEnd
	}
	size := int(binary.LittleEndian.Uint32(b[off:]))
	if size == 0 {
		return nil, 0, recordEnd
	}
	start := off + headerSize
	if size > MaxRecord || len(b)-off < headerSize || len(b)-start < size {
		return nil, 0, recordCut
	}
	rec = b[start : start+size]
	if !checks(seg, rec, binary.LittleEndian.Uint32(b[off+4:])) {
		return nil, start + size, recordIncomplete
	}
	return rec, start + size, recordOK
}

func (j *Journal) syncLoop() {
	defer close(j.done)
	t := time.NewTicker(j.cfg.SyncInterval)
	defer t.Stop()
	for {
		select {
		case <-j.stop:
			return
		case <-t.C:
			j.mu.Lock()
			s, dirty := j.cur, j.dirty && !j.closed && j.err == nil
			j.dirty = false
			if !dirty {
				j.mu.Unlock()
				continue
			}
			s.refs.Add(1) // keeps the file open; a segment retired meanwhile is sealed after
			j.mu.Unlock()
			if err := s.f.Sync(); err != nil {
				j.log.Warn("usage journal: sync", "error", err)
			}
			if err := j.release(s); err != nil {
				j.mu.Lock()
				j.fail(err)
				j.mu.Unlock()
			}
		}
	}
}

// Close syncs and closes the current segment and releases the directory.
func (j *Journal) Close() error {
	if j.stop != nil {
		close(j.stop)
		<-j.done
		j.stop = nil
	}
	j.hold.Lock()
	defer j.hold.Unlock()
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return nil
	}
	for j.syncing {
		j.synced.Wait()
	}
	for j.cur.refs.Load() > 0 { // appends that took no hold, still copying
		j.mu.Unlock()
		time.Sleep(100 * time.Microsecond)
		j.mu.Lock()
	}
	j.closed = true
	for j.sealing > 0 { // no rotation follows
		j.sealed.Wait()
	}
	j.cur.mapping.Lock()
	f, m, off := j.cur.f, j.cur.m, j.cur.off
	j.cur.m = nil
	errs := []error{syscall.Munmap(m)}
	j.cur.mapping.Unlock()
	errs = append(errs, f.Truncate(int64(off)))
	if j.cfg.SyncInterval >= 0 {
		errs = append(errs, f.Sync())
	}
	errs = append(errs, f.Close(), j.lock.Close())
	return errors.Join(errs...)
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

var _ io.Closer = (*Journal)(nil)
