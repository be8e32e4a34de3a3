package journal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

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
	f        *os.File
	seg      uint64
	m        []byte // the current segment, mapped
	off      int    // bytes of m holding records
	appended uint64 // records appended so far
	inSeg    uint64 // records appended to the current segment
	flushed  uint64 // records synced (or failed) so far, with SyncInterval 0
	syncing  bool
	err      error // sticky: the journal can no longer write
	dirty    bool  // written since the last sync
	closed   bool

	stop chan struct{}
	done chan struct{}
}

const (
	segmentSuffix = ".wal"
	headerSize    = 8 // length (4) and CRC-32C (4) of each record
	// MaxRecord bounds one record. A record larger than a segment gets a
	// segment of its own size.
	MaxRecord = 64 << 20
	// defaultSegmentBytes is a segment's allocation unless configured.
	defaultSegmentBytes = 8 << 20
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

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
	j := &Journal{cfg: cfg, log: cfg.Logger, lock: lock}
	j.synced = sync.NewCond(&j.mu)
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
		j.seg = segs[n-1]
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
	return j.seg
}

func segmentName(n uint64) string { return fmt.Sprintf("%020d%s", n, segmentSuffix) }

// openNext starts segment j.seg+1, of SegmentBytes or at least need bytes:
// allocated on disk, so that writing into its mapping never meets a full
// disk, and mapped. j.mu is held or the journal is not shared yet.
func (j *Journal) openNext(need int) error {
	path := filepath.Join(j.cfg.Dir, segmentName(j.seg+1))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("journal: new segment: %w", err)
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
	j.f, j.m, j.off = f, m, 0
	j.seg++
	j.inSeg = 0
	return nil
}

// seal ends the current segment: unmapped, cut to what it holds, and synced
// and closed in the background. j.mu is held and no sync is running.
func (j *Journal) seal() error {
	f, m, off := j.f, j.m, j.off
	j.f, j.m = nil, nil
	err := errors.Join(syscall.Munmap(m), f.Truncate(int64(off)))
	go func() {
		if j.cfg.SyncInterval >= 0 {
			_ = f.Sync()
			_ = syncDir(j.cfg.Dir)
		}
		_ = f.Close()
	}()
	if err != nil {
		return fmt.Errorf("journal: seal segment: %w", err)
	}
	return nil
}

// rotate seals the current segment and starts the next, with room for at
// least need bytes.
func (j *Journal) rotate(need int) error {
	for j.syncing {
		j.synced.Wait()
	}
	if err := j.seal(); err != nil {
		return err
	}
	return j.openNext(need)
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
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return ErrClosed
	}
	if j.err != nil {
		return j.err
	}
	need := headerSize + len(rec)
	if j.off+need > len(j.m) {
		if err := j.rotate(need); err != nil {
			j.fail(err)
			return j.err
		}
	}
	// The record, then its header: a reader stops at a zero header, and a
	// record cut short by a crash fails its checksum.
	at := j.m[j.off:]
	copy(at[headerSize:], rec)
	binary.LittleEndian.PutUint32(at[4:], crc32.Checksum(rec, castagnoli))
	binary.LittleEndian.PutUint32(at[:4], uint32(len(rec)))
	j.off += need
	j.appended++
	j.inSeg++
	j.dirty = true
	if j.cfg.SyncInterval != 0 {
		return nil
	}
	mine := j.appended
	for j.flushed < mine {
		if j.syncing {
			j.synced.Wait()
			continue
		}
		// Lead: let the requests ready to run append first, so that one
		// fsync carries them too.
		j.syncing = true
		j.mu.Unlock()
		runtime.Gosched()
		j.mu.Lock()
		upto, f := j.appended, j.f
		j.mu.Unlock()
		err := f.Sync()
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
		sealed := j.seg - 1
		j.mu.Unlock()
		snapshot()
		return sealed, nil
	}
	sealed := j.seg
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

// Remove deletes the sealed segments up to and including upTo.
func (j *Journal) Remove(upTo uint64) error {
	segs, err := j.Segments()
	if err != nil {
		return err
	}
	cur := j.Current()
	var errs []error
	for _, n := range segs {
		if n > upTo || n >= cur {
			break
		}
		if err := os.Remove(filepath.Join(j.cfg.Dir, segmentName(n))); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Replay calls fn for every record of the segments after `after` and
// before the current one, in order. A record cut short or corrupted (a
// crash in the middle of a write) ends its segment: it was never
// acknowledged.
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
		for off := 0; off < len(b); {
			if len(b)-off >= headerSize && binary.LittleEndian.Uint64(b[off:]) == 0 {
				break // the unused rest of a segment that was not sealed
			}
			rec, next, ok := decodeRecord(b, off)
			if !ok {
				j.log.Warn("usage journal: segment ends in an incomplete record, which was never acknowledged",
					"segment", s, "offset", off, "bytes", len(b)-off)
				break
			}
			if err := fn(s, rec); err != nil {
				return n, err
			}
			n++
			off = next
		}
	}
	return n, nil
}

// decodeRecord reads the record at off of b.
func decodeRecord(b []byte, off int) (rec []byte, next int, ok bool) {
	if len(b)-off < headerSize {
		return nil, 0, false
	}
	size := int(binary.LittleEndian.Uint32(b[off:]))
	sum := binary.LittleEndian.Uint32(b[off+4:])
	start := off + headerSize
	if size > MaxRecord || len(b)-start < size {
		return nil, 0, false
	}
	rec = b[start : start+size]
	if crc32.Checksum(rec, castagnoli) != sum {
		return nil, 0, false
	}
	return rec, start + size, true
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
			f, dirty := j.f, j.dirty && !j.closed
			j.dirty = false
			j.mu.Unlock()
			// A segment sealed meanwhile is synced by seal: its file may
			// be closed already.
			if dirty {
				if err := f.Sync(); err != nil && !errors.Is(err, os.ErrClosed) {
					j.log.Warn("usage journal: sync", "error", err)
				}
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
	j.closed = true
	f, m, off := j.f, j.m, j.off
	errs := []error{syscall.Munmap(m), f.Truncate(int64(off))}
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
