package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warta-dev/warta/internal/export"
	"github.com/warta-dev/warta/internal/store"
)

// exportOptions are the flags of warta export.
type exportOptions struct {
	db      string
	format  string
	out     string
	filter  store.CanonicalFilter
	country string
}

func (e *env) exportCmd() *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export --format gdelt|csv|jsonl|gexf|graphml [filters] [-o FILE]",
		Short: "Write the canonical events (or their actor network) for other tools",
		Long: `Write the canonical events: each real event once, with the number of
mentions, articles and distinct outlets that reported it.

  gdelt    tab-separated GDELT 2.0 event rows (61 columns, no header);
           undated events are left out
  csv      warta's canonical event fields, with a header
  jsonl    one event per line, with every mention and its sentence
  gexf     the actor network for Gephi (GEXF 1.3)
  graphml  the actor network (GraphML)

Filters: --from and --to bound the event's first day (YYYY-MM-DD),
--country keeps events with that actor key (ISO3 country, IGO code) on either
side, --root keeps one CAMEO root (two digits).

Output goes to stdout, or with -o to FILE, written whole or not at all.
Canonical events are rebuilt by every warta ingest.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.export(cmd.Context(), o)
		},
	}
	dbFlag(cmd, &o.db)
	cmd.Flags().StringVar(&o.format, "format", "", "gdelt, csv, jsonl, gexf or graphml (required)")
	cmd.Flags().StringVarP(&o.out, "output", "o", "", "write to FILE instead of stdout")
	cmd.Flags().StringVar(&o.filter.From, "from", "", "first event date, YYYY-MM-DD")
	cmd.Flags().StringVar(&o.filter.To, "to", "", "last event date, YYYY-MM-DD")
	cmd.Flags().StringVar(&o.country, "country", "", "actor key on either side: ISO3 country or IGO code")
	cmd.Flags().StringVar(&o.filter.Root, "root", "", "CAMEO root code, two digits")
	return cmd
}

func (e *env) export(ctx context.Context, o exportOptions) error {
	if o.format == "" {
		return usageError{"--format is required: gdelt, csv, jsonl, gexf or graphml"}
	}
	format, err := export.ParseFormat(o.format)
	if err != nil {
		return usageError{err.Error()}
	}
	f := o.filter
	f.Country = strings.ToUpper(strings.TrimSpace(o.country))
	f.Mentions = format == export.JSONL
	if err := f.Validate(); err != nil {
		return usageError{err.Error()}
	}
	st, err := e.openStore(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()

	var n, skipped int
	err = writeOutput(o.out, e.stdout, func(w io.Writer) error {
		var err error
		n, skipped, err = exportEvents(ctx, st, f, format, w)
		return err
	})
	if err != nil {
		return err
	}
	where := "stdout"
	if o.out != "" {
		where = o.out
	}
	note := fmt.Sprintf("exported %d canonical events to %s", n, where)
	if skipped > 0 {
		note += fmt.Sprintf(" (%d undated left out)", skipped)
	}
	fmt.Fprintln(e.stderr, note)
	return nil
}

// consolidate rebuilds stories and canonical events after an ingest, when
// there are new documents, and says what it found.
func (e *env) consolidate(ctx context.Context, st store.Store) error {
	res, err := st.Consolidate(ctx, store.DefaultConsolidateOptions())
	if err != nil {
		return err
	}
	if !res.Skipped {
		fmt.Fprintf(e.stderr, "consolidated %d documents (%d new): %d copies in %d stories, "+
			"%d canonical events from %d event mentions, %d reported by several articles (%.1fs)\n",
			res.Documents, res.Signed, res.Copies, res.Stories, res.Events, res.Mentions, res.Merged, res.Took.Seconds())
	}
	return nil
}

// exportEvents writes the canonical events matching f in format to w and
// returns how many were read and how many the format left out. Rows are
// streamed; the graph formats need every event first.
func exportEvents(ctx context.Context, st store.Store, f store.CanonicalFilter, format export.Format, w io.Writer) (n, skipped int, err error) {
	if format.IsGraph() {
		var events []export.Event
		err := st.CanonicalEvents(ctx, f, func(ev *store.CanonicalEvent) error {
			events = append(events, toExport(ev))
			return nil
		})
		if err != nil {
			return 0, 0, fmt.Errorf("export: %w", err)
		}
		if err := export.WriteGraph(w, format, export.Network(events)); err != nil {
			return 0, 0, err
		}
		return len(events), 0, nil
	}
	ew, err := export.NewEventWriter(w, format)
	if err != nil {
		return 0, 0, err
	}
	err = st.CanonicalEvents(ctx, f, func(ev *store.CanonicalEvent) error {
		n++
		x := toExport(ev)
		if err := ew.WriteEvent(&x); err != nil {
			if errors.Is(err, export.ErrNoDate) {
				skipped++
				return nil
			}
			return err
		}
		return nil
	})
	if err != nil {
		return n, skipped, fmt.Errorf("export: %w", err)
	}
	if err := ew.Close(); err != nil {
		return n, skipped, err
	}
	return n, skipped, nil
}

// toExport converts a stored canonical event, with its mentions'
// sentences when they were loaded.
func toExport(ev *store.CanonicalEvent) export.Event {
	x := export.FromMerge(ev.Event)
	x.Mentions = make([]export.Mention, len(ev.Mentions))
	for i, m := range ev.Mentions {
		x.Mentions[i] = export.Mention{Doc: m.Doc, Start: m.Start, End: m.End, Code: m.Code, Date: m.Date,
			Published: m.Published, Outlet: m.Outlet, URL: m.URL, Sentence: m.Sentence}
	}
	return x
}

// writeOutput runs write on stdout when path is "", else on a temporary
// file beside path that replaces path only once everything is written and
// synced: a failed or interrupted export leaves any earlier file whole.
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	// CreateTemp makes the file 0600; an export is an ordinary file.
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := tmp.Close(); err != nil {
		_ = os.Remove(tmp.Name())
		done = true
		return fmt.Errorf("export: %w", err)
	}
	done = true
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
