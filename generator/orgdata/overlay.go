package orgdata

import (
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"icsguide/generator/diag"
	"icsguide/generator/yamlpos"
)

// overlayDir is the folder inside content/ of the ICBs' editorial files.
const overlayDir = Dir + "/icbs"

// The keys of an overlay file and of one assessment in it.
var (
	overlayKeys    = []string{"website", "joint_forward_plan", "integrated_care_strategy", "send_executive_lead", "checked", "notes", "assessments"}
	assessmentKeys = []string{"status", "evidence", "date", "note"}
)

// Items are the checklist items an ICB's overlay may assess.
type Items struct {
	Has     func(id string) bool // whether id names an item; nil when there are none
	File    string               // the checklist's file, named in messages; "" for none
	Example string               // an item's id, suggested in messages; "" for none
}

// readOverlays reads every organisations/icbs/<ODS code>.yaml file into its
// ICB's Overlay.
func (l *loader) readOverlays(items Items) {
	var names []string
	for p := range l.files {
		if path.Dir(p) == overlayDir {
			names = append(names, p)
		}
	}
	slices.Sort(names)
	for _, p := range names {
		file := l.display + "/" + p
		base := path.Base(p)
		code, isYAML := strings.CutSuffix(base, ".yaml")
		if !isYAML {
			if stem, isYML := strings.CutSuffix(base, ".yml"); isYML {
				l.errs.Addf(file, 0, 0, "rename this file %s.yaml: the build only reads files ending .yaml in this folder", stem)
			}
			continue
		}
		ov := parseOverlay(file, l.files[p], items, &l.errs)
		icb := l.d.byODS[code]
		switch {
		case icb != nil:
			icb.Overlay = ov
		case !l.icbsOK || l.left[code]:
			// icbs.csv, or the ICB's row in it, has a problem already reported.
		case l.d.byODS[strings.ToUpper(code)] != nil:
			l.errs.Addf(file, 1, 0, "no ICB has the ODS code %s in %s: ODS codes are in capital letters, so rename the file %s.yaml",
				code, icbsCSV, strings.ToUpper(code))
		default:
			l.errs.Addf(file, 1, 0, "no ICB has the ODS code %s in %s: name the file after the ICB's ODS code, such as QHG.yaml",
				code, icbsCSV)
		}
	}
}

// parseOverlay reads one overlay file.
func parseOverlay(file string, src []byte, items Items, errs *diag.List) Overlay {
	o := Overlay{File: file, Assessments: map[string]Assessment{}}
	r, root := yamlpos.Open(file, src, errs)
	if root == nil {
		return o
	}
	for _, kv := range r.Mapping(root, "this file", overlayKeys...) {
		switch kv.Key {
		case "website":
			o.Website = r.WebURL(kv)
		case "joint_forward_plan":
			o.JointForwardPlan = r.WebURL(kv)
		case "integrated_care_strategy":
			o.IntegratedCareStrategy = r.WebURL(kv)
		case "send_executive_lead":
			o.SENDExecutiveLead = r.Text(kv)
		case "checked":
			o.Checked = r.Date(kv)
		case "notes":
			o.Notes = r.Text(kv)
		case "assessments":
			readAssessments(r, kv.Value, items, o.Assessments)
		}
	}
	return o
}

// readAssessments reads the assessments mapping, item id to assessment, into out.
func readAssessments(r yamlpos.Reader, n *yaml.Node, items Items, out map[string]Assessment) {
	if yamlpos.IsNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		r.Errorf(n, "assessments must be a set of checklist item ids, each followed by a colon and its status on the next lines, or {} for none")
		return
	}
	hint := "use an id from the checklist"
	if items.File != "" {
		hint += " in " + items.File
	}
	if items.Example != "" {
		hint += ", such as " + items.Example
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		idNode, v := n.Content[i], n.Content[i+1]
		id := idNode.Value
		known := items.Has != nil && items.Has(id)
		if !known {
			r.Errorf(idNode, "%q is not the id of a checklist item: %s", id, hint)
		}
		a := Assessment{Line: idNode.Line}
		if yamlpos.IsNull(v) || v.Kind != yaml.MappingNode {
			r.Errorf(v, "the assessment of %s needs a status on the next line, indented: one of %s", id, strings.Join(Statuses, ", "))
			continue
		}
		hasStatus := false
		for _, f := range r.Mapping(v, "an assessment", assessmentKeys...) {
			switch f.Key {
			case "status":
				a.Status = r.Text(f)
				hasStatus = a.Status != "" || f.Value.Kind != yaml.ScalarNode // a list or set of keys is reported by Text
				if a.Status != "" && !slices.Contains(Statuses, a.Status) {
					r.Errorf(f.Value, "status %q is not allowed: use one of %s", a.Status, strings.Join(Statuses, ", "))
				}
			case "evidence":
				a.Evidence = r.WebURL(f)
			case "date":
				a.Date = r.Date(f)
			case "note":
				a.Note = r.Text(f)
			}
		}
		if !hasStatus {
			r.Errorf(idNode, "the assessment of %s needs a status: one of %s", id, strings.Join(Statuses, ", "))
		}
		if known {
			out[id] = a
		}
	}
}
