package discovery

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/backend"
	"github.com/portico-apim/portico/ent/backendusage"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/openapi"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// The label and annotations 3scale's service discovery reads.
const (
	Label                   = "discovery.3scale.net"
	AnnotationScheme        = "discovery.3scale.net/scheme"
	AnnotationPort          = "discovery.3scale.net/port"
	AnnotationPath          = "discovery.3scale.net/path"
	AnnotationDescription   = "discovery.3scale.net/description-path"
	labelSelector           = Label + "=true"
	maxDescriptionBytes     = 5 << 20
	descriptionFetchTimeout = 10 * time.Second
)

// Hint tells how to turn discovery on; the console shows it when off.
const Hint = "Service discovery is off. Run Portico in a Kubernetes pod (it then uses the pod's service account), " +
	"or set PORTICO_DISCOVERY_KUBECONFIG to the path of a kubeconfig file for the cluster, and restart."

// Config wires the service.
type Config struct {
	Client  *ent.Client
	Catalog *catalog.Service
	OpenAPI *openapi.Service
	// Kubeconfig is the path of a kubeconfig file (PORTICO_DISCOVERY_KUBECONFIG).
	// Inside a pod the in-cluster configuration is used instead.
	Kubeconfig string
	// Dial returns the host:port to fetch a service's OpenAPI document
	// from; nil uses the service's cluster address
	// (name.namespace.svc.cluster.local:port). Tests point it at a
	// loopback server, since no cluster DNS answers there.
	Dial func(namespace, name string, port int) string
	// HTTP fetches OpenAPI documents; a client with a 10 s timeout when nil.
	HTTP *http.Client
}

// Service lists discoverable services and imports them.
type Service struct {
	client  *ent.Client
	catalog *catalog.Service
	openapi *openapi.Service
	kube    kubernetes.Interface
	source  string
	dial    func(namespace, name string, port int) string
	http    *http.Client
}

// New returns the service. Discovery is on when running in a pod or when a
// kubeconfig is given; otherwise the service answers that it is off.
func New(cfg Config) (*Service, error) {
	if cfg.Client == nil || cfg.Catalog == nil || cfg.OpenAPI == nil {
		return nil, errors.New("discovery: client, catalog and openapi are required")
	}
	s := &Service{client: cfg.Client, catalog: cfg.Catalog, openapi: cfg.OpenAPI, dial: cfg.Dial, http: cfg.HTTP}
	if s.dial == nil {
		s.dial = func(namespace, name string, port int) string {
			return fmt.Sprintf("%s.%s.svc.cluster.local:%d", name, namespace, port)
		}
	}
	if s.http == nil {
		s.http = &http.Client{Timeout: descriptionFetchTimeout}
	}
	var rc *rest.Config
	var err error
	switch {
	case cfg.Kubeconfig != "":
		if rc, err = clientcmd.BuildConfigFromFlags("", cfg.Kubeconfig); err != nil {
			return nil, fmt.Errorf("discovery: kubeconfig %s: %w", cfg.Kubeconfig, err)
		}
		s.source = "kubeconfig " + cfg.Kubeconfig
	case os.Getenv("KUBERNETES_SERVICE_HOST") != "":
		if rc, err = rest.InClusterConfig(); err != nil {
			return nil, fmt.Errorf("discovery: in-cluster configuration: %w", err)
		}
		s.source = "in-cluster service account"
	default:
		return s, nil
	}
	rc.Timeout = 15 * time.Second
	if s.kube, err = kubernetes.NewForConfig(rc); err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	return s, nil
}

// Enabled reports whether a cluster is configured.
func (s *Service) Enabled() bool { return s.kube != nil }

// Source says how the cluster is reached, or how to turn discovery on.
func (s *Service) Source() string {
	if s.kube == nil {
		return Hint
	}
	return s.source
}

// Discovered is a labelled service and what importing it would create.
type Discovered struct {
	Namespace, Name string
	Scheme          string
	Port            int
	Path            string
	DescriptionPath string
	Annotations     map[string]string
	// Endpoint is the backend's private endpoint.
	Endpoint string
	// ImportedProductID is a product already using a backend at Endpoint.
	ImportedProductID *int
}

// allowed lets admins and members with the plans section (who create
// products) use discovery.
func allowed(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	if v == nil {
		return problem.Unauthenticated("authentication required")
	}
	if !v.IsAdmin() && !v.Has(viewer.SectionPlans) {
		return problem.Forbidden("service discovery needs the plans section")
	}
	return nil
}

func (s *Service) ready(ctx context.Context) error {
	if err := allowed(ctx); err != nil {
		return err
	}
	if s.kube == nil {
		return &problem.Error{Kind: problem.KindUnavailable, Message: Hint}
	}
	return nil
}

