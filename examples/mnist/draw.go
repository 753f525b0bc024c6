package main

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/simdkern/simdkern/internal/figure"
	"github.com/simdkern/simdkern/nn"
)

var (
	red  = color.RGBA{0xd6, 0x27, 0x28, 0xff}
	blue = color.RGBA{0x1f, 0x77, 0xb4, 0xff}
)

// drawPNG writes to path the loss and the accuracy of every epoch and the
// confusion matrix of model on test above a grid of test digits it
// misclassifies.
func drawPNG(path string, model *nn.Model[float32], test nn.Dataset[float32], history []epoch) error {
	probs, err := model.Predict(test.X)
	if err != nil {
		return err
	}
	predicted := nn.Argmax(nil, probs)

	value := func(f func(epoch) float64) []float64 {
		v := make([]float64, len(history))
		for i, e := range history {
			v[i] = f(e)
		}
		return v
	}
	loss := plot.New()
	loss.Title.Text = "Loss"
	loss.Y.Min = 0
	if err := figure.AddCurves(loss,
		figure.Series{Name: "training", Values: value(func(e epoch) float64 { return e.Loss }), Color: red},
		figure.Series{Name: "test", Values: value(func(e epoch) float64 { return e.ValLoss }), Color: red, Dashed: true},
	); err != nil {
		return err
	}
	acc := plot.New()
	acc.Title.Text = "Accuracy"
	acc.Legend.Top, acc.Legend.Left = false, false
	if err := figure.AddCurves(acc,
		figure.Series{Name: "training", Values: value(func(e epoch) float64 { return e.Accuracy }), Color: blue},
		figure.Series{Name: "test", Values: value(func(e epoch) float64 { return e.ValAccuracy }), Color: blue, Dashed: true},
	); err != nil {
		return err
	}
	for _, p := range []*plot.Plot{loss, acc} {
		p.X.Tick.Marker = plot.TickerFunc(epochTicks)
	}
	confusion, err := confusionPlot(test.Classes, predicted)
	if err != nil {
		return err
	}
	wrong := plot.New()
	wrong.HideAxes()
	wrong.Title.Text = "Misclassified test digits: predicted class (true class)"
	wrong.Add(&digitGrid{test: test, predicted: predicted, style: wrong.Title.TextStyle})
	return figure.WritePNG(path, 13*vg.Inch, 6.5*vg.Inch, []*plot.Plot{loss, acc, confusion}, []*plot.Plot{wrong})
}

// epochTicks marks whole epochs, at most 10 of them.
func epochTicks(min, max float64) []plot.Tick {
	step := math.Max(1, math.Ceil((max-min)/10))
	var ticks []plot.Tick
	for e := math.Ceil(min); e <= max; e += step {
		ticks = append(ticks, plot.Tick{Value: e, Label: fmt.Sprint(e)})
	}
	return ticks
}

// confusion is the confusion matrix of ten classes as a heat map: cell
// (predicted, true) holds the count of test digits, coloured by its
// logarithm.
type confusion [10][10]int

func (m *confusion) Dims() (c, r int)   { return 10, 10 }
func (m *confusion) Z(c, r int) float64 { return math.Log1p(float64(m[r][c])) }
func (m *confusion) X(c int) float64    { return float64(c) }
func (m *confusion) Y(r int) float64    { return float64(r) }

// confusionPlot plots the confusion matrix of the predicted classes with
// the count in each cell, the true classes from top to bottom.
func confusionPlot(classes, predicted []int) (*plot.Plot, error) {
	var m confusion
	for i, c := range classes {
		m[c][predicted[i]]++
	}
	p := plot.New()
	p.Title.Text = "Confusion matrix of the test set"
	p.X.Label.Text, p.Y.Label.Text = "predicted class", "true class"
	heat := plotter.NewHeatMap(&m, figure.Gradient(64, color.RGBA{0xff, 0xff, 0xff, 0xff}, color.RGBA{0x08, 0x30, 0x6b, 0xff}))
	heat.Min = 0
	for r := range 10 {
		heat.Max = max(heat.Max, m.Z(r, r))
	}
	p.Add(heat)
	var cells plotter.XYLabels
	for r := range 10 {
		for c := range 10 {
			if m[r][c] > 0 {
				cells.XYs = append(cells.XYs, plotter.XY{X: float64(c), Y: float64(r)})
				cells.Labels = append(cells.Labels, fmt.Sprint(m[r][c]))
			}
		}
	}
	labels, err := plotter.NewLabels(cells)
	if err != nil {
		return nil, err
	}
	for i, xy := range cells.XYs {
		s := &labels.TextStyle[i]
		s.Font.Size = vg.Points(7)
		s.XAlign, s.YAlign = text.XCenter, text.YCenter
		if m.Z(int(xy.X), int(xy.Y)) > 0.6*heat.Max {
			s.Color = color.White
		}
	}
	p.Add(labels)
	ticks := make(plot.ConstantTicks, 10)
	for i := range ticks {
		ticks[i] = plot.Tick{Value: float64(i), Label: fmt.Sprint(i)}
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = ticks, ticks
	p.Y.Scale = plot.InvertedScale{Normalizer: p.Y.Scale}
	p.X.Padding, p.Y.Padding = 0, 0
	return p, nil
}

// digitGrid draws the first misclassified test digits in rows, as many as
// fit, each square, dark on light, with its predicted and true class above.
type digitGrid struct {
	test      nn.Dataset[float32]
	predicted []int
	style     text.Style
}

// Plot draws g on c; it has no data coordinates.
func (g *digitGrid) Plot(c draw.Canvas, _ *plot.Plot) {
	var wrong []int
	for i, cl := range g.test.Classes {
		if g.predicted[i] != cl {
			wrong = append(wrong, i)
		}
	}
	sty := g.style
	sty.Font.Size = vg.Points(9)
	sty.XAlign, sty.YAlign = text.XCenter, text.YBottom
	label := sty.Rectangle("0 (0)").Size().Y * 1.3
	const cols = 24
	cell := c.Rectangle.Size().X / cols
	rows := min(3, int((c.Rectangle.Size().Y)/(cell+label)))
	side := cell * 0.86
	gap := (c.Rectangle.Size().Y - vg.Length(rows)*(cell+label)) / 2 // above and below the grid
	for k, i := range wrong[:min(len(wrong), rows*cols)] {
		r, col := k/cols, k%cols
		x := c.Min.X + vg.Length(col)*cell + (cell-side)/2
		top := c.Max.Y - gap - vg.Length(r)*(cell+label)
		c.FillText(sty, vg.Point{X: x + side/2, Y: top - label*0.9}, fmt.Sprintf("%d (%d)", g.predicted[i], g.test.Classes[i]))
		c.DrawImage(vg.Rectangle{Min: vg.Point{X: x, Y: top - label - side}, Max: vg.Point{X: x + side, Y: top - label}}, digit(g.test.X.Row(i)))
	}
}

// digit returns a 28×28 image of the pixels, scaled to [−1, 1], drawn
// dark on light and magnified 4 times so that they stay sharp.
func digit(pixels []float32) image.Image {
	const side, zoom = 28, 4
	img := image.NewGray(image.Rect(0, 0, side*zoom, side*zoom))
	for y := range side * zoom {
		for x := range side * zoom {
			v := pixels[(y/zoom)*side+x/zoom]
			img.SetGray(x, y, color.Gray{Y: uint8(math.Round(255 - (float64(v)+1)*127.5))})
		}
	}
	return img
}
