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
	Logger       *slog.Logger
}

// Journal is an append-only log of records in segment files. Append returns
// once its record reached the operating system (and, with SyncInterval 0,
// the disk); concurrent appends share one write (group commit).
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
	wrote    *sync.Cond
	f        *os.File
	seg      uint64
	buf      []byte
	spare    []byte
	appended uint64 // records appended to buf so far
	inSeg    uint64 // records appended to the current segment
	written  uint64 // records written (or failed) so far
	writing  bool
	err      error // sticky: the journal can no longer write
	dirty    bool  // written since the last sync
	closed   bool

	stop chan struct{}
	done chan struct{}
}

const (
	segmentSuffix = ".wal"
	headerSize    = 8 // length (4) and CRC-32C (4) of each record
	// MaxRecord bounds one record.
	MaxRecord = 16 << 20
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
	j.wrote = sync.NewCond(&j.mu)
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
	if err := j.openNext(); err != nil {
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

// Current is the number of the segment being written.
func (j *Journal) Current() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.seg
}

func segmentName(n uint64) string { return fmt.Sprintf("%020d%s", n, segmentSuffix) }

// openNext starts segment j.seg+1; j.mu is held or the journal is not shared yet.
func (j *Journal) openNext() error {
	f, err := os.OpenFile(filepath.Join(j.cfg.Dir, segmentName(j.seg+1)), os.O_CREATE|os.O_WRONLY|os.O_APPEND|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("journal: new segment: %w", err)
	}
	j.f = f
	j.seg++
	j.inSeg = 0
	return nil
}

// Hold takes a shared hold: a checkpoint waits until it is released.
// Callers hold across changing journaled state and appending its record.
func (j *Journal) Hold() { j.hold.RLock() }

// Release ends a Hold.
func (j *Journal) Release() { j.hold.RUnlock() }

// Append writes rec as one record and returns once it was written (and
// synced when SyncInterval is 0). Concurrent calls share one write.
func (j *Journal) Append(rec []byte) error {
	if len(rec) > MaxRecord {
		return fmt.Errorf("journal: record of %d bytes is over the limit", len(rec))
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return ErrClosed
	}
	if j.err != nil {
		return j.err
	}
	var h [headerSize]byte
	binary.LittleEndian.PutUint32(h[:4], uint32(len(rec)))
	binary.LittleEndian.PutUint32(h[4:], crc32.Checksum(rec, castagnoli))
	j.buf = append(append(j.buf, h[:]...), rec...)
	j.appended++
	j.inSeg++
	mine := j.appended
	for j.written < mine {
		if j.writing {
			j.wrote.Wait()
			continue
		}
		// Lead: let the goroutines ready to run append first (when the
		// processors are busy, requests on their way here join this write
		// rather than the next), then write everything appended so far
		// in one call.
		j.writing = true
		j.mu.Unlock()
		runtime.Gosched()
		j.mu.Lock()
		buf, upto, f := j.buf, j.appended, j.f
		j.buf = j.spare[:0]
		j.mu.Unlock()
		_, err := f.Write(buf)
		if err == nil && j.cfg.SyncInterval == 0 {
			err = f.Sync()
		}
		j.mu.Lock()
		j.spare = buf[:0]
		j.writing = false
		j.written = upto
		if err != nil && j.err == nil {
			j.err = fmt.Errorf("journal: write: %w", err)
			j.log.Error("usage journal cannot write: decisions that count usage now fail", "error", err)
		}
		j.dirty = true
		j.wrote.Broadcast()
	}
	return j.err
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
	for j.writing { // Append calls outside a hold may still be writing
		j.wrote.Wait()
	}
	if j.inSeg == 0 { // nothing to seal: the snapshot holds what came before
		sealed := j.seg - 1
		j.mu.Unlock()
		snapshot()
		return sealed, nil
	}
	old, sealed := j.f, j.seg
	if err := j.openNext(); err != nil {
		j.mu.Unlock()
		return 0, err
	}
	j.mu.Unlock()
	snapshot()
	// The sealed segment needs no further writes; sync it in the caller's
	// time, after other appends may continue.
	go func() {
		if j.cfg.SyncInterval >= 0 {
			_ = old.Sync()
			_ = syncDir(j.cfg.Dir)
		}
		_ = old.Close()
	}()
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
			f, dirty := j.f, j.dirty
			j.dirty = false
			j.mu.Unlock()
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
	j.closed = true
	var errs []error
	if j.cfg.SyncInterval >= 0 {
		errs = append(errs, j.f.Sync())
	}
	errs = append(errs, j.f.Close(), j.lock.Close())
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