// clusterError reports a failed call to the Kubernetes API without its
// internals.
func clusterError(what string, err error) error {
	if apierrors.IsNotFound(err) {
		return problem.NotFound("%s not found in the cluster", what)
	}
	if apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err) {
		return &problem.Error{Kind: problem.KindUnavailable, Message: "the cluster refused to list services to Portico's credentials", Err: err}
	}
	return &problem.Error{Kind: problem.KindUnavailable, Message: "the Kubernetes API could not be reached", Err: err}
}

// describe reads a service's discovery annotations.
func describe(svc *corev1.Service) (Discovered, error) {
	d := Discovered{Namespace: svc.Namespace, Name: svc.Name, Annotations: map[string]string{}}
	for k, v := range svc.Annotations {
		if strings.HasPrefix(k, Label+"/") {
			d.Annotations[k] = v
		}
	}
	d.Scheme = strings.ToLower(strings.TrimSpace(svc.Annotations[AnnotationScheme]))
	if d.Scheme == "" {
		d.Scheme = "http"
	}
	if d.Scheme != "http" && d.Scheme != "https" {
		return d, problem.Invalid("scheme", "service %s/%s: annotation %s is %q; want http or https", d.Namespace, d.Name, AnnotationScheme, d.Scheme)
	}
	if p := strings.TrimSpace(svc.Annotations[AnnotationPort]); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return d, problem.Invalid("port", "service %s/%s: annotation %s is %q; want a port number", d.Namespace, d.Name, AnnotationPort, p)
		}
		d.Port = n
	} else if len(svc.Spec.Ports) > 0 {
		d.Port = int(svc.Spec.Ports[0].Port)
	} else {
		return d, problem.Invalid("port", "service %s/%s has no port and no %s annotation", d.Namespace, d.Name, AnnotationPort)
	}
	d.Path = strings.TrimSpace(svc.Annotations[AnnotationPath])
	if d.Path != "" && !strings.HasPrefix(d.Path, "/") {
		d.Path = "/" + d.Path
	}
	d.DescriptionPath = strings.TrimSpace(svc.Annotations[AnnotationDescription])
	if d.DescriptionPath != "" && !strings.HasPrefix(d.DescriptionPath, "/") {
		d.DescriptionPath = "/" + d.DescriptionPath
	}
	d.Endpoint = fmt.Sprintf("%s://%s.%s.svc.cluster.local:%d%s", d.Scheme, d.Name, d.Namespace, d.Port, strings.TrimSuffix(d.Path, "/"))
	return d, nil
}

func labelled(svc *corev1.Service) bool { return svc.Labels[Label] == "true" }

