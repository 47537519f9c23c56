package event

import (
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/stage/sentence"
)

// codeTriples codes text (one article of the test fixtures) and returns
// its events as "SOURCE→TARGET CAMEO", sorted.
func codeTriples(t *testing.T, s *Stage, split *sentence.Splitter, lang, text string) []string {
	t.Helper()
	a := buildArticle(t, split, lang, "", text)
	if err := s.Run(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	checkEvents(t, a)
	out := []string{}
	for _, ev := range a.Events {
		out = append(out, ev.Source.Code+"→"+ev.Target.Code+" "+ev.CAMEO)
	}
	sort.Strings(out)
	return out
}

// TestConstructions checks one construction per case on sentences written
// for this test. want lists every event of the sentence.
func TestConstructions(t *testing.T) {
	s, split := newStages(t)
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		// A place of a state after a venue preposition is the target of a
		// visit, meeting or exercise; joint subjects also meet each other.
		// An attack only alleged or denied is not coded as done; the
		// accusation is, and a claim of responsibility keeps the attack.
		{"alleged_attack_accusation", "id", "Jerman menuding Rusia berada di balik serangan terhadap Polandia.",
			[]string{"DEU→RUS 112"}},
		{"alleged_attack_attribution", "id", "Kanselir Jerman mengatakan Rusia berada di balik serangan terhadap Polandia.",
			[]string{"DEU→RUS 112"}},
		{"alleged_attack_denied", "id", "Rusia membantah menyerang Polandia.",
			[]string{"RUS→POL 120"}},
		{"knowing_who_is_behind_is_no_claim", "id", "Jerman mengaku tahu bahwa Rusia berada di balik serangan terhadap Polandia.",
			[]string{"DEU→RUS 112"}},
		{"claimed_attack_kept", "id", "Rusia mengklaim bertanggung jawab atas serangan terhadap Polandia.",
			[]string{"RUS→POL 190"}},
		{"venue_joint_meeting", "en", "India and Brazil will meet in Geneva next month.",
			[]string{"BRA→CHE 040", "BRA→IND 040", "IND→BRA 040", "IND→CHE 040"}},
		{"venue_exercise", "en", "Japan is holding military exercises in Texas.",
			[]string{"JPN→USA 150"}},
		{"venue_place_not_after_of", "en", "Japan is holding military exercises with the governor of Texas.",
			[]string{}},
		{"venue_id_unchanged", "id", "Jepang mengunjungi wilayah Bali.",
			[]string{}},
		// "attend a summit ...": the meeting noun is the object, its place
		// or subject follows.
		{"attend_summit_place", "en", "Japan will attend a summit in Switzerland on trade.",
			[]string{"JPN→CHE 042"}},
		{"attend_summit_topic", "en", "Germany is expected to attend a summit on the war in Ukraine.",
			[]string{"DEU→UKR 042"}},
		{"inspect_place", "en", "NATO experts want to inspect the depots in Poland.",
			[]string{"IGOWSTNAT→POL 090"}},
		// A pronoun right after a verb of saying is the speaker.
		{"reported_negated_support", "en", "Germany said it would not provide support to Iran.",
			[]string{"DEU→IRN 120"}},
		{"reported_plan_is_intent", "en", "Japan announced it would help Cambodia.",
			[]string{"JPN→KHM 033"}},
		{"reported_after_as", "en", "Talks ended as Turkey announced it would free the Iran crew.",
			[]string{"TUR→IRN 0353"}},
		{"reported_own_attack_claimed", "en", "Israel said it had attacked Lebanon.",
			[]string{"ISR→LBN 015", "ISR→LBN 190"}},
		{"reported_joint_no_accusation", "en", "Japan and France said they will attack Poland.",
			[]string{"FRA→POL 138", "JPN→POL 138"}},
		{"reported_pronoun_in_nested_claim", "id", "Jerman mengatakan klaim Iran bahwa mereka menyerang Israel palsu.",
			[]string{}},
		// A noun that asks an actor to act: the act is not coded.
		{"permission_refused", "en", "Turkey said it would not give permission to Russia to attack Ukraine.",
			[]string{"TUR→RUS 124"}},
		{"permission_granted", "en", "Poland gave permission to Germany to send troops.",
			[]string{"POL→DEU 080"}},
		// "wants X to ...": an appeal to X; "wants to ...": an intent.
		{"want_actor_to", "en", "Japan wants China to release the sailors.",
			[]string{"JPN→CHN 020"}},
		{"want_to", "en", "Japan wants to attack Cambodia.",
			[]string{"JPN→KHM 138"}},
		// An event noun subject of a passive light verb has the agent as
		// its source; a cue ending in a preposition has its target after.
		{"noun_passive_light_agent", "en", "Evidence against Iran was presented by Israel.",
			[]string{"ISR→IRN 1124"}},
		{"noun_light_active", "en", "Israel presented evidence against Iran.",
			[]string{"ISR→IRN 1124"}},
		// An agent noun before "from"/"of" heads the actor.
		{"agent_from", "en", "Japan helped dissidents from Egypt.",
			[]string{"JPN→EGYOPP 070"}},
		{"agent_from_moved", "en", "Russia withdrew troops from Ukraine.",
			[]string{"RUS→UKR 087"}},
		// Property destroyed by protesters is a violent protest.
		{"riot_by_protesters", "en", "The embassy of Turkey was destroyed by protesters from Iran.",
			[]string{"IRNOPP→TURGOV 145"}},
		{"destroy_by_state", "en", "The embassy of Turkey was destroyed by Iran.",
			[]string{"IRN→TURGOV 1712"}},
		// A promise to do an act is that act's intent, not a bare 030.
		{"vow_to_attack", "en", "Japan vowed to attack Cambodia.",
			[]string{"JPN→KHM 138"}},
		{"pledge_to_help", "en", "Japan pledged to help Cambodia.",
			[]string{"JPN→KHM 033"}},
		{"pledge_without_act", "en", "Japan made a pledge to Cambodia.",
			[]string{"JPN→KHM 030"}},
		// An attack with no target that a speaker reports of another
		// actor is an accusation; the media report, they do not accuse.
		{"reported_attack_no_target", "en", "Germany said that Iran had attacked.",
			[]string{"DEU→IRN 112"}},
		{"reported_by_media", "en", "TASS reported that Ukraine had attacked.",
			[]string{}},
		// An event noun after an actor and modifiers; a region of a place.
		{"noun_after_adj_region", "en", "Two men were killed in Israeli tank shelling in the north of Lebanon.",
			[]string{"ISR→LBN 194"}},
		{"attack_place", "en", "Russia attacked targets in Ukraine.",
			[]string{"RUS→UKR 190"}},
		// A claim of responsibility takes the target of the event claimed.
		{"claim_responsibility", "en", "Houthi claimed responsibility for an attack on a port in Israel.",
			[]string{"HOUTHI→ISR 015", "HOUTHI→ISR 190"}},
		// The second verb of a pair shares the subject of the first.
		{"coordinated_verb_subject", "en", "Japan planned to hold a long conference on trade and fishing with Asia and meet with officials from Cambodia.",
			[]string{"JPN→KHMGOV 040"}},
		{"coordinated_verb_too_far", "en", "Japan said that a long conference on trade and fishing with Asia would open, and traders meet with officials from Cambodia.",
			[]string{}},
		// A document speaks for the actor named in its description; an
		// allegation "that X ..." targets X.
		{"document_subject_allege_that", "en", "A report published on Monday in Moscow alleged that Ukraine was behind the blast.",
			[]string{"RUSGOV→UKR 112"}},
		// "pergi ke pertemuan itu": the meeting named before.
		{"go_to_that_meeting", "id", "Rusia bertemu dengan Uni Eropa pekan lalu. Prabowo akan pergi ke pertemuan penting itu.",
			[]string{"IDNGOV→IGOEUREEC 042", "RUS→IGOEUREEC 040"}},
		{"go_to_meeting_unnamed", "id", "Prabowo akan pergi ke pertemuan penting itu.",
			[]string{}},
		// A light verb governs its noun only across modifiers.
		{"light_noun", "en", "Germany provided assistance to Ukraine.",
			[]string{"DEU→UKR 070"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := codeTriples(t, s, split, tc.lang, tc.text)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%q: events (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}
