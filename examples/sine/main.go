// Command sine trains the book's regression network on its sine data: a
// network of 1 input, two layers of 64 ReLU neurons and one linear output,
// trained with the mean squared error and Adam on 1 000 points of
// sin(2πx), x in [0, 1). It prints its progress, the loss and the book's
// regression accuracy (outputs within std(y)/250 of the target), and draws
// the fitted curve over the data, beside the loss of every epoch, as a PNG:
//
//	go run ./examples/sine                    # writes sine.png
//	go run ./examples/sine -loss mae -o l1.png # the mean absolute error
package main

import (
	"flag"
	"fmt"
	"image/color"
	"log"
	"math/rand/v2"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/simdkern/simdkern/internal/figure"
	"github.com/simdkern/simdkern/kernels"
	"github.com/simdkern/simdkern/nn"
)

func main() {
	out := flag.String("o", "sine.png", "the PNG to write")
	epochs := flag.Int("epochs", 10000, "training epochs (each one step on all the data)")
	loss := flag.String("loss", "mse", "the loss: mse (mean squared error) or mae (mean absolute error)")
	rate := flag.Float64("lr", 0.005, "Adam's learning rate")
	src := flag.Uint64("rand", 1, "the random source of the weights")
	flag.Parse()
	log.SetFlags(0)

	head := &nn.Regression[float32]{}
	switch *loss {
	case "mse":
	case "mae":
		head.Loss = &nn.MeanAbsoluteError[float32]{}
	default:
		log.Fatalf("-loss %q: want mse or mae", *loss)
	}
	rng := rand.New(rand.NewPCG(*src, 0))
	data := nn.Sine[float32](1000)
	model := nn.NewModel(&nn.Adam[float32]{LearningRate: float32(*rate), Decay: 1e-3},
		nn.NewDenseInit[float32](1, 64, nn.InitHe, rng), &nn.ReLU[float32]{},
		nn.NewDenseInit[float32](64, 64, nn.InitHe, rng), &nn.ReLU[float32]{},
		nn.NewDenseInit[float32](64, 1, nn.InitHe, rng))
	model.Head = head

	fmt.Printf("training 1 → 64 → 64 → 1 on %d sine points, %s loss, kernels path %s\n", data.Len(), *loss, kernels.ISA())
	start := time.Now()
	history, err := model.Train(data, nn.TrainOptions[float32]{Epochs: *epochs, Progress: log.Writer(), PrintEvery: *epochs / 10})
	if err != nil {
		log.Fatal(err)
	}
	l, acc, err := model.Evaluate(data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d epochs in %v: loss %.3g, accuracy %.3f (within %.3g of the target)\n",
		*epochs, time.Since(start).Round(time.Millisecond), l, acc, head.Precision)
	if err := drawPNG(*out, model, data, history); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", *out)
}

var (
	dataColor = color.RGBA{0x1f, 0x77, 0xb4, 0xff}
	fitColor  = color.RGBA{0xd6, 0x27, 0x28, 0xff}
)

// drawPNG writes to path the model's predictions over the data, beside the
// loss of every epoch.
func drawPNG(path string, model *nn.Model[float32], data nn.Dataset[float32], history []nn.Epoch) error {
	pred, err := model.Predict(data.X)
	if err != nil {
		return err
	}
	fit := plot.New()
	fit.Title.Text = "The sine data and the fitted network"
	fit.X.Label.Text, fit.Y.Label.Text = "x", "y"
	points, line := make(plotter.XYs, data.Len()), make(plotter.XYs, data.Len())
	for i := range points {
		x := float64(data.X.Data[i])
		points[i] = plotter.XY{X: x, Y: float64(data.Y.Data[i])}
		line[i] = plotter.XY{X: x, Y: float64(pred.Data[i])}
	}
	if err := addLine(fit, "data: sin(2πx)", points, dataColor, vg.Points(5)); err != nil {
		return err
	}
	if err := addLine(fit, "prediction", line, fitColor, vg.Points(1.5)); err != nil {
		return err
	}
	fit.Legend.Top = true

	curve := plot.New()
	curve.Title.Text = "Training loss (log scale)"
	curve.X.Label.Text = "epoch"
	curve.Y.Scale, curve.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{}
	losses := make([]float64, len(history))
	for i, e := range history {
		losses[i] = e.Loss
	}
	if err := figure.AddCurves(curve, figure.Series{Name: "loss", Values: losses, Color: fitColor}); err != nil {
		return err
	}
	return figure.WritePNG(path, 12*vg.Inch, 5*vg.Inch, []*plot.Plot{fit, curve})
}

// addLine adds a line of the points to p, with a legend entry.
func addLine(p *plot.Plot, name string, xys plotter.XYs, c color.Color, width vg.Length) error {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return err
	}
	l.Color, l.Width = c, width
	p.Add(l)
	p.Legend.Add(name, l)
	return nil
}
