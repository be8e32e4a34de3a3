package store

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/portico-apim/portico/ent"
)

// Client returns the client bound to ctx's transaction, if any, else base.
func Client(ctx context.Context, base *ent.Client) *ent.Client {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return base
}

// InTx runs fn in a transaction: the one ctx already carries, or a new one
// committed when fn succeeds and rolled back when it fails or panics.
func InTx(ctx context.Context, base *ent.Client, fn func(ctx context.Context, c *ent.Client) error) (err error) {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return fn(ctx, tx.Client())
	}
	tx, err := base.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if r := recover(); r != nil {
			_ = tx.Rollback()
			panic(r)
		}
	}()
	txCtx := withMemo(ent.NewContext(ent.NewTxContext(ctx, tx), tx.Client()))
	if err := fn(txCtx, tx.Client()); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// memo is what code running in one transaction remembers until it ends
// (InTx starts one with each transaction it begins).
type memo struct {
	mu sync.Mutex
	m  map[any]any
}

type memoKey struct{}

func withMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &memo{m: map[any]any{}})
}

// Remember keeps a value under key until ctx's transaction ends; outside a
// transaction begun by InTx it does nothing.
func Remember(ctx context.Context, key, value any) {
	if m, ok := ctx.Value(memoKey{}).(*memo); ok {
		m.mu.Lock()
		m.m[key] = value
		m.mu.Unlock()
	}
}

// Recall returns what Remember kept under key in ctx's transaction.
func Recall(ctx context.Context, key any) (any, bool) {
	m, ok := ctx.Value(memoKey{}).(*memo)
	if !ok {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[key]
	return v, ok
}

// Reader is the client to read with once InTx has returned: the caller's
// transaction when ctx carries one, else base. Entities that InTx's own
// transaction returned cannot load their edges after it committed; read
// them again through Reader before handing them on.
func Reader(ctx context.Context, base *ent.Client) *ent.Client {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	return base
}
