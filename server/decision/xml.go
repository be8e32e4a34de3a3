package decision

import (
	"time"
	"unicode/utf8"
)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>`

// periodLayout is how period_start and period_end are written.
const periodLayout = "2006-01-02 15:04:05 -0700"

// appendText appends s escaped for XML character data.
func appendText(b []byte, s string) []byte { return appendEscaped(b, s, false) }

// appendAttr appends s escaped for a double-quoted XML attribute.
func appendAttr(b []byte, s string) []byte { return appendEscaped(b, s, true) }

func appendEscaped(b []byte, s string, attr bool) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != '<' && c != '>' && c != '"' {
			i++
			continue
		}
		var repl string
		size := 1
		switch {
		case c == '&':
			repl = "&amp;"
		case c == '<':
			repl = "&lt;"
		case c == '>':
			repl = "&gt;"
		case c == '"':
			if !attr {
				i++
				continue
			}
			repl = "&quot;"
		case c == '\t' || c == '\n':
			if !attr {
				i++
				continue
			}
			if c == '\t' {
				repl = "&#x9;"
			} else {
				repl = "&#xA;"
			}
		case c == '\r':
			repl = "&#xD;"
		case c < 0x20:
			repl = "\uFFFD" // not representable in XML 1.0
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			size = n
			if (r != utf8.RuneError || n > 1) && (r <= 0xD7FF || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000) {
				i += n
				continue
			}
			repl = "\uFFFD"
		}
		b = append(b, s[start:i]...)
		b = append(b, repl...)
		i += size
		start = i
	}
	return append(b, s[start:]...)
}

// appendErrorDoc appends an <error> document.
func appendErrorDoc(b []byte, e *Error) []byte {
	b = append(b, xmlHeader...)
	b = append(b, `<error code="`...)
	b = appendAttr(b, string(e.Code))
	b = append(b, `">`...)
	b = appendText(b, e.Message)
	return append(b, `</error>`...)
}

// appendPeriodTime appends a period boundary as "YYYY-MM-DD HH:MM:SS +0000".
func appendPeriodTime(b []byte, sec int64) []byte {
	return time.Unix(sec, 0).UTC().AppendFormat(b, periodLayout)
}
