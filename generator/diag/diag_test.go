package diag

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{Path: "a.md", Line: 3, Col: 4, Msg: "bad"}, "a.md:3:4: bad"},
		{Error{Path: "a.md", Line: 3, Msg: "bad"}, "a.md:3: bad"},
		{Error{Path: "a.md", Msg: "bad"}, "a.md: bad"},
		{Error{Msg: "bad"}, "bad"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestListSortedDedup(t *testing.T) {
	var l List
	l.Addf("b.md", 1, 1, "x")
	l.Addf("a.md", 9, 1, "y")
	l.Addf("a.md", 2, 5, "z")
	l.Addf("a.md", 2, 5, "z")
	want := "a.md:2:5: z\na.md:9:1: y\nb.md:1:1: x"
	if got := l.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if (List{}).Err() != nil {
		t.Error("empty list should give nil error")
	}
}

func TestPosition(t *testing.T) {
	src := []byte("ab\ncdé\nf")
	tests := []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {len("ab\ncdé"), 2, 4}, {100, 3, 2},
	}
	for _, tt := range tests {
		l, c := Position(src, tt.off)
		if l != tt.line || c != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}

func TestLines(t *testing.T) {
	l := Lines{Src: []byte("ab\nçd\n\nx"), First: 5}
	for _, tt := range []struct{ off, line, col int }{
		{0, 5, 1}, {2, 5, 3}, {3, 6, 1}, {5, 6, 2}, {6, 6, 3}, {7, 7, 1}, {8, 8, 1}, {99, 8, 2},
	} {
		if line, col := l.Position(tt.off); line != tt.line || col != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
	}
}

// TestAdd checks that an error keeps the position it carries, even wrapped,
// and that any other error is recorded against the file.
func TestAdd(t *testing.T) {
	var l List
	l.Add("a.json", &Error{Path: "a.json", Line: 3, Col: 2, Msg: "bad"})
	l.Add("b.json", fmt.Errorf("reading: %w", &Error{Path: "b.json", Line: 7, Msg: "worse"}))
	l.Add("c.json", errors.New("no position"))
	want := List{{"a.json", 3, 2, "bad"}, {"b.json", 7, 0, "worse"}, {"c.json", 0, 0, "no position"}}
	if !slices.Equal(l, want) {
		t.Errorf("got %#v\nwant %#v", l, want)
	}
}
