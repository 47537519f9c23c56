package server

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
	"github.com/warta-dev/warta/internal/store/sqlite"
)

// TestServeLatency is the server's latency benchmark: it builds a database
// of WARTA_SERVE_BENCH synthetic events (say 1000000), or opens
// WARTA_SERVE_BENCH_DB when that names an existing file, and reports the
// p50 and p95 time of the pages and API calls the acceptance names. It is
// skipped unless WARTA_SERVE_BENCH is set; nothing it builds is kept unless
// WARTA_SERVE_BENCH_DB names where to keep it.
func TestServeLatency(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("WARTA_SERVE_BENCH"))
	if n <= 0 {
		t.Skip("set WARTA_SERVE_BENCH=1000000 to run the latency benchmark")
	}
	ctx := context.Background()
	path := os.Getenv("WARTA_SERVE_BENCH_DB")
	if path == "" {
		path = filepath.Join(t.TempDir(), "bench.db")
	}
	_, statErr := os.Stat(path)
	st, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if statErr != nil {
		began := time.Now()
		if err := fillSynthetic(ctx, st, n); err != nil {
			t.Fatal(err)
		}
		t.Logf("stored %d synthetic events in %s", n, time.Since(began).Round(time.Second))
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("database: %d documents, %d events", stats.Documents, stats.Events)

	srv, err := New(st, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	targets := []string{
		"/", "/network", "/api/v1/network", "/pair/KAZ/RUS", "/pair/CHN/USA",
		"/api/v1/events", "/api/v1/events?country=RUS&partner=KAZ", "/api/v1/events?root=19",
		"/api/v1/events?country=IDN&from=2024-01-01&to=2024-06-30",
		"/api/v1/series?by=month", "/api/v1/series?by=month&country=KAZ&partner=RUS",
		"/search?q=presiden", "/api/v1/articles?q=kerja+sama", "/actor/IDN",
	}
	const runs = 20
	for _, target := range targets {
		var (
			took []time.Duration
			cold time.Duration
		)
		for i := range runs + 1 {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			rec := httptest.NewRecorder()
			began := time.Now()
			h.ServeHTTP(rec, req)
			d := time.Since(began)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s = %d: %.300s", target, rec.Code, rec.Body.String())
			}
			if i == 0 { // the first run fills the caches
				cold = d
			} else {
				took = append(took, d)
			}
		}
		slices.Sort(took)
		p50, p95 := took[len(took)/2], took[len(took)*95/100]
		verdict := "ok"
		if p95 > 200*time.Millisecond {
			verdict = "SLOW"
		}
		t.Logf("%-58s cold %7.1f ms  p50 %7.1f ms  p95 %7.1f ms  %s", target, ms(cold), ms(p50), ms(p95), verdict)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// fillSynthetic stores n events, ten per article, between 40 actors over
// ten years, in batches of 500 articles.
func fillSynthetic(ctx context.Context, st store.Store, n int) error {
	keys := []string{"RUS", "KAZ", "IDN", "AUS", "CHN", "PHL", "USA", "JPN", "MMR", "MYS", "IND", "SGP", "THA", "VNM",
		"KOR", "PRK", "TUR", "IRN", "SAU", "ARE", "EGY", "ZAF", "NGA", "BRA", "ARG", "MEX", "CAN", "GBR", "FRA", "DEU",
		"ITA", "ESP", "UKR", "POL", "PAK", "BGD", "ASEAN", "EU", "NATO", "UN"}
	roots := []struct {
		cameo     string
		quad      int
		goldstein float64
	}{{"010", 1, 0}, {"036", 1, 4}, {"042", 1, 1.9}, {"057", 2, 8}, {"061", 2, 6.4}, {"073", 2, 7.4},
		{"111", 3, -2}, {"130", 3, -4.4}, {"163", 4, -8}, {"190", 4, -10}}
	rng := rand.New(rand.NewPCG(7, 11))
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	const perDoc, perBatch = 10, 500
	var batch []*article.Article
	for d := 0; d*perDoc < n; d++ {
		text := fmt.Sprintf("Artikel sintetis nomor %d tentang hubungan internasional.", d)
		a := article.New()
		a.Doc.Text, a.Doc.ID, a.Doc.Title = text, article.HashText(text), fmt.Sprintf("Artikel sintetis %d", d)
		day := start.AddDate(0, 0, rng.IntN(3650))
		a.Doc.Published = article.Published{Time: day}
		for range min(perDoc, n-d*perDoc) {
			// A skewed choice, so that some pairs are far busier than others.
			x, y := keys[int(float64(len(keys))*rng.Float64()*rng.Float64())], keys[rng.IntN(len(keys))]
			if x == y {
				y = keys[(slices.Index(keys, y)+1)%len(keys)]
			}
			r := roots[rng.IntN(len(roots))]
			a.Events = append(a.Events, article.Event{Date: day.Format(time.DateOnly),
				Source: side(x, x, ""), Target: side(y, y, ""), CAMEO: r.cameo, Root: r.cameo[:2], QuadClass: r.quad,
				Goldstein: r.goldstein, PLOVER: "CONSULT", Modality: "asserted", Sectors: []string{"trade"},
				Sentence: text, Start: 0, End: len(text), Confidence: 0.5})
		}
		batch = append(batch, a)
		if len(batch) == perBatch {
			if _, err := st.Put(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		if _, err := st.Put(ctx, batch); err != nil {
			return err
		}
	}
	return nil
}
