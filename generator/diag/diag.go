// Package diag collects build errors that point at a place in a source file,
// so that every problem can be reported at once as "path:line:col: message".
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is one problem at a position in a file. Line and Col are 1-based;
// zero means unknown.
type Error struct {
	Path string
	Line int
	Col  int
	Msg  string
}

func (e Error) Error() string {
	switch {
	case e.Path == "":
		return e.Msg
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// List is a set of errors. The zero value is ready to use.
type List []Error

// Addf records a problem at path:line:col.
func (l *List) Addf(path string, line, col int, format string, args ...any) {
	*l = append(*l, Error{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Add records err. An error that is or wraps an *Error keeps its position;
// any other is recorded as a problem of the file path.
func (l *List) Add(path string, err error) {
	var e *Error
	if errors.As(err, &e) {
		*l = append(*l, *e)
		return
	}
	l.Addf(path, 0, 0, "%s", err)
}

// Merge appends every error of other.
func (l *List) Merge(other List) { *l = append(*l, other...) }

// Sorted returns the errors ordered by path, line and column, without duplicates.
func (l List) Sorted() List {
	out := append(List(nil), l...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
	dedup := out[:0]
	for i, e := range out {
		if i > 0 && e == out[i-1] {
			continue
		}
		dedup = append(dedup, e)
	}
	return dedup
}

// Err returns nil when the list is empty, and the sorted list otherwise.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l.Sorted()
}

func (l List) Error() string {
	var b strings.Builder
	for i, e := range l.Sorted() {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Position converts a byte offset in src to a 1-based line and column
// (the column counts characters, not bytes).
func Position(src []byte, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	line, col = 1, 1
	for _, r := range string(src[:offset]) {
		if r == '\n' {
			line++
			col = 1
			continue
		}
		col++
	}
	return line, col
}

// Lines finds the file positions of byte offsets in a text, such as a page
// body, that starts on line First of its file. It indexes the starts of
// lines when first asked.
type Lines struct {
	Src    []byte
	First  int
	starts []int
}

// Position returns the 1-based line and column (in characters) of a byte
// offset in Src.
func (l *Lines) Position(offset int) (line, col int) {
	if l.starts == nil {
		l.starts = []int{0}
		for i, c := range l.Src {
			if c == '\n' {
				l.starts = append(l.starts, i+1)
			}
		}
	}
	offset = max(0, min(offset, len(l.Src)))
	i := sort.SearchInts(l.starts, offset+1) - 1
	start := l.starts[i]
	_, col = Position(l.Src[start:], offset-start)
	return l.First + i, col
}
