// Package notify tells a tenant's team what happened: it turns domain events
// (a signup awaiting approval, a plan change request, a cancelled
// subscription), billing outcomes and usage alerts into notifications in
// each entitled user's feed and, when the user's preference says so, into
// emails through the outbox. Who is entitled follows the team rights: admins
// hear of everything; members only of the areas, and products, their rights
// cover.
package notify
