package sendstats

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"icsguide/generator/diag"
)

// stream reads a published CSV file one record at a time, keeping only the
// record in hand. Records are split into fields only when asked, so rows a
// page never uses cost a line read and a substring search.
type stream struct {
	file   string // display path for messages
	br     *bufio.Reader
	errs   *diag.List
	line   int            // first line of the current record
	next   int            // line the next record starts on
	raw    []byte         // the current record, without its line ending
	fields [][2]int       // the current record's fields, after split: where each value starts and ends in raw
	quoted []bool         // whether each field was in double quotes
	starts []int          // byte offset in raw where each field starts
	index  map[string]int // header column name to field number
	width  int            // number of columns in the header
}

// newStream reads the header row of r: it skips a byte order mark, and
// reports a missing column at line 1. It returns nil when the header cannot
// be used.
func newStream(file string, r io.Reader, errs *diag.List, cols ...string) *stream {
	s := &stream{file: file, br: bufio.NewReaderSize(r, 64<<10), errs: errs, next: 1}
	if !s.read() {
		errs.Addf(file, 1, 0, "the file is empty: it needs a header row naming the columns %s", strings.Join(cols, ", "))
		return nil
	}
	s.raw = bytes.TrimPrefix(s.raw, []byte("\xef\xbb\xbf"))
	if !s.split() {
		return nil
	}
	s.index = make(map[string]int, len(s.fields))
	for i := range s.fields {
		s.index[strings.TrimSpace(s.field(i))] = i
	}
	s.width = len(s.fields)
	ok := true
	for _, c := range cols {
		if _, has := s.index[c]; !has {
			errs.Addf(file, 1, 0, "the header row has no column %q: this file needs the columns %s", c, strings.Join(cols, ", "))
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return s
}

// read reads the next record's text, joining lines while a quoted value is
// open. It reports false at the end of the file.
func (s *stream) read() bool {
	s.raw = s.raw[:0]
	s.line = s.next
	for {
		chunk, err := s.br.ReadSlice('\n')
		for err == bufio.ErrBufferFull { // a very long line
			s.raw = append(s.raw, chunk...)
			chunk, err = s.br.ReadSlice('\n')
		}
		s.raw = append(s.raw, chunk...)
		if len(chunk) > 0 && chunk[len(chunk)-1] == '\n' {
			s.next++
		}
		if err != nil || bytes.Count(s.raw, []byte{'"'})%2 == 0 {
			break
		}
	}
	if len(s.raw) == 0 {
		return false
	}
	s.raw = bytes.TrimRight(s.raw, "\r\n")
	return true
}

// Next moves to the next non-empty record; false at the end of the file.
func (s *stream) Next() bool {
	for s.read() {
		if len(s.raw) > 0 {
			s.fields = s.fields[:0]
			return true
		}
	}
	return false
}

// Has reports whether the current record's text contains b anywhere: a
// quick test before splitting it.
func (s *stream) Has(b []byte) bool { return bytes.Contains(s.raw, b) }

// split splits the current record into fields, following RFC 4180 quoting.
// It reports a malformed record and returns false.
func (s *stream) split() bool {
	s.fields, s.quoted, s.starts = s.fields[:0], s.quoted[:0], s.starts[:0]
	raw := s.raw
	for i := 0; ; {
		s.starts = append(s.starts, i)
		if i < len(raw) && raw[i] == '"' {
			j := i + 1
			for {
				k := bytes.IndexByte(raw[j:], '"')
				if k < 0 {
					s.errorAt(i, `a value in double quotes is not closed: write a " inside a quoted value twice ("")`)
					return false
				}
				if bytes.IndexByte(raw[j:j+k], '\n') >= 0 {
					s.errorAt(i, `a value in double quotes is not closed on its line: write a " inside a quoted value twice ("")`)
					return false
				}
				j += k + 1
				if j < len(raw) && raw[j] == '"' {
					j++
					continue
				}
				break
			}
			s.fields, s.quoted = append(s.fields, [2]int{i + 1, j - 1}), append(s.quoted, true)
			if j < len(raw) && raw[j] != ',' {
				s.errorAt(j, `there is text after a closing ": put the whole value in double quotes`)
				return false
			}
			i = j
		} else {
			k := bytes.IndexByte(raw[i:], ',')
			end := len(raw)
			if k >= 0 {
				end = i + k
			}
			if q := bytes.IndexByte(raw[i:end], '"'); q >= 0 {
				s.errorAt(i+q, `there is a " inside a value that is not in double quotes: put the whole value in double quotes and write the " inside it twice ("")`)
				return false
			}
			s.fields, s.quoted = append(s.fields, [2]int{i, end}), append(s.quoted, false)
			i = end
		}
		if i >= len(raw) {
			break
		}
		i++ // the comma
	}
	if s.width > 0 && len(s.fields) != s.width {
		s.errs.Addf(s.file, s.line, 0, "this row has %d values but the header row has %d columns: check for a missing or extra comma, and put a value that contains a comma in double quotes",
			len(s.fields), s.width)
		return false
	}
	return true
}

// errorAt reports a problem at a byte offset of the current record.
func (s *stream) errorAt(off int, msg string) {
	line, col := s.line, 1
	for _, r := range string(s.raw[:off]) {
		if r == '\n' {
			line++
			col = 1
			continue
		}
		col++
	}
	s.errs.Addf(s.file, line, col, "%s", msg)
}

// field returns the value of field i of the split record.
func (s *stream) field(i int) string {
	f := s.fields[i]
	v := string(s.raw[f[0]:f[1]])
	if s.quoted[i] {
		v = strings.ReplaceAll(v, `""`, `"`)
	}
	return v
}

// Get returns the trimmed value of a column of the split record.
func (s *stream) Get(col string) string { return strings.TrimSpace(s.field(s.index[col])) }

// Errorf reports a problem with a column's value in the split record.
func (s *stream) Errorf(col, format string, args ...any) {
	s.errorAt(s.starts[s.index[col]], fmt.Sprintf(format, args...))
}

// Count reads a column that holds a whole number: "x", "z" and empty mean
// not available. A number may be quoted and have thousands separators.
func (s *stream) Count(col string) (Value, bool) {
	v := s.Get(col)
	if v == "" || v == "x" || v == "z" {
		return Value{State: NotAvailable}, true
	}
	n, ok := wholeNumber(v)
	if !ok {
		s.Errorf(col, "%s must be a whole number (or x when not available), not %q", col, v)
		return Value{State: NotAvailable}, false
	}
	return Value{N: float64(n)}, true
}

// wholeNumber reads 1234 or 1,234 (0 or more).
func wholeNumber(v string) (int, bool) {
	if strings.Contains(v, ",") {
		groups := strings.Split(v, ",")
		for i, g := range groups {
			if len(g) != 3 && (i > 0 || len(g) == 0 || len(g) > 3) {
				return 0, false
			}
		}
		v = strings.Join(groups, "")
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && utf8.RuneCountInString(v) > 0
}
