//! Each spam family, beside ordinary comments with the same words.

use super::Case;
use super::Expect::*;

pub const CASES: &[Case] = &[
    // Spam families.
    (
        Held,
        "Fred",
        "Get free iTunes gift cards here, it actually works",
    ),
    (
        Held,
        "Fred",
        "Earn money by watching videos, I already got 50 dollars",
    ),
    (
        Held,
        "Fred",
        "I need 100 subscribers before Christmas, can you help me",
    ),
    (
        Held,
        "Fred",
        "Join my clan on clash of clans, we need active players",
    ),
    (
        Held,
        "Fred",
        "Hi everyone! I'm an up and coming singer, would love it if you gave my covers a listen",
    ),
    (
        Held,
        "Fred",
        "I make $300 a day working from home, ask me how",
    ),
    (Held, "Fred", "who wants to be friends? message me on kik"),
    // The same words, offering nothing.
    (
        Approve,
        "Ben",
        "I make $15 an hour at the warehouse and still can't afford rent.",
    ),
    (
        Approve,
        "Ben",
        "Get paid leave passed for every state worker, finally.",
    ),
    (
        Approve,
        "Ben",
        "Make money off prisons illegal, that is the real reform.",
    ),
    (
        Approve,
        "Ben",
        "Work from home is here to stay, whatever the mayor says.",
    ),
    (
        Approve,
        "Ben",
        "I started my business in this town in 1998 and never regretted it.",
    ),
    (
        Approve,
        "Ben",
        "We need 10 more volunteers for the cleanup on Saturday.",
    ),
    (
        Held,
        "Fred",
        "Check out my channel for more videos like this!",
    ),
    (
        Held,
        "Fred",
        "Subscribe to my channel and I'll subscribe back",
    ),
    (Held, "Fred", "ch3ck 0ut my ch@nnel"),
    (Held, "Fred", "ＣＨＥＣＫ ＯＵＴ ＭＹ ＣＨＡＮＮＥＬ"),
    (
        Held,
        "Fred",
        "Nice article! Visit my site http://cheap-deals.example for more",
    ),
    (
        Held,
        "Fred",
        "BUY CHEAP VIAGRA AND CIALIS ONLINE http://pills.example http://pills2.example",
    ),
    (
        Held,
        "Fred",
        "Earn money from home, $500 per day! WhatsApp +1 555 123 4567",
    ),
    (
        Held,
        "Fred",
        "Get 1000 free followers now at https://bit.ly/3xYz",
    ),
    // An appeal for money with a crowdfunding link is held, never rejected
    // for that alone; talking about a fundraiser is fine.
    (
        Review,
        "Jill",
        "Our old dog needs an operation we cannot pay for, so my sister set up a page for him. \
         Every dollar helps, thank you all: https://www.gofundme.com/f/surgery-for-rex",
    ),
    (
        Approve,
        "Ana",
        "The family's fundraiser raised forty thousand dollars in a week, the article says. \
         Good on the neighbours who chipped in after the shooting.",
    ),
    (
        Held,
        "Fred",
        "Hot singles in your area want to meet you: http://dating.example",
    ),
    (
        Held,
        "Fred",
        "Best crypto trading signals, 300% profit, telegram @pumpking",
    ),
    (
        Held,
        "Fred",
        r#"<a href="http://casino.example">best online casino</a> free spins"#,
    ),
    (
        Held,
        "Fred",
        "Loans for bad credit, instant approval, call 1-800-555-0199",
    ),
    (
        Held,
        "Best Pharmacy Online",
        "Nice post http://pills.example",
    ),
    (
        Held,
        "Fred",
        "Free money!!! Click here: http://scam.example",
    ),
    // Self-promotion recognised by its grammar, without a stock phrase.
    (
        Held,
        "Gia",
        "Hey guys, go follow us on instagram, we post new beats daily",
    ),
    (Held, "Gia", "See my new mixtape, it drops tonight"),
    (Held, "Gia", "I'm a 15 year old singer, please check me out"),
    (Held, "Gia", "Like this comment if you read the whole thing"),
    (
        Held,
        "Gia",
        "Vote for my school please!! school-votes.com/contest/42",
    ),
    (
        Held,
        "Gia",
        "great read https://shop.example/signup?ref=gia77",
    ),
    (
        Held,
        "Gia",
        "Sorry for the spam, but we need 100 more subscribers",
    ),
    // The same verbs in ordinary discussion, and links that cite a source.
    (
        Approve,
        "Hal",
        "You should watch the committee hearing on youtube, the second hour especially.",
    ),
    (
        Approve,
        "Hal",
        "I subscribe to the view that sanctions worked better than anyone admits.",
    ),
    (
        Approve,
        "Hal",
        "Follow the money: the shell companies all lead back to the same family.",
    ),
    (
        Approve,
        "Hal",
        "Full text of the treaty: https://en.wikipedia.org/wiki/Treaty_of_Rome",
    ),
    (
        Approve,
        "Hal",
        "I'm a retired border agent and this matches what we saw every summer.",
    ),
    // An address written to slip past link filters, against a plain one.
    (
        Held,
        "Mia",
        "Best prices on watches this week: www. luxurytimes .com (remove the spaces)",
    ),
    (
        Held,
        "Mia",
        "Vote for her every day at awards-site(dot)com before friday",
    ),
    (
        Approve,
        "Tom",
        "The court's full opinion is on www.supremecourt.gov if you want to read it yourself.",
    ),
];
