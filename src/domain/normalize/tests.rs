//! Tests of the normaliser, one transformation at a time.
use super::*;

fn n(s: &str) -> String {
    NormalizedText::new(s).as_str().to_owned()
}

#[test]
fn fullwidth_letters_and_case_fold_to_ascii_lowercase() {
    assert_eq!(n("ＨＥＬＬＯ World"), "hello world");
}

#[test]
fn zero_width_characters_are_removed() {
    assert_eq!(n("sp\u{200B}am\u{FEFF}"), "spam");
}

#[test]
fn accents_and_combining_marks_are_removed() {
    assert_eq!(n("Tomás read it twice."), "tomas read it twice");
    assert_eq!(n("i\u{0301}di\u{0308}ot"), "idiot");
}

#[test]
fn look_alike_letters_become_latin() {
    // Cyrillic а, о and е inside otherwise Latin words.
    assert_eq!(n("cаsinо frее"), "casino free");
}

#[test]
fn leetspeak_inside_words_is_undone() {
    assert_eq!(n("sh1t"), "shit");
    assert_eq!(n("1d10t"), "idiot");
    assert_eq!(n("@$$h0le"), "asshole");
    assert_eq!(n("fr33 m0ney"), "free money");
}

#[test]
fn numbers_stay_numbers() {
    assert_eq!(n("In 2024, 3 of 10 cartels"), "in 2024 3 of 10 cartels");
    assert_eq!(n("$500 now"), "$500 now");
}

#[test]
fn masks_are_kept_for_wildcard_matching() {
    assert_eq!(n("f*ck"), "f*ck");
    assert_eq!(n("F**K this"), "f**k this");
}

#[test]
fn spaced_and_dotted_letters_are_joined() {
    assert_eq!(n("you f u c k off"), "you fuck off");
    assert_eq!(n("s.h.i.t happens"), "shit happens");
    // Two single letters stay apart: "a b" is not a word.
    assert_eq!(n("plan a b"), "plan a b");
    // A clause ends a run: only the three after it join.
    assert_eq!(n("plan a b. c d e"), "plan a b cde");
    assert_eq!(n("x y, z w"), "x y z w");
}

#[test]
fn trailing_punctuation_and_smileys_are_not_words() {
    assert_eq!(
        n("PLEASE SUBSCRIBE:)!! (really)"),
        "please subscribe really"
    );
}

#[test]
fn clause_boundaries_are_remembered() {
    let t = NormalizedText::new("You're right, the idiots won.");
    assert_eq!(t.tokens(), ["you're", "right", "the", "idiots", "won"]);
    assert!(t.clause_ends_after(1) && !t.clause_ends_after(2) && t.clause_ends_after(4));
}

#[test]
fn glued_words_come_apart_and_leading_punctuation_ends_a_clause() {
    let t = NormalizedText::new("on YouTube:watch like&share nice song .See https://a.example/x:y");
    assert_eq!(
        t.tokens(),
        [
            "on",
            "youtube",
            "watch",
            "like",
            "share",
            "nice",
            "song",
            "see",
            "https://a.example/x:y"
        ]
    );
    assert!(t.clause_ends_after(1), "the colon ends a clause");
    assert!(t.clause_ends_after(6), "'.See' ends the clause before it");
    assert!(!t.clause_ends_after(5));
}

#[test]
fn words_glued_by_runs_of_punctuation_come_apart() {
    assert_eq!(n("WE DID SOME COVERS!!WE DID"), "we did some covers we did");
    assert_eq!(n("why?because so...and"), "why because so and");
    assert!(NormalizedText::new("covers!!we").clause_ends_after(0));
    // One mark inside a word is still a letter or an abbreviation, and links stay whole.
    assert_eq!(
        n("sh!t e.g. www.x.example/p?id=1"),
        "shit e.g www.x.example/p?id=1"
    );
}

