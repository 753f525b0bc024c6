package readme

import (
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// markdownFiles are the patterns, from the module root, of the markdown
// files whose links TestLinks checks.
var markdownFiles = []string{"README.md", "bench/README.md", "docs/*.md", "examples/*/README.md"}

// TestLinks checks that every relative link of the module's markdown files
// (outside code) names a file or directory of the repository and, with a
// #fragment, a heading of that markdown file, as GitHub renders them.
func TestLinks(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, p := range markdownFiles {
		m, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no markdown files")
	}
	anchors := map[string]map[string]bool{} // markdown file → its anchors
	anchorsOf := func(file string) (map[string]bool, error) {
		if a, ok := anchors[file]; ok {
			return a, nil
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		anchors[file] = headingAnchors(string(b))
		return anchors[file], nil
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, file)
		for _, l := range relativeLinks(string(b)) {
			if err := checkLink(root, file, l.target, anchorsOf); err != nil {
				t.Errorf("%s:%d: link %s: %v", rel, l.line, l.target, err)
			}
		}
	}
}

// checkLink checks the relative link target of markdown file file.
func checkLink(root, file, target string, anchorsOf func(string) (map[string]bool, error)) error {
	path, frag, _ := strings.Cut(target, "#")
	dest := file
	if path != "" {
		dest = filepath.Join(filepath.Dir(file), filepath.FromSlash(path))
		if r, err := filepath.Rel(root, dest); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return fmt.Errorf("leads out of the repository")
		}
		if _, err := os.Stat(dest); err != nil {
			return fmt.Errorf("no such file or directory")
		}
	}
	if frag == "" {
		return nil
	}
	if !strings.HasSuffix(dest, ".md") {
		return fmt.Errorf("a fragment into a file that is not markdown")
	}
	a, err := anchorsOf(dest)
	if err != nil {
		return err
	}
	if !a[frag] {
		return fmt.Errorf("no heading with anchor #%s", frag)
	}
	return nil
}

// A link is the target of a markdown link and the line it is on.
type link struct {
	target string
	line   int
}

var (
	inlineLink = regexp.MustCompile(`\]\(([^()\s]+)(?:\s+"[^"]*")?\)`)
	refLink    = regexp.MustCompile(`^\s*\[[^\]]+\]:\s+(\S+)`)
	codeSpan   = regexp.MustCompile("`+[^`]*`+")
	scheme     = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
)

// relativeLinks returns the targets of md's inline and reference links,
// outside fenced code blocks and code spans, that are not URLs.
func relativeLinks(md string) []link {
	var links []link
	for i, l := range prose(md) {
		l = codeSpan.ReplaceAllString(l, "")
		var targets []string
		for _, m := range inlineLink.FindAllStringSubmatch(l, -1) {
			targets = append(targets, m[1])
		}
		if m := refLink.FindStringSubmatch(l); m != nil {
			targets = append(targets, m[1])
		}
		for _, t := range targets {
			t = strings.Trim(t, "<>")
			if !scheme.MatchString(t) {
				links = append(links, link{t, i})
			}
		}
	}
	return links
}

// prose yields the lines of md outside fenced code blocks, with their
// numbers from 1.
func prose(md string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		fence := ""
		for i, l := range strings.Split(md, "\n") {
			t := strings.TrimSpace(l)
			switch {
			case fence != "":
				if strings.HasPrefix(t, fence) {
					fence = ""
				}
			case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
				fence = t[:3]
			default:
				if !yield(i+1, l) {
					return
				}
			}
		}
	}
}

var (
	heading   = regexp.MustCompile(`^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$`)
	htmlID    = regexp.MustCompile(`<a\s+(?:id|name)="([^"]+)"`)
	textLink  = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	htmlTag   = regexp.MustCompile(`<[^>]+>`)
	mdMarkers = strings.NewReplacer("`", "", "*", "")
)

// headingAnchors returns the anchors GitHub gives the headings of md (and
// any <a id> or <a name> in it).
func headingAnchors(md string) map[string]bool {
	anchors := map[string]bool{}
	seen := map[string]int{}
	for _, l := range prose(md) {
		for _, m := range htmlID.FindAllStringSubmatch(l, -1) {
			anchors[m[1]] = true
		}
		m := heading.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		slug := slugify(m[1])
		if n := seen[slug]; n > 0 {
			anchors[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			anchors[slug] = true
		}
		seen[slug]++
	}
	return anchors
}

// slugify returns GitHub's anchor of a heading's text: its rendered text in
// lower case, spaces turned into hyphens, and every character but letters,
// digits, hyphens and underscores dropped.
func slugify(text string) string {
	text = textLink.ReplaceAllString(text, "$1")
	text = mdMarkers.Replace(htmlTag.ReplaceAllString(text, ""))
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestSlugify(t *testing.T) {
	for text, want := range map[string]string{
		"gonum's `mat.Dense.Mul`":                                     "gonums-matdensemul",
		"Against OpenBLAS on the Intel Xeon guest (2026-12-01)":       "against-openblas-on-the-intel-xeon-guest-2026-12-01",
		"Generic Gemm (`kernels/gemm_generic.go`)":                    "generic-gemm-kernelsgemm_genericgo",
		"Two products side by side (`kernels.GemmBatch`, 2026-12-02)": "two-products-side-by-side-kernelsgemmbatch-2026-12-02",
		"Speed-up × 2: [the *chart*](x.png)":                          "speed-up--2-the-chart",
	} {
		if got := slugify(text); got != want {
			t.Errorf("slugify(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestCheckLink checks that broken links and fragments are reported, and
// that links in code are not links.
func TestCheckLink(t *testing.T) {
	root := t.TempDir()
	doc := filepath.Join(root, "docs", "a.md")
	if err := os.MkdirAll(filepath.Dir(doc), 0o755); err != nil {
		t.Fatal(err)
	}
	md := "# Title\n\n## Part (one)\n\n## Part (one)\n\n<a id=\"here\"></a>\n```\n## Not a heading\n[x](missing.md)\n```\n`[y](missing.md)` [z](https://example.com/missing)\n"
	if err := os.WriteFile(doc, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := relativeLinks(md); len(got) != 0 {
		t.Errorf("relativeLinks found %v in code and URLs", got)
	}
	anchorsOf := func(file string) (map[string]bool, error) {
		b, err := os.ReadFile(file)
		return headingAnchors(string(b)), err
	}
	for target, ok := range map[string]bool{
		"a.md": true, "#title": true, "#part-one": true, "#part-one-1": true, "#here": true, "../docs": true,
		"b.md": false, "#part-one-2": false, "#not-a-heading": false, "a.md#nowhere": false, "../..": false, "../docs#title": false,
	} {
		if err := checkLink(root, doc, target, anchorsOf); (err == nil) != ok {
			t.Errorf("checkLink(%q) = %v, want ok = %v", target, err, ok)
		}
	}
}
