// Package figure holds the drawing the examples share, on gonum/plot:
// training curves by epoch, palettes, and a PNG of rows of plots.
package figure

import (
	"image/color"
	"image/png"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// A Series is one curve of AddCurves: a value an epoch, from epoch 1.
type Series struct {
	Name   string // for the legend
	Values []float64
	Color  color.Color
	Dashed bool
}

// AddCurves adds to p a line for each series against the epoch, with its
// legend entry, and a grid, and labels p's X axis "epoch".
func AddCurves(p *plot.Plot, series ...Series) error {
	p.X.Label.Text = "epoch"
	for _, s := range series {
		pts := make(plotter.XYs, len(s.Values))
		for i, v := range s.Values {
			pts[i] = plotter.XY{X: float64(i + 1), Y: v}
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		l.Color = s.Color
		l.Width = vg.Points(1.5)
		if s.Dashed {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l)
		p.Legend.Add(s.Name, l)
	}
	p.Add(plotter.NewGrid())
	return nil
}

// Palette is a palette of given colours.
type Palette []color.Color

// Colors returns p.
func (p Palette) Colors() []color.Color { return p }

var _ palette.Palette = Palette(nil)

// Gradient returns a palette of n colours from c0 to c1 in even steps.
func Gradient(n int, c0, c1 color.RGBA) Palette {
	p := make(Palette, n)
	mix := func(a, b uint8, t float64) uint8 { return uint8(float64(a) + t*(float64(b)-float64(a)) + 0.5) }
	for i := range p {
		t := float64(i) / float64(max(n-1, 1))
		p[i] = color.RGBA{mix(c0.R, c1.R, t), mix(c0.G, c1.G, t), mix(c0.B, c1.B, t), 0xff}
	}
	return p
}

// WritePNG draws rows of plots on a white PNG (best compression) of width × height at path,
// each row as high as the others and its plots as wide as each other,
// their axes aligned.
func WritePNG(path string, width, height vg.Length, rows ...[]*plot.Plot) error {
	img := vgimg.New(width, height)
	dc := draw.New(img)
	pad := vg.Inch / 8
	rowHeight := height / vg.Length(len(rows))
	for i, row := range rows {
		top := height - vg.Length(i)*rowHeight
		c := draw.Crop(dc, 0, 0, top-rowHeight, top-height)
		tiles := draw.Tiles{Rows: 1, Cols: len(row), PadX: vg.Inch / 4, PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad}
		canvases := plot.Align([][]*plot.Plot{row}, tiles, c)
		for j, p := range row {
			p.Draw(canvases[0][j])
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img.Image()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
