package output

import (
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps two paths in one atomic step.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// lockFolder takes an exclusive lock on dir, so that two builds into the
// same place take turns (and never clean up each other's work). The system
// releases it when the process ends, however it ends.
func lockFolder(dir string) (func(), error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}
