package decision

import (
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Rack's limits, which gateways and clients are used to.
const (
	maxParams     = 4096
	maxQueryBytes = 4194304
	maxDepth      = 32
	// indexThreshold is the number of children above which a hash node gets
	// a map index (report batches carry thousands of transactions).
	indexThreshold = 16
)

type nodeKind uint8

const (
	kindNil nodeKind = iota // a key given without "="
	kindString
	kindHash
	kindArray
)

// node is one value of the parameter tree. Hash and array children form a
// singly linked list in insertion order; nodes live in the arena of their
// Params and refer to each other by index.
type node struct {
	key   string // key inside the parent hash
	str   string
	kind  nodeKind
	first int32
	last  int32
	next  int32
	count int32
	index map[string]int32
}

const none int32 = -1

// Params is a decoded parameter map following Rack 3's nested-parameter
// rules (spec §1.4). The zero value is not usable; call reset first. A
// Params is reused across requests through a pool.
type Params struct {
	nodes []node
	root  int32
	// text holds the unescaped keys and values. Its memory is reused by
	// the next request: the strings of a Params are valid until its reset.
	text []byte
}

// maxPooledText keeps the text of one huge report from pinning memory.
const maxPooledText = 16 << 10

func (p *Params) reset() {
	clear(p.nodes)
	p.nodes = p.nodes[:0]
	p.root = p.newNode(kindHash)
	if cap(p.text) > maxPooledText {
		p.text = nil
	}
	p.text = p.text[:0]
}

func (p *Params) newNode(kind nodeKind) int32 {
	p.nodes = append(p.nodes, node{kind: kind, first: none, last: none, next: none})
	return int32(len(p.nodes) - 1)
}

// child returns the child of hash h named key, or none.
func (p *Params) child(h int32, key string) int32 {
	n := &p.nodes[h]
	if n.index != nil {
		if i, ok := n.index[key]; ok {
			return i
		}
		return none
	}
	for c := n.first; c != none; c = p.nodes[c].next {
		if p.nodes[c].key == key {
			return c
		}
	}
	return none
}

// appendChild links node c as the last child of h.
func (p *Params) appendChild(h, c int32) {
	p.nodes[c].next = none
	n := &p.nodes[h]
	if n.last == none {
		n.first = c
	} else {
		p.nodes[n.last].next = c
	}
	n.last = c
	n.count++
	if n.kind == kindHash {
		if n.index != nil {
			n.index[p.nodes[c].key] = c
		} else if n.count > indexThreshold {
			n.index = make(map[string]int32, n.count*2)
			for i := n.first; i != none; i = p.nodes[i].next {
				n.index[p.nodes[i].key] = i
			}
		}
	}
}

// slot returns the child of hash h named key, creating a nil child at the
// end when there is none (hash keys keep the position of first appearance).
func (p *Params) slot(h int32, key string) int32 {
	if c := p.child(h, key); c != none {
		return c
	}
	c := p.newNode(kindNil)
	p.nodes[c].key = key
	p.appendChild(h, c)
	return c
}

// become turns node dst into a copy of src's value, keeping dst's key and
// position.
func (p *Params) become(dst, src int32) {
	if src == none {
		d := &p.nodes[dst]
		d.kind, d.str, d.first, d.last, d.count, d.index = kindNil, "", none, none, 0, nil
		return
	}
	s := p.nodes[src]
	d := &p.nodes[dst]
	d.kind, d.str, d.first, d.last, d.count, d.index = s.kind, s.str, s.first, s.last, s.count, s.index
}

func (p *Params) setString(c int32, v string, isNil bool) {
	d := &p.nodes[c]
	d.first, d.last, d.count, d.index = none, none, 0, nil
	if isNil {
		d.kind, d.str = kindNil, ""
	} else {
		d.kind, d.str = kindString, v
	}
}

func (p *Params) newString(v string, isNil bool) int32 {
	c := p.newNode(kindString)
	p.setString(c, v, isNil)
	return c
}

// parse decodes one query string or form body into the tree rooted at root.
func (p *Params) parse(root int32, qs string) *Error {
	if len(qs) == 0 {
		return nil
	}
	if len(qs) > maxQueryBytes {
		return errQueryTooLarge
	}
	if n := strings.Count(qs, "&"); n >= maxParams {
		return errTooManyParams(n + 1)
	}
	// Decoded keys and values share one buffer, so a request with many
	// escaped names (report batches) allocates at most once, and not at
	// all once the pooled Params has seen a request as large.
	if cap(p.text)-len(p.text) < len(qs) {
		p.text = make([]byte, 0, len(qs))
	}
	dec := decoder{size: len(qs), buf: p.text}
	for len(qs) > 0 {
		var piece string
		piece, qs, _ = strings.Cut(qs, "&")
		// Rack splits on "& *": spaces after a separator are dropped.
		for len(qs) > 0 && qs[0] == ' ' {
			qs = qs[1:]
		}
		if piece == "" {
			continue
		}
		rawKey, rawVal, hasValue := strings.Cut(piece, "=")
		key, ok := dec.unescape(rawKey)
		if !ok {
			return errBadEncoding
		}
		val, ok := dec.unescape(rawVal)
		if !ok {
			return errBadEncoding
		}
		p.text = dec.buf
		if err := p.normalizeTop(root, key, val, !hasValue); err != nil {
			return err
		}
	}
	return nil
}

// normalizeTop splits a top-level key into its name and the bracketed rest.
// A key starting with "[" loses its leading brackets (the form older Rack
// accepted and the Ruby plugin still sends).
func (p *Params) normalizeTop(root int32, name, v string, isNil bool) *Error {
	var k, after string
	if strings.HasPrefix(name, "[") {
		rest := strings.TrimLeft(name, "[]")
		end := strings.IndexAny(rest, "[]")
		if end < 0 {
			end = len(rest)
		}
		k = rest[:end]
		after = strings.TrimLeft(rest[end:], "]")
	} else if start := indexFrom(name, '[', 1); start >= 0 {
		k, after = name[:start], name[start:]
	} else {
		k = name
	}
	if k == "" {
		return nil
	}
	_, err := p.nest(root, name, k, after, v, isNil, 0)
	return err
}

func indexFrom(s string, b byte, from int) int {
	if from >= len(s) {
		return -1
	}
	if i := strings.IndexByte(s[from:], b); i >= 0 {
		return i + from
	}
	return -1
}

// normalize is Rack 3's normalize_params below the top level. It returns the
// node that becomes the value (h itself, a fresh array, or none).
func (p *Params) normalize(h int32, name, v string, isNil bool, depth int) (int32, *Error) {
	if depth >= maxDepth {
		return none, errBadRequest
	}
	var k, after string
	switch {
	case strings.HasPrefix(name, "[]"):
		k, after = "[]", name[2:]
	case strings.HasPrefix(name, "["):
		if end := indexFrom(name, ']', 1); end >= 0 {
			k, after = name[1:end], name[end+1:]
		} else {
			k = name
		}
	default:
		k = name
	}
	if k == "" {
		return none, nil
	}
	return p.nest(h, name, k, after, v, isNil, depth)
}

// nest stores value v under key k of hash h, following the bracket suffix
// after.
func (p *Params) nest(h int32, name, k, after, v string, isNil bool, depth int) (int32, *Error) {
	if depth >= maxDepth {
		return none, errBadRequest
	}
	switch {
	case after == "":
		if k == "[]" && depth != 0 {
			arr := p.newNode(kindArray)
			p.appendChild(arr, p.newString(v, isNil))
			return arr, nil
		}
		p.setString(p.slot(h, k), v, isNil)
	case after == "[":
		p.setString(p.slot(h, name), v, isNil)
	case after == "[]":
		c := p.slot(h, k)
		if err := p.ensure(c, kindArray); err != nil {
			return none, err
		}
		p.appendChild(c, p.newString(v, isNil))
	case strings.HasPrefix(after, "[]"):
		childKey := after[2:]
		if len(after) > 3 && after[2] == '[' && strings.HasSuffix(after, "]") {
			if ck := after[3 : len(after)-1]; ck != "" && !strings.ContainsAny(ck, "[]") {
				childKey = ck
			}
		}
		c := p.slot(h, k)
		if err := p.ensure(c, kindArray); err != nil {
			return none, err
		}
		last := p.nodes[c].last
		if last != none && p.nodes[last].kind == kindHash && !p.hasPath(last, childKey) {
			if _, err := p.normalize(last, childKey, v, isNil, depth+1); err != nil {
				return none, err
			}
		} else {
			fresh := p.newNode(kindHash)
			r, err := p.normalize(fresh, childKey, v, isNil, depth+1)
			if err != nil {
				return none, err
			}
			if r == none {
				r = p.newNode(kindNil)
			}
			p.appendChild(c, r)
		}
	default:
		c := p.slot(h, k)
		if err := p.ensure(c, kindHash); err != nil {
			return none, err
		}
		r, err := p.normalize(c, after, v, isNil, depth+1)
		if err != nil {
			return none, err
		}
		if r != c {
			p.become(c, r)
		}
	}
	return h, nil
}

// ensure makes node c a container of the given kind when it holds nothing
// (Ruby's ||=), and fails when it holds something else.
func (p *Params) ensure(c int32, kind nodeKind) *Error {
	n := &p.nodes[c]
	switch n.kind {
	case kindNil:
		n.kind, n.str, n.first, n.last, n.count, n.index = kind, "", none, none, 0, nil
		return nil
	case kind:
		return nil
	default:
		return errBadRequest
	}
}

// hasPath is Rack's params_hash_has_key?: whether the bracket path key
// already exists below hash h.
func (p *Params) hasPath(h int32, key string) bool {
	if strings.Contains(key, "[]") {
		return false
	}
	cur := h
	for part := range strings.FieldsFuncSeq(key, func(r rune) bool { return r == '[' || r == ']' }) {
		if p.nodes[cur].kind != kindHash {
			return false
		}
		c := p.child(cur, part)
		if c == none {
			return false
		}
		cur = c
	}
	return true
}

// mergeFrom overlays the top-level keys of tree src onto root (the body wins
// over the query string, as in Hash#merge).
func (p *Params) mergeFrom(src int32) {
	for c := p.nodes[src].first; c != none; {
		next := p.nodes[c].next
		if existing := p.child(p.root, p.nodes[c].key); existing != none {
			p.become(existing, c)
		} else {
			p.appendChild(p.root, c)
		}
		c = next
	}
}

// validUTF8 reports whether every key and value reachable from the root is
// valid UTF-8.
func (p *Params) validUTF8() bool { return p.validBelow(p.root) }

func (p *Params) validBelow(h int32) bool {
	for c := p.nodes[h].first; c != none; c = p.nodes[c].next {
		n := &p.nodes[c]
		if !utf8.ValidString(n.key) || !utf8.ValidString(n.str) {
			return false
		}
		if (n.kind == kindHash || n.kind == kindArray) && !p.validBelow(c) {
			return false
		}
	}
	return true
}

// get returns the top-level parameter named key, or none.
func (p *Params) get(key string) int32 { return p.child(p.root, key) }

// lookup returns the child of hash node h named key; none if h is not a
// hash.
func (p *Params) lookup(h int32, key string) int32 {
	if h == none || p.nodes[h].kind != kindHash {
		return none
	}
	return p.child(h, key)
}

// str returns the string value of node c and whether it is a string.
func (p *Params) str(c int32) (string, bool) {
	if c == none || p.nodes[c].kind != kindString {
		return "", false
	}
	return p.nodes[c].str, true
}

func (p *Params) kind(c int32) nodeKind {
	if c == none {
		return kindNil
	}
	return p.nodes[c].kind
}

// decoder unescapes the components of one query string or form body into
// a buffer. Bytes once written are never changed while the decoder runs,
// so the strings cut from it stay as they are until the buffer's owner
// reuses it (see Params.text).
type decoder struct {
	size int // bytes the components occupy in all (their decoded size is at most that)
	buf  []byte
}

// unescape is URI.decode_www_form_component: "+" is a space and every "%"
// must start two hex digits. Without escapes the input is returned as is.
func (d *decoder) unescape(s string) (string, bool) {
	i := strings.IndexAny(s, "%+")
	if i < 0 {
		return s, true
	}
	if cap(d.buf)-len(d.buf) < len(s) {
		// Only on the first escaped component: the components of one
		// input fit in its size. A fresh buffer leaves earlier strings as
		// they are.
		d.buf = make([]byte, 0, max(d.size, len(s)))
	}
	start := len(d.buf)
	buf := append(d.buf, s[:i]...)
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			buf = append(buf, ' ')
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "", false
			}
			buf = append(buf, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			buf = append(buf, c)
		}
	}
	d.buf = buf
	if len(buf) == start {
		return "", true
	}
	return unsafe.String(&buf[start], len(buf)-start), true
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// rubyStrip removes the characters Ruby's String#strip removes.
func rubyStrip(s string) string {
	return strings.Trim(s, " \t\n\v\f\r\x00")
}

// blank is Ruby's blank? for strings: empty or whitespace only.
func blank(s string) bool {
	return strings.Trim(s, " \t\n\v\f\r") == ""
}
