package site

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Write puts the files into the folder out. It writes them into a new
// folder beside out first and swaps it in only when every file is written,
// so a failure leaves the previous output exactly as it was.
func Write(out string, files map[string][]byte) error {
	out = filepath.Clean(out)
	tmp := fmt.Sprintf("%s.building-%d", out, os.Getpid())
	old := fmt.Sprintf("%s.old-%d", out, os.Getpid())
	_ = os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	dirs := map[string]bool{}
	for name := range files {
		if !safeOutputPath(name) {
			_ = os.RemoveAll(tmp)
			return fmt.Errorf("refusing to write %q outside the output folder", name)
		}
		dirs[path.Dir(name)] = true
	}
	// Folders level by level, each level in parallel: parents come first.
	all := map[string]bool{}
	for d := range dirs {
		for p := d; p != "." && !all[p]; p = path.Dir(p) {
			all[p] = true
		}
	}
	byDepth := map[int][]string{}
	maxDepth := 0
	for _, p := range sortedKeys(all) {
		n := strings.Count(p, "/")
		byDepth[n] = append(byDepth[n], p)
		maxDepth = max(maxDepth, n)
	}
	for depth := 0; depth <= maxDepth; depth++ {
		level := byDepth[depth]
		errs := make([]error, len(level))
		parallelN(ioWorkers, len(level), func(i int) {
			errs[i] = os.Mkdir(filepath.Join(tmp, filepath.FromSlash(level[i])), 0o755)
		})
		for _, err := range errs {
			if err != nil && !os.IsExist(err) {
				_ = os.RemoveAll(tmp)
				return err
			}
		}
	}
	names := sortedKeys(files)
	errs := make([]error, len(names))
	// Writing waits on the file system more than on the CPU.
	parallelN(ioWorkers, len(names), func(i int) {
		errs[i] = os.WriteFile(filepath.Join(tmp, filepath.FromSlash(names[i])), files[names[i]], 0o644)
	})
	for _, err := range errs {
		if err != nil {
			_ = os.RemoveAll(tmp)
			return err
		}
	}
	hadOld := false
	if _, err := os.Lstat(out); err == nil {
		if err := os.Rename(out, old); err != nil {
			_ = os.RemoveAll(tmp)
			return err
		}
		hadOld = true
	}
	if err := os.Rename(tmp, out); err != nil {
		if hadOld {
			_ = os.Rename(old, out)
		}
		_ = os.RemoveAll(tmp)
		return err
	}
	if hadOld {
		return os.RemoveAll(old)
	}
	return nil
}

// ioWorkers is how many files are written at once.
const ioWorkers = 16

// safeOutputPath reports whether a slash path stays inside the output folder.
func safeOutputPath(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, `\`) {
		return false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}
