#!/usr/bin/env python3
"""Writes bench/bodies.txt: generated comment bodies for the load test, one
JSON string per line. About 60% ordinary discussion, 25% link spam and 15%
toxic, so every rule family does work. Deterministic (seeded)."""
import json
import random

rng = random.Random(20261126)
subjects = ["the policy", "this article", "the new bridge", "the council vote", "your analysis",
            "the border data", "the second chart", "the budget", "the interview", "the court ruling"]
verbs = ["explains", "misses", "overstates", "clarifies", "ignores", "gets right", "questions"]
objects = ["the cost to families", "how enforcement works", "the timeline", "the real numbers",
           "what experts said", "the history here", "the regional effects"]
clean_tails = ["Thanks for writing it.", "I would like to see the sources.", "Good read overall.",
               "Fair points, though I disagree on the conclusion.", "Looking forward to part two."]
spam_tails = ["Check my site {u} for cheap deals!!!", "Earn $500 a day from home: {u} {u2}",
              "Best casino bonus here {u} and {u2} and {u3}", "Buy followers now at {u}",
              "<a href=\"{u}\">cheap pills</a> [url={u2}]click[/url]"]
toxic = ["You are a complete idiot and should shut up.", "Whoever wrote this is a moron.",
         "People like you are vermin.", "I know where you live.", "What a stupid pathetic take, loser."]


def url():
    return "http://" + rng.choice(["deals", "promo", "bit", "win", "shop"]) + str(rng.randint(1, 999)) + ".example/" + str(rng.randint(1, 9999))


lines = []
for i in range(400):
    r = rng.random()
    base = f"{rng.choice(subjects).capitalize()} {rng.choice(verbs)} {rng.choice(objects)}."
    if r < 0.60:
        body = " ".join([base, rng.choice(clean_tails)] * rng.randint(1, 3))
    elif r < 0.85:
        body = base + " " + rng.choice(spam_tails).format(u=url(), u2=url(), u3=url())
    else:
        body = base + " " + rng.choice(toxic)
    lines.append(json.dumps(body, ensure_ascii=False))

with open(__file__.replace("make_bodies.py", "bodies.txt"), "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
