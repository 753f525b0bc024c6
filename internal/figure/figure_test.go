package figure

import (
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

func TestGradient(t *testing.T) {
	c0, c1 := color.RGBA{0, 10, 200, 0xff}, color.RGBA{255, 20, 100, 0xff}
	p := Gradient(5, c0, c1)
	if len(p) != 5 || p[0] != c0 || p[4] != c1 || p[2] != (color.RGBA{128, 15, 150, 0xff}) {
		t.Errorf("Gradient(5, %v, %v) = %v", c0, c1, p)
	}
	if p := Gradient(1, c0, c1); len(p) != 1 || p[0] != c0 {
		t.Errorf("Gradient(1, …) = %v", p)
	}
}

// TestWritePNG draws curves in two rows and checks the PNG's size.
func TestWritePNG(t *testing.T) {
	var plots []*plot.Plot
	for range 3 {
		p := plot.New()
		if err := AddCurves(p, Series{Name: "loss", Values: []float64{1, 0.5, 0.3}, Color: color.Black},
			Series{Name: "test", Values: []float64{1.1, 0.6, 0.4}, Color: color.Black, Dashed: true}); err != nil {
			t.Fatal(err)
		}
		plots = append(plots, p)
	}
	path := filepath.Join(t.TempDir(), "f.png")
	if err := WritePNG(path, 6*vg.Inch, 4*vg.Inch, plots[:2], plots[2:]); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 6*96 || cfg.Height != 4*96 { // vgimg's 96 dots an inch
		t.Errorf("the PNG is %d×%d, want %d×%d", cfg.Width, cfg.Height, 6*96, 4*96)
	}
}
