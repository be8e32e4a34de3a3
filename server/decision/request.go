package decision

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"unsafe"

	"github.com/portico-apim/portico/server/counter"
)

// request is the per-request scratch space, reused through a pool so that
// the hot path allocates little.
type request struct {
	// outcome and reason say how the request ended (see Observer).
	outcome Outcome
	reason  Code
	params  Params
	opts    Params
	raw     []usageEntry
	prop    []usageEntry
	deltas  []counter.Delta
	limits  []counter.Limit
	sel     []planLimit
	res     counter.Result
	dec     counter.Decision
	buf     []byte
	usage   []Usage
	metrics []MetricUsage
	updates []counter.Update
	refs    []int // the database ids of updates' applications
	txs     []reportTx
	// A report's coalesced deltas and its groups of transactions (see
	// assembleReport).
	merged []counter.Delta
	heads  []int32
	tails  []int32
	groups map[groupKey]int32
	claims []Claim
	entry  Entry
	body   []byte
}

// maxPooledBuffer keeps one huge report from pinning memory in the pool.
const maxPooledBuffer = 64 << 10

func (h *Handler) release(rq *request) {
	if cap(rq.buf) > maxPooledBuffer || cap(rq.body) > maxPooledBuffer || len(rq.params.nodes) > 1024 {
		return
	}
	rq.dec = counter.Decision{}
	clear(rq.usage)
	rq.usage = rq.usage[:0]
	clear(rq.metrics)
	rq.metrics = rq.metrics[:0]
	clear(rq.deltas)
	rq.deltas = rq.deltas[:0]
	clear(rq.limits)
	rq.limits = rq.limits[:0]
	clear(rq.updates)
	rq.updates, rq.refs = rq.updates[:0], rq.refs[:0]
	clear(rq.txs)
	rq.txs = rq.txs[:0]
	clear(rq.merged)
	rq.merged = rq.merged[:0]
	if len(rq.heads) > 1024 {
		rq.heads, rq.tails, rq.groups = nil, nil, nil
	}
	clear(rq.claims)
	rq.claims = rq.claims[:0]
	rq.entry = Entry{}
	rq.body = rq.body[:0]
	h.pool.Put(rq)
}

const (
	formURLEncoded = "application/x-www-form-urlencoded"
	formMultipart  = "multipart/form-data"
)

// mediaType returns the lower-cased media type of a Content-Type value,
// without parameters.
func mediaType(ct string) string {
	if i := strings.IndexAny(ct, ";,"); i >= 0 {
		ct = ct[:i]
	}
	return strings.ToLower(strings.TrimSpace(ct))
}

// decode builds the merged parameter map: the query string overlaid by a
// form body. For POST, a body of any other media type is a
// content_type_invalid error, reported after query decoding errors.
func (rq *request) decode(r *http.Request, post bool) *Error {
	p := &rq.params
	p.reset()
	if err := p.parse(p.root, r.URL.RawQuery); err != nil {
		return err
	}
	ct := r.Header.Get("Content-Type")
	mt := mediaType(ct)
	switch {
	case mt == formURLEncoded || (mt == "" && post):
		body, err := rq.readBody(r)
		if err != nil {
			return err
		}
		if body == "" {
			return nil
		}
		root := p.newNode(kindHash)
		if err := p.parse(root, body); err != nil {
			return err
		}
		p.mergeFrom(root)
	case mt == formMultipart:
		root := p.newNode(kindHash)
		if err := p.parseMultipart(root, r, ct); err != nil {
			return err
		}
		p.mergeFrom(root)
	case post:
		return errContentTypeInvalid(mt)
	}
	return nil
}

// readBody reads a form body into the request's reusable buffer: the
// string is valid until the request is released (like the strings of its
// Params, which it backs).
func (rq *request) readBody(r *http.Request) (string, *Error) {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		return "", nil
	}
	b := rq.body[:0]
	if n := r.ContentLength; n > 0 && n <= maxQueryBytes && int(n) > cap(b) {
		b = make([]byte, 0, n+1) // one more byte to see the end without growing
	}
	lr := io.LimitedReader{R: r.Body, N: maxQueryBytes + 1}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			rq.body = b
			return "", errBadRequest
		}
	}
	rq.body = b
	if len(b) > maxQueryBytes {
		return "", errQueryTooLarge
	}
	if len(b) == 0 {
		return "", nil
	}
	return unsafe.String(&b[0], len(b)), nil
}

// parseMultipart reads the fields of a multipart/form-data body as
// parameters (names are taken literally, as in a form).
func (p *Params) parseMultipart(root int32, r *http.Request, ct string) *Error {
	_, params, err := mime.ParseMediaType(ct)
	if err != nil || params["boundary"] == "" {
		return errBadRequest
	}
	mr := multipart.NewReader(io.LimitReader(r.Body, maxQueryBytes+1), params["boundary"])
	total, count := 0, 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return errBadRequest
		}
		name := part.FormName()
		value, err := io.ReadAll(io.LimitReader(part, int64(maxQueryBytes-total+1)))
		_ = part.Close()
		if err != nil {
			return errBadRequest
		}
		total += len(value)
		if total > maxQueryBytes {
			return errQueryTooLarge
		}
		if name == "" {
			continue
		}
		if count++; count > maxParams {
			return errTooManyParams(count)
		}
		if e := p.normalizeTop(root, name, string(value), false); e != nil {
			return e
		}
	}
}

// param returns a top-level parameter normalised as the GET endpoints do:
// only plain strings count, surrounding whitespace is removed and an empty
// result is absent.
func (p *Params) param(key string) string {
	v, _ := p.str(p.get(key))
	return rubyStrip(v)
}
