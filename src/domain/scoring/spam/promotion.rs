//! Self-promotion recognised by its grammar rather than by stock phrases:
//! a call to action aimed at the writer's own things ("go subscribe to our
//! new channel"), engagement bait ("thumbs up if …"), a creator's pitch ("I'm
//! a 16 year old rapper") and audience goals ("if I reach 100 subscribers").
//! The word classes are lexicon files; the grammar is here.

use rustc_hash::FxHashSet;

use super::spam;
use crate::config::RuleWeights;
use crate::domain::normalize::{token_hash, NormalizedText, Token};
use crate::domain::scoring::{Reason, Rule, RuleInput};

/// Words after which an imperative still starts the clause: "please
/// subscribe", "hey guys check out", "you should watch", "go visit",
/// "anyway check out".
const LEAD_INS: [&str; 34] = [
    "please",
    "plz",
    "pls",
    "plese",
    "pleas",
    "guys",
    "everyone",
    "everybody",
    "and",
    "also",
    "so",
    "just",
    "now",
    "go",
    "come",
    "hey",
    "hi",
    "hello",
    "then",
    "u",
    "ya",
    "yall",
    "should",
    "could",
    "can",
    "gotta",
    "do",
    "anyway",
    "anyways",
    "btw",
    "ok",
    "okay",
    "oh",
    "yo",
];

/// Words that, followed by "to", introduce a request: "don't forget to
/// subscribe", "care to visit my blog", "feel free to check out".
const TO_LEAD_INS: [&str; 5] = ["forget", "care", "remember", "sure", "free"];

/// Words for "my" and "our", in English and in the languages self-promotion
/// most often arrives in ("suscríbete a mi canal", "abonnez-vous à ma chaîne").
const POSSESSIVES: [&str; 19] = [
    "my", "our", "mine", "mah", "mi", "mis", "nuestro", "nuestra", "meu", "minha", "nosso", "mon",
    "ma", "mes", "notre", "mein", "meine", "meinen", "unser",
];

/// Verbs readers use to cite a source ("see https://…", "watch the hearing
/// on youtube"): they are a pitch only when aimed at the writer's own things.
const CITING: [&str; 11] = [
    "see", "read", "look", "take", "give", "try", "watch", "listen", "go", "come", "search",
];

/// Words that make a request a plea.
const PLEAS: [&str; 5] = ["please", "plz", "pls", "plese", "pleas"];

/// Verbs whose object may be the writer in person: "subscribe to me",
/// "check me out", "add me", "follow us".
const PERSONAL_VERBS: [&str; 11] = [
    "subscribe",
    "subcribe",
    "subscribing",
    "sub",
    "follow",
    "add",
    "support",
    "check",
    "checkout",
    "vote",
    "checking",
];

/// Verbs that are a request on their own, without an object ("subscribe!"),
/// in English and in the other languages of `cta_verbs.txt`. Aimed at the
/// writer's own things they are a pitch wherever they stand ("I'd love it if
/// you subscribed to my channel").
const BARE_VERBS: [&str; 12] = [
    "subscribe",
    "subcribe",
    "sub",
    "suscribete",
    "suscribanse",
    "suscribirse",
    "subscribirse",
    "suscribir",
    "inscrevase",
    "inscreva",
    "abonnez",
    "iscriviti",
];

/// A comment up to this long that asks for something and carries a link is
/// asking for the link.
const SHORT_WORDS: usize = 30;

/// How far after the verb its object may be, in words.
const OBJECT_REACH: usize = 5;

/// The promotion rules' vocabulary, each list a lexicon file.
pub(super) struct PromotionWords {
    pub verbs: FxHashSet<String>,
    /// The verbs by `token_hash`, so that the scan over every word compares
    /// the hash the text already holds instead of hashing the word again.
    pub verb_hashes: FxHashSet<u64>,
    pub nouns: FxHashSet<String>,
    pub platforms: FxHashSet<String>,
    pub roles: FxHashSet<String>,
}

