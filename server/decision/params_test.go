package decision

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// render prints a parameter tree like Ruby's Hash#inspect.
func (p *Params) render(n int32) string {
	switch p.nodes[n].kind {
	case kindNil:
		return "nil"
	case kindString:
		return strconv.Quote(p.nodes[n].str)
	case kindArray:
		var parts []string
		for c := p.nodes[n].first; c != none; c = p.nodes[c].next {
			parts = append(parts, p.render(c))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	default:
		var parts []string
		for c := p.nodes[n].first; c != none; c = p.nodes[c].next {
			parts = append(parts, strconv.Quote(p.nodes[c].key)+"=>"+p.render(c))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
}

func parseString(qs string) (*Params, *Error) {
	p := &Params{}
	p.reset()
	return p, p.parse(p.root, qs)
}

func TestParseNested(t *testing.T) {
	tests := []struct {
		qs   string
		want string
	}{
		{"", `{}`},
		{"a=1&b=2", `{"a"=>"1", "b"=>"2"}`},
		{"a=1;b=2", `{"a"=>"1;b=2"}`},
		{"a&b=", `{"a"=>nil, "b"=>""}`},
		{"&&a=1&&", `{"a"=>"1"}`},
		{"=1&a=2", `{"a"=>"2"}`},
		{"a=1& b=2", `{"a"=>"1", "b"=>"2"}`},
		{"a=x=y", `{"a"=>"x=y"}`},
		{"a+b=c+d&e%20f=%26", `{"a b"=>"c d", "e f"=>"&"}`},
		{"usage[hits]=1&usage[search]=2", `{"usage"=>{"hits"=>"1", "search"=>"2"}}`},
		{"usage%5Bhits%5D=1", `{"usage"=>{"hits"=>"1"}}`},
		{"transactions[0][usage][hits]=1&transactions[0][app_id]=a", `{"transactions"=>{"0"=>{"usage"=>{"hits"=>"1"}, "app_id"=>"a"}}}`},
		{"a=1&b=2&a=3", `{"a"=>"3", "b"=>"2"}`},
		{"a[]=1&a[]=2", `{"a"=>["1", "2"]}`},
		{"a[][b]=1&a[][c]=2&a[][b]=3", `{"a"=>[{"b"=>"1", "c"=>"2"}, {"b"=>"3"}]}`},
		{"a[][]=1", `{"a"=>[["1"]]}`},
		{"a[=1", `{"a["=>"1"}`},
		{"a[b]c=1", `{"a"=>{"b"=>{"c"=>"1"}}}`},
		{"a]=1", `{"a]"=>"1"}`},
		{"[usage][hits]=1&[log][code]=200", `{"usage"=>{"hits"=>"1"}, "log"=>{"code"=>"200"}}`},
		{"[]=1&[[]]=2", `{}`},
		{"usage=1&usage[hits]=1&usage=2", ``},
		{"usage[hits]=1&usage=2", `{"usage"=>"2"}`},
		{"transactions[0]&transactions[0][app_id]=a", `{"transactions"=>{"0"=>{"app_id"=>"a"}}}`},
		{"transactions[0]", `{"transactions"=>{"0"=>nil}}`},
	}
	for _, tt := range tests {
		t.Run(tt.qs, func(t *testing.T) {
			p, err := parseString(tt.qs)
			if tt.want == "" {
				if err == nil || err.Code != CodeBadRequest {
					t.Fatalf("want bad_request, got %v (%s)", err, p.render(p.root))
				}
				return
			}
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if got := p.render(p.root); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		qs   string
		msg  string
	}{
		{"bad escape at the end", "x=value1%", "Invalid query parameters: invalid %-encoding"},
		{"bad escape digits", "x=%zz", "Invalid query parameters: invalid %-encoding"},
		{"bad escape in a key", "%g1=1", "Invalid query parameters: invalid %-encoding"},
		{"array then hash", "usage[]=1&usage[hits]=1", "request contains syntax errors, should not be repeated without modification"},
		{"hash then array", "usage[hits]=1&usage[]=1", "request contains syntax errors, should not be repeated without modification"},
		{"string then hash", "usage=1&usage[hits]=1", "request contains syntax errors, should not be repeated without modification"},
		{"too deep", "a" + strings.Repeat("[x]", 40) + "=1", "request contains syntax errors, should not be repeated without modification"},
		{"too many pairs", strings.Repeat("a=1&", 4096) + "a=1", "total number of query parameters (4097) exceeds limit (4096)"},
		{"too large", "a=" + strings.Repeat("x", maxQueryBytes), "total query size exceeds limit (4194304)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseString(tt.qs)
			if err == nil || err.Code != CodeBadRequest || err.Message != tt.msg || !err.decoding {
				t.Fatalf("got %v, want bad_request %q", err, tt.msg)
			}
		})
	}
	if _, err := parseString(strings.Repeat("a=1&", 4095) + "a=1"); err != nil {
		t.Fatalf("4096 pairs rejected: %v", err)
	}
	if _, err := parseString("a" + strings.Repeat("[x]", 30) + "=1"); err != nil {
		t.Fatalf("31 levels rejected: %v", err)
	}
}

func TestMergeBodyOverQuery(t *testing.T) {
	p, err := parseString("a=1&usage[hits]=1&b=2")
	if err != nil {
		t.Fatal(err)
	}
	body := p.newNode(kindHash)
	if err := p.parse(body, "usage[search]=5&c=3&a=9"); err != nil {
		t.Fatal(err)
	}
	p.mergeFrom(body)
	if got, want := p.render(p.root), `{"a"=>"9", "usage"=>{"search"=>"5"}, "b"=>"2", "c"=>"3"}`; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestLargeHashIsIndexed(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		b.WriteString("transactions[" + strconv.Itoa(i) + "][app_id]=a&")
	}
	b.WriteString("transactions[7][usage][hits]=1")
	p, err := parseString(b.String())
	if err != nil {
		t.Fatal(err)
	}
	txs := p.get("transactions")
	if p.nodes[txs].count != 3000 || p.nodes[txs].index == nil {
		t.Fatalf("count %d, indexed %v", p.nodes[txs].count, p.nodes[txs].index != nil)
	}
	if v, _ := p.str(p.lookup(p.lookup(p.lookup(txs, "7"), "usage"), "hits")); v != "1" {
		t.Fatal("lookup through the index failed")
	}
}

func TestUsageValues(t *testing.T) {
	tests := []struct {
		in    string
		set   bool
		value int64
		ok    bool
	}{
		{"1", false, 1, true}, {" 42 ", false, 42, true}, {"0", false, 0, true}, {"#5", true, 5, true},
		{" #0\t", true, 0, true}, {"9223372036854775807", false, 9223372036854775807, true},
		{"9223372036854775808", false, 0, false}, {"-1", false, 0, false}, {"1.5", false, 0, false},
		{"+1", false, 0, false}, {"##3", false, 0, false}, {"#", false, 0, false}, {"-#55", false, 0, false},
		{"tons!", false, 0, false}, {"# 5", false, 0, false}, {"", false, 0, false}, {"1 2", false, 0, false},
	}
	for _, tt := range tests {
		set, v, ok := parseUsageValue(tt.in)
		if set != tt.set || v != tt.value || ok != tt.ok {
			t.Errorf("parseUsageValue(%q) = %v, %d, %v; want %v, %d, %v", tt.in, set, v, ok, tt.set, tt.value, tt.ok)
		}
	}
}

func TestReferrerMatches(t *testing.T) {
	tests := []struct {
		filter, ref string
		want        bool
	}{
		{"*.example.org", "a.b.example.org", true},
		{"*.example.org", "example.org", false},
		{"*.example.org", "x.example.org.evil", false},
		{"example.org", "example.org", true},
		{"example.org", "examplexorg", false},
		{"*", "anything", true},
		{"a*b*c", "aXXbYYc", true},
		{"a*b*c", "aXXbYY", false},
		{"http://*.example.org/*", "http://api.example.org/path", true},
		{"", "", true},
		{"", "x", false},
	}
	for _, tt := range tests {
		if got := referrerMatches(tt.filter, tt.ref); got != tt.want {
			t.Errorf("referrerMatches(%q, %q) = %v", tt.filter, tt.ref, got)
		}
	}
}

// TestDecoderSharesOneBuffer: components decoded one after another share a
// buffer, and decoding more never changes what was decoded before.
func TestDecoderSharesOneBuffer(t *testing.T) {
	parts := []string{"transactions%5B0%5D%5Busage%5D%5Bhits%5D", "plain", "a+b%20c", "", "%41%42%43", "%E2%82%AC+x"}
	want := []string{"transactions[0][usage][hits]", "plain", "a b c", "", "ABC", "€ x"}
	size := 0
	for _, p := range parts {
		size += len(p)
	}
	d := decoder{size: size}
	got := make([]string, len(parts))
	for i, p := range parts {
		s, ok := d.unescape(p)
		if !ok {
			t.Fatalf("unescape(%q) failed", p)
		}
		got[i] = s
	}
	for i := range parts {
		if got[i] != want[i] {
			t.Errorf("unescape(%q) = %q, want %q", parts[i], got[i], want[i])
		}
	}
	if _, ok := d.unescape("%4"); ok {
		t.Fatal("a truncated escape was accepted")
	}
	if s, _ := d.unescape("%5A"); s != "Z" || got[0] != want[0] || got[4] != want[4] {
		t.Fatalf("decoding after a failure changed earlier strings: %q %q %q", s, got[0], got[4])
	}
}

// BenchmarkParseReport10 decodes the body of a report batch of 10
// transactions, as gateways send it.
func BenchmarkParseReport10(b *testing.B) {
	var body strings.Builder
	for i := range 10 {
		if i > 0 {
			body.WriteByte('&')
		}
		fmt.Fprintf(&body, "transactions%%5B%d%%5D%%5Buser_key%%5D=%032x&transactions%%5B%d%%5D%%5Busage%%5D%%5Bhits%%5D=1", i, i*2654435761, i)
	}
	form := body.String()
	var p Params
	b.ReportAllocs()
	for b.Loop() {
		p.reset()
		if err := p.parse(p.root, form); err != nil {
			b.Fatal(err)
		}
	}
}
