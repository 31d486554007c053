//go:build !linux

package output

import "errors"

// exchange is not available here: Write uses two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }

// lockFolder does nothing where there is no flock.
func lockFolder(dir string) (func(), error) { return func() {}, nil }