impl PromotionWords {
    pub fn new(verbs: &[String], nouns: &[String], platforms: &[String], roles: &[String]) -> Self {
        let set = |list: &[String]| list.iter().map(|w| w.trim().to_lowercase()).collect();
        let verbs: FxHashSet<String> = set(verbs);
        Self {
            verb_hashes: verbs.iter().map(|v| token_hash(v)).collect(),
            verbs,
            nouns: set(nouns),
            platforms: set(platforms),
            roles: set(roles),
        }
    }
}

/// What a call to action was aimed at, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    /// A bare "subscribe".
    Bare,
    /// "this video", "the playlist": something, perhaps not the writer's.
    Thing,
    /// "Check out Melbourne shuffle": a name to look up, the commonest
    /// opening of a pitch.
    Named,
    /// "me", "my channel", "our song", a link or a platform.
    Own,
}

/// "Check out my channel", "follow us on instagram", "subscribe please".
pub(super) struct CallToAction {
    pub words: std::sync::Arc<PromotionWords>,
    pub weights: RuleWeights,
}

fn is_url(token: &str) -> bool {
    token.contains("://") || token.starts_with("www.")
}

/// Up to four words from token `i`, as a rule's evidence.
fn phrase_at(tokens: &[Token], i: usize) -> String {
    tokens[i..tokens.len().min(i + 4)].join(" ")
}

/// Words after "check out" that do not start a name: what follows is
/// described ("check out the report", "check out how it works").
const NOT_NAMES: [&str; 27] = [
    "the", "a", "an", "this", "that", "these", "those", "it", "them", "his", "her", "their",
    "your", "its", "how", "what", "why", "where", "who", "when", "if", "whether", "some", "any",
    "all", "which", "both",
];

/// Words before "check out" that make it a report of what someone did or
/// will do rather than a request.
const REPORTERS: [&str; 14] = [
    "i", "i'll", "ill", "we", "we'll", "will", "gonna", "to", "i'd", "would", "did", "didn't",
    "they", "he",
];

/// "Check out Melbourne shuffle", "check out nuketown rap": a name right
/// after "check out", as opposed to a description of what to check.
fn named_after_check_out(text: &NormalizedText, i: usize) -> Option<Target> {
    let tokens = text.tokens();
    let name_at = match tokens[i].as_str() {
        "check"
            if tokens.get(i + 1).is_some_and(|t| t == "out") && !text.clause_ends_after(i + 1) =>
        {
            i + 2
        }
        "checkout" if !text.clause_ends_after(i) => i + 1,
        _ => return None,
    };
    let name = tokens.get(name_at)?;
    let names = name.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && !NOT_NAMES.contains(&name.as_str())
        && !is_url(name);
    names.then_some(Target::Named)
}

impl PromotionWords {
    fn starts_clause(&self, text: &NormalizedText, i: usize) -> bool {
        let tokens = text.tokens();
        let Some(before) = i.checked_sub(1).map(|b| tokens[b].as_str()) else {
            return true;
        };
        text.clause_ends_after(i - 1)
            || is_url(before)
            || LEAD_INS.contains(&before)
            // "like & share", "like and subscribe": one request after another.
            || self.verbs.contains(before)
            || (before == "to"
                && i >= 2
                && TO_LEAD_INS.contains(&tokens[i - 2].as_str()))
    }

    fn is_promotable(&self, word: &str) -> bool {
        self.is_noun(word) || self.platforms.contains(word)
    }

    /// A promotable thing, also in the plural spelt with a z ("vidz", "beatz").
    fn is_noun(&self, word: &str) -> bool {
        self.nouns.contains(word)
            || word
                .strip_suffix('z')
                .is_some_and(|stem| self.nouns.contains(format!("{stem}s").as_str()))
    }
}

