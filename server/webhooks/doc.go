// Package webhooks owns 3scale-compatible webhooks: each tenant's endpoint
// configuration and signing secret, the outbox consumer that turns domain
// events into deliveries (the gating rules of 3scale), the delivery jobs
// with their retries and signatures, the delivery log with replay and test
// events, the failure list, and the pruning of consumed outbox events.
package webhooks
