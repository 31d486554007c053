package workers

import (
	"sync/atomic"
	"testing"
)

func TestEachN(t *testing.T) {
	for _, tc := range []struct{ workers, n int }{{1, 0}, {1, 5}, {4, 0}, {4, 3}, {4, 100}, {16, 1000}} {
		calls := make([]int32, tc.n)
		var running, most atomic.Int32
		EachN(tc.workers, tc.n, func(i int) {
			now := running.Add(1)
			for {
				m := most.Load()
				if now <= m || most.CompareAndSwap(m, now) {
					break
				}
			}
			atomic.AddInt32(&calls[i], 1)
			running.Add(-1)
		})
		for i, c := range calls {
			if c != 1 {
				t.Errorf("workers=%d n=%d: f(%d) called %d times, want once", tc.workers, tc.n, i, c)
			}
		}
		if int(most.Load()) > tc.workers {
			t.Errorf("workers=%d n=%d: %d calls ran at once", tc.workers, tc.n, most.Load())
		}
	}
}
