package content

import "testing"

// TestAudienceNames checks that every audience a page may name has a name
// for readers, and that the names are of those audiences only.
func TestAudienceNames(t *testing.T) {
	for _, id := range Audiences {
		if AudienceName(id) == "" {
			t.Errorf("the audience %q has no name", id)
		}
	}
	if len(audienceNames) != len(Audiences) {
		t.Errorf("%d audience names for %d audiences", len(audienceNames), len(Audiences))
	}
	if AudienceName("nobody") != "" {
		t.Error("an unknown audience has a name")
	}
}
