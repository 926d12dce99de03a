//! Discussion that must be published, and toxicity that must be held.

use super::Case;
use super::Expect::*;

pub const CASES: &[Case] = &[
    // Reporting and discussion of violence, crime and drugs.
    (
        Approve,
        "Ana",
        "The cartel boss was killed in a shootout with the army near Culiacán.",
    ),
    (
        Approve,
        "Ana",
        "Fentanyl killed my cousin last year; overdoses in our county doubled.",
    ),
    (
        Approve,
        "Ana",
        "Sicarios will shoot at anyone who gets in the way, according to the report.",
    ),
    (
        Approve,
        "Ana",
        "The suspect was shot twice and died at the scene.",
    ),
    (
        Approve,
        "Ana",
        "Heroin and fentanyl seizures at the border rose 30% this quarter.",
    ),
    (
        Approve,
        "Ana",
        "The hitman confessed to murdering three journalists in 2019.",
    ),
    (
        Approve,
        "Ana",
        "Police found the victims' bodies dumped by the highway.",
    ),
    (
        Approve,
        "Ana",
        "Is there a source for the claim that the general was assassinated?",
    ),
    (
        Approve,
        "Ana",
        "The bombing killed 40 people; the attackers should be brought to justice.",
    ),
    (Approve, "Ana", "He deserves to be prosecuted, not shot."),
    (
        Approve,
        "Ana",
        "How do traffickers move cocaine through the port? The article didn't say.",
    ),
    (
        Approve,
        "Ana",
        "My brother is a nurse and sees overdoses every week.",
    ),
    (
        Approve,
        "Ana",
        "The prosecutor called the cartel leaders animals in court.",
    ),
    (
        Approve,
        "Ana",
        "Calling the victims 'animals' is dehumanising and wrong.",
    ),
    (Approve, "Ana", "I'm going to kill it at the gym today."),
    (Approve, "Ana", "That joke killed me, I'm dead 😂"),
    // Violent verbs in idioms and verdicts on things, against the threats.
    (
        Approve,
        "Ana",
        "At some age everyone needs to hang up their car keys.",
    ),
    (Reject, "Dee", "Traitors like you need to hang."),
    (
        Approve,
        "Ana",
        "If she was drunk, that should be rape under the law.",
    ),
    (Approve, "Ana", "The bill should be shot down in committee."),
    (
        Approve,
        "Ana",
        "The man who yelled \"shut up\" at the speaker was escorted out.",
    ),
    (
        Approve,
        "Ana",
        "I should probably shut up and read the report first.",
    ),
    (Held, "Dee", "I told you to shut up."),
    (Held, "Dee", "Shut your mouth, nobody asked."),
    (Held, "Dee", "You sound like an idiot."),
    (Held, "Dee", "Honestly I hate you and everything you write."),
    (
        Held,
        "Dee",
        "He acts like a spoiled brat every time he loses.",
    ),
    (Approve, "Ana", "This plan sounds like a joke to me."),
    (Approve, "Ana", "I look like an idiot in this photo."),
    (Held, "Dee", "shut the hell up already"),
    (
        Approve,
        "Ana",
        "They shut the plant up for the winter and laid off forty workers.",
    ),
    // Heated but civil disagreement, and casual language.
    (
        Approve,
        "Ben",
        "I disagree with the author: sanctions have never stopped a cartel.",
    ),
    (
        Approve,
        "Ben",
        "This policy is a terrible idea and will backfire.",
    ),
    (
        Approve,
        "Ben",
        "Your argument ignores the 2019 data on homicide rates.",
    ),
    (
        Approve,
        "Ben",
        "With respect, I think you're wrong about the extradition treaty.",
    ),
    (
        Approve,
        "Ben",
        "You're not an idiot, you just missed the footnote.",
    ),
    (Approve, "Ben", "Damn, that's a grim statistic."),
    (
        Approve,
        "Ben",
        "Will the plugin be something I can install on my site, or only on hosted blogs?",
    ),
    // A long argument about money that cites its source is discussion.
    (
        Approve,
        "Ben",
        concat!(
            "The county's budget office says the new levy raises about four million a year, ",
            "and most of that income goes to road repair rather than to the sheriff. ",
            "Renters pay it through higher rents and owners through the mortgage escrow, so ",
            "the claim that only landlords carry it does not hold up. The council could have ",
            "phased it in over three years, as the neighbouring county did, and it would have ",
            "raised almost the same cash with less of a shock to households on fixed incomes. ",
            "The figures are on page twelve of the plan: ",
            "https://budget.example.gov/2026/plan.pdf. I would like to hear from a council ",
            "member why the faster schedule was chosen, because the minutes do not say."
        ),
    ),
    (Approve, "Ben", "Hell of a piece of reporting."),
    (
        Approve,
        "Ben",
        "This is fucking ridiculous, the minister should resign.",
    ),
    (
        Approve,
        "Ben",
        "Immigrants built this town, and the article gets that right.",
    ),
    (
        Approve,
        "Ben",
        "Great analysis. The part on laundering money through casinos was eye-opening.",
    ),
    (
        Approve,
        "Ben",
        "Nice post! I learned a lot about the drug war.",
    ),
    (
        Approve,
        "Ben",
        "Thanks, the indictment is at https://www.justice.gov/opa for anyone curious.",
    ),
    (Approve, "Ben", "I hope the reforms work, but I doubt it."),
    // Insults aimed at a person, plain and disguised.
    (Review, "Cy", "You are an idiot if you believe that."),
    (Review, "Cy", "Only a moron like you would write this."),
    (Review, "Cy", "You're a clueless hack."),
    (Review, "Cy", "The author is a liar and a coward."),
    (Review, "Cy", "Shut up and read the report."),
    (Review, "Cy", "Y0u are a st*pid clown."),
    (Review, "Cy", "you f u c k i n g idiot"),
    (Review, "Cy", "ｙｏｕ ａｒｅ ａ ｍｏｒｏｎ"),
    (Review, "Cy", "f*ck you"),
    (Review, "Cy", "Liberals are idiots, all of them."),
    (Review, "Cy", "n1gger"),
    // Insult nouns aimed by what stands before them, about a third person.
    (
        Review,
        "Cy",
        "These clowns on the council never read their own budget.",
    ),
    (Review, "Cy", "What a pathetic bunch of cowards."),
    (Review, "Cy", "The mayor is a spineless lying hypocrite."),
    (
        Review,
        "Cy",
        "Th0se 1di0ts who wrote this bill should resign.",
    ),
    (
        Review,
        "Cy",
        "Hey moron, read the article before commenting.",
    ),
    (
        Review,
        "Cy",
        "Stop being such a coward and answer the question.",
    ),
    (Review, "Cy", "F u c k these people."),
    (Review, "Cy", "Liars. Every one of them."),
    // A name closing an order to go away, or a farewell, is said to the
    // reader; the same noun as the order's object is not.
    (Review, "Cy", "Go back to sch00l l0ser"),
    (Review, "Cy", "get lost already clown"),
    (Review, "Cy", "wassup b1tch"),
    (Approve, "Cy", "Get the trolls to read the article first."),
    (
        Approve,
        "Cy",
        "Go ask the clowns at the circus for tickets.",
    ),
    // "That's what you are" names the reader, whatever stands before it.
    (Review, "Cy", "Liars, that is what you are."),
    (Approve, "Cy", "Heroes, that's what you are."),
    (Approve, "Cy", "A coward is what you call him?"),
    // The same words said of oneself, or not of a person, are not insults.
    (
        Approve,
        "Cy",
        "I felt like a fool for believing the first reports.",
    ),
    (Approve, "Cy", "I am such an idiot, I forgot to vote."),
    (Approve, "Cy", "This fool-proof recipe takes ten minutes."),
    (
        Approve,
        "Cy",
        "My brother called me an idiot for buying the car.",
    ),
    (Approve, "Cy", "Ugh, this weather. Fuck this weather."),
    // Threats.
    (Reject, "Dee", "I know where you live."),
    (Reject, "Dee", "You should be shot for writing this."),
    (Reject, "Dee", "Kill yourself."),
    (Reject, "Dee", "KYS loser"),
    (Reject, "Dee", "I will find you and hurt you."),
    (Reject, "Dee", "I'm going to kill you."),
    (Held, "Dee", "I hope you die."),
    (Held, "Dee", "I hope you burn in hell."),
    (Held, "Dee", "I hope someone beats the crap out of you."),
    (Held, "Dee", "I hope they all die in a fire."),
    (Approve, "Ben", "I hope the new law hurts the cartels."),
    (Approve, "Ben", "Hoping the team kills it tonight."),
    (
        Approve,
        "Ben",
        "I hope someone shoots the man who threatened you.",
    ),
    (Approve, "Ben", "I hope the killer gets the death penalty."),
    (Reject, "Dee", "y0u sh0uld be sh0t"),
    // Attacks on groups.
    (
        Reject,
        "Eve",
        "Immigrants are vermin and should be exterminated.",
    ),
    (Reject, "Eve", "Muslims are subhuman animals."),
    (Reject, "Eve", "All Jews should be gassed."),
    (Held, "Eve", "Refugees are parasites."),
    (
        Held,
        "Eve",
        "Those people are parasites and must be wiped out.",
    ),
    (Approve, "Ana", "That's just a stupid question in itself."),
    (
        Approve,
        "Ana",
        "The bypass is a ridiculous waste of taxpayers' money.",
    ),
    (Held, "Dee", "He is a stupid little man."),
    (
        Approve,
        "Ana",
        "Those people were herded like cattle onto the trucks, witnesses said.",
    ),
    (
        Approve,
        "Ana",
        "The rebel army was wiped out in a week, the historians agree.",
    ),
];
