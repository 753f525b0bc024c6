// Command spiral trains the book's classifier of spiral data: a network of
// 2 inputs, 64 ReLU neurons and 3 outputs, with softmax cross-entropy and
// the Adam optimizer, on 3 000 points of three interleaved spiral arms, 20%
// of them held out. It prints its progress and the validation accuracy,
// and draws the decision regions with the points, beside the loss and
// accuracy curves, as a PNG:
//
//	go run ./examples/spiral                 # writes spiral.png
//	go run ./examples/spiral -o out.png -q   # no progress lines
package main

import (
	"flag"
	"fmt"
	"image/color"
	"io"
	"log"
	"math/rand/v2"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/simdkern/simdkern/internal/figure"
	"github.com/simdkern/simdkern/kernels"
	"github.com/simdkern/simdkern/nn"
)

func main() {
	out := flag.String("o", "spiral.png", "the PNG to write")
	quiet := flag.Bool("q", false, "do not print progress")
	epochs := flag.Int("epochs", 300, "training epochs")
	src := flag.Uint64("rand", 1, "the random source: data, weights, shuffling")
	flag.Parse()
	log.SetFlags(0)

	rng := rand.New(rand.NewPCG(*src, 0))
	train, val := nn.Spiral[float32](1000, 3, rng).Split(0.2, rng)
	model := nn.NewModel(&nn.Adam[float32]{LearningRate: 0.05, Decay: 1e-3},
		nn.NewDenseInit[float32](2, 64, nn.InitHe, rng),
		&nn.ReLU[float32]{},
		nn.NewDenseInit[float32](64, 3, nn.InitHe, rng))

	var progress io.Writer = os.Stdout
	if *quiet {
		progress = nil
	}
	fmt.Printf("training 2 → 64 → 3 on %d spiral points (%d held out), kernels path %s\n", train.Len(), val.Len(), kernels.ISA())
	history, err := model.Train(train, nn.TrainOptions[float32]{
		Epochs: *epochs, BatchSize: 128, Shuffle: rng,
		Validation: val, Progress: progress, PrintEvery: 25,
	})
	if err != nil {
		log.Fatal(err)
	}
	_, acc, err := model.Evaluate(val)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("validation accuracy %.3f\n", acc)

	if err := drawPNG(*out, model, val, history); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", *out)
}

// classColors are the colours of the three classes: points, and lighter
// for their regions.
var (
	classColors  = []color.Color{color.RGBA{0xd6, 0x27, 0x28, 0xff}, color.RGBA{0x1f, 0x77, 0xb4, 0xff}, color.RGBA{0x2c, 0xa0, 0x2c, 0xff}}
	regionColors = []color.Color{color.RGBA{0xf4, 0xbe, 0xbe, 0xff}, color.RGBA{0xbe, 0xd8, 0xf0, 0xff}, color.RGBA{0xc4, 0xe8, 0xc4, 0xff}}
)

// drawPNG writes to path the decision regions of model with the points of
// data, beside the loss and accuracy of every epoch.
func drawPNG(path string, model *nn.Model[float32], data nn.Dataset[float32], history []nn.Epoch) error {
	regions, err := regionPlot(model, data)
	if err != nil {
		return err
	}
	curves, err := curvePlot(history)
	if err != nil {
		return err
	}
	return figure.WritePNG(path, 12*vg.Inch, 5*vg.Inch, []*plot.Plot{regions, curves})
}

// grid is the predicted class on a square grid over [−1, 1]², for a heat map.
type grid struct {
	n     int
	class []int
}

func (g grid) Dims() (c, r int)   { return g.n, g.n }
func (g grid) Z(c, r int) float64 { return float64(g.class[r*g.n+c]) }
func (g grid) X(c int) float64    { return -1.1 + 2.2*float64(c)/float64(g.n-1) }
func (g grid) Y(r int) float64    { return -1.1 + 2.2*float64(r)/float64(g.n-1) }

// regionPlot plots the class the model predicts over the plane, and the
// points of data coloured by their class.
func regionPlot(model *nn.Model[float32], data nn.Dataset[float32]) (*plot.Plot, error) {
	g := grid{n: 200}
	xy := nn.NewMatrix[float32](g.n*g.n, 2, nil)
	for r := range g.n {
		for c := range g.n {
			xy.Data[2*(r*g.n+c)], xy.Data[2*(r*g.n+c)+1] = float32(g.X(c)), float32(g.Y(r))
		}
	}
	probs, err := model.Predict(xy)
	if err != nil {
		return nil, err
	}
	g.class = nn.Argmax(nil, probs)

	p := plot.New()
	p.Title.Text = "Decision regions and held-out points"
	p.X.Label.Text, p.Y.Label.Text = "x₁", "x₂"
	heat := plotter.NewHeatMap(g, figure.Palette(regionColors))
	heat.Min, heat.Max = 0, 2
	p.Add(heat)
	for k := range classColors {
		var pts plotter.XYs
		for i, c := range data.Classes {
			if c == k {
				pts = append(pts, plotter.XY{X: float64(data.X.At(i, 0)), Y: float64(data.X.At(i, 1))})
			}
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle.Color = classColors[k]
		s.GlyphStyle.Radius = vg.Points(1.6)
		s.GlyphStyle.Shape = draw.CircleGlyph{}
		p.Add(s)
		p.Legend.Add(fmt.Sprint("class ", k), s)
	}
	p.Legend.Top = true
	return p, nil
}

// curvePlot plots the loss and accuracy of every epoch, on the training and
// the held-out data.
func curvePlot(history []nn.Epoch) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Training"
	p.Y.Min, p.Y.Max = 0, 1.2
	value := func(f func(nn.Epoch) float64) []float64 {
		v := make([]float64, len(history))
		for i, e := range history {
			v[i] = f(e)
		}
		return v
	}
	if err := figure.AddCurves(p,
		figure.Series{Name: "loss", Values: value(func(e nn.Epoch) float64 { return e.Loss }), Color: classColors[0]},
		figure.Series{Name: "validation loss", Values: value(func(e nn.Epoch) float64 { return e.ValLoss }), Color: classColors[0], Dashed: true},
		figure.Series{Name: "accuracy", Values: value(func(e nn.Epoch) float64 { return e.Accuracy }), Color: classColors[1]},
		figure.Series{Name: "validation accuracy", Values: value(func(e nn.Epoch) float64 { return e.ValAccuracy }), Color: classColors[1], Dashed: true},
	); err != nil {
		return nil, err
	}
	p.Legend.Top = false
	p.Legend.Left = false
	p.Legend.YOffs = 3 * vg.Inch / 2
	return p, nil
}