impl CallToAction {
    /// What the request at token `i` asks for, if it is one.
    fn target(&self, text: &NormalizedText, i: usize, has_link: bool) -> Option<Target> {
        let tokens = text.tokens();
        let verb = tokens[i].as_str();
        let mut best = named_after_check_out(text, i);
        let mut j = i + 1;
        while j < tokens.len() && j <= i + OBJECT_REACH {
            let word = tokens[j].as_str();
            let next_is_noun = |from: usize| {
                tokens
                    .iter()
                    .skip(from + 1)
                    .take(3)
                    .any(|t| self.words.is_promotable(t))
            };
            let citing = CITING.contains(&verb);
            let found = match word {
                _ if POSSESSIVES.contains(&word) && next_is_noun(j) => Some(Target::Own),
                // "Check out my girl", "check out our stuff": whatever follows,
                // it is the writer's. ("Check my math" is not "check out".)
                _ if POSSESSIVES.contains(&word) && tokens[j - 1] == "out" => Some(Target::Own),
                "me" | "us" if PERSONAL_VERBS.contains(&verb) => Some(Target::Own),
                _ if citing => None,
                _ if is_url(word) || self.words.platforms.contains(word) => Some(Target::Own),
                "this" | "these" | "the" | "that" if next_is_noun(j) => Some(Target::Thing),
                // "check out "starlitnightsky" channel": a named channel or
                // song, whoever's it is. ("Just like any other music video"
                // compares: "like" needs its determiner.)
                _ if verb != "like" && self.words.is_noun(word) => Some(Target::Thing),
                _ => None,
            };
            best = best.max(found);
            if text.clause_ends_after(j) {
                break;
            }
            j += 1;
        }
        match best {
            None if BARE_VERBS.contains(&verb) => Some(Target::Bare),
            // "Vote for him please! http://…": in a short comment the link is
            // the object; in a long one it is more likely a citation.
            None if has_link && !CITING.contains(&verb) && tokens.len() <= SHORT_WORDS => {
                Some(Target::Thing)
            }
            best => best,
        }
    }
}

impl Rule for CallToAction {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let text = input.text;
        let tokens = text.tokens();
        let mut strongest: Option<(Target, usize)> = None;
        for (i, (token, hash)) in tokens.iter().zip(text.hashes()).enumerate() {
            if !self.words.verb_hashes.contains(hash) || !self.words.verbs.contains(token.as_str())
            {
                continue;
            }
            let target = self.target(text, i, !input.links.is_empty());
            let target = if self.words.starts_clause(text, i) {
                target
            } else {
                target.filter(|t| match t {
                    Target::Own => BARE_VERBS.contains(&token.as_str()),
                    // "this is cool check out sexy and i know it"; but "I'll
                    // check out Bellingcat" reports what the writer will do.
                    Target::Named => !REPORTERS.contains(&tokens[i - 1].as_str()),
                    _ => false,
                })
            };
            if let Some(target) = target {
                if strongest.is_none_or(|(best, _)| target > best) {
                    strongest = Some((target, i));
                }
            }
        }
        let Some((target, at)) = strongest else {
            return;
        };
        let base = self.weights.call_to_action;
        let mut weight = match target {
            Target::Own => base,
            Target::Named => base * 0.9,
            Target::Thing | Target::Bare => base * 0.8,
        };
        let pleading = tokens.iter().any(|t| PLEAS.contains(&t.as_str()));
        if pleading {
            weight += 0.1;
        }
        if !input.links.is_empty() && target != Target::Own {
            weight += 0.1;
        }
        let phrase = phrase_at(tokens, at);
        hits.push(spam(
            "call_to_action",
            weight.min(0.9),
            format!("asks readers to act for the writer: \"{}\"", phrase),
            vec![tokens[at].to_string()],
        ));
    }
}

/// "Like this comment", "who's watching in 2015?", "please like this pic on
/// IG", "follow 4 follow". "Thumbs up if you …" counts for a fraction of the
/// weight: readers write it about the post nearly as often as spammers do,
/// so it holds a comment only together with another pitch.
pub(super) struct EngagementBait {
    pub weight: f64,
}

/// Who a roll call is addressed to.
const ROLL_CALL: [&str; 6] = ["who", "who's", "whos", "anyone", "anybody", "everyone"];

const FEEDBACK: [&str; 7] = [
    "like",
    "thumbs",
    "upvote",
    "subscribe",
    "share",
    "comment",
    "reply",
];

/// Subjects before "like" that make it a taste: "I like this comment".
const TASTERS: [&str; 7] = ["i", "we", "they", "he", "she", "really", "also"];

/// Things elsewhere that a writer asks readers to like: "like this pic on IG".
const PICTURES: [&str; 7] = [
    "pic", "picture", "photo", "pics", "pictures", "photos", "poster",
];

