// Package mail owns Portico's outgoing email: the catalogue of email
// templates (a default text/template subject and body per email, which each
// tenant may replace with its own), an outbox written in the transaction of
// the change that causes a message, and a background sender that delivers
// queued messages by SMTP with retries, or keeps them for admins to read
// when no SMTP server is configured.
package mail
