package lint

import (
	"strings"
	"testing"

	"icsguide/generator/content"
)

func TestSiteContact(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want bool
	}{
		{"warned: no contact route", "title: T\nshort_name: t\npublisher: Us\n", true},
		{"clean: email", "title: T\nshort_name: t\ncontact_email: us@example.org\n", false},
		{"clean: web page", "title: T\nshort_name: t\ncontact_url: https://example.org/contact\n", false},
		{"off: switched off with a reason", "title: T # lint-ignore contact: a private draft of the site\nshort_name: t\n", false},
		{"warned: a switch needs a reason", "title: T # lint-ignore contact\nshort_name: t\n", true},
		{"warned: a switch of another rule", "title: T # lint-ignore link-text: a reason\nshort_name: t\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, errs := content.ParseSettings("content/site.yaml", []byte(tt.yaml))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			got := Site(s, "content/site.yaml", []byte(tt.yaml))
			if (len(got) > 0) != tt.want {
				t.Fatalf("warnings %v, want warned = %v", got, tt.want)
			}
			if tt.want && !strings.HasPrefix(got[0].Error(), "content/site.yaml:1:1: warning: readers have no way to contact the site") {
				t.Errorf("warning = %q", got[0].Error())
			}
		})
	}
}
