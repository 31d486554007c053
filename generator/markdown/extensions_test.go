package markdown

import "github.com/yuin/goldmark"

// only converts src with goldmark and one of this package's extensions, so
// each extension is tested on its own.
func only(ext goldmark.Extender, src string, o Options) *Result {
	return convertWith(goldmark.New(goldmark.WithExtensions(ext)), []byte(src), o)
}
