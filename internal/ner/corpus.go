package ner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
)

// corpusFile is one split of one corpus under the NER data folder.
type corpusFile struct {
	corpus, split, path string
	labels              LabelMap
	train               bool
}

// knownFiles lists the corpora warta trains and evaluates on, relative to
// the data folder (shared/data/ner). Only train splits are trained on; every
// other split is held out, and NERGrit valid and idner-news-2k dev are the
// acceptance sets.
func knownFiles() []corpusFile {
	return []corpusFile{
		{"nergrit", "train", "indonlu_nergrit/train_preprocess.txt", NERGritLabels(), true},
		{"nergrit", "valid", "indonlu_nergrit/valid_preprocess.txt", NERGritLabels(), false},
		{"nergrit", "test", "indonlu_nergrit/test_preprocess.txt", NERGritLabels(), false},
		{"idner-news-2k", "train", "idner_news_2k/train.txt", IDNerNewsLabels(), true},
		{"idner-news-2k", "dev", "idner_news_2k/dev.txt", IDNerNewsLabels(), false},
		{"idner-news-2k", "test", "idner_news_2k/test.txt", IDNerNewsLabels(), false},
		{"nerp", "train", "indonlu_nerp/train_preprocess.txt", NERPLabels(), true},
		{"nerp", "valid", "indonlu_nerp/valid_preprocess.txt", NERPLabels(), false},
		{"nerp", "test", "indonlu_nerp/test_preprocess.txt", NERPLabels(), false},
		{"nerugm", "train", "indolem/nerugm/train.01.tsv", IndoLEMLabels(), true},
		{"nerugm", "dev", "indolem/nerugm/dev.01.tsv", IndoLEMLabels(), false},
		{"nerugm", "test", "indolem/nerugm/test.01.tsv", IndoLEMLabels(), false},
		{"nerui", "train", "indolem/nerui/train.01.tsv", IndoLEMLabels(), true},
		{"nerui", "dev", "indolem/nerui/dev.01.tsv", IndoLEMLabels(), false},
		{"nerui", "test", "indolem/nerui/test.01.tsv", IndoLEMLabels(), false},
	}
}

// FileReport describes one corpus split used in training or evaluation.
type FileReport struct {
	Corpus, Split, Path string
	Sentences           int
	// Dropped counts training sentences left out because the same text
	// occurs in a held-out split (the corpora share news sentences).
	Dropped int
	// Convention is the annotation convention the model followed when
	// tagging an evaluated split ("" for the shared weights).
	Convention string
	// Seen counts evaluated sentences whose text is also in the training
	// data (possible for test splits only).
	Seen int
	// Scores is set for evaluated splits.
	Scores Scores
}

// Report is the outcome of TrainFromDir or Evaluate.
type Report struct {
	Options TrainOptions
	Train   []FileReport
	// ClusterText describes the unlabelled clustering text (without its
	// sentences).
	ClusterText ClusterText
	Eval        []FileReport
	Duration    time.Duration
}

// String renders the report as aligned tables.
func (r Report) String() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	if len(r.Train) > 0 {
		fmt.Fprintf(tw, "trained (%s) in %s\n", r.Options, r.Duration.Round(time.Second))
		fmt.Fprintln(tw, "corpus\tsplit\tsentences\tdropped (in a dev split)\t")
		for _, f := range r.Train {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t\n", f.Corpus, f.Split, f.Sentences, f.Dropped)
		}
		if r.ClusterText.Path != "" {
			fmt.Fprintf(tw, "clustering text\t%s\t%d tokens\t%d\t\n", r.ClusterText.Path, r.ClusterText.Tokens, r.ClusterText.Dropped)
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprintln(tw, "corpus\tsplit\tconvention\tsents\tseen\ttype\tP\tR\tF1\tcorrect/pred/gold\t")
	for _, f := range r.Eval {
		row := func(typ string, p PRF) {
			conv := f.Convention
			if conv == "" {
				conv = "shared"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%.4f\t%.4f\t%.4f\t%d/%d/%d\t\n",
				f.Corpus, f.Split, conv, f.Sentences, f.Seen, typ, p.Precision, p.Recall, p.F1, p.Correct, p.Predicted, p.Gold)
		}
		row("ALL", f.Scores.Overall)
		for _, typ := range []string{TypePerson, TypeOrg, TypePlace} {
			if p, ok := f.Scores.PerType[typ]; ok {
				row(typ, p)
			}
		}
	}
	tw.Flush()
	return b.String()
}

// overlapKey normalises a sentence for the overlap check: lowercased
// letters and digits only, so tokenisation differences do not hide a match.
func overlapKey(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		for _, r := range t {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(unicode.ToLower(r))
			}
		}
	}
	return b.String()
}

// readFile reads one corpus file, returning fs.ErrNotExist when absent.
func readFile(dir string, f corpusFile) ([]Sentence, error) {
	fh, err := os.Open(filepath.Join(dir, filepath.FromSlash(f.path)))
	if err != nil {
		return nil, fmt.Errorf("ner: %s %s: %w", f.corpus, f.split, err)
	}
	defer fh.Close()
	sents, err := ReadCoNLL(fh, f.labels)
	if err != nil {
		return nil, fmt.Errorf("ner: %s %s: %w", f.corpus, f.split, err)
	}
	return sents, nil
}

