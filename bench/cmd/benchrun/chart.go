package main

import (
	"cmp"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// panel is one plot of the chart: the throughput of one kernel and element
// type against size, one line per implementation, under the ceilings that
// bound it: the read bandwidths for the vector kernels, the FMA peak of the
// type for Gemm (layout NN; for bf16 the probe's VDPBF16PS peak).
type panel struct{ base, typ string }

// bytesPerOp is the bytes one call moves, as the benchmark declared them
// (GB/s × s/op).
func bytesPerOp(r *result) (float64, bool) {
	return r.values["GB/s"] * 1e9 * r.values["sec/op"], r.values["GB/s"] > 0
}

// drawCharts draws the panels that have data, two a row, into roofline.svg
// and roofline.png in dir out and returns the files written.
func drawCharts(rr *rawRun, out string) ([]string, error) {
	var plots []*plot.Plot
	for _, base := range []string{"Dot", "Axpy", "ReLUMask", "Gemm"} {
		for _, typ := range []string{"f32", "f64", "bf16"} {
			if p := (panel{base, typ}).plot(rr); p != nil {
				plots = append(plots, p)
			}
		}
	}
	if len(plots) == 0 {
		return nil, nil
	}
	if len(plots)%2 == 1 {
		plots = append(plots, nil)
	}
	var rows [][]*plot.Plot
	for p := range slices.Chunk(plots, 2) {
		rows = append(rows, p)
	}
	w, h := 2*5.5*vg.Inch, vg.Length(len(rows))*4*vg.Inch
	tiles := draw.Tiles{Rows: len(rows), Cols: 2, PadX: vg.Inch / 4, PadY: vg.Inch / 4,
		PadTop: vg.Inch / 8, PadBottom: vg.Inch / 8, PadLeft: vg.Inch / 8, PadRight: vg.Inch / 8}
	var files []string
	for _, c := range []struct {
		ext    string
		canvas canvas
	}{
		{".svg", vgsvg.New(w, h)},
		{".png", vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(110), vgimg.UseBackgroundColor(color.White))}},
	} {
		cells := plot.Align(rows, tiles, draw.New(c.canvas))
		for i, row := range rows {
			for j, p := range row {
				if p != nil {
					p.Draw(cells[i][j])
				}
			}
		}
		file := filepath.Join(out, "roofline"+c.ext)
		if err := writeFile(file, c.canvas); err != nil {
			return nil, err
		}
		files = append(files, file)
	}
	return files, nil
}

// canvas is a canvas that writes itself out as SVG or PNG.
type canvas interface {
	vg.CanvasSizer
	io.WriterTo
}

// writeFile writes what c writes into file.
func writeFile(file string, c io.WriterTo) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	_, err = c.WriteTo(f)
	return cmp.Or(err, f.Close())
}

// plot draws the panel, or returns nil if no result belongs to it. Its x
// is the bytes a call moves (bytesPerOp), or for Gemm the size n.
func (pn panel) plot(rr *rawRun) *plot.Plot {
	unit, xOf := "GB/s", bytesPerOp
	if pn.base == "Gemm" {
		unit, xOf = "GFLOP/s", func(r *result) (float64, bool) {
			n, err := strconv.ParseFloat(r.key("n"), 64)
			return n, err == nil && r.key("layout") == "NN"
		}
	}
	lines := map[string]plotter.XYs{}
	for _, r := range rr.results {
		if x, ok := xOf(r); ok && x > 0 && r.base == pn.base && slices.Contains(r.parts, pn.typ) && r.impl != "" && r.values[unit] > 0 {
			lines[r.impl] = append(lines[r.impl], plotter.XY{X: x, Y: r.values[unit]})
		}
	}
	if len(lines) == 0 {
		return nil
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s %s: %s", pn.base, pn.typ, unit)
	p.X.Label.Text = "bytes moved per call"
	if pn.base == "Gemm" {
		p.X.Label.Text = "n (C = A·B, all n×n, layout NN)"
	}
	p.Y.Label.Text = unit + " (log)"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker = sizeTicks{bytes: unit == "GB/s"}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(8)

	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i, impl := range rr.impls {
		xys, ok := lines[impl]
		if !ok {
			continue
		}
		slices.SortFunc(xys, func(a, b plotter.XY) int { return cmp.Compare(a.X, b.X) })
		l, s, err := plotter.NewLinePoints(xys)
		if err != nil {
			continue
		}
		l.Color, s.Color = plotutil.Color(i), plotutil.Color(i) // the same in every panel: i indexes rr.impls
		l.Width, s.Shape = vg.Points(1.5), plotutil.Shape(i)
		p.Add(l, s)
		p.Legend.Add(impl, l, s)
		for _, xy := range xys {
			xmin, xmax, ymin, ymax = min(xmin, xy.X), max(xmax, xy.X), min(ymin, xy.Y), max(ymax, xy.Y)
		}
	}
	// The ceilings: dashed horizontal lines, labelled just above their left end.
	var labels plotter.XYLabels
	for _, c := range rr.ceilings {
		if c.Unit != unit || (unit == "GFLOP/s" && c.Name != "FMA "+pn.typ) { // the read bandwidths, or the type's FMA peak
			continue
		}
		f := plotter.NewFunction(func(float64) float64 { return c.Value })
		f.Color, f.Width, f.Dashes = color.Gray{Y: 90}, vg.Points(1), []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(f)
		labels.XYs = append(labels.XYs, plotter.XY{X: xmin, Y: c.Value})
		labels.Labels = append(labels.Labels, fmt.Sprintf("%s %s: %.0f %s", c.Name, c.ISA, c.Value, c.Unit))
		ymin, ymax = min(ymin, c.Value), max(ymax, c.Value)
	}
	if l, err := plotter.NewLabels(labels); err == nil && len(labels.Labels) > 0 {
		for i := range l.TextStyle {
			l.TextStyle[i].Font.Size, l.TextStyle[i].Color = vg.Points(7), color.Gray{Y: 70}
		}
		l.Offset = vg.Point{X: vg.Points(2), Y: vg.Points(2)}
		p.Add(l)
	}
	p.X.Min, p.X.Max = xmin/1.3, xmax*1.3
	p.Y.Min, p.Y.Max = ymin/1.5, ymax*6 // room above the highest line for the legend
	return p
}

// sizeTicks marks a log axis at powers of two, labelled in K, M, G for
// bytes (every other one).
type sizeTicks struct{ bytes bool }

// Ticks implements plot.Ticker.
func (t sizeTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for e := math.Ceil(math.Log2(lo)); e <= math.Floor(math.Log2(hi)); e++ {
		v, label, suffix := math.Exp2(e), math.Exp2(e), ""
		for _, s := range []string{"K", "M", "G"} {
			if t.bytes && label >= 1<<10 {
				label, suffix = label/(1<<10), s
			}
		}
		ts = append(ts, plot.Tick{Value: v})
		if int(e)%2 == 0 || !t.bytes {
			ts[len(ts)-1].Label = fmt.Sprintf("%.0f%s", label, suffix)
		}
	}
	return ts
}