#[test]
fn ascii_chunks_split_where_unicode_white_space_would() {
    for text in ["", "  ", "a", " a\tb\nc\x0Bd\x0Ce\rf  g ", "one  two"] {
        let mut chunks = Vec::new();
        for_each_chunk(text, |c| chunks.push(c));
        assert_eq!(
            chunks,
            text.split_whitespace().collect::<Vec<_>>(),
            "{text:?}"
        );
    }
}

#[test]
fn the_plain_word_path_agrees_with_the_full_treatment() {
    // Every chunk up to four characters over letters, punctuation, a
    // digit and glue: where the fast path answers, it answers the same.
    let alphabet = ['a', 'b', '\'', '.', '(', '-', '1', ':', '*'];
    let mut chunks = vec![String::new()];
    let mut taken = 0;
    for _ in 0..4 {
        let longer: Vec<String> = chunks
            .iter()
            .flat_map(|c| alphabet.iter().map(move |ch| format!("{c}{ch}")))
            .collect();
        for chunk in &longer {
            if let Some(word) = words::plain_word(chunk) {
                taken += 1;
                assert_eq!(normalize_token(chunk).as_deref(), Some(word), "{chunk:?}");
            }
        }
        chunks = longer;
    }
    assert!(taken > 100, "the fast path takes the common shapes");
    assert_eq!(words::plain_word("(you're),"), Some("you're"));
    for inner in ["e.g.", "and/or", "sooooo", "f*ck", "naïve", "like&share"] {
        assert_eq!(words::plain_word(inner), None, "{inner}");
    }
}

#[test]
fn misspellings_of_subscribe_fold_into_it_and_its_inflections_stay() {
    assert_eq!(
        n("Sucscribe to me! subscrib suscribe subscirbe"),
        "subscribe to me subscribe subscribe subscribe"
    );
    assert_eq!(n("plz like, pls share"), "please like please share");
    assert_eq!(n("Plizz watch, pliz share"), "please watch please share");
    assert_eq!(n("their pleas were ignored"), "their pleas were ignored");
    for word in [
        "subscribed",
        "subscriber",
        "subscribers",
        "subscript",
        "suburbs",
        "sunscreen",
    ] {
        assert_eq!(n(word), word);
    }
}

#[test]
fn line_breaks_typed_or_marked_up_end_a_clause() {
    let t = NormalizedText::new("Nice song\nCheck my channel<br />Like<p>share</p>now");
    assert_eq!(
        t.tokens(),
        ["nice", "song", "check", "my", "channel", "like", "share", "now"]
    );
    let ends: Vec<bool> = (0..t.tokens().len())
        .map(|i| t.clause_ends_after(i))
        .collect();
    assert_eq!(ends, [false, true, false, false, true, true, true, false]);
    // Inline markup is only a space, and a word spelt down the lines still joins.
    let t = NormalizedText::new("my <b>new</b> song");
    assert!(!t.clause_ends_after(0) && !t.clause_ends_after(1));
    assert_eq!(n("f\nu\nc\nk you"), "fuck you");
}

#[test]
fn stretched_letters_shrink_but_doubles_stay() {
    assert_eq!(n("stuuuupid"), "stupid");
    assert_eq!(n("soooo good, will kill it"), "so good will kill it");
}

#[test]
fn entities_and_markup_are_removed() {
    assert_eq!(n("Tom &amp; Jerry&#39;s <b>show</b>"), "tom jerry's show");
    assert_eq!(n(r#"<a href="http://x.example">link</a>"#), "link");
}

#[test]
fn unfinished_entities_next_to_multibyte_characters_do_not_panic() {
    assert_eq!(n("&lt;3 &lt;3\u{feff}"), "3 3");
    assert_eq!(n("&\u{feff}\u{feff}\u{feff}\u{feff}é"), "e");
    assert_eq!(n("&#99999999999;"), "#99999999999");
}

#[test]
fn ordinary_words_are_not_mangled() {
    for text in [
        "Scunthorpe",
        "assessment",
        "cocktail",
        "Dick Cheney",
        "classic",
        "therapist",
        "grape",
        "analysis",
    ] {
        assert_eq!(n(text), text.to_lowercase(), "{text}");
    }
}
