package orgdata

import "testing"

// TestStatusLabels checks that every status has a label for readers, and
// that the labels are of those statuses only.
func TestStatusLabels(t *testing.T) {
	for _, s := range Statuses {
		if StatusLabel(s) == "" {
			t.Errorf("the status %q has no label", s)
		}
	}
	if len(statusLabels) != len(Statuses) {
		t.Errorf("%d labels for %d statuses", len(statusLabels), len(Statuses))
	}
}
