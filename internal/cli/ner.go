package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warta-dev/warta/internal/ner"
)

func (e *env) nerCmd() *cobra.Command {
	var conll bool
	var model, convention string
	cmd := &cobra.Command{
		Use:   "ner --conll [--model FILE] [--convention NAME] < tokens",
		Short: "Tag tokens with PERSON, ORG and PLACE (BIO), for scoring with conlleval",
		Long: `Read tokens on stdin, one per line (the first column is the token; other
columns are ignored), with a blank line between sentences, and print
"token<TAB>tag" with BIO tags over PERSON, ORG and PLACE (countries count as
PLACE), keeping the blank lines. --convention tags the way one training
corpus annotates (nergrit, nerp, idner-news-2k, nerugm, nerui); the default
is warta's shared convention.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !conll {
				return usageError{"ner reads CoNLL tokens: pass --conll"}
			}
			m, err := loadNER(model)
			if err != nil {
				return err
			}
			if convention != "" {
				if m, err = m.WithConvention(convention); err != nil {
					return usageError{fmt.Sprintf("--convention %q: %v (known: %s)", convention, err, strings.Join(m.Conventions(), ", "))}
				}
			}
			return tagCoNLL(cmd.Context(), m, cmd.InOrStdin(), e.stdout)
		},
	}
	cmd.Flags().BoolVar(&conll, "conll", false, "read and write CoNLL columns")
	cmd.Flags().StringVar(&model, "model", "", "a model file written by 'warta train ner' (default: the embedded model)")
	cmd.Flags().StringVar(&convention, "convention", "", "annotation convention of one training corpus")
	return cmd
}

func loadNER(path string) (*ner.Model, error) {
	if path == "" {
		return ner.Default()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open NER model: %w", err)
	}
	defer f.Close()
	m, err := ner.Load(f)
	if err != nil {
		return nil, fmt.Errorf("load NER model %s: %w", path, err)
	}
	return m, nil
}

// tagCoNLL tags each blank-line-separated sentence read from r.
func tagCoNLL(ctx context.Context, m *ner.Model, r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(w)
	var toks []string
	flush := func() {
		if len(toks) == 0 {
			return
		}
		for i, tag := range m.Tag(toks) {
			fmt.Fprintf(out, "%s\t%s\n", toks[i], tag)
		}
		toks = toks[:0]
	}
	line := 0
	for sc.Scan() {
		line++
		if line%10000 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			flush()
			out.WriteByte('\n')
			continue
		}
		if strings.HasPrefix(fields[0], "-DOCSTART-") {
			continue
		}
		toks = append(toks, fields[0])
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read tokens (stdin line %d): %w", line+1, err)
	}
	flush()
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write tags: %w", err)
	}
	return nil
}

func (e *env) trainCmd() *cobra.Command {
	train := &cobra.Command{
		Use:   "train",
		Short: "Train warta's statistical models",
	}
	var data, out string
	var epochs int
	nerCmd := &cobra.Command{
		Use:   "ner [--data DIR] [--out FILE]",
		Short: "Train the NER model on the Indonesian NER corpora and report its scores",
		Long: `Train the averaged-perceptron NER model on the train splits of the corpora
under --data (NERGrit, NERP, idner-news-2k, IndoLEM NER-UGM and NER-UI, in the
layout of ../shared/data/ner), leaving out any training sentence that also
occurs in a dev split, then score it on every held-out split. Training is
deterministic: the same data gives the same file. To ship the model, write it
to internal/ner/model/ner.bin.gz and rebuild.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts := ner.DefaultTrainOptions()
			if epochs > 0 {
				opts.Epochs = epochs
			}
			logf := func(format string, args ...any) { fmt.Fprintf(e.stderr, format+"\n", args...) }
			m, rep, err := ner.TrainFromDir(cmd.Context(), data, opts, logf)
			if err != nil {
				return fmt.Errorf("train NER model from %s: %w", data, err)
			}
			if err := saveModel(m, out); err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, rep.String())
			fmt.Fprintf(e.stderr, "wrote %s\n", out)
			return nil
		},
	}
	nerCmd.Flags().StringVar(&data, "data", filepath.Join("..", "shared", "data", "ner"), "folder of the NER corpora")
	nerCmd.Flags().StringVar(&out, "out", "ner.bin.gz", "model file to write")
	nerCmd.Flags().IntVar(&epochs, "epochs", 0, "training epochs (default: the model's default)")
	train.AddCommand(nerCmd)
	return train
}

func saveModel(m *ner.Model, path string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("write NER model: %w", err)
	}
	if err := m.Save(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write NER model %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write NER model %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write NER model %s: %w", path, err)
	}
	return nil
}