// trainingSet reads the train splits under dir, leaving out every sentence
// whose text also occurs in a dev or valid split: those splits are used to
// choose features and must stay unseen. (Test splits are not protected; the
// corpora share news sentences, so Evaluate reports how many test sentences
// were seen in training.) It returns the sentences, a report per file and
// the overlap keys of the kept sentences.
func trainingSet(dir string, logf func(string, ...any)) ([]Sentence, []FileReport, map[string]bool, error) {
	protected, err := protectedKeys(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	var (
		train   []Sentence
		reports []FileReport
		seen    = map[string]bool{}
	)
	for _, f := range knownFiles() {
		if !f.train {
			continue
		}
		sents, err := readFile(dir, f)
		if errors.Is(err, fs.ErrNotExist) {
			logf("skipping %s %s: not found", f.corpus, f.split)
			continue
		}
		if err != nil {
			return nil, nil, nil, err
		}
		fr := FileReport{Corpus: f.corpus, Split: f.split, Path: f.path}
		for _, s := range sents {
			key := overlapKey(s.Tokens)
			if protected[key] {
				fr.Dropped++
				continue
			}
			seen[key] = true
			s.Corpus = f.corpus
			train = append(train, s)
			fr.Sentences++
		}
		logf("%s %s: %d sentences, %d dropped as dev overlap", f.corpus, f.split, fr.Sentences, fr.Dropped)
		reports = append(reports, fr)
	}
	return train, reports, seen, nil
}

// protectedKeys returns the overlap keys of the dev and valid sentences
// under dir, which neither training nor clustering may see.
func protectedKeys(dir string) (map[string]bool, error) {
	protected := map[string]bool{}
	for _, f := range knownFiles() {
		if f.train || f.split == "test" {
			continue
		}
		sents, err := readFile(dir, f)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, s := range sents {
			protected[overlapKey(s.Tokens)] = true
		}
	}
	return protected, nil
}

// TrainFromDir trains a model on the train splits of the known corpora under
// dir (shared/data/ner), leaving out any training sentence whose text also
// occurs in a dev or valid split, then evaluates it on every held-out split.
func TrainFromDir(ctx context.Context, dir string, opts TrainOptions, logf func(string, ...any)) (*Model, Report, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	start := time.Now()
	rep := Report{Options: opts}
	train, files, _, err := trainingSet(dir, logf)
	if err != nil {
		return nil, rep, err
	}
	rep.Train = files
	if len(train) == 0 {
		return nil, rep, fmt.Errorf("ner: no training data under %s", dir)
	}
	if path := clusterCorpus(dir, opts); path != "" && (len(opts.Clusters)+len(opts.VecClusters) > 0 || opts.Dense > 0) &&
		(opts.learnt == nil || opts.learnt.vec < len(opts.VecClusters) || opts.Dense > 0 && opts.learntDense == nil) {
		protected, err := protectedKeys(dir)
		if err != nil {
			return nil, rep, err
		}
		ct, err := ReadClusterText(ctx, path, protected)
		if err != nil {
			return nil, rep, fmt.Errorf("%w (the default options cluster the words of this unlabelled text; TrainOptions.ClusterCorpus names another file, or \"\" for none)", err)
		}
		logf("cluster text %s: %d sentences, %d tokens, %d dropped as dev overlap", path, len(ct.Sentences), ct.Tokens, ct.Dropped)
		rep.ClusterText = ct
		rep.ClusterText.Sentences = nil
		opts.ClusterText = ct.Sentences
	}
	m, err := Train(ctx, train, opts, logf)
	if err != nil {
		return nil, rep, err
	}
	ev, err := m.Evaluate(ctx, dir)
	if err != nil {
		return nil, rep, err
	}
	rep.Eval = ev.Eval
	rep.Duration = time.Since(start)
	return m, rep, nil
}

// Evaluate tags every held-out split of the known corpora found under dir
// and scores it (entity-level exact match, conlleval semantics). Splits that
// are absent are skipped.
func (m *Model) Evaluate(ctx context.Context, dir string) (Report, error) {
	start := time.Now()
	var rep Report
	_, _, seen, err := trainingSet(dir, func(string, ...any) {})
	if err != nil {
		return rep, err
	}
	for _, f := range knownFiles() {
		if f.train {
			continue
		}
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("ner: evaluate: %w", err)
		}
		sents, err := readFile(dir, f)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return rep, err
		}
		nseen := 0
		for _, s := range sents {
			if seen[overlapKey(s.Tokens)] {
				nseen++
			}
		}
		// Score with the shared weights, and with the corpus's own
		// conventions when the model learnt them.
		for _, conv := range []string{"", f.corpus} {
			tagger, err := m.WithConvention(conv)
			if err != nil {
				continue
			}
			rep.Eval = append(rep.Eval, FileReport{Corpus: f.corpus, Split: f.split, Path: f.path,
				Convention: conv, Sentences: len(sents), Seen: nseen, Scores: evaluate(tagger, sents)})
		}
	}
	rep.Duration = time.Since(start)
	return rep, nil
}
