package openapi_test

import (
	"os"
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/openapi"
	"github.com/portico-apim/portico/server/problem"
)

// FuzzParse feeds arbitrary text to the parser: it must never panic, and it
// either refuses the text as an invalid body or returns operations with an
// upper-case verb and a path.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"petstore-3.1.yaml", "petstore-3.0.json", "petstore-2.0.yaml"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("openapi: 3.1.0\ninfo: {title: a, version: '1'}\npaths: {}\n")
	f.Add(`{"swagger":"2.0","info":{"title":"x","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}}}`)
	f.Add("openapi: 3.0.0\npaths:\n  /a: {$ref: '#/paths/~1a'}\n")
	f.Add("{")
	f.Fuzz(func(t *testing.T, body string) {
		doc, err := openapi.Parse(body)
		if err != nil {
			if pe := problem.Classify(err); pe.Kind != problem.KindInvalid || pe.Field != "body" {
				t.Fatalf("error %v is not an invalid body", err)
			}
			return
		}
		for _, op := range doc.Operations {
			if op.Method == "" || op.Method != strings.ToUpper(op.Method) {
				t.Fatalf("operation %+v", op)
			}
		}
	})
}
