package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/warta-dev/warta/internal/ingest"
	"github.com/warta-dev/warta/internal/pipeline"
)

func (e *env) benchCmd() *cobra.Command {
	var o ingestOptions
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "bench [--db PATH] INPUT...",
		Short: "Ingest inputs into a fresh database and report throughput, stage times and peak memory",
		Long: `Ingest INPUT (for example ../shared/corpus/id_news_clickid/articles.jsonl)
into a new temporary SQLite database, or into --db, and report articles per
second, each stage's share of the processing time, and the process's peak
resident memory.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.bench(cmd.Context(), o, asJSON, args)
		},
	}
	cmd.Flags().StringVar(&o.db, "db", "", "database to ingest into (default: a new temporary file)")
	cmd.Flags().IntVar(&o.workers, "workers", runtime.NumCPU(), "articles processed in parallel")
	cmd.Flags().IntVar(&o.batch, "batch", 256, "articles written per database transaction")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.Flags().StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile (go tool pprof) to this file")
	return cmd
}

// stageClock sums the time spent in each stage across workers.
type stageClock struct {
	mu  sync.Mutex
	sum map[string]time.Duration
}

func (c *stageClock) add(stage string, d time.Duration) {
	c.mu.Lock()
	c.sum[stage] += d
	c.mu.Unlock()
}

// BenchReport is what warta bench prints.
type BenchReport struct {
	Articles       int64              `json:"articles"`
	Stored         int64              `json:"stored"`
	Failed         int64              `json:"failed"`
	Seconds        float64            `json:"seconds"`
	ArticlesPerSec float64            `json:"articles_per_second"`
	PeakRSSMB      float64            `json:"peak_rss_mb"`
	Workers        int                `json:"workers"`
	StageMicros    map[string]float64 `json:"stage_us_per_article"`
}

func (e *env) bench(ctx context.Context, o ingestOptions, asJSON bool, inputs []string) error {
	if o.db == "" {
		dir, err := os.MkdirTemp("", "warta-bench-")
		if err != nil {
			return fmt.Errorf("make temporary folder: %w", err)
		}
		defer os.RemoveAll(dir)
		o.db = filepath.Join(dir, "bench.db")
	}
	st, err := e.openStore(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	clock := &stageClock{sum: map[string]time.Duration{}}
	pipe, err := pipeline.Default(pipeline.Options{Seen: st.Has, Timings: clock.add})
	if err != nil {
		return fmt.Errorf("build pipeline: %w", err)
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return fmt.Errorf("create CPU profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("start CPU profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	run := newIngestRun(e.stderr, true)
	sum, err := run.process(ctx, ingest.New(ingest.DefaultOptions()), pipe, st, inputs, o)
	if err != nil {
		return err
	}
	rep := BenchReport{Articles: sum.Read, Stored: sum.Stored, Failed: sum.Failed,
		Seconds: sum.Elapsed.Seconds(), PeakRSSMB: peakRSSMB(), Workers: o.workers,
		StageMicros: map[string]float64{}}
	if rep.Seconds > 0 {
		rep.ArticlesPerSec = float64(sum.Read) / rep.Seconds
	}
	processed := sum.Read - sum.Failed
	for name, d := range clock.sum {
		if processed > 0 {
			rep.StageMicros[name] = float64(d.Microseconds()) / float64(processed)
		}
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(e.stdout, "articles   %d (stored %d, failed %d)\nelapsed    %.2fs\nthroughput %.0f articles/s with %d workers\npeak RSS   %.0f MB\n",
		rep.Articles, rep.Stored, rep.Failed, rep.Seconds, rep.ArticlesPerSec, rep.Workers, rep.PeakRSSMB)
	names := make([]string, 0, len(rep.StageMicros))
	for n := range rep.StageMicros {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(e.stdout, "stage time per article (CPU across workers):")
	for _, n := range names {
		fmt.Fprintf(e.stdout, "  %-10s %8.1f µs\n", n, rep.StageMicros[n])
	}
	return nil
}

// peakRSSMB returns the process's peak resident set size in MB, from
// /proc/self/status (VmHWM) or, failing that, getrusage.
func peakRSSMB() float64 {
	if f, err := os.Open("/proc/self/status"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
				fields := strings.Fields(rest)
				if len(fields) > 0 {
					if kb, err := strconv.ParseFloat(fields[0], 64); err == nil {
						return kb / 1024
					}
				}
			}
		}
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		return float64(ru.Maxrss) / 1024
	}
	return 0
}
