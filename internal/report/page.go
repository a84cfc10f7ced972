package report

import (
	"bytes"
	"fmt"
	"html"
)

// A Page is report.html, one self-contained page for a run: its settings,
// the lines it printed, each figure inline with a caption saying what to
// look at, and the final accuracies. It needs nothing but the file: the
// SVGs are inside, and no style or script comes from elsewhere.
type Page struct {
	Title    string
	Settings [][2]string // name and value
	Lines    []string    // the evaluation lines
	Final    string      // the final accuracies, in a sentence
	Figures  []Figure
}

// HTML renders the page as well-formed markup (every element closed), so
// that an XML parser reads it as a browser does.
func (p *Page) HTML() []byte {
	var b bytes.Buffer
	e := html.EscapeString
	b.WriteString("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
	fmt.Fprintf(&b, "<title>%s</title>\n", e(p.Title))
	b.WriteString(`<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1100px; color: #222; }
h1 { font-size: 24px; } h2 { font-size: 18px; margin-top: 32px; }
table { border-collapse: collapse; } td { padding: 2px 14px 2px 0; }
pre { background: #f4f4f4; padding: 10px; overflow-x: auto; }
figure { margin: 16px 0 28px; } figcaption { color: #444; margin-top: 6px; max-width: 760px; }
svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
`)
	fmt.Fprintf(&b, "<h1>%s</h1>\n<p><strong>%s</strong></p>\n", e(p.Title), e(p.Final))
	b.WriteString("<h2>Settings</h2>\n<table>\n")
	for _, s := range p.Settings {
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td></tr>\n", e(s[0]), e(s[1]))
	}
	b.WriteString("</table>\n")
	if len(p.Lines) > 0 {
		b.WriteString("<h2>Evaluations</h2>\n<pre>")
		for _, l := range p.Lines {
			b.WriteString(e(l) + "\n")
		}
		b.WriteString("</pre>\n")
	}
	b.WriteString("<h2>Figures</h2>\n")
	for _, f := range p.Figures {
		fmt.Fprintf(&b, "<figure id=\"%s\">\n", e(f.Name))
		b.Write(f.SVG)
		fmt.Fprintf(&b, "<figcaption><strong>%s</strong>: %s</figcaption>\n</figure>\n", e(f.Name), e(f.Caption))
	}
	b.WriteString("</body>\n</html>\n")
	return b.Bytes()
}
