// Package orgdata reads the organisation data kept in content/organisations:
// the ONS tables of England's Integrated Care Boards (ICBs), NHS England
// regions and local authorities, and one small YAML file of editorial fields
// per ICB. It links them together, checks that they agree with each other and
// with the checklist, and reports every problem with its file and line.
package orgdata

import (
	"regexp"
	"strings"

	"icsguide/generator/yamlpos"
)

// Dir is the folder inside content/ that holds the organisation data.
const Dir = "organisations"

// Statuses lists the allowed assessment statuses in order.
var Statuses = []string{"not-assessed", "not-started", "in-progress", "determined"}

// statusLabels are the statuses as readers see them.
var statusLabels = map[string]string{"not-assessed": "Not yet assessed", "not-started": "Not started",
	"in-progress": "In progress", "determined": "Determined"}

// StatusLabel returns a status as readers see it, or "" for an unknown one.
func StatusLabel(status string) string { return statusLabels[status] }

// Data is the organisation data, cross-linked.
type Data struct {
	ICBs        []*ICB       // sorted by ShortName
	Regions     []*Region    // sorted by Name
	Authorities []*Authority // every local authority once (upper and lower tier), sorted by Name then Code
	byODS       map[string]*ICB
}

// ICB returns the ICB with the given ODS code, or nil if there is none.
func (d *Data) ICB(odsCode string) *ICB { return d.byODS[odsCode] }

// ICB is one Integrated Care Board, from a row of icbs.csv.
type ICB struct {
	ONSCode, ODSCode, Name, ShortName, ONSCode2024 string

	Slug            string // from ShortName: lowercase, with each run of other characters a hyphen
	Region          *Region
	SubICBLocations int

	Population, Population0to17, Population0to25 int // ONS mid-2020

	UpperTier []Share // education/SEND authorities (rows of utla23_to_icb22.csv), largest population in this ICB first
	LowerTier []Share // rows of lad22_to_icb22.csv, sorted by authority name
	Overlay   Overlay // editorial fields; the zero value when there is no overlay file
	Line      int     // line in icbs.csv
}

// Share is the piece of a local authority that lies in one ICB.
type Share struct {
	Authority       *Authority
	ICB             *ICB
	Population      int     // pop_mid2020_all_ages of this piece
	Population0to25 int     // pop_mid2020_0_25 of this piece
	Share           float64 // share of the authority's population in this ICB (0..1)
	Split           bool    // the authority lies in more than one ICB
}

// Region is one NHS England region, from a row of nhs_regions.csv.
type Region struct {
	ONSCode, ODSCode, Name, Slug string
	Population                   int    // ONS mid-2020
	ICBs                         []*ICB // sorted by ShortName
	Line                         int    // line in nhs_regions.csv
}

// Authority is a local authority.
type Authority struct {
	Code, Name string
	// Tier is "upper" for a county or unitary authority (from
	// utla23_to_icb22.csv), which is the education and SEND authority, or
	// "lower" for a district (from lad22_to_icb22.csv). An authority that is
	// both a 2022 district and a 2023 upper-tier authority with the same code
	// (unitaries, London boroughs, metropolitan districts) is "upper".
	Tier   string
	Parent *Authority // for a lower-tier district, the upper-tier authority it sits in; nil otherwise
	Parts  []Share    // the ICBs it lies in, largest share first
	Former bool       // a 2022 district abolished on 1 April 2023: its area is now part of Parent, a unitary council
}

// Overlay is the editorial fields of one ICB, from
// organisations/icbs/<ODS code>.yaml. Every field is optional: empty means
// not known.
type Overlay struct {
	File                   string       // display path of the YAML file, "" if none
	Website                string       // http(s) address, or ""
	JointForwardPlan       string       // http(s) address of the published Joint Forward Plan, or ""
	IntegratedCareStrategy string       // http(s) address of the published Integrated Care Strategy, or ""
	SENDExecutiveLead      string       // the role title of the ICB's executive lead for SEND, or ""
	Checked                yamlpos.Date // when an editor last checked the file
	Notes                  string
	Assessments            map[string]Assessment // by checklist item id
}

// Assessment is what an editor has recorded about one checklist item for
// one ICB.
type Assessment struct {
	Status   string       // one of Statuses
	Evidence string       // http(s) address of the evidence, or ""
	Date     yamlpos.Date // when it was assessed
	Note     string
	Line     int // line of the item id in the overlay file
}

// Status returns the recorded status of a checklist item for this ICB,
// "not-assessed" when none is recorded.
func (i *ICB) Status(itemID string) string {
	if a, ok := i.Overlay.Assessments[itemID]; ok && a.Status != "" {
		return a.Status
	}
	return Statuses[0]
}

// Progress counts this ICB's items per status for the item ids given. Every
// status in Statuses is a key, with 0 when no item has it.
func (i *ICB) Progress(itemIDs []string) map[string]int {
	out := make(map[string]int, len(Statuses))
	for _, s := range Statuses {
		out[s] = 0
	}
	for _, id := range itemIDs {
		out[i.Status(id)]++
	}
	return out
}

var nonAlnumRE = regexp.MustCompile(`[^a-z0-9]+`)

// slugOf makes the lowercase, hyphenated form of a name used in addresses.
func slugOf(name string) string {
	return strings.Trim(nonAlnumRE.ReplaceAllString(strings.ToLower(name), "-"), "-")
}