/// Words before "like" that make it a request rather than a taste: "if you
/// could like this picture", "please like", "help to like".
const ASKING: [&str; 8] = [
    "could", "can", "would", "will", "please", "plz", "pls", "to",
];

/// The share of the weight a conditional vote ("thumbs up if …") carries.
const CONDITIONAL_SHARE: f64 = 0.55;

impl Rule for EngagementBait {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let tokens = input.text.tokens();
        let at = |i: usize| tokens.get(i).map(Token::as_str).unwrap_or_default();
        let found = (0..tokens.len()).find(|&i| {
            let word = at(i);
            // "like this comment", "don't like my comment if …": wherever it
            // stands, it asks for votes on the comment itself.
            // ("I like this comment section" is a taste, not a request.)
            let asks = FEEDBACK.contains(&word)
                && matches!(at(i + 1), "this" | "my")
                && at(i + 2) == "comment"
                && !matches!(at(i + 3), "section" | "sections" | "thread" | "box")
                && !(i > 0 && TASTERS.contains(&at(i - 1)));
            // "please like", "please thumbs up": a plea for votes.
            let pleads = matches!(word, "like" | "thumbs" | "upvote")
                && i > 0
                && at(i - 1) == "please"
                && (word != "thumbs" || at(i + 1) == "up");
            let pictures = word == "like"
                && i > 0
                && ASKING.contains(&at(i - 1))
                && matches!(at(i + 1), "this" | "my" | "our")
                && PICTURES.contains(&at(i + 2));
            // "who's watching in 2015", "anyone still watching on 2016".
            let roll_call = word == "watching"
                && (1..=2).any(|k| i >= k && ROLL_CALL.contains(&at(i - k)))
                && (1..=3).any(|k| {
                    matches!(at(i + k), "in" | "on")
                        && at(i + k + 1).len() == 4
                        && at(i + k + 1).starts_with("20")
                        && at(i + k + 1).bytes().all(|b| b.is_ascii_digit())
                });
            asks || pleads || pictures || roll_call || reciprocity(tokens, i)
        });
        // "thumbs up if …", "like if you …".
        let conditional = || {
            (0..tokens.len()).find(|&i| {
                (at(i) == "thumbs" && at(i + 1) == "up" && at(i + 2) == "if")
                    || (at(i) == "like"
                        && at(i + 1) == "if"
                        && (i == 0 || input.text.clause_ends_after(i - 1))
                        && matches!(at(i + 2), "you" | "u" | "ur" | "you're" | "youre"))
            })
        };
        let (i, weight) = match found {
            Some(i) => (i, self.weight),
            None => match conditional() {
                Some(i) => (i, self.weight * CONDITIONAL_SHARE),
                None => return,
            },
        };
        let phrase = phrase_at(tokens, i);
        hits.push(spam(
            "engagement_bait",
            weight,
            format!("fishes for likes or replies: \"{}\"", phrase),
            vec![tokens[i].to_string()],
        ));
    }
}

/// What is traded in a reciprocity offer.
const TRADED: [&str; 6] = ["like", "follow", "sub", "subscribe", "view", "comment"];

/// "Follow 4 follow", "like for like", "sub4sub", "f4f": an offer to trade
/// votes or subscriptions, starting at token `i`.
fn reciprocity(tokens: &[Token], i: usize) -> bool {
    let word = tokens[i].as_str();
    // "sub4sub", "like4like", "f4f" (which the normaliser reads as leetspeak:
    // "subasub", "faf"). "s4s" is left out: "sas" is a word.
    let glued = ['4', 'a'].iter().any(|&joint| {
        word.split_once(joint).is_some_and(|(give, take)| {
            give == take && (TRADED.contains(&give) || matches!(give, "f" | "l"))
        })
    });
    glued
        || TRADED.contains(&word)
            && tokens
                .get(i + 1)
                .is_some_and(|t| matches!(t.as_str(), "4" | "for"))
            && tokens.get(i + 2).is_some_and(|t| t == word)
}

/// "I'm a new rapper", "we are a small band", "I make beats", and goals
/// such as "if I reach 100 subscribers".
pub(super) struct CreatorPitch {
    pub words: std::sync::Arc<PromotionWords>,
    pub weight: f64,
}

