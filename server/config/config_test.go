package config_test

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/config"
)

func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := config.Load(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DataDir != "./data" || c.DatabaseURL != "" || c.RedisURL != "" ||
		c.AdminDomain != "localhost" || c.AdminPassword != "" || c.WildcardDomain != "localhost" || c.MasterPassword != "" || c.LogLevel != slog.LevelInfo ||
		c.LogFormat != "text" || c.ShutdownTimeout != 20*time.Second || c.GCPercent != 400 || c.MaxBodyBytes != 1<<20 {
		t.Errorf("defaults = %+v", c)
	}
	if c.TeamPasswords != (password.Policy{MinLength: 12, Common: true}) || c.TrustedProxies != nil ||
		c.LoginDelay != time.Second || c.LoginMaxDelay != time.Minute {
		t.Errorf("security defaults = %+v %v %s %s", c.TeamPasswords, c.TrustedProxies, c.LoginDelay, c.LoginMaxDelay)
	}
	// The runtime's own GOGC wins over the server's default.
	if c, err := config.Load(nil, env(map[string]string{"GOGC": "100"})); err != nil || c.GCPercent != 0 {
		t.Errorf("with GOGC set: GCPercent %d, %v", c.GCPercent, err)
	}
}

func TestLoadReadsARedisCluster(t *testing.T) {
	const url = "redis://10.0.0.1:7001?addr=10.0.0.2:7002&addr=10.0.0.3:7003"
	c, err := config.Load(nil, env(map[string]string{"PORTICO_REDIS_URL": url, "PORTICO_REDIS_CLUSTER": "true"}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.RedisCluster || c.RedisURL != url {
		t.Fatalf("cluster %v, URL %q", c.RedisCluster, c.RedisURL)
	}
	// The same URL is not a single node's: its query is refused there.
	if _, err := config.Load(nil, env(map[string]string{"PORTICO_REDIS_URL": url})); err == nil || !strings.Contains(err.Error(), "PORTICO_REDIS_URL") {
		t.Fatalf("a cluster URL without PORTICO_REDIS_CLUSTER: %v", err)
	}
}

func TestLoadReadsEnvironmentAndFlags(t *testing.T) {
	c, err := config.Load([]string{"-addr", "127.0.0.1:9000", "-log-level", "debug"}, env(map[string]string{
		"PORTICO_ADDR":                  ":1234",
		"PORTICO_DATABASE_URL":          "postgres://portico:secret@db:5432/portico?sslmode=disable",
		"PORTICO_REDIS_URL":             "redis://cache:6379/2",
		"PORTICO_LOG_LEVEL":             "error",
		"PORTICO_LOG_FORMAT":            "json",
		"PORTICO_SHUTDOWN_TIMEOUT":      "5s",
		"PORTICO_ADMIN_PASSWORD":        "long-enough-too",
		"PORTICO_ADMIN_DOMAIN":          "admin.example.com",
		"PORTICO_WILDCARD_DOMAIN":       "APIs.Example.com.",
		"PORTICO_MASTER_PASSWORD":       "master-long-enough",
		"PORTICO_SMTP_URL":              "smtps://mailer:secret@mail.example.com",
		"PORTICO_TRUSTED_PROXIES":       "10.0.0.0/8, 192.0.2.7 ,2001:db8::/32",
		"PORTICO_PASSWORD_MIN_LENGTH":   "14",
		"PORTICO_PASSWORD_CHECK_COMMON": "false",
		"PORTICO_LOGIN_DELAY":           "2s",
		"PORTICO_LOGIN_MAX_DELAY":       "5m",
		"PORTICO_MAX_BODY_BYTES":        "256KiB",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" || c.LogLevel != slog.LevelDebug {
		t.Errorf("flags do not win over the environment: addr %q, level %v", c.Addr, c.LogLevel)
	}
	if c.DatabaseURL == "" || c.RedisURL != "redis://cache:6379/2" || c.LogFormat != "json" ||
		c.ShutdownTimeout != 5*time.Second || c.AdminPassword != "long-enough-too" || c.AdminDomain != "admin.example.com" ||
		c.SMTPURL != "smtps://mailer:secret@mail.example.com" || c.MaxBodyBytes != 256<<10 ||
		c.WildcardDomain != "apis.example.com" || c.MasterPassword != "master-long-enough" {
		t.Errorf("environment not read: %+v", c)
	}
	if fmt.Sprint(c.TrustedProxies) != "[10.0.0.0/8 192.0.2.7/32 2001:db8::/32]" ||
		c.TeamPasswords != (password.Policy{MinLength: 14}) || c.LoginDelay != 2*time.Second || c.LoginMaxDelay != 5*time.Minute {
		t.Errorf("security settings not read: %v %+v %s %s", c.TrustedProxies, c.TeamPasswords, c.LoginDelay, c.LoginMaxDelay)
	}
}

// TestLoadRejects checks each bad setting is named with what is expected,
// and that every problem is reported at once.
func TestLoadRejects(t *testing.T) {
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		want []string // each must appear in the error
	}{
		{"address without port", map[string]string{"PORTICO_ADDR": "localhost"}, nil,
			[]string{`PORTICO_ADDR "localhost": want host:port`}},
		{"address with a bad port", map[string]string{"PORTICO_ADDR": ":http"}, nil,
			[]string{`PORTICO_ADDR ":http": port must be a number from 0 to 65535`}},
		{"address with a port out of range", map[string]string{"PORTICO_ADDR": ":70000"}, nil,
			[]string{`PORTICO_ADDR ":70000": port must be a number`}},
		{"database URL of another kind", map[string]string{"PORTICO_DATABASE_URL": "mysql://db/portico"}, nil,
			[]string{"PORTICO_DATABASE_URL: want postgres://"}},
		{"database URL without a host", map[string]string{"PORTICO_DATABASE_URL": "postgres:///portico"}, nil,
			[]string{"PORTICO_DATABASE_URL: want postgres://"}},
		{"database URL that does not parse", map[string]string{"PORTICO_DATABASE_URL": "postgres://db:port/x"}, nil,
			[]string{"PORTICO_DATABASE_URL: want postgres://"}},
		{"redis URL of another kind", map[string]string{"PORTICO_REDIS_URL": "http://cache:6379"}, nil,
			[]string{"PORTICO_REDIS_URL:", "want redis://"}},
		{"redis URL with a bad database", map[string]string{"PORTICO_REDIS_URL": "redis://cache:6379/x"}, nil,
			[]string{"PORTICO_REDIS_URL:", "want redis://"}},
		{"redis cluster switch that is not a boolean", map[string]string{"PORTICO_REDIS_URL": "redis://cache:6379", "PORTICO_REDIS_CLUSTER": "maybe"}, nil,
			[]string{`PORTICO_REDIS_CLUSTER "maybe": want true or false`}},
		{"redis cluster without a URL", map[string]string{"PORTICO_REDIS_CLUSTER": "true"}, nil,
			[]string{"PORTICO_REDIS_CLUSTER: needs PORTICO_REDIS_URL"}},
		{"redis cluster URL with a bad seed", map[string]string{"PORTICO_REDIS_URL": "redis://cache:6379?addr=cache", "PORTICO_REDIS_CLUSTER": "true"}, nil,
			[]string{"PORTICO_REDIS_URL:", "naming nodes of the cluster"}},
		{"redis lease that is not a duration", map[string]string{"PORTICO_REDIS_LEASE": "soon"}, nil,
			[]string{`PORTICO_REDIS_LEASE "soon": want 0 or a duration from 10ms to 1m`}},
		{"redis lease too short to save a round trip", map[string]string{"PORTICO_REDIS_LEASE": "1ms"}, nil,
			[]string{`PORTICO_REDIS_LEASE "1ms"`}},
		{"redis lease longer than a minute", map[string]string{"PORTICO_REDIS_LEASE": "2m"}, nil,
			[]string{`PORTICO_REDIS_LEASE "2m"`}},
		{"SMTP URL of another kind", map[string]string{"PORTICO_SMTP_URL": "mailto:ops@example.com"}, nil,
			[]string{"PORTICO_SMTP_URL:", "want smtp://"}},
		{"SMTP URL with a bad port", map[string]string{"PORTICO_SMTP_URL": "smtp://mail.example.com:70000"}, nil,
			[]string{"PORTICO_SMTP_URL:", "port"}},
		{"unknown log level", map[string]string{"PORTICO_LOG_LEVEL": "verbose"}, nil,
			[]string{`PORTICO_LOG_LEVEL "verbose": want debug, info, warn or error`}},
		{"unknown log format", map[string]string{"PORTICO_LOG_FORMAT": "xml"}, nil,
			[]string{`PORTICO_LOG_FORMAT "xml": want text or json`}},
		{"shutdown timeout without unit", map[string]string{"PORTICO_SHUTDOWN_TIMEOUT": "20"}, nil,
			[]string{`PORTICO_SHUTDOWN_TIMEOUT "20": want a positive duration`}},
		{"negative shutdown timeout", map[string]string{"PORTICO_SHUTDOWN_TIMEOUT": "-1s"}, nil,
			[]string{`PORTICO_SHUTDOWN_TIMEOUT "-1s": want a positive duration`}},
		{"body limit that is not a size", map[string]string{"PORTICO_MAX_BODY_BYTES": "lots"}, nil,
			[]string{`PORTICO_MAX_BODY_BYTES "lots": want a size from 4KiB to 1GiB`}},
		{"body limit too small for a login", map[string]string{"PORTICO_MAX_BODY_BYTES": "100"}, nil,
			[]string{`PORTICO_MAX_BODY_BYTES "100": want a size`}},
		{"body limit over a gigabyte", nil, []string{"-max-body-bytes", "2GiB"},
			[]string{`PORTICO_MAX_BODY_BYTES "2GiB": want a size`}},
		{"short admin password", map[string]string{"PORTICO_ADMIN_PASSWORD": "short-pw"}, nil,
			[]string{"PORTICO_ADMIN_PASSWORD: must be at least 12 characters"}},
		{"admin password shorter than the set minimum", map[string]string{"PORTICO_ADMIN_PASSWORD": "Adm1n-passw0rd!", "PORTICO_PASSWORD_MIN_LENGTH": "16"}, nil,
			[]string{"PORTICO_ADMIN_PASSWORD: must be at least 16 characters"}},
		{"common admin password", map[string]string{"PORTICO_ADMIN_PASSWORD": "qwertyuiop12"}, nil,
			[]string{"PORTICO_ADMIN_PASSWORD: is one of the most common passwords"}},
		{"common admin password with a suffix", map[string]string{"PORTICO_ADMIN_PASSWORD": "Password2024!"}, nil,
			[]string{"PORTICO_ADMIN_PASSWORD: is one of the most common passwords"}},
		{"password minimum below 8", map[string]string{"PORTICO_PASSWORD_MIN_LENGTH": "6"}, nil,
			[]string{`PORTICO_PASSWORD_MIN_LENGTH "6": want a number from 8 to 128`}},
		{"password minimum not a number", map[string]string{"PORTICO_PASSWORD_MIN_LENGTH": "twelve"}, nil,
			[]string{`PORTICO_PASSWORD_MIN_LENGTH "twelve": want a number from 8 to 128`}},
		{"common password check not a boolean", map[string]string{"PORTICO_PASSWORD_CHECK_COMMON": "maybe"}, nil,
			[]string{`PORTICO_PASSWORD_CHECK_COMMON "maybe": want true or false`}},
		{"trusted proxy that is not an address", map[string]string{"PORTICO_TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal"}, nil,
			[]string{`PORTICO_TRUSTED_PROXIES "proxy.internal": want IP addresses or CIDR networks`}},
		{"trusted proxy network with a bad length", map[string]string{"PORTICO_TRUSTED_PROXIES": "10.0.0.0/33"}, nil,
			[]string{`PORTICO_TRUSTED_PROXIES "10.0.0.0/33"`}},
		{"login delay without unit", map[string]string{"PORTICO_LOGIN_DELAY": "1"}, nil,
			[]string{`PORTICO_LOGIN_DELAY "1": want a positive duration`}},
		{"longest login delay shorter than the first", map[string]string{"PORTICO_LOGIN_DELAY": "2m", "PORTICO_LOGIN_MAX_DELAY": "1m"}, nil,
			[]string{`PORTICO_LOGIN_MAX_DELAY "1m": must not be shorter than PORTICO_LOGIN_DELAY`}},
		{"admin domain with a path", map[string]string{"PORTICO_ADMIN_DOMAIN": "example.com/admin"}, nil,
			[]string{`PORTICO_ADMIN_DOMAIN "example.com/admin": want a host name`}},
		{"wildcard domain that is no domain", map[string]string{"PORTICO_WILDCARD_DOMAIN": "api_s.example.com"}, nil,
			[]string{`PORTICO_WILDCARD_DOMAIN "api_s.example.com": must be a domain name in lower case`}},
		{"weak master password", map[string]string{"PORTICO_MASTER_PASSWORD": "short"}, nil,
			[]string{`PORTICO_MASTER_PASSWORD:`}},
		{"empty data directory", nil, []string{"-data-dir", " "},
			[]string{"PORTICO_DATA_DIR: must not be empty"}},
		{"bad flag value", nil, []string{"-log-format", "yaml"},
			[]string{`PORTICO_LOG_FORMAT "yaml"`}},
		{"unknown flag", nil, []string{"-listen", ":80"}, []string{"flag provided but not defined: -listen"}},
		{"stray argument", nil, []string{"now"}, []string{"unexpected arguments: now"}},
		{"every problem at once", map[string]string{
			"PORTICO_ADDR": "nowhere", "PORTICO_DATABASE_URL": "sqlite://x", "PORTICO_REDIS_URL": "memcache://x",
			"PORTICO_LOG_LEVEL": "loud", "PORTICO_LOG_FORMAT": "xml", "PORTICO_SHUTDOWN_TIMEOUT": "soon",
		}, nil, []string{"PORTICO_ADDR", "PORTICO_DATABASE_URL", "PORTICO_REDIS_URL", "PORTICO_LOG_LEVEL",
			"PORTICO_LOG_FORMAT", "PORTICO_SHUTDOWN_TIMEOUT"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := config.Load(c.args, env(c.env))
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if n := strings.Count(err.Error(), "\n") + 1; strings.HasPrefix(c.name, "every") && n != len(c.want) {
				t.Errorf("%d problems reported on %d lines: %q", len(c.want), n, err)
			}
		})
	}
}

// A bad URL is reported without its password.
func TestLoadKeepsPasswordsOutOfErrors(t *testing.T) {
	_, err := config.Load(nil, env(map[string]string{
		"PORTICO_DATABASE_URL": "mysql://portico:hunter2secret@db/portico",
		"PORTICO_REDIS_URL":    "redis://:hunter2secret@cache:6379/x",
		"PORTICO_SMTP_URL":     "smtp://mailer:hunter2secret@mail.example.com:587/x",
	}))
	if err == nil {
		t.Fatal("accepted")
	}
	if strings.Contains(err.Error(), "hunter2secret") {
		t.Errorf("the error shows a password: %q", err)
	}
}

func TestLoadReadsBodyLimitsInBytesOrWithUnits(t *testing.T) {
	for in, want := range map[string]int64{"262144": 262144, "4KiB": 4096, "1MiB": 1 << 20, "2 MB": 2000000, "1GiB": 1 << 30} {
		c, err := config.Load([]string{"-max-body-bytes", in}, env(nil))
		if err != nil || c.MaxBodyBytes != want {
			t.Errorf("%q: %d, %v; want %d", in, c.MaxBodyBytes, err, want)
		}
	}
}
