// Package workers runs the independent steps of a build on several
// goroutines: reading files, converting and drawing pages, compressing and
// writing the output.
package workers

import (
	"runtime"
	"sync"
)

// Each calls f(0..n-1) on as many goroutines as there are CPUs.
func Each(n int, f func(i int)) { EachN(runtime.GOMAXPROCS(0), n, f) }

// EachN calls f(0..n-1) on at most the given number of goroutines, and
// returns when every call has returned.
func EachN(workers, n int, f func(i int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	wg.Wait()
}
