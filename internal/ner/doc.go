// Package ner is warta's Indonesian named-entity tagger: a first-order
// structured averaged perceptron over hashed lexical, gazetteer and
// word-cluster features, decoded with Viterbi under BIO constraints, tagging
// PERSON, ORG and PLACE.
//
// No pretrained Indonesian NER model is reachable from warta's build, so the
// package trains its own from the public corpora under shared/data/ner
// (NERGrit, NERP, idner-news-2k, NER-UGM, NER-UI) and ships the result as an
// embedded, gzip'd, int16-quantised model (see model/README.md). Default
// loads it; Train and TrainFromDir rebuild it; Score implements conlleval's
// entity-level exact-match scoring.
package ner
