package tracing

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is what the OTEL_* variables ask for.
type Config struct {
	// Endpoint is the OTLP/HTTP traces URL (…/v1/traces); empty: tracing off.
	Endpoint string
	Headers  map[string]string
	Timeout  time.Duration
	// ServiceName names this process's service (OTEL_SERVICE_NAME).
	ServiceName string
	// Attributes are further resource attributes (OTEL_RESOURCE_ATTRIBUTES).
	Attributes map[string]string
	// Sampler is one of the specification's sampler names, with its
	// argument (a ratio) for the traceidratio ones.
	Sampler    string
	SamplerArg float64
	// BatchDelay is how long spans wait to be exported together
	// (OTEL_BSP_SCHEDULE_DELAY).
	BatchDelay time.Duration
}

// On reports whether traces are exported.
func (c Config) On() bool { return c.Endpoint != "" }

// Variables lists the OTEL_* variables FromEnv reads, for the usage text.
var Variables = []string{
	"OTEL_SDK_DISABLED", "OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
	"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS",
	"OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
	"OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG", "OTEL_BSP_SCHEDULE_DELAY",
}

var samplers = map[string]bool{
	"always_on": true, "always_off": true, "traceidratio": true,
	"parentbased_always_on": true, "parentbased_always_off": true, "parentbased_traceidratio": true,
}

// FromEnv reads the OpenTelemetry specification's variables through getenv.
// Tracing is on only when an OTLP endpoint is named, the exporter is not
// "none" and the SDK is not disabled; only OTLP over HTTP (protobuf) is
// spoken. Every problem is reported, naming its variable.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{ServiceName: "portico", Sampler: "parentbased_always_on", SamplerArg: 1, Timeout: 10 * time.Second, BatchDelay: 5 * time.Second}
	var errs []error
	bad := func(name, value, want string) {
		errs = append(errs, fmt.Errorf("%s %q: %s", name, value, want))
	}
	// pick returns the traces-specific variable, else the general one.
	pick := func(general string) (string, string) {
		specific := strings.Replace(general, "OTEL_EXPORTER_OTLP_", "OTEL_EXPORTER_OTLP_TRACES_", 1)
		if v := strings.TrimSpace(getenv(specific)); v != "" {
			return specific, v
		}
		return general, strings.TrimSpace(getenv(general))
	}

	if v := getenv("OTEL_SERVICE_NAME"); v != "" {
		c.ServiceName = v
	}
	if v := getenv("OTEL_RESOURCE_ATTRIBUTES"); v != "" {
		attrs, err := keyValues(v)
		if err != nil {
			bad("OTEL_RESOURCE_ATTRIBUTES", v, err.Error())
		}
		c.Attributes = attrs
	}
	if name, v := pick("OTEL_EXPORTER_OTLP_HEADERS"); v != "" {
		h, err := keyValues(v)
		if err != nil {
			bad(name, v, err.Error())
		}
		c.Headers = h
	}
	if name, v := pick("OTEL_EXPORTER_OTLP_TIMEOUT"); v != "" {
		ms, err := strconv.Atoi(v)
		if err != nil || ms <= 0 {
			bad(name, v, "want a number of milliseconds above 0")
		} else {
			c.Timeout = time.Duration(ms) * time.Millisecond
		}
	}
	if v := getenv("OTEL_BSP_SCHEDULE_DELAY"); v != "" {
		ms, err := strconv.Atoi(v)
		if err != nil || ms < 0 {
			bad("OTEL_BSP_SCHEDULE_DELAY", v, "want a number of milliseconds")
		} else {
			c.BatchDelay = time.Duration(ms) * time.Millisecond
		}
	}
	if v := getenv("OTEL_TRACES_SAMPLER"); v != "" {
		if !samplers[v] {
			bad("OTEL_TRACES_SAMPLER", v, "want always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio")
		}
		c.Sampler = v
	}
	if v := getenv("OTEL_TRACES_SAMPLER_ARG"); v != "" && strings.HasSuffix(c.Sampler, "traceidratio") {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r < 0 || r > 1 {
			bad("OTEL_TRACES_SAMPLER_ARG", v, "want a ratio from 0 to 1")
		} else {
			c.SamplerArg = r
		}
	}
	if name, v := pick("OTEL_EXPORTER_OTLP_PROTOCOL"); v != "" && v != "http/protobuf" {
		bad(name, v, "Portico exports traces over OTLP/HTTP: want http/protobuf (the collector's port 4318)")
	}

	exporter := strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER"))
	if exporter != "" && exporter != "otlp" && exporter != "none" {
		bad("OTEL_TRACES_EXPORTER", exporter, "want otlp or none")
	}
	disabled := strings.EqualFold(strings.TrimSpace(getenv("OTEL_SDK_DISABLED")), "true")
	endpoint := ""
	if name, v := pick("OTEL_EXPORTER_OTLP_ENDPOINT"); v != "" {
		u, err := url.Parse(v)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			bad(name, v, "want an http:// or https:// URL, such as http://otel-collector:4318")
		case name == "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT":
			endpoint = v // used as given
		default:
			endpoint = strings.TrimSuffix(v, "/") + "/v1/traces"
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, err
	}
	if !disabled && exporter != "none" {
		c.Endpoint = endpoint
	}
	return c, nil
}

// keyValues parses the specification's key=value,key2=value2 lists, with
// URL-encoded values.
func keyValues(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("want key=value pairs separated by commas, not %q", part)
		}
		dv, err := url.PathUnescape(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("value of %s: %v", k, err)
		}
		out[k] = dv
	}
	return out, nil
}
