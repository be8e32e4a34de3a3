// Package discovery finds Kubernetes services labelled
// discovery.3scale.net=true through client-go and imports one as a product
// with a backend at the service's cluster address, and its OpenAPI
// document (when annotated) through the OpenAPI import.
package discovery