const AUDIENCE: [&str; 7] = [
    "subscribers",
    "subs",
    "followers",
    "views",
    "likes",
    "fans",
    "subscriber",
];

const MAKING: [&str; 11] = [
    "make", "upload", "post", "create", "stream", "record", "produce", "made", "created",
    "uploaded", "did",
];

impl CreatorPitch {
    /// "i'm / i am / we are" + a role within six words.
    fn claims_role(&self, tokens: &[Token], i: usize) -> bool {
        let first_person = match tokens[i].as_str() {
            "i'm" | "im" | "we're" => Some(i + 1),
            "i" | "we" if matches!(tokens.get(i + 1).map(Token::as_str), Some("am" | "are")) => {
                Some(i + 2)
            }
            _ => None,
        };
        first_person.is_some_and(|from| {
            tokens
                .iter()
                .skip(from)
                .take(6)
                .any(|t| self.words.roles.contains(t.as_str()))
        })
    }

    /// "i make / we uploaded" + something promotable within three words,
    /// or "i rap".
    fn makes_things(&self, tokens: &[Token], i: usize) -> bool {
        let next = tokens.get(i + 1).map(Token::as_str);
        matches!(tokens[i].as_str(), "i" | "we")
            && (matches!(next, Some("rap" | "sing")) || self.makes_promotable(tokens, i))
    }

    fn makes_promotable(&self, tokens: &[Token], i: usize) -> bool {
        tokens
            .get(i + 1)
            .is_some_and(|t| MAKING.contains(&t.as_str()))
            && tokens
                .iter()
                .skip(i + 2)
                .take(3)
                .any(|t| self.words.nouns.contains(t.as_str()))
    }
}

/// Words that may stand between a number and its audience: "10 million
/// views", "500 more subscribers".
const MAGNITUDES: [&str; 5] = ["million", "thousand", "hundred", "more", "new"];

/// Audiences only a creator has: "my first subscriber", "my followers".
/// ("My views" are opinions, and likes are anyone's.)
const OWN_AUDIENCE: [&str; 5] = ["subscribers", "subscriber", "subs", "followers", "follower"];

/// A number of subscribers or views, as a goal: "100 subscribers", "1k subs",
/// "10 million views".
fn audience_goal(tokens: &[Token]) -> bool {
    let is_count = |t: &Token| {
        // Most words are not numbers: the first byte says so.
        if !t.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return false;
        }
        let count = t.trim_end_matches(['k', 'm']);
        !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit())
    };
    let word = |i: usize| tokens.get(i).map(Token::as_str).unwrap_or_default();
    (0..tokens.len()).any(|i| {
        is_count(&tokens[i])
            && (AUDIENCE.contains(&word(i + 1))
                || (MAGNITUDES.contains(&word(i + 1)) && AUDIENCE.contains(&word(i + 2))))
    })
}

/// Whether the text sets an audience goal ("if I reach 100 subscribers").
fn sets_audience_goal(tokens: &[Token]) -> bool {
    audience_goal(tokens)
        && tokens
            .windows(2)
            .any(|w| matches!(w[0].as_str(), "get" | "reach" | "hit" | "to") || w[1] == "goal")
}

/// "Become my first subscriber", "thanks to all my followers".
fn own_audience(tokens: &[Token]) -> bool {
    tokens.windows(3).any(|w| {
        w[0] == "my"
            && (OWN_AUDIENCE.contains(&w[1].as_str())
                || (w[1].len() > 2 && OWN_AUDIENCE.contains(&w[2].as_str())))
    })
}

/// Words that may stand between "my" and the work presented: "this is my
/// new song". ("This is my favourite song" is a fan's, not a creator's.)
const FRESH: [&str; 5] = ["new", "first", "latest", "own", "newest"];

/// "This is my playlist", "here's our new song".
fn presents_own_work(words: &PromotionWords, tokens: &[Token]) -> bool {
    let word = |i: usize| tokens.get(i).map(Token::as_str).unwrap_or_default();
    (0..tokens.len()).any(|i| {
        let after = match (word(i), word(i + 1)) {
            ("this" | "here", "is") => i + 2,
            ("here's" | "heres", _) => i + 1,
            _ => return false,
        };
        let noun = if FRESH.contains(&word(after + 1)) {
            after + 2
        } else {
            after + 1
        };
        matches!(word(after), "my" | "our") && words.is_noun(word(noun))
    })
}

