// Package mailtest runs a real SMTP server on loopback for tests: it keeps
// the messages it receives and can be told to refuse the next ones.
package mailtest
