package ner

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Unlabelled text for the word clusters. Clusters learnt from the training
// sentences alone cover only the words of those 12,000 sentences; learnt
// from a large unlabelled news text they also group the names and words a
// tagger meets only at tagging time (the semi-supervised cluster features of
// Miller et al. 2004, Ratinov & Roth 2009, Turian et al. 2010). Only the
// 64-bit hashes of the clustered words end up in the model, never text.

// ClusterCorpusPath is where TrainFromDir looks for the unlabelled news text
// relative to the NER data folder (shared/data/ner): the CLICK-ID articles
// (shared/corpus/id_news_clickid, CC BY 4.0 dataset of 2019 Indonesian news).
const ClusterCorpusPath = "../../corpus/id_news_clickid/articles.jsonl"

// ClusterText is unlabelled text read for clustering.
type ClusterText struct {
	Path string
	// Sentences are the token sequences, one per sentence or title.
	Sentences [][]string
	// Tokens counts the tokens of Sentences.
	Tokens int
	// Dropped counts sentences left out because their text (lowercased
	// letters and digits) is that of a dev or valid sentence.
	Dropped int
}

// ReadClusterText reads the titles and bodies of the articles in a JSON
// Lines file (one object per line with "title" and "content" fields),
// splits them into sentences with Tokenize and leaves out every sentence
// whose overlapKey is in protected.
func ReadClusterText(ctx context.Context, path string, protected map[string]bool) (ClusterText, error) {
	ct := ClusterText{Path: path}
	f, err := os.Open(path)
	if err != nil {
		return ct, fmt.Errorf("ner: cluster text: %w", err)
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	add := func(text string) {
		for _, line := range strings.Split(text, "\n") {
			var sent []string
			flush := func() {
				if len(sent) == 0 {
					return
				}
				if protected[overlapKey(sent)] {
					ct.Dropped++
				} else {
					ct.Sentences = append(ct.Sentences, sent)
					ct.Tokens += len(sent)
				}
				sent = nil
			}
			for _, t := range Tokenize(line) {
				sent = append(sent, t.Text)
				switch t.Text {
				case ".", "!", "?", "...":
					flush()
				}
			}
			flush()
		}
	}
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return ct, fmt.Errorf("ner: cluster text: %w", err)
			}
		}
		var a struct {
			Title   string `json:"title"`
			Content string `json:"content"`
		}
		err := dec.Decode(&a)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return ct, fmt.Errorf("ner: cluster text %s: article %d: %w", path, n+1, err)
		}
		add(a.Title)
		add(a.Content)
	}
	return ct, nil
}

// clusterCorpus resolves opts.ClusterCorpus against the NER data folder dir
// ("" if there is none).
func clusterCorpus(dir string, opts TrainOptions) string {
	p := opts.ClusterCorpus
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, filepath.FromSlash(p))
}
