package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/warta-dev/warta/internal/merge/mergecheck"
	"github.com/warta-dev/warta/internal/store"
)

type mergeCheckOptions struct {
	db          string
	seed        uint64
	n           int
	minArticles int
	merged      string
	pairs       string
}

// mergeCheckCmd is a hidden debugging command: it draws the samples that
// docs/merge-check.md judges by hand.
func (e *env) mergeCheckCmd() *cobra.Command {
	var o mergeCheckOptions
	cmd := &cobra.Command{
		Use:    "merge-check --db FILE [--seed N] [-n N] --merged FILE --pairs FILE",
		Short:  "Sample canonical events for a merge check by hand",
		Hidden: true,
		Long: `Draw, with a fixed seed, canonical events that merged several articles
and pairs of canonical events with the same actor pair and root family that
were not merged, and write them with their mentions' sentences for checking
by hand (see docs/merge-check.md).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.mergeCheck(cmd.Context(), o)
		},
	}
	dbFlag(cmd, &o.db)
	cmd.Flags().Uint64Var(&o.seed, "seed", 7, "sampling seed")
	cmd.Flags().IntVarP(&o.n, "n", "n", 30, "items of each kind")
	cmd.Flags().IntVar(&o.minArticles, "min-articles", 3, "least articles of a sampled merged event")
	cmd.Flags().StringVar(&o.merged, "merged", "", "write the merged events here (required)")
	cmd.Flags().StringVar(&o.pairs, "pairs", "", "write the pairs here (required)")
	return cmd
}

func (e *env) mergeCheck(ctx context.Context, o mergeCheckOptions) error {
	if o.merged == "" || o.pairs == "" {
		return usageError{"--merged and --pairs are required"}
	}
	st, err := e.openStore(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	var evs []*store.CanonicalEvent
	err = st.CanonicalEvents(ctx, store.CanonicalFilter{Mentions: true}, func(ev *store.CanonicalEvent) error {
		c := *ev
		c.Mentions = append([]store.CanonicalMention(nil), ev.Mentions...)
		evs = append(evs, &c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("merge-check: %w", err)
	}
	s := mergecheck.Draw(evs, mergecheck.Options{Seed: o.seed, N: o.n, MinArticles: o.minArticles})
	for _, out := range []struct {
		path  string
		write func(*os.File) error
	}{
		{o.merged, func(f *os.File) error { return mergecheck.WriteMerged(f, s) }},
		{o.pairs, func(f *os.File) error { return mergecheck.WritePairs(f, s) }},
	} {
		f, err := os.Create(out.path)
		if err != nil {
			return fmt.Errorf("merge-check: %w", err)
		}
		if err := out.write(f); err != nil {
			_ = f.Close()
			return fmt.Errorf("merge-check: %w", err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("merge-check: %w", err)
		}
	}
	fmt.Fprintf(e.stderr, "%d canonical events: sampled %d of %d merged (>= %d articles), %d of %d unmerged pairs\n",
		len(evs), len(s.Merged), s.NumMerged, o.minArticles, len(s.Pairs), s.NumPairs)
	return nil
}
