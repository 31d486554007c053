package orgdata

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"icsguide/generator/diag"
	"icsguide/generator/yamlpos"
)

// table is one CSV file, read with its header checked.
type table struct {
	name   string         // file name inside Dir, e.g. "icbs.csv"
	file   string         // display path for messages
	ok     bool           // the file was found and its header has every column wanted
	broken bool           // some row could not be read
	index  map[string]int // column name to field number
	lines  []string       // the source lines, to turn byte columns into character columns
	rows   []row
}

// row is one record of a table with where each field starts.
type row struct {
	line   int
	fields []string
	pos    [][2]int // line and character column where each field starts
}

// readCSV reads organisations/<name>, which must have a header row naming
// at least the columns given. Problems go to errs; rows that cannot be read
// are left out.
func readCSV(files map[string][]byte, display, name string, errs *diag.List, cols ...string) *table {
	t := &table{name: name, file: display + "/" + Dir + "/" + name}
	src, found := files[Dir+"/"+name]
	if !found {
		errs.Addf(t.file, 0, 0, "this file is missing: it is one of the ONS tables the site is built from, so restore it")
		return t
	}
	src, bad := yamlpos.Normalize(t.file, src)
	if bad != nil {
		*errs = append(*errs, *bad)
		return t
	}
	t.lines = strings.Split(string(src), "\n")
	r := csv.NewReader(bytes.NewReader(src))
	header, err := r.Read()
	if err == io.EOF {
		errs.Addf(t.file, 1, 0, "the file is empty: it needs a header row naming the columns %s", strings.Join(cols, ", "))
		return t
	}
	if err != nil {
		t.csvError(errs, err)
		return t
	}
	t.index = map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if _, dup := t.index[h]; dup {
			line, col := t.fieldPos(r, i)
			errs.Addf(t.file, line, col, "the column %q appears twice in the header row: remove one", h)
			continue
		}
		t.index[h] = i
	}
	t.ok = true
	for _, c := range cols {
		if _, has := t.index[c]; !has {
			errs.Addf(t.file, 1, 0, "the header row has no column %q: the file needs the columns %s", c, strings.Join(cols, ", "))
			t.ok = false
		}
	}
	if !t.ok {
		return t
	}
	r.FieldsPerRecord = len(header)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.csvError(errs, err)
			t.broken = true
			continue
		}
		rw := row{fields: rec, pos: make([][2]int, len(rec))}
		for i := range rec {
			line, col := t.fieldPos(r, i)
			rw.pos[i] = [2]int{line, col}
		}
		rw.line = rw.pos[0][0]
		t.rows = append(t.rows, rw)
	}
	if len(t.rows) == 0 && !t.broken {
		errs.Addf(t.file, 2, 0, "the file has a header row but no rows of data: restore its rows")
		t.broken = true // checks against its rows would all fail
	}
	return t
}

// csvError reports an error from the CSV reader in plain words.
func (t *table) csvError(errs *diag.List, err error) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		errs.Addf(t.file, 0, 0, "cannot read the file: %v", err)
		return
	}
	line, col := pe.Line, t.charCol(pe.Line, pe.Column)
	var msg string
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount):
		col = 0
		msg = "this row does not have the same number of values as the header row has columns: " +
			"check for a missing or extra comma, and put a value that contains a comma in double quotes"
	case errors.Is(pe.Err, csv.ErrBareQuote):
		msg = `there is a " inside a value that is not in double quotes: put the whole value in double quotes and write the " inside it twice ("")`
	case errors.Is(pe.Err, csv.ErrQuote):
		msg = `a value in double quotes is not closed, or has text after its closing ": write a " inside a quoted value twice ("")`
	default:
		msg = "cannot read this row: " + pe.Err.Error()
	}
	errs.Addf(t.file, line, col, "%s", msg)
}

// fieldPos returns the line and character column where field i of the
// record just read starts.
func (t *table) fieldPos(r *csv.Reader, i int) (int, int) {
	line, col := r.FieldPos(i)
	return line, t.charCol(line, col)
}

// charCol turns a 1-based byte column on a line into a character column.
func (t *table) charCol(line, byteCol int) int {
	if line < 1 || line > len(t.lines) || byteCol < 1 || byteCol-1 > len(t.lines[line-1]) {
		return byteCol
	}
	return utf8.RuneCountInString(t.lines[line-1][:byteCol-1]) + 1
}

// get returns the trimmed value of a column in a row.
func (t *table) get(r row, col string) string {
	return strings.TrimSpace(r.fields[t.index[col]])
}

// errorf reports a problem with the value of a column in a row.
func (t *table) errorf(errs *diag.List, r row, col, format string, args ...any) {
	p := r.pos[t.index[col]]
	errs.Addf(t.file, p[0], p[1], format, args...)
}

// text returns a value that must not be empty.
func (t *table) text(errs *diag.List, r row, col string) string {
	v := t.get(r, col)
	if v == "" {
		t.errorf(errs, r, col, "the %s value is empty: every row needs one", col)
	}
	return v
}

// number returns a value that must be a whole number, 0 or more.
func (t *table) number(errs *diag.List, r row, col string) int {
	v := t.get(r, col)
	n, ok := wholeNumber(v)
	if !ok {
		t.errorf(errs, r, col, "%s must be a whole number with no commas or spaces, not %q", col, v)
	}
	return n
}

// wholeNumber reads a whole number, 0 or more; it gives 0 and false for
// anything else.
func wholeNumber(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// fraction returns a value that must be a number from 0 to 1.
func (t *table) fraction(errs *diag.List, r row, col string) float64 {
	v := t.get(r, col)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > 1 {
		t.errorf(errs, r, col, "%s must be a number from 0 to 1, such as 0.25, not %q", col, v)
		return 0
	}
	return f
}

// boolean returns a value that must be TRUE or FALSE.
func (t *table) boolean(errs *diag.List, r row, col string) (value, ok bool) {
	switch v := t.get(r, col); strings.ToUpper(v) {
	case "TRUE":
		return true, true
	case "FALSE":
		return false, true
	default:
		t.errorf(errs, r, col, "%s must be TRUE or FALSE, not %q", col, v)
		return false, false
	}
}
