// Package browsertest starts headless Chromium for the browser tests and
// finds the test tools (axe-core, the Nu HTML checker) that .ci/run
// installs. Without them the tests skip, or fail when CI is set.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Tool returns the path of a test tool installed by "npm ci --prefix .ci",
// given the repository root (relative to the test's folder).
func Tool(root, name string) string {
	switch name {
	case "axe":
		return filepath.Join(root, ".ci", "node_modules", "axe-core", "axe.min.js")
	case "vnu":
		return filepath.Join(root, ".ci", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	}
	return ""
}

// Need skips the test when a tool is missing, or fails it when CI is set,
// so that CI always runs these tests for real.
func Need(t testing.TB, what, hint string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf("%s is not installed (%s)", what, hint)
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI is set, so this test must run")
	}
	skipped.Lock()
	skipped.names = append(skipped.names, t.Name()+" ("+hint+")")
	skipped.Unlock()
	t.Skip(msg + "; skipping")
}

// skipped lists the tests Need skipped.
var skipped struct {
	sync.Mutex
	names []string
}

// Main runs a package's tests, then names on one line the tests skipped for
// want of a tool, and how to run them. go test shows a passing package's
// output only with -v, so without it the line goes to the terminal.
func Main(m *testing.M) int {
	code := m.Run()
	skipped.Lock()
	defer skipped.Unlock()
	if len(skipped.names) == 0 {
		return code
	}
	line := "SKIPPED: " + strings.Join(skipped.names, ", ") + "; install the tools or run .ci/run to run them"
	if testing.Verbose() {
		fmt.Println(line)
	} else if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		fmt.Fprintln(tty, line)
		tty.Close()
	}
	return code
}

// ChromePath finds Chromium: $CHROME_PATH, or chromium on the PATH.
func ChromePath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, p := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	return ""
}

// FileExists reports whether a file exists.
func FileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Browser starts headless Chromium and returns a context for one tab, and
// the errors the tab logs (console errors, exceptions, CSP violations).
// extra adds command-line options, such as host-resolver-rules.
func Browser(t testing.TB, extra ...chromedp.ExecAllocatorOption) (context.Context, *Console) {
	t.Helper()
	chrome := ChromePath()
	Need(t, "Chromium", "apt-get install chromium", chrome != "")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.Flag("headless", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	opts = append(opts, extra...)
	console := &Console{}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithListener(console.record))
	t.Cleanup(func() { cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("cannot start Chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	return ctx, console
}

// Console collects console errors, exceptions and CSP violations.
type Console struct {
	mu   sync.Mutex
	msgs []string
}

func (c *Console) record(ev any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch ev := ev.(type) {
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			c.msgs = append(c.msgs, ev.Entry.Text+" "+ev.Entry.URL)
		}
	case *runtime.EventExceptionThrown:
		c.msgs = append(c.msgs, (&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error())
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value))
			}
			c.msgs = append(c.msgs, strings.Join(parts, " "))
		}
	}
}

// Take returns the errors logged since the last call.
func (c *Console) Take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.msgs
	c.msgs = nil
	return out
}

// WaitJS evaluates a JavaScript expression every few milliseconds until it
// is true, through page loads and reloads (which make a single evaluation
// fail), or until the timeout.
func WaitJS(ctx context.Context, js string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+js+")"))
		if err == nil && ok {
			return nil
		}
		last = err
		time.Sleep(5 * time.Millisecond)
	}
	return fmt.Errorf("waited %v for %s (last error: %v)", timeout, js, last)
}
