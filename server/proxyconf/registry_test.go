package proxyconf

import (
	"strings"
	"testing"
)

// TestParseManifest checks manifests as APIcast reads them: what is refused
// names the place of the problem.
func TestParseManifest(t *testing.T) {
	for _, c := range []struct {
		name, doc, want string
	}{
		{"valid", `{"name":"a","version":"1","summary":"A","configuration":{"type":"object"}}`, ""},
		{"description list", `{"name":"a","version":"1","description":["One.","Two."],"configuration":{}}`, ""},
		{"not JSON", `{"name":`, "is not JSON"},
		{"array", `[]`, "must be a JSON object"},
		{"no name", `{"version":"1","summary":"A","configuration":{}}`, "missing property 'name'"},
		{"version a number", `{"name":"a","version":1,"summary":"A","configuration":{}}`, "version: got number, want string"},
		{"summary too long", `{"name":"a","version":"1","summary":"` + strings.Repeat("s", 76) + `","configuration":{}}`, "summary: maxLength"},
		{"no summary or description", `{"name":"a","version":"1","configuration":{}}`, "missing property"},
		{"configuration type", `{"name":"a","version":"1","summary":"A","configuration":{"type":"banana"}}`, "configuration.type"},
		{"configuration required", `{"name":"a","version":"1","summary":"A","configuration":{"required":"x"}}`, "configuration.required"},
		{"remote reference", `{"name":"a","version":"1","summary":"A","configuration":{"$ref":"file:///etc/passwd"}}`, "not followed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := ParseManifest([]byte(c.doc))
			if c.want == "" {
				if err != nil || m.Name != "a" || m.Summary == "" {
					t.Fatalf("%+v %v", m, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
			if testing.Verbose() {
				t.Log(err)
			}
		})
	}
}
