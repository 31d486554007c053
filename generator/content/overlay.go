package content

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"icsguide/generator/diag"
)

// Overlay is the editorial fields of one organisation: what an editor has
// found out and recorded. Every field is optional; empty means not known.
type Overlay struct {
	File                   string // path shown in messages; "" when there is no file
	Website                string
	JointForwardPlan       string // address of the published Joint Forward Plan
	IntegratedCareStrategy string // address of the published Integrated Care Strategy
	SENDExecutiveLead      string // the role title of the executive lead for SEND
	Checked                Date   // when an editor last checked the file
	Notes                  string
	Assessments            map[string]Assessment // by checklist item id
}

// Assessment is what is recorded about one checklist item.
type Assessment struct {
	Status   string
	Evidence string // address of the evidence
	Date     Date
	Note     string
	Line     int
}

// ParseOverlay reads an organisation's editorial file, checking assessed
// item ids against the checklist and statuses against the allowed list.
func ParseOverlay(file string, src []byte, checklist *Checklist, statuses []string) (Overlay, diag.List) {
	var errs diag.List
	o := Overlay{File: file, Assessments: map[string]Assessment{}}
	src, bad := Normalize(file, src)
	if bad != nil {
		return o, diag.List{*bad}
	}
	r := yamlReader{path: file, errs: &errs}
	root := r.parse(src)
	if root == nil {
		return o, errs
	}
	for _, kv := range r.mapping(root, "the file", "website", "joint_forward_plan", "integrated_care_strategy",
		"send_executive_lead", "checked", "notes", "assessments") {
		if kv.v.Tag == "!!null" {
			continue
		}
		switch kv.key {
		case "website":
			o.Website = r.webURL(kv)
		case "joint_forward_plan":
			o.JointForwardPlan = r.webURL(kv)
		case "integrated_care_strategy":
			o.IntegratedCareStrategy = r.webURL(kv)
		case "send_executive_lead":
			o.SENDExecutiveLead = r.str(kv)
		case "checked":
			o.Checked = r.date(kv)
		case "notes":
			o.Notes = r.str(kv)
		case "assessments":
			if kv.v.Kind != yaml.MappingNode {
				r.errorf(kv.v, "assessments must be a set of checklist item ids, each with a status")
				continue
			}
			for i := 0; i+1 < len(kv.v.Content); i += 2 {
				idNode, an := kv.v.Content[i], kv.v.Content[i+1]
				id := idNode.Value
				if checklist.Item(id) == nil {
					r.errorf(idNode, "%q is not a checklist item id (see %s)", id, ChecklistPath)
					continue
				}
				a := Assessment{Line: idNode.Line}
				for _, f := range r.mapping(an, "an assessment", "status", "evidence", "date", "note") {
					if f.v.Tag == "!!null" {
						continue
					}
					switch f.key {
					case "status":
						a.Status = r.str(f)
						if !contains(statuses, a.Status) {
							r.errorf(f.v, "status %q is not one of: %s", a.Status, strings.Join(statuses, ", "))
						}
					case "evidence":
						a.Evidence = r.webURL(f)
					case "date":
						a.Date = r.date(f)
					case "note":
						a.Note = r.str(f)
					}
				}
				if a.Status == "" {
					r.errorf(an, "the assessment of %q needs a status", id)
				}
				o.Assessments[id] = a
			}
		}
	}
	return o, errs
}
