// Package deploy holds the Kubernetes chart and the Grafana dashboard, and
// tests that the chart lints and renders valid Kubernetes objects.
package deploy

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"

	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/v2/lint"
	"helm.sh/helm/v4/pkg/chart/v2/lint/support"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/engine"
)

var chartDir = filepath.Join("helm", "portico")

// required are the values an installation must give.
func required() map[string]any {
	return map[string]any{"secrets": map[string]any{
		"databaseUrl": "postgres://portico:secret@db:5432/portico?sslmode=require",
		"redisUrl":    "redis://redis:6379/0",
	}}
}

// merge returns a copy of a with b's keys set, recursively.
func merge(a, b map[string]any) map[string]any {
	out := maps.Clone(a)
	for k, v := range b {
		if bm, ok := v.(map[string]any); ok {
			if am, ok := out[k].(map[string]any); ok {
				out[k] = merge(am, bm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// render renders the chart with values as `helm template` does, returning
// the manifests by kind and name.
func render(t *testing.T, values map[string]any) (map[string]string, error) {
	t.Helper()
	ch, err := loader.Load(chartDir)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := util.ToRenderValuesWithSchemaValidation(ch, values,
		common.ReleaseOptions{Name: "api", Namespace: "portico", IsInstall: true}, common.DefaultCapabilities, false)
	if err != nil {
		return nil, err
	}
	files, err := engine.Render(ch, vals)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for name, text := range files {
		if strings.HasSuffix(name, "NOTES.txt") {
			continue
		}
		for _, doc := range strings.Split(text, "\n---\n") {
			var head struct {
				Kind     string `json:"kind"`
				Metadata struct {
					Name string `json:"name"`
				} `json:"metadata"`
			}
			if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
				t.Fatalf("%s: %v\n%s", name, err, doc)
			}
			if head.Kind == "" {
				continue // a template that renders nothing
			}
			out[head.Kind+"/"+head.Metadata.Name] = doc
		}
	}
	return out, nil
}

// decode reads a manifest into a Kubernetes type, refusing unknown fields.
func decode[T any](t *testing.T, docs map[string]string, key string) *T {
	t.Helper()
	doc, ok := docs[key]
	if !ok {
		t.Fatalf("no %s among %v", key, slices.Sorted(maps.Keys(docs)))
	}
	var v T
	if err := yaml.UnmarshalStrict([]byte(doc), &v); err != nil {
		t.Fatalf("%s: %v\n%s", key, err, doc)
	}
	return &v
}

func TestChartLints(t *testing.T) {
	for name, values := range map[string]map[string]any{
		"defaults": required(),
		"everything on": merge(required(), map[string]any{
			"ingress":     map[string]any{"enabled": true, "className": "nginx", "tls": []any{map[string]any{"secretName": "tls", "hosts": []any{"portico.example.com"}}}},
			"metrics":     map[string]any{"serviceMonitor": map[string]any{"enabled": true}},
			"persistence": map[string]any{"enabled": false},
		}),
	} {
		t.Run(name, func(t *testing.T) {
			l := lint.RunAll(chartDir, values, "portico")
			for _, m := range l.Messages {
				if m.Severity >= support.WarningSev { // helm lint --strict
					t.Error(m.Error())
				}
			}
		})
	}
}

func TestChartRendersReplicas(t *testing.T) {
	docs, err := render(t, required())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"PodDisruptionBudget/api-portico", "Secret/api-portico", "Service/api-portico", "Service/api-portico-pods", "StatefulSet/api-portico"}
	if got := slices.Sorted(maps.Keys(docs)); !slices.Equal(got, want) {
		t.Fatalf("rendered %v, want %v", got, want)
	}
	sts := decode[appsv1.StatefulSet](t, docs, "StatefulSet/api-portico")
	if *sts.Spec.Replicas != 2 {
		t.Errorf("replicas %d, want 2", *sts.Spec.Replicas)
	}
	pod := sts.Spec.Template.Spec
	if len(pod.InitContainers) != 1 || !slices.Equal(pod.InitContainers[0].Args, []string{"migrate"}) {
		t.Errorf("init containers %+v, want one running migrate", pod.InitContainers)
	}
	c := pod.Containers[0]
	if c.Image != "portico:dev" {
		t.Errorf("image %q", c.Image)
	}
	if c.ReadinessProbe.HTTPGet.Path != "/readyz" || c.LivenessProbe.HTTPGet.Path != "/healthz" {
		t.Errorf("probes: readiness %s, liveness %s", c.ReadinessProbe.HTTPGet.Path, c.LivenessProbe.HTTPGet.Path)
	}
	if len(c.EnvFrom) != 1 || c.EnvFrom[0].SecretRef.Name != "api-portico" {
		t.Errorf("envFrom %+v, want the release's Secret", c.EnvFrom)
	}
	env := map[string]corev1.EnvVar{}
	for _, e := range c.Env {
		env[e.Name] = e
	}
	if env["PORTICO_METRICS_ADDR"].Value != ":9090" || env["PORTICO_DATA_DIR"].Value != "/data" {
		t.Errorf("env %+v", c.Env)
	}
	if f := env["GOMEMLIMIT"].ValueFrom; f == nil || f.ResourceFieldRef.Resource != "limits.memory" {
		t.Errorf("GOMEMLIMIT not taken from the memory limit: %+v", env["GOMEMLIMIT"])
	}
	if len(sts.Spec.VolumeClaimTemplates) != 1 || sts.Spec.VolumeClaimTemplates[0].Name != "data" {
		t.Errorf("volume claim templates %+v, want one for data", sts.Spec.VolumeClaimTemplates)
	}
	if sc := c.SecurityContext; sc == nil || !*sc.ReadOnlyRootFilesystem || *sc.AllowPrivilegeEscalation {
		t.Errorf("container security context %+v", sc)
	}
	secret := decode[corev1.Secret](t, docs, "Secret/api-portico")
	if secret.StringData["PORTICO_DATABASE_URL"] == "" || secret.StringData["PORTICO_REDIS_URL"] == "" {
		t.Errorf("secret %+v", secret.StringData)
	}
	svc := decode[corev1.Service](t, docs, "Service/api-portico")
	if len(svc.Spec.Ports) != 2 {
		t.Errorf("service ports %+v", svc.Spec.Ports)
	}
	decode[corev1.Service](t, docs, "Service/api-portico-pods")
	pdb := decode[policyv1.PodDisruptionBudget](t, docs, "PodDisruptionBudget/api-portico")
	if pdb.Spec.MaxUnavailable.IntValue() != 1 {
		t.Errorf("PDB %+v", pdb.Spec)
	}
}

func TestChartRendersOptions(t *testing.T) {
	values := merge(required(), map[string]any{
		"replicaCount": 3,
		"secrets":      map[string]any{"existingSecret": "portico-env", "databaseUrl": "", "redisUrl": ""},
		"ingress":      map[string]any{"enabled": true, "className": "nginx", "hosts": []any{map[string]any{"host": "*.admin.example.com"}}},
		"metrics":      map[string]any{"serviceMonitor": map[string]any{"enabled": true, "labels": map[string]any{"release": "prometheus"}}},
		"persistence":  map[string]any{"enabled": false},
	})
	docs, err := render(t, values)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := docs["Secret/api-portico"]; ok {
		t.Error("a Secret was rendered although an existing one is named")
	}
	sts := decode[appsv1.StatefulSet](t, docs, "StatefulSet/api-portico")
	if got := sts.Spec.Template.Spec.Containers[0].EnvFrom[0].SecretRef.Name; got != "portico-env" {
		t.Errorf("envFrom names %q, want portico-env", got)
	}
	if len(sts.Spec.VolumeClaimTemplates) != 0 {
		t.Error("volume claims without persistence")
	}
	var data *corev1.Volume
	for i, v := range sts.Spec.Template.Spec.Volumes {
		if v.Name == "data" {
			data = &sts.Spec.Template.Spec.Volumes[i]
		}
	}
	if data == nil || data.EmptyDir == nil {
		t.Errorf("without persistence the data volume is %+v, want an emptyDir", data)
	}
	ing := decode[networkingv1.Ingress](t, docs, "Ingress/api-portico")
	if ing.Spec.Rules[0].Host != "*.admin.example.com" || *ing.Spec.IngressClassName != "nginx" {
		t.Errorf("ingress %+v", ing.Spec)
	}
	var sm struct {
		Spec struct {
			Endpoints []struct{ Port, Path string } `json:"endpoints"`
		} `json:"spec"`
		Metadata struct {
			Labels map[string]string `json:"labels"`
		} `json:"metadata"`
	}
	if err := yaml.Unmarshal([]byte(docs["ServiceMonitor/api-portico"]), &sm); err != nil {
		t.Fatal(err)
	}
	if len(sm.Spec.Endpoints) != 1 || sm.Spec.Endpoints[0].Port != "metrics" || sm.Metadata.Labels["release"] != "prometheus" {
		t.Errorf("service monitor %+v", sm)
	}
}

func TestChartRefusesWhatCannotWork(t *testing.T) {
	for _, c := range []struct {
		name   string
		values map[string]any
		want   string
	}{
		{"no database", map[string]any{}, "secrets.databaseUrl is required"},
		{"replicas without Redis", map[string]any{"secrets": map[string]any{"databaseUrl": "postgres://db/portico"}}, "secrets.redisUrl is required with more than one replica"},
		{"unknown log level", merge(required(), map[string]any{"config": map[string]any{"logLevel": "verbose"}}), "logLevel"},
		{"not a database URL", merge(required(), map[string]any{"secrets": map[string]any{"databaseUrl": "mysql://db"}}), "databaseUrl"},
		{"metrics on the HTTP port", merge(required(), map[string]any{"metrics": map[string]any{"port": 8080}}), "metrics.port must differ"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := render(t, c.values)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("render: %v, want an error about %q", err, c.want)
			}
		})
	}
	// One replica needs no Redis.
	if _, err := render(t, map[string]any{"replicaCount": 1, "secrets": map[string]any{"databaseUrl": "postgres://db/portico"}}); err != nil {
		t.Fatal(err)
	}
}
