package mirror

import (
	"context"
	"fmt"
	"reflect"
)

// Diff compares the snapshot and the database ids the mirror keeps, as
// single changes left them, with a full load of every tenant: "" when they
// agree, else what differs.
func (m *Mirror) Diff(ctx context.Context) (string, error) {
	m.reloading.Lock()
	defer m.reloading.Unlock()
	fresh, err := loadTenants(ctx, m.cfg.Client, nil)
	if err != nil {
		return "", err
	}
	m.refsMu.RLock()
	defer m.refsMu.RUnlock()
	snap := m.holder.Load()
	var diffs []string
	apps, userKeys := 0, 0
	for _, d := range fresh {
		for i, a := range d.apps {
			if a.ID == "" {
				continue
			}
			apps++
			row := d.rows[i]
			ref := appRef{a.ServiceID, a.ID}
			if got, ok := snap.Application(a.ServiceID, a.ID); !ok || !reflect.DeepEqual(got, a) {
				diffs = append(diffs, fmt.Sprintf("application %d: snapshot has %+v (%v), the database %+v", row.id, got, ok, a))
			}
			if a.UserKey != "" {
				userKeys++
				if got, ok := snap.ApplicationByUserKey(a.ServiceID, a.UserKey); !ok || got.Ref != row.id {
					diffs = append(diffs, fmt.Sprintf("application %d: user key finds %d (%v)", row.id, got.Ref, ok))
				}
			}
			if got := m.refs.apps[ref]; got != row {
				diffs = append(diffs, fmt.Sprintf("application %d: refs row %+v, want %+v", row.id, got, row))
			}
			if got := m.refs.byID[row.id]; got != ref {
				diffs = append(diffs, fmt.Sprintf("application %d: refs ref %+v, want %+v", row.id, got, ref))
			}
			if !m.refs.byAccount[row.account][row.id] {
				diffs = append(diffs, fmt.Sprintf("application %d: not among account %d's", row.id, row.account))
			}
		}
	}
	gotApps, gotKeys := snap.Len()
	byAccount := 0
	for _, ids := range m.refs.byAccount {
		byAccount += len(ids)
	}
	if gotApps != apps || gotKeys != userKeys || len(m.refs.apps) != apps || len(m.refs.byID) != apps || byAccount != apps {
		diffs = append(diffs, fmt.Sprintf("counts: snapshot %d applications and %d user keys, refs %d/%d/%d; the database %d and %d",
			gotApps, gotKeys, len(m.refs.apps), len(m.refs.byID), byAccount, apps, userKeys))
	}
	if len(diffs) == 0 {
		return "", nil
	}
	return fmt.Sprint(diffs), nil
}