// Services lists the cluster's labelled services, by namespace and name,
// marking those a product already uses. A service whose annotations are
// unusable is left out.
func (s *Service) Services(ctx context.Context) ([]Discovered, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	list, err := s.kube.CoreV1().Services(metav1.NamespaceAll).List(ctx, metav1.ListOptions{LabelSelector: labelSelector})
	if err != nil {
		return nil, clusterError("services", err)
	}
	var out []Discovered
	for i := range list.Items {
		svc := &list.Items[i]
		if !labelled(svc) {
			continue
		}
		d, err := describe(svc)
		if err != nil {
			continue
		}
		if d.ImportedProductID, err = s.importedInto(ctx, d.Endpoint); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Namespace != out[j].Namespace {
			return out[i].Namespace < out[j].Namespace
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// importedInto finds a product using a backend at endpoint.
func (s *Service) importedInto(ctx context.Context, endpoint string) (*int, error) {
	u, err := store.Client(ctx, s.client).BackendUsage.Query().
		Where(backendusage.HasBackendWith(backend.PrivateEndpoint(endpoint))).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find imported service: %w", err)
	}
	return &u.ProductID, nil
}

// ImportInput names the service to import and, optionally, the product to
// add its backend to.
type ImportInput struct {
	Namespace, Name string
	ProductID       *int
}

// ImportResult is what an import created.
type ImportResult struct {
	Service Discovered
	Product *ent.Product
	Backend *ent.Backend
	// OpenAPI is the import of the service's OpenAPI document; nil without a
	// description path.
	OpenAPI *openapi.ImportResult
}

// Import reads the service, fetches its OpenAPI document when one is
// annotated, then creates, in one transaction, the product (unless one is
// given), a backend at the service's cluster address used by the product at
// "/", and the methods, mapping rules and ActiveDoc of the document. A
// document that cannot be fetched or read fails the import before anything
// is created, naming the address and the reason.
func (s *Service) Import(ctx context.Context, in ImportInput) (*ImportResult, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.Namespace) == "" || strings.TrimSpace(in.Name) == "" {
		return nil, problem.Invalid("name", "give the service's namespace and name")
	}
	svc, err := s.kube.CoreV1().Services(in.Namespace).Get(ctx, in.Name, metav1.GetOptions{})
	if err != nil {
		return nil, clusterError(fmt.Sprintf("service %s/%s", in.Namespace, in.Name), err)
	}
	if !labelled(svc) {
		return nil, problem.Invalid("name", "service %s/%s is not labelled %s", in.Namespace, in.Name, labelSelector)
	}
	d, err := describe(svc)
	if err != nil {
		return nil, err
	}
	var doc string
	if d.DescriptionPath != "" {
		if doc, err = s.fetch(ctx, d); err != nil {
			return nil, err
		}
		if err := openapi.Check(doc); err != nil {
			return nil, problem.Invalid("descriptionPath", "the OpenAPI document of %s/%s is not valid: %v", d.Namespace, d.Name, problem.Classify(err).Message)
		}
	}
	out := &ImportResult{Service: d}
	err = store.InTx(ctx, s.client, func(ctx context.Context, c *ent.Client) error {
		if in.ProductID != nil {
			if out.Product, err = c.Product.Get(ctx, *in.ProductID); err != nil {
				return problem.NotFoundIf(err, "product %d not found", *in.ProductID)
			}
		} else {
			desc := fmt.Sprintf("Imported from the Kubernetes service %s/%s.", d.Namespace, d.Name)
			if out.Product, err = s.catalog.CreateProduct(ctx, ent.CreateProductInput{Name: d.Name,
				SystemName: systemName(d.Namespace, d.Name), Description: &desc}); err != nil {
				return fmt.Errorf("create product: %w", err)
			}
		}
		if out.Backend, err = s.catalog.CreateBackend(ctx, ent.CreateBackendInput{Name: d.Name,
			SystemName: systemName(d.Namespace, d.Name), PrivateEndpoint: d.Endpoint}); err != nil {
			return fmt.Errorf("create backend: %w", err)
		}
		root := "/"
		if _, err = s.catalog.CreateBackendUsage(ctx, ent.CreateBackendUsageInput{Path: &root, ProductID: out.Product.ID, BackendID: out.Backend.ID}); err != nil {
			return fmt.Errorf("use backend: %w", err)
		}
		if doc != "" {
			id := out.Product.ID
			if out.OpenAPI, err = s.openapi.Import(ctx, openapi.ImportInput{ProductID: &id, Body: doc}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Service.ImportedProductID = &out.Product.ID
	return out, nil
}

// fetch reads the service's OpenAPI document from its description path.
func (s *Service) fetch(ctx context.Context, d Discovered) (string, error) {
	where := fmt.Sprintf("%s://%s%s", d.Scheme, s.dial(d.Namespace, d.Name, d.Port), d.DescriptionPath)
	shown := fmt.Sprintf("%s://%s.%s.svc.cluster.local:%d%s", d.Scheme, d.Name, d.Namespace, d.Port, d.DescriptionPath)
	fail := func(format string, args ...any) error {
		return problem.Invalid("descriptionPath", "the OpenAPI document of %s/%s could not be fetched from %s: %s",
			d.Namespace, d.Name, shown, fmt.Sprintf(format, args...))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, where, nil)
	if err != nil {
		return "", fail("%v", err)
	}
	req.Header.Set("Accept", "application/json, application/yaml;q=0.9, */*;q=0.1")
	resp, err := s.http.Do(req)
	if err != nil {
		var ue interface{ Timeout() bool }
		if errors.As(err, &ue) && ue.Timeout() {
			return "", fail("no answer within %s", descriptionFetchTimeout)
		}
		return "", fail("the connection failed")
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fail("the service answered %s", resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxDescriptionBytes+1))
	if err != nil {
		return "", fail("the answer could not be read")
	}
	if len(b) > maxDescriptionBytes {
		return "", fail("the document is larger than %d MiB", maxDescriptionBytes>>20)
	}
	return string(b), nil
}

// systemName derives a system name from the service's namespace and name.
func systemName(namespace, name string) string {
	r := strings.NewReplacer("-", "_", ".", "_")
	return r.Replace(strings.ToLower(namespace + "_" + name))
}

// Status is whether discovery is on and how the cluster is reached.
type Status struct {
	Enabled bool
	Source  string
}

// Status reports whether discovery is on.
func (s *Service) Status(ctx context.Context) (*Status, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	return &Status{Enabled: s.Enabled(), Source: s.Source()}, nil
}

// Imported reports whether a product uses a backend at the endpoint.
func (d Discovered) Imported() bool { return d.ImportedProductID != nil }
