package main

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/simdkern/simdkern/internal/probe"
)

// panel is one plot of the chart: the throughput of one kernel and element
// type against size, one line per implementation, under the ceilings that
// bound it.
type panel struct {
	base, typ string // benchmark base name and element type ("f32")
	unit      string // throughput unit: "GB/s" or "GFLOP/s"
	filter    func(*result) bool
	xlabel    string
	x         func(*result) (float64, bool)
	ceiling   func(probe.Ceiling) bool
}

// bytesPerOp is the x of a bandwidth panel: the bytes one call moves, as
// the benchmark declared them (GB/s × s/op).
func bytesPerOp(r *result) (float64, bool) {
	return r.values["GB/s"] * 1e9 * r.values["sec/op"], r.values["GB/s"] > 0
}

func gemmN(r *result) (float64, bool) { return sizeOf(r, "n") }

func panels() []panel {
	var ps []panel
	for _, k := range []string{"Dot", "Axpy", "ReLUMask"} {
		for _, t := range []string{"f32", "f64"} {
			ps = append(ps, panel{k, t, "GB/s", func(*result) bool { return true },
				"bytes moved per call", bytesPerOp,
				func(c probe.Ceiling) bool { return strings.HasSuffix(c.Name, " read") }})
		}
	}
	for _, t := range []string{"f32", "f64"} {
		ps = append(ps, panel{"Gemm", t, "GFLOP/s", func(r *result) bool { return r.key("layout") == "NN" },
			"n (C = A·B, all n×n, layout NN)", gemmN,
			func(c probe.Ceiling) bool { return c.Name == "FMA "+t }})
	}
	return ps
}

// drawCharts draws the panels that have data into roofline.svg and
// roofline.png in dir out (and timestamped copies if stamp is set) and
// returns the files written.
func drawCharts(rs []*result, impls []string, cs []probe.Ceiling, out, stamp string) ([]string, error) {
	var rows [][]*plot.Plot
	var row []*plot.Plot
	for _, pn := range panels() {
		p := pn.plot(rs, impls, cs)
		if p == nil {
			continue
		}
		row = append(row, p)
		if len(row) == 2 {
			rows = append(rows, row)
			row = nil
		}
	}
	if row != nil {
		rows = append(rows, append(row, nil))
	}
	if len(rows) == 0 {
		return nil, nil
	}
	w, h := 2*5.5*vg.Inch, vg.Length(len(rows))*4*vg.Inch
	var files []string
	names := []string{"roofline"}
	if stamp != "" {
		names = append(names, "roofline-"+stamp)
	}
	for _, name := range names {
		for _, ext := range []string{".svg", ".png"} {
			file := filepath.Join(out, name+ext)
			if err := render(rows, w, h, ext, file); err != nil {
				return nil, err
			}
			files = append(files, file)
		}
	}
	return files, nil
}

