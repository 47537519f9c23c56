package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"
)

func (e *env) statsCmd() *cobra.Command {
	var db string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats [--db PATH] [--json]",
		Short: "Count the documents, entities, events, facts and quotes in the database",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.stats(cmd.Context(), db, asJSON)
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object")
	return cmd
}

// statsJSON is the --json form: stable keys for scripts.
type statsJSON struct {
	Documents int     `json:"documents"`
	Entities  int     `json:"entities"`
	Mentions  int     `json:"mentions"`
	Events    int     `json:"events"`
	Facts     int     `json:"facts"`
	Quotes    int     `json:"quotes"`
	First     *string `json:"first_published"`
	Last      *string `json:"last_published"`
}

func (e *env) stats(ctx context.Context, db string, asJSON bool) error {
	st, err := e.openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.Stats(ctx)
	if err != nil {
		return fmt.Errorf("count records in %s: %w", db, err)
	}
	out := statsJSON{Documents: s.Documents, Entities: s.Entities, Mentions: s.Mentions,
		Events: s.Events, Facts: s.Facts, Quotes: s.Quotes, First: dateOrNil(s.First), Last: dateOrNil(s.Last)}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("write stats: %w", err)
		}
		return nil
	}
	fmt.Fprintf(e.stdout, "documents  %d\nentities   %d\nmentions   %d\nevents     %d\nfacts      %d\nquotes     %d\n",
		s.Documents, s.Entities, s.Mentions, s.Events, s.Facts, s.Quotes)
	if out.First != nil {
		fmt.Fprintf(e.stdout, "published  %s … %s\n", *out.First, *out.Last)
	} else {
		fmt.Fprintln(e.stdout, "published  (no dates)")
	}
	return nil
}

func dateOrNil(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}
