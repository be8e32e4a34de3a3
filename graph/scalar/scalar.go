// Package scalar holds Portico's custom GraphQL scalars: exact decimals,
// string maps and raw JSON values.
package scalar

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/shopspring/decimal"
)

// Decimal is an exact decimal number, written as a JSON string ("12.5000")
// so no client rounds it through a float.
type Decimal = decimal.Decimal

// MarshalDecimal writes d as a string with its stored precision.
func MarshalDecimal(d decimal.Decimal) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(d.String()))
	})
}

// UnmarshalDecimal accepts a decimal string, or an integer literal.
func UnmarshalDecimal(v any) (decimal.Decimal, error) {
	switch v := v.(type) {
	case string:
		d, err := decimal.NewFromString(v)
		if err != nil {
			return decimal.Decimal{}, fmt.Errorf("%q is not a decimal number", v)
		}
		return d, nil
	case int:
		return decimal.NewFromInt(int64(v)), nil
	case int64:
		return decimal.NewFromInt(v), nil
	case json.Number:
		d, err := decimal.NewFromString(v.String())
		if err != nil {
			return decimal.Decimal{}, fmt.Errorf("%q is not a decimal number", v.String())
		}
		return d, nil
	default:
		return decimal.Decimal{}, errors.New("a Decimal must be a string such as \"12.50\"")
	}
}

// MarshalStringMap writes m as a JSON object of strings.
func MarshalStringMap(m map[string]string) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		if m == nil {
			_, _ = io.WriteString(w, "null")
			return
		}
		b, _ := json.Marshal(m)
		_, _ = w.Write(b)
	})
}

// UnmarshalStringMap accepts an object whose values are all strings.
func UnmarshalStringMap(v any) (map[string]string, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("a StringMap must be an object")
	}
	out := make(map[string]string, len(obj))
	for k, val := range obj {
		s, ok := val.(string)
		if !ok {
			return nil, fmt.Errorf("value of %q must be a string", k)
		}
		if len(k) > 255 || len(s) > 65535 {
			return nil, fmt.Errorf("entry %q is too long", k)
		}
		out[k] = s
	}
	return out, nil
}

// StringMap is a flat object of string values (extra fields).
type StringMap = map[string]string

// JSON is any JSON value, passed through as written.
type JSON = json.RawMessage

// MarshalJSON writes v as is ("null" when empty).
func MarshalJSON(v json.RawMessage) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		if len(v) == 0 {
			_, _ = io.WriteString(w, "null")
			return
		}
		_, _ = w.Write(v)
	})
}

// UnmarshalJSON accepts any JSON value.
func UnmarshalJSON(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, errors.New("not a JSON value")
	}
	return b, nil
}