/// Whom a favour is asked of: "if you could", "if some of you", "if
/// everyone". ("It would mean a lot to the families if the police …" asks
/// nothing of readers.)
const AUDIENCES: [&str; 10] = [
    "you", "u", "ya", "yall", "y'all", "some", "any", "anyone", "everyone", "people",
];

/// Moments a writer asks readers to spare: "take 1 second", "if you have a
/// minute".
const MOMENTS: [&str; 6] = ["second", "seconds", "sec", "minute", "minutes", "moment"];

/// "It would mean a lot if you could subscribe", "would mean the world to me
/// if you check them out", "please take 1 second and watch it", "if you have
/// a minute".
fn asks_a_favour(tokens: &[Token]) -> bool {
    let word = |i: usize| tokens.get(i).map(Token::as_str).unwrap_or_default();
    (0..tokens.len()).any(|i| {
        let would_mean = matches!(word(i), "would" | "will" | "it'd" | "itd")
            && word(i + 1) == "mean"
            && matches!(word(i + 2), "a" | "so" | "the" | "everything" | "alot")
            && (i + 3..i + 9).any(|k| word(k) == "if" && AUDIENCES.contains(&word(k + 1)));
        let spare = matches!(word(i), "take" | "spare" | "have" | "got")
            && matches!(word(i + 1), "a" | "1" | "one" | "few" | "some" | "just")
            && MOMENTS.contains(&word(i + 2))
            && (i >= 1 && matches!(word(i - 1), "please" | "pls" | "plz" | "just" | "you" | "u"));
        would_mean || spare
    })
}

/// Whom a business speaks of: "our customers love us".
const CLIENTELE: [&str; 6] = [
    "customers",
    "clients",
    "customer",
    "client",
    "products",
    "services",
];

/// "Our customers", "our products": a business speaking for itself.
fn speaks_as_business(tokens: &[Token]) -> bool {
    tokens
        .windows(2)
        .any(|w| w[0] == "our" && CLIENTELE.contains(&w[1].as_str()))
}

/// "I sell …", "we're selling …", with a link to buy from.
fn sells(tokens: &[Token], has_link: bool) -> bool {
    has_link
        && tokens.windows(2).any(|w| {
            matches!(w[0].as_str(), "i" | "we" | "im" | "i'm" | "we're")
                && matches!(w[1].as_str(), "sell" | "selling" | "sells")
        })
}

impl Rule for CreatorPitch {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let tokens = input.text.tokens();
        let mut shapes: Vec<&str> = Vec::new();
        let mut note = |found: bool, what: &'static str| {
            if found && !shapes.contains(&what) {
                shapes.push(what);
            }
        };
        for i in 0..tokens.len() {
            // Both shapes start with "i…" or "we…": most words are neither.
            if !matches!(tokens[i].as_bytes().first(), Some(b'i' | b'w')) {
                continue;
            }
            note(
                self.claims_role(tokens, i),
                "introduces themselves as a creator",
            );
            note(self.makes_things(tokens, i), "says what they make");
        }
        note(
            sets_audience_goal(tokens),
            "counts towards an audience goal",
        );
        note(own_audience(tokens), "speaks of their own audience");
        note(
            sells(tokens, !input.links.is_empty()),
            "sells something by a link",
        );
        note(
            presents_own_work(&self.words, tokens),
            "presents their own work",
        );
        note(asks_a_favour(tokens), "asks readers for a favour");
        note(speaks_as_business(tokens), "speaks as a business");
        if shapes.is_empty() {
            return;
        }
        // A pitch with a link says where to go.
        if !input.links.is_empty() && shapes.len() < 3 {
            shapes.push("and links to it");
        }
        // One shape may be a reader's aside ("I make videos too"); a writer
        // who introduces themselves and says what they make is pitching.
        let weight = self.weight + 0.15 * (shapes.len().min(3) - 1) as f64;
        hits.push(spam("creator_pitch", weight, shapes.join("; "), Vec::new()));
    }
}

#[cfg(test)]
#[path = "promotion_tests.rs"]
mod tests;