// render draws rows of plots into file, as SVG or PNG after its extension.
func render(rows [][]*plot.Plot, w, h vg.Length, ext, file string) error {
	tiles := draw.Tiles{Rows: len(rows), Cols: 2, PadX: vg.Inch / 4, PadY: vg.Inch / 4,
		PadTop: vg.Inch / 8, PadBottom: vg.Inch / 8, PadLeft: vg.Inch / 8, PadRight: vg.Inch / 8}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	var canvas vg.CanvasSizer
	var write func() error
	switch ext {
	case ".svg":
		c := vgsvg.New(w, h)
		canvas, write = c, func() error { _, err := c.WriteTo(f); return err }
	default:
		c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(110), vgimg.UseBackgroundColor(color.White))
		canvas, write = c, func() error { _, err := vgimg.PngCanvas{Canvas: c}.WriteTo(f); return err }
	}
	dc := draw.New(canvas)
	cells := plot.Align(rows, tiles, dc)
	for i, row := range rows {
		for j, p := range row {
			if p != nil {
				p.Draw(cells[i][j])
			}
		}
	}
	if err := write(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// plot draws the panel, or returns nil if no result belongs to it.
func (pn panel) plot(rs []*result, impls []string, cs []probe.Ceiling) *plot.Plot {
	lines := map[string]plotter.XYs{}
	for _, r := range rs {
		if r.base != pn.base || !r.has(pn.typ) || r.impl == "" || !pn.filter(r) {
			continue
		}
		x, ok := pn.x(r)
		y := r.values[pn.unit]
		if !ok || y <= 0 || x <= 0 {
			continue
		}
		lines[r.impl] = append(lines[r.impl], plotter.XY{X: x, Y: y})
	}
	if len(lines) == 0 {
		return nil
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s %s: %s", pn.base, pn.typ, pn.unit)
	p.X.Label.Text = pn.xlabel
	p.Y.Label.Text = pn.unit + " (log)"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker = sizeTicks{bytes: pn.unit == "GB/s"}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(8)

	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i, impl := range impls {
		xys, ok := lines[impl]
		if !ok {
			continue
		}
		slices.SortFunc(xys, func(a, b plotter.XY) int { return cmpFloat(a.X, b.X) })
		l, s, err := plotter.NewLinePoints(xys)
		if err != nil {
			continue
		}
		c := implColor(impl, i)
		l.Color, s.Color = c, c
		l.Width = vg.Points(1.5)
		s.Shape = plotutil.Shape(i)
		p.Add(l, s)
		p.Legend.Add(impl, l, s)
		for _, xy := range xys {
			xmin, xmax = min(xmin, xy.X), max(xmax, xy.X)
			ymin, ymax = min(ymin, xy.Y), max(ymax, xy.Y)
		}
	}
	// The ceilings: dashed horizontal lines, labelled at their left end.
	var labels plotter.XYLabels
	for _, c := range cs {
		if !pn.ceiling(c) || c.Unit != pn.unit {
			continue
		}
		v := c.Value
		f := plotter.NewFunction(func(float64) float64 { return v })
		f.Color = color.Gray{Y: 90}
		f.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		f.Width = vg.Points(1)
		p.Add(f)
		labels.XYs = append(labels.XYs, plotter.XY{X: xmin, Y: v})
		labels.Labels = append(labels.Labels, fmt.Sprintf("%s %s: %.0f %s", c.Name, c.ISA, v, c.Unit))
		ymin, ymax = min(ymin, v), max(ymax, v)
	}
	if len(labels.Labels) > 0 {
		l, err := plotter.NewLabels(labels)
		if err == nil {
			for i := range l.TextStyle {
				l.TextStyle[i].Font.Size = vg.Points(7)
				l.TextStyle[i].Color = color.Gray{Y: 70}
			}
			l.Offset = vg.Point{X: vg.Points(2), Y: vg.Points(2)} // just above the line
			p.Add(l)
		}
	}
	p.X.Min, p.X.Max = xmin/1.3, xmax*1.3
	// Room above the highest line for the legend.
	p.Y.Min, p.Y.Max = ymin/1.5, ymax*6
	return p
}

// implColors keeps each known implementation's colour the same in every
// panel and every chart.
var implColors = map[string]color.Color{
	"generic":  color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}, // red
	"avx512":   color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}, // green
	"avx2":     color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}, // blue
	"neon":     color.RGBA{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff}, // cyan
	"naive":    color.RGBA{R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff}, // grey
	"gonum":    color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}, // orange
	"openblas": color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff}, // purple
	"numpy":    color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}, // brown
}

// implColor returns the colour of implementation impl, the i-th drawn.
func implColor(impl string, i int) color.Color {
	if c, ok := implColors[impl]; ok {
		return c
	}
	return plotutil.Color(i)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sizeTicks marks a log axis at powers of two (in KiB, MiB for bytes).
type sizeTicks struct{ bytes bool }

// Ticks implements plot.Ticker.
func (t sizeTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for e := math.Floor(math.Log2(lo)); e <= math.Ceil(math.Log2(hi)); e++ {
		v := math.Exp2(e)
		if v < lo || v > hi {
			continue
		}
		label := ""
		if int(e)%2 == 0 || !t.bytes {
			label = sizeLabel(v, t.bytes)
		}
		ts = append(ts, plot.Tick{Value: v, Label: label})
	}
	return ts
}

func sizeLabel(v float64, bytes bool) string {
	if !bytes {
		return fmt.Sprintf("%.0f", v)
	}
	switch {
	case v >= 1<<30:
		return fmt.Sprintf("%.0fG", v/(1<<30))
	case v >= 1<<20:
		return fmt.Sprintf("%.0fM", v/(1<<20))
	case v >= 1<<10:
		return fmt.Sprintf("%.0fK", v/(1<<10))
	}
	return fmt.Sprintf("%.0f", v)
}
