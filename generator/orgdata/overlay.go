package orgdata

import (
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"icsguide/generator/content"
	"icsguide/generator/diag"
)

// overlayDir is the folder inside content/ of the ICBs' editorial files.
const overlayDir = Dir + "/icbs"

// The keys of an overlay file and of one assessment in it.
var (
	overlayKeys    = []string{"website", "joint_forward_plan", "integrated_care_strategy", "send_executive_lead", "checked", "notes", "assessments"}
	assessmentKeys = []string{"status", "evidence", "date", "note"}
)

// readOverlays reads every organisations/icbs/<ODS code>.yaml file into its
// ICB's Overlay.
func (l *loader) readOverlays(checklist *content.Checklist) {
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
		ov := parseOverlay(file, l.files[p], checklist, &l.errs)
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

// yamlReader turns YAML nodes into Go values, recording every problem with
// the file, line and column it came from.
type yamlReader struct {
	file string
	errs *diag.List
}

func (r yamlReader) errorf(n *yaml.Node, format string, args ...any) {
	r.errs.Addf(r.file, n.Line, n.Column, format, args...)
}

// parseOverlay reads one overlay file.
func parseOverlay(file string, src []byte, checklist *content.Checklist, errs *diag.List) Overlay {
	o := Overlay{File: file, Assessments: map[string]Assessment{}}
	src, bad := content.Normalize(file, src)
	if bad != nil {
		*errs = append(*errs, *bad)
		return o
	}
	r := yamlReader{file: file, errs: errs}
	root := r.parse(src)
	if root == nil {
		return o
	}
	for _, kv := range r.mapping(root, "this file", overlayKeys) {
		switch kv.key {
		case "website":
			o.Website = r.webURL(kv)
		case "joint_forward_plan":
			o.JointForwardPlan = r.webURL(kv)
		case "integrated_care_strategy":
			o.IntegratedCareStrategy = r.webURL(kv)
		case "send_executive_lead":
			o.SENDExecutiveLead = r.text(kv)
		case "checked":
			o.Checked = r.date(kv)
		case "notes":
			o.Notes = r.text(kv)
		case "assessments":
			r.assessments(kv.v, checklist, o.Assessments)
		}
	}
	return o
}

// assessments reads the assessments mapping, item id to assessment, into out.
func (r yamlReader) assessments(n *yaml.Node, checklist *content.Checklist, out map[string]Assessment) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		r.errorf(n, "assessments must be a set of checklist item ids, each followed by a colon and its status on the next lines, or {} for none")
		return
	}
	hint := "use an id from the checklist"
	if checklist.File != "" {
		hint += " in " + checklist.File
	}
	for _, area := range checklist.Areas {
		if len(area.Items) > 0 {
			hint += ", such as " + area.Items[0].ID
			break
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		idNode, v := n.Content[i], n.Content[i+1]
		id := idNode.Value
		known := checklist.Item(id) != nil
		if !known {
			r.errorf(idNode, "%q is not the id of a checklist item: %s", id, hint)
		}
		a := Assessment{Line: idNode.Line}
		if isNull(v) || v.Kind != yaml.MappingNode {
			r.errorf(v, "the assessment of %s needs a status on the next line, indented: one of %s", id, strings.Join(Statuses, ", "))
			continue
		}
		hasStatus := false
		for _, f := range r.mapping(v, "an assessment", assessmentKeys) {
			switch f.key {
			case "status":
				a.Status = r.text(f)
				hasStatus = a.Status != "" || f.v.Kind != yaml.ScalarNode // a list or set of keys is reported by text
				if a.Status != "" && !slices.Contains(Statuses, a.Status) {
					r.errorf(f.v, "status %q is not allowed: use one of %s", a.Status, strings.Join(Statuses, ", "))
				}
			case "evidence":
				a.Evidence = r.webURL(f)
			case "date":
				a.Date = r.date(f)
			case "note":
				a.Note = r.text(f)
			}
		}
		if !hasStatus {
			r.errorf(idNode, "the assessment of %s needs a status: one of %s", id, strings.Join(Statuses, ", "))
		}
		if known {
			out[id] = a
		}
	}
}

// parse reads a YAML document into its root node. Syntax errors are
// reported with their line; a document of only comments gives nil.
func (r yamlReader) parse(src []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := 0, err.Error()
		if m := yamlErrorRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		if lines := strings.Split(string(src), "\n"); line >= 1 && line <= len(lines) && strings.Contains(lines[line-1], "\t") {
			msg += ": a tab character is not allowed in YAML, so indent with spaces"
		}
		r.errs.Addf(r.file, line, 0, "YAML syntax: %s", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// hostRE matches a domain name such as www.example.org.
var hostRE = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)

var yamlErrorRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// keyValue is one key of a mapping with its value.
type keyValue struct {
	key string
	v   *yaml.Node
}

// mapping checks that n is a mapping with only the allowed keys and returns
// its pairs in order. what names n in messages.
func (r yamlReader) mapping(n *yaml.Node, what string, allowed []string) []keyValue {
	if n.Kind != yaml.MappingNode {
		r.errorf(n, "%s must be a set of key: value lines, like the template in README.md", what)
		return nil
	}
	var out []keyValue
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(allowed, k.Value) {
			r.errorf(k, "unknown key %q in %s: the keys allowed are %s", k.Value, what, strings.Join(allowed, ", "))
			continue
		}
		out = append(out, keyValue{k.Value, v})
	}
	return out
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// text reads a single value as text; an empty value gives "".
func (r yamlReader) text(kv keyValue) string {
	if isNull(kv.v) {
		return ""
	}
	if kv.v.Kind != yaml.ScalarNode {
		r.errorf(kv.v, "%s must be a single piece of text on the same line, not a list or a set of keys", kv.key)
		return ""
	}
	return strings.TrimSpace(kv.v.Value)
}

// webURL reads an absolute http or https address, or nothing.
func (r yamlReader) webURL(kv keyValue) string {
	s := r.text(kv)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !hostRE.MatchString(u.Hostname()) {
		r.errorf(kv.v, "%s must be a full web address starting https://, not %q", kv.key, s)
		return ""
	}
	return s
}

// date reads a date written YYYY-MM-DD, or nothing.
func (r yamlReader) date(kv keyValue) content.Date {
	s := r.text(kv)
	if s == "" {
		return content.Date{}
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		r.errorf(kv.v, "%s: %q is not a real date written YYYY-MM-DD, such as 2026-01-31", kv.key, s)
		return content.Date{}
	}
	return content.Date{Time: t}
}
