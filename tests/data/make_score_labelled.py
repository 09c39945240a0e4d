#!/usr/bin/env python3
"""Writes tests/data/score_labelled.jsonl: hand-labelled (reply, gold) cases for the scorer.

Each template below is a reply written the way GPT-4o, Claude, Llama or Qwen answer, with its
gold and one label per gold row decided by hand under the HoloBench judge's definitions
(REFERENCE.md): exact = matches the gold row in content and detail; partial = some of it right
but incomplete, misordered or partly wrong (a correct key with a wrong number; a ranked item at
the wrong rank); none = wrong or absent (missing rows, "no answer").  Extra rows beyond the gold
are not penalized.  Empty gold: exact if the reply says there is no such information, none if
it offers any content (one pseudo-label for the instance).  NULL gold cells: a gold row that is
only NULL is answered by saying there is none; a NULL key is answered by naming it as
none/unknown; a NULL in another column must be said to be none/unknown too (left out: partial).

Labels were written with the templates, before the scorer was run on them.  Names come from
five pools ({A}..{H}; {A~} is the name without diacritics), so one template gives up to three
cases with different names; templates without names give one.  Run: python3 this > jsonl.
"""
import json
import sys
import unicodedata

POOLS = [
    ["Tubrimar", "Obvador", "Marselsel", "Kalotu", "Vatuka", "Brizova", "Miloka", "Seldorpel"],
    ["Lyon", "Nice", "Bordeaux", "Nantes", "Lille", "Rennes", "Dijon", "Toulouse"],
    ["Alice Moreau", "Ben Okafor", "Chen Wei", "Dana Petrova", "Emil Novak", "Farah Haddad",
     "Gustavo Lima", "Hana Sato"],
    ["Aurora Lamp", "Basalt Kettle", "Cedar Desk", "Delta Fan", "Ember Mug", "Fjord Chair",
     "Garnet Rug", "Harbor Clock"],
    ["Château Verne", "Bodega Peña", "Müller Haus", "Crème Atelier", "São Bento", "Zoë Brandt",
     "Éclat Foods", "Dvořák Hall"],
]

T = []  # (qtype, style, columns, rows, ordered, reply, labels, instances)


def t(qtype, style, cols, rows, reply, labels, ordered=False, n=3):
    T.append((qtype, style, cols, rows, ordered, reply, labels, n))


N1 = ["name"]
NV = ["name", "value"]

# ---------------------------------------------------------------- Aggregation
t("Aggregation", "marker", ["COUNT(*)"], [[38]], "Reasoning: I counted every wine sentence.\n\nAnswer: 38", "E", n=1)
t("Aggregation", "marker", ["COUNT(*)"], [[38]], "Reasoning: counted them.\n\nAnswer: 37", "N", n=1)
t("Aggregation", "prose", ["COUNT(*)"], [[38]], "After going through the records one by one, I count a total of 38 wines in the collection.", "E", n=1)
t("Aggregation", "prose", ["COUNT(*)"], [[12]], "There are twelve employees in the Paris office.", "E", n=1)
t("Aggregation", "prose", ["COUNT(*)"], [[12]], "I found 3 offices, and in total there are 11 employees across them.", "N", n=1)
t("Aggregation", "marker", ["SUM(amount)"], [[1234567]], "Answer: 1,234,567", "E", n=1)
t("Aggregation", "marker", ["SUM(amount)"], [[1234567]], "**Answer:** $1,234,567 in total sales", "E", n=1)
t("Aggregation", "marker", ["SUM(amount)"], [[3400000]], "Answer: about 3.4 million dollars", "E", n=1)
t("Aggregation", "marker", ["SUM(amount)"], [[1200]], "Answer: 1.2k", "E", n=1)
t("Aggregation", "marker", ["SUM(amount)"], [[1200]], "Answer: 12k", "N", n=1)
t("Aggregation", "marker", ["AVG(score)"], [[88.3157894736842]], "Reasoning: 19 wines, total 1678.\n\nAnswer: The average score is approximately 88.32.", "E", n=1)
t("Aggregation", "marker", ["AVG(score)"], [[88.3157894736842]], "Answer: 89.1", "N", n=1)
t("Aggregation", "marker", ["AVG(price)"], [[24.5]], "Answer: €24.50", "E", n=1)
t("Aggregation", "marker", ["AVG(rate)"], [[0.2]], "Answer: 20%", "E", n=1)
t("Aggregation", "marker", ["pct"], [[20]], "Answer: 20 %", "E", n=1)
t("Aggregation", "marker", ["share"], [[0.35]], "Answer: The share is 35%.", "E", n=1)
t("Aggregation", "marker", ["COUNT(*)"], [[4]], "Answer: fake-4f6ba58d", "N", n=1)
t("Aggregation", "marker", ["COUNT(*)"], [[3]], "Answer: The latest order was placed on 2021-03-15.", "N", n=1)
t("Aggregation", "marker", ["COUNT(*)"], [[7]], "Answer: ID B7X-2 is the only match.", "N", n=1)
t("Aggregation", "json", ["COUNT(*)"], [[38]], "```json\n{\"count\": 38}\n```", "E", n=1)
t("Aggregation", "json", ["COUNT(*)"], [[38]], "{\"answer\": 36}", "N", n=1)
t("Aggregation", "kv", ["total_weight"], [[1450]], "Answer:\nTotal weight: 1,450 kg", "E", n=1)
t("Aggregation", "hedge", ["COUNT(*)"], [[9]], "I'm not completely sure because some sentences are ambiguous, but I believe the count is 9.", "E", n=1)
t("Aggregation", "hedge", ["COUNT(*)"], [[9]], "Answer: Probably around 8 or 10; the text is unclear.", "N", n=1)
t("Aggregation", "answer-first", ["COUNT(*)"], [[5]], "Answer: 5\n\nExplanation: I first found 7 candidate rows, then removed 2 that were from 2019, leaving 5.", "E", n=1)
t("Aggregation", "answer-first", ["COUNT(*)"], [[7]], "Answer: 5\n\nExplanation: I first found 7 candidate rows, then removed 2 that were from 2019.", "N", n=1)
t("Aggregation", "refusal", ["COUNT(*)"], [[14]], "I'm sorry, but I can't determine the number of customers from the provided text.", "N", n=1)
t("Aggregation", "truncated", ["COUNT(*)"], [[21]], "Let me go through the sentences.\n1. Sentence 4 mentions a red wine.\n2. Sentence 9 mentions a red", "N", n=1)
t("Aggregation", "truncated", ["COUNT(*)"], [[21]], "Answer: 21\n\nReasoning: I went through each sentence and counted the wines whose colour is red, starting with sente", "E", n=1)
t("Aggregation", "marker", ["MAX(price)"], [[None]], "Reasoning: no wine in the text is from Chile.\n\nAnswer: None — there are no Chilean wines, so there is no maximum price.", "E", n=1)
t("Aggregation", "marker", ["MAX(price)"], [[None]], "Answer: 45", "N", n=1)
t("Aggregation", "marker", ["MAX(price)"], [[None]], "Answer: 0", "N", n=1)
t("Aggregation", "prose", ["AVG(score)"], [[None]], "None of the sentences describe a wine from 1850, so the average cannot be computed — it is undefined (NULL).", "E", n=1)
t("Aggregation", "marker", ["COUNT(*)"], [[0]], "Answer: 0 — no orders were shipped to Oslo.", "E", n=1)
t("Aggregation", "marker", ["COUNT(*)"], [[0]], "Answer: There are none.", "E", n=1)
t("Aggregation", "marker", ["SUM(qty)"], [[250]], "Answer: 2,500", "N", n=1)
t("Aggregation", "prose", ["SUM(revenue)"], [[2500000]], "The combined revenue of the three stores comes to $2.5M for the year.", "E", n=1)
t("Aggregation", "prose", ["total"], [[15000]], "Altogether they donated fifteen thousand euros.", "E", n=1)
t("Aggregation", "marker", ["MIN(date)"], [["2021-03-03"]], "Answer: March 3, 2021", "E", n=1)
t("Aggregation", "marker", ["MIN(date)"], [["2021-03-03"]], "Answer: 3 March 2021", "E", n=1)
t("Aggregation", "marker", ["MIN(date)"], [["2021-03-03"]], "Answer: 2021/03/03", "E", n=1)
t("Aggregation", "marker", ["MIN(date)"], [["2021-03-03"]], "Answer: March 13, 2021", "N", n=1)
t("Aggregation", "marker", ["MAX(date)"], [["2019-11-30"]], "Answer: The last delivery was on 11/30/2019.", "E", n=1)
t("Aggregation", "table", ["COUNT(*)"], [[17]], "| Metric | Value |\n|---|---|\n| Number of red wines | 17 |", "E", n=1)
t("Aggregation", "marker", ["COUNT(*)"], [[17]], "Answer: 17 red wines (out of 40 wines in total)", "E", n=1)
t("Aggregation", "marker", ["COUNT(*)"], [[40]], "Answer: 17 red wines (out of 40 wines in total)", "N", n=1)

# ---- Aggregation by group (Join + Aggregation)
G3 = [["red", 88.89], ["rose", 88.79], ["white", 88.0]]
t("Join", "table", ["color", "AVG(score)"], G3, "Answer:\n\n| Colour | Average score |\n|---|---|\n| Red | 88.89 |\n| Rosé | 88.79 |\n| White | 88.00 |", "EEE", ordered=True, n=1)
t("Join", "bullets", ["color", "AVG(score)"], G3, "Answer:\n- red: 88.9\n- rose: 88.8\n- white: 88", "EEE", ordered=True, n=1)
t("Join", "bullets", ["color", "AVG(score)"], G3, "Answer:\n- red: 88.9\n- white: 88\n- rose: 88.8", "EPP", ordered=True, n=1)
t("Join", "prose", ["color", "AVG(score)"], G3, "Red wines average 88.89 points, rosé wines 88.79 and white wines 88.0.", "EEE", ordered=True, n=1)
t("Join", "prose", ["color", "AVG(score)"], G3, "Red wines average 88.89 points, rosé wines 87.2 and white wines 88.0.", "EPE", ordered=True, n=1)
t("Join", "json", ["color", "AVG(score)"], G3, "```json\n{\n  \"red\": 88.89,\n  \"rose\": 88.79,\n  \"white\": 88.0\n}\n```", "EEE", ordered=True, n=1)
t("Join", "json", ["color", "AVG(score)"], G3, "```json\n[\n  {\"color\": \"red\", \"avg_score\": 88.89},\n  {\"color\": \"rose\", \"avg_score\": 88.79},\n  {\"color\": \"white\", \"avg_score\": 88.0}\n]\n```", "EEE", ordered=True, n=1)
t("Join", "kv", ["color", "AVG(score)"], G3, "Answer:\nColor: red\nAverage: 88.89\n\nColor: rose\nAverage: 88.79\n\nColor: white\nAverage: 88.00", "EEE", ordered=True, n=1)
t("Join", "marker", ["color", "AVG(score)"], G3, "Answer: red 88.89; rose 88.79; white 88.0", "EEE", ordered=True, n=1)
t("Join", "marker", ["color", "AVG(score)"], G3, "Answer: red 88.89; white 88.0", "ENP", ordered=True, n=1)
t("Join", "marker", ["color", "AVG(score)"], G3, "Answer: 88.89, 88.79, 88.0", "PPP", ordered=True, n=1)  # values without their keys: incomplete (README, score: judgement calls)
t("Join", "truncated", ["color", "AVG(score)"], G3, "Answer:\n| Colour | Avg |\n|---|---|\n| red | 88.89 |\n| rose | 88.7", "EPN", ordered=True, n=1)
YC = [[2019, 7], [2020, 11], [2021, 4]]
t("Join", "bullets", ["year", "COUNT(*)"], YC, "Answer:\n- 2019: 7 orders\n- 2020: 11 orders\n- 2021: 4 orders", "EEE", n=1)
t("Join", "prose", ["year", "COUNT(*)"], YC, "In 2019 there were 7 orders, in 2020 there were 11, and in 2021 there were 4.", "EEE", n=1)
t("Join", "bullets", ["year", "COUNT(*)"], YC, "Answer:\n- 2019: 11 orders\n- 2020: 7 orders\n- 2021: 4 orders", "PPE", n=1)
t("Join", "table", ["year", "COUNT(*)"], YC, "| Year | Orders |\n|------|--------|\n| 2019 | 7 |\n| 2020 | 11 |", "EEN", n=1)
t("Join", "bullets", ["name", "COUNT(*)"], [["{A}", 3], ["{B}", 5]], "Answer:\n* {A} — 3\n* {B} — 5", "EE")
t("Join", "prose", ["name", "COUNT(*)"], [["{A}", 3], ["{B}", 5]], "{A} has 3 of them and {B} has 5.", "EE")
t("Join", "prose", ["name", "COUNT(*)"], [["{A}", 3], ["{B}", 5]], "{A} has 5 of them and {B} has 3.", "PP")
t("Join", "prose", ["name", "COUNT(*)"], [["{A}", 3], ["{B}", 5]], "Answer: {A} (3) and {B} (5)", "EE")
t("Join", "marker", ["name", "COUNT(*)"], [["{A}", 3], ["{B}", 5]], "Answer: {A}, {B}", "PP")
t("Join", "marker", ["name", "COUNT(*)"], [["{A}", 3], ["{B}", 5]], "Answer: {A}: 3, {C}: 5", "EN")

# ---------------------------------------------------------------- Max/Min
t("Max/Min", "marker", N1, [["{A}"]], "Reasoning: {B} scored 91 and {A} scored 97, the highest.\n\nAnswer: {A}", "E")
t("Max/Min", "marker", N1, [["{A}"]], "Reasoning: {A} scored 91 and {B} scored 97, the highest.\n\nAnswer: {B}", "N")
t("Max/Min", "answer-first", N1, [["{A}"]], "Answer: {B}\n\nReasoning: {A} was a candidate too, but {B} has the higher score.", "N")
t("Max/Min", "answer-first", N1, [["{A}"]], "Answer: {A}\n\nReasoning: {B} was a candidate too, but {A} has the higher score.", "E")
t("Max/Min", "prose", N1, [["{A}"]], "The most expensive item is **{A}**, ahead of {B}.", "E")
t("Max/Min", "prose", N1, [["{A}"]], "The most expensive item is **{B}**, ahead of {A}.", "N")
t("Max/Min", "prose", NV, [["{A}", 99]], "{A} has the highest score with 99 points, followed by {B} with 97.", "E")
t("Max/Min", "prose", NV, [["{A}", 99]], "{B} has the highest score with 99 points, followed by {A} with 97.", "P")
t("Max/Min", "prose", NV, [["{A}", 99]], "{A} has the highest score with 98 points.", "P")
t("Max/Min", "marker", NV, [["{A}", 1450]], "Answer: {A~} (1,450)", "E")
t("Max/Min", "marker", NV, [["{A}", 1450]], "Answer: {A} — $1.45k", "E")
t("Max/Min", "kv", NV, [["{A}", 42.5]], "Answer:\nName: {A}\nPrice: $42.50", "E")
t("Max/Min", "kv", NV, [["{A}", 42.5]], "Answer:\n- **Name:** {A}\n- **Price:** 45.00", "P")
t("Max/Min", "json", NV, [["{A}", 42.5]], "```json\n{\n  \"name\": \"{A}\",\n  \"price\": 42.5\n}\n```", "E")
t("Max/Min", "json", NV, [["{A}", 42.5]], "{\"name\": \"{B}\", \"price\": 42.5}", "N")
t("Max/Min", "table", NV, [["{A}", 42.5]], "| Name | Price |\n|---|---|\n| {A} | 42.50 |", "E")
t("Max/Min", "hedge", N1, [["{A}"]], "Based on the information available, it appears that {A} is the oldest, although the text doesn't state every founding year explicitly.", "E")
t("Max/Min", "hedge", N1, [["{A}"]], "It is hard to say for certain. {B} seems likely, although there is very little information.", "N")
t("Max/Min", "refusal", N1, [["{A}"]], "I cannot determine which item is the heaviest from the given context.", "N")
t("Max/Min", "refusal", NV, [["{A}", 7]], "I'm sorry, but I can't help with identifying that.", "N")
t("Max/Min", "numbered", ["name", "score", "year"], [["{A}", 95, 2015]], "Answer:\n1. {A}\n   - Score: 95\n   - Year: 2015", "E")
t("Max/Min", "marker", ["name", "score", "year"], [["{A}", 95, 2015]], "Answer: {A} (2015), 95 points", "E")
t("Max/Min", "marker", ["name", "score", "year"], [["{A}", 95, 2015]], "Answer: {A} (2016), 95 points", "P")
t("Max/Min", "marker", ["name", "score", "year"], [["{A}", 95, 2015]], "Answer: {B} (2015), 95 points", "N")
t("Max/Min", "marker", ["home", "away"], [[3, 2]], "Answer: 3-2", "E", n=1)
t("Max/Min", "marker", ["home", "away"], [[3, 2]], "Answer: 2-3", "P", n=1)
t("Max/Min", "marker", ["name", "born"], [["{A}", "1987-06-12"]], "Answer: {A}, born June 12, 1987", "E")
t("Max/Min", "marker", ["name", "born"], [["{A}", "1987-06-12"]], "Answer: {A}, born 12 June 1978", "P")
t("Max/Min", "truncated", NV, [["{A}", 88]], "Let me compare the candidates.\n\n{B}: 84\n{C}: 79\n{A}: 8", "N")
t("Max/Min", "truncated", NV, [["{A}", 88]], "Answer: {A} with 88 points.\n\nTo find this I compared all twelve rows in the context, starting with the first paragraph, where {B} is", "E")
t("Max/Min", "marker", NV, [[None, 12]], "Answer: Unknown region, 12 wines", "E", n=1)
t("Max/Min", "marker", NV, [[None, 12]], "Answer: 12", "P", n=1)
t("Max/Min", "marker", ["name", "region"], [["{A}", None]], "Answer: {A} (region not listed)", "E")
# A NULL cell left out: partial since scorer version 5 (careful labellers split; the stricter
# reading is taken, README score "Judgement calls"); labelled exact before.
t("Max/Min", "marker", ["name", "region"], [["{A}", None]], "Answer: {A}", "P")
t("Max/Min", "prose", N1, [["{A}"]], "The cheapest one is {A~}.", "E")
t("Max/Min", "marker", ["name"], [["{A}"]], "Answer: {A} or {B} — both are listed at the same lowest price.", "P")

# ---------------------------------------------------------------- Comparison (lists of names)
L3 = [["{A}"], ["{B}"], ["{C}"]]
t("Comparison", "bullets", N1, L3, "Answer:\n- {A}\n- {B}\n- {C}", "EEE")
t("Comparison", "bullets", N1, L3, "Answer:\n- {C}\n- {A}", "ENE")
t("Comparison", "bullets", N1, L3, "Answer:\n- {A}\n- {B}\n- {C}\n- {D}", "EEE")
t("Comparison", "numbered", N1, L3, "The wines that match are:\n\n1. **{B}**\n2. **{C}**\n3. **{A}**\n\nLet me know if you need more details.", "EEE")
t("Comparison", "marker", N1, L3, "Answer: {A}, {B}, {C}", "EEE")
t("Comparison", "marker", N1, L3, "Answer: {A}, {B} and {C}.", "EEE")
t("Comparison", "prose", N1, L3, "Three of them qualify: {A}, {B}, and {C}. All others fall below the threshold.", "EEE")
t("Comparison", "prose", N1, L3, "Only {A} and {B} qualify; {C} falls just short of the threshold.", "EEN")
t("Comparison", "prose", N1, L3, "{A} qualifies. {B} does too. I also considered {D}, but it does not.", "EEN")
t("Comparison", "json", N1, L3, "```json\n[\"{A}\", \"{B}\", \"{C}\"]\n```", "EEE")
t("Comparison", "json", N1, L3, "```json\n{\"names\": [\"{A}\", \"{C}\"]}\n```", "ENE")
t("Comparison", "json", N1, L3, "[\n  {\"name\": \"{A}\"},\n  {\"name\": \"{B}\"},\n  {\"name\": \"{C}\"}\n]", "EEE")
t("Comparison", "table", N1, L3, "| Name |\n|------|\n| {A} |\n| {B} |\n| {C} |", "EEE")
t("Comparison", "table", N1, L3, "| # | Name | Score |\n|---|---|---|\n| 1 | {A} | 93 |\n| 2 | {D} | 92 |\n| 3 | {C} | 91 |", "ENE")
t("Comparison", "hedge", N1, L3, "I might be missing some, but the ones I found are {A}, {B} and {C}.", "EEE")
t("Comparison", "answer-first", N1, L3, "Answer: {A}, {B}\n\nI excluded {C} because its score is 89, and {D} because it is from 2004.", "EEN")
t("Comparison", "refusal", N1, L3, "I could not find any that satisfy the condition.", "NNN")
t("Comparison", "refusal", N1, L3, "Answer: No answer", "NNN")
t("Comparison", "truncated", N1, L3, "Answer:\n- {A}\n- {B}\n- {C", "EEN")
t("Comparison", "truncated", N1, L3, "Answer:\n- {A}\n- {B}\n- {C}\n- {D}\n- ", "EEE")
t("Comparison", "kv", ["name", "price"], [["{A}", 120], ["{B}", 95]], "Answer:\n- Name: {A}\n  Price: $120\n- Name: {B}\n  Price: $95", "EE")
t("Comparison", "kv", ["name", "price"], [["{A}", 120], ["{B}", 95]], "Answer:\nName: {A}\nPrice: 120\nName: {B}\nPrice: 59", "EP")
t("Comparison", "bullets", ["name", "price"], [["{A}", 120], ["{B}", 95]], "Answer:\n- {A}: 120\n- {B}: 120", "EP")
t("Comparison", "bullets", ["name", "price"], [["{A}", 120], ["{B}", 95]], "Answer:\n- {A}\n- {B}\n\nPrices: 120 and 95 respectively.", "EE")
t("Comparison", "marker", ["name", "price"], [["{A}", 120], ["{B}", 95]], "Answer: {A}, 120; {B}, 95", "EE")
t("Comparison", "marker", ["name", "price"], [["{A}", 120], ["{B}", 95]], "Answer: {C}, 120; {D}, 95", "NN")
t("Comparison", "prose", ["name", "price"], [["{A}", 120], ["{B}", 95]], "{A} costs $120 while {B} costs $95.", "EE")
t("Comparison", "prose", ["name", "price"], [["{A}", 120], ["{B}", 95]], "Both {A} and {B} are above the limit.", "PP")
t("Comparison", "json", ["name", "price"], [["{A}", 120], ["{B}", 95]], "```json\n[\n  {\n    \"name\": \"{A}\",\n    \"price\": 120\n  },\n  {\n    \"name\": \"{B}\",\n    \"price\": 95\n  }\n]\n```", "EE")
t("Comparison", "json", ["name", "price"], [["{A}", 120], ["{B}", 95]], "```json\n[[\"{A}\", 120], [\"{B}\", 99]]\n```", "EP")
t("Comparison", "table", ["name", "price"], [["{A}", 120], ["{B}", 95]], "| Name | Price |\n|:--|--:|\n| {A} | $120.00 |\n| {B} | $95.00 |", "EE")
t("Comparison", "table", ["name", "price"], [["{A}", 120], ["{B}", 95]], "| Name | Price |\n|:--|--:|\n| {A} | $95.00 |\n| {B} | $120.00 |", "PP")
t("Comparison", "numbered", ["name", "city"], [["{A}", "Porto"], ["{B}", "Braga"]], "Answer:\n1. {A} (Porto)\n2. {B} (Braga)", "EE")
t("Comparison", "numbered", ["name", "city"], [["{A}", "Porto"], ["{B}", "Braga"]], "Answer:\n1. {A} (Braga)\n2. {B} (Porto)", "PP")
t("Comparison", "marker", N1, [["{A}"], ["{B}"]], "Answer: {A}; none of the others qualify.", "EN")
E0 = []
t("Comparison", "marker", N1, E0, "Reasoning: the highest price in the text is 640.\n\nAnswer: No answer", "E", n=1)
t("Comparison", "marker", N1, E0, "Answer: None", "E", n=1)
t("Comparison", "marker", N1, E0, "Answer: N/A", "E", n=1)
t("Comparison", "json", N1, E0, "```json\n[]\n```", "E", n=1)
t("Comparison", "prose", N1, E0, "No — none of the wines in the text costs more than 1000 dollars.", "E", n=1)
t("Comparison", "refusal", N1, E0, "I could not find any employee hired before 1990 in the provided records.", "E", n=1)
t("Comparison", "refusal", N1, E0, "I cannot determine any such product from the given text.", "E", n=1)
t("Comparison", "marker", N1, E0, "Answer: {A} and {B}; none of the others qualify.", "N")
t("Comparison", "marker", N1, E0, "Answer: {A}", "N")
t("Comparison", "bullets", N1, E0, "The closest candidates are:\n- {A}\n- {B}", "N")
t("Comparison", "prose", N1, E0, "There are no such records. The nearest one is {A}, which costs 980.", "N")  # a near candidate offered after "none" is content (README, score: conventions)
t("Comparison", "hedge", N1, E0, "It seems there are no such items, though I may have missed something.", "E", n=1)
t("Comparison", "truncated", N1, E0, "Let me check each item one by one. {A} costs 450, {B} costs", "N")
t("Comparison", "prose", N1, E0, "Based on the text, {A} is the only one that comes close, at 990.", "N")

# ---------------------------------------------------------------- Join
t("Join", "bullets", N1, [["{A}"], ["{B}"]], "Here are the matching entries:\n\n- **{A}** (made in Porto, 2011)\n- **{B}** (made in Porto, 2014)\n\nBoth wineries are in North Vale.", "EE")
t("Join", "bullets", N1, [["{A}"], ["{B}"]], "Answer:\n- {A} — from {C}\n- {D} — from {B}", "EN")
t("Join", "marker", ["name", "winery"], [["{A}", "{E}"], ["{B}", "{F}"]], "Answer:\n- {A} ({E})\n- {B} ({F})", "EE")
t("Join", "marker", ["name", "winery"], [["{A}", "{E}"], ["{B}", "{F}"]], "Answer:\n- {A} ({F})\n- {B} ({E})", "PP")
t("Join", "marker", ["name", "winery"], [["{A}", "{E}"], ["{B}", "{F}"]], "Answer:\n- {A}\n- {B}\n\nWineries: {E}, {F}", "PP")
t("Join", "table", ["name", "winery"], [["{A}", "{E}"], ["{B}", "{F}"]], "| Wine | Winery |\n|------|--------|\n| {A} | {E} |\n| {B} | {F} |", "EE")
t("Join", "kv", ["name", "winery"], [["{A}", "{E}"], ["{B}", "{F}"]], "Answer:\n\nWine: {A}\nWinery: {E}\n\nWine: {B}\nWinery: {F}", "EE")
t("Join", "kv", ["name", "winery"], [["{A}", "{E}"], ["{B}", "{F}"]], "1. **{A}**\n   - Winery: {E}\n2. **{B}**\n   - Winery: {G}", "EP")
t("Join", "json", ["name", "winery"], [["{A}", "{E}"], ["{B}", "{F}"]], "```json\n[\n  {\"wine\": \"{A}\", \"winery\": \"{E}\"},\n  {\"wine\": \"{B}\", \"winery\": \"{F}\"}\n]\n```", "EE")
t("Join", "prose", ["name", "winery"], [["{A}", "{E}"], ["{B}", "{F}"]], "{A} is made by {E}, and {B} is made by {F}.", "EE")
t("Join", "prose", ["name", "winery"], [["{A}", "{E}"], ["{B}", "{F}"]], "{A} is made by {F}, and {B} is made by {E}.", "PP")
t("Join", "hedge", ["name", "winery"], [["{A}", "{E}"]], "If I read the context correctly, {A} is produced by {E}, though the sentence is a bit ambiguous.", "E")
t("Join", "refusal", ["name", "winery"], [["{A}", "{E}"]], "Unfortunately, the context does not contain enough information to link the products to suppliers.", "N")
t("Join", "truncated", ["name", "winery"], [["{A}", "{E}"], ["{B}", "{F}"]], "Answer:\n- {A} ({E})\n- {B} (", "EP")
t("Join", "answer-first", N1, [["{A}"]], "**Answer:** {A}\n\n**Why:** {A} is the only product whose supplier, {B}, is based in Lyon. {C} was considered but its supplier is elsewhere.", "E")
t("Join", "marker", ["name", "amount"], [["{A}", 2500], ["{B}", 1800]], "Answer:\n- {A}: 2.5k\n- {B}: 1.8k", "EE")
t("Join", "marker", ["name", "amount"], [["{A}", 2500], ["{B}", 1800]], "Answer:\n- {A}: 2,500 EUR\n- {B}: 1,800 EUR", "EE")
t("Join", "marker", ["name", "amount"], [["{A}", 2500], ["{B}", 1800]], "Answer:\n- {A}: 25\n- {B}: 18", "PP")
t("Join", "numbered", ["name", "country"], [["{A}", "Côte d'Ivoire"], ["{B}", "Perú"]], "Answer:\n1. {A} — Cote d'Ivoire\n2. {B} — Peru", "EE")
t("Join", "marker", ["customer", "city", "total"], [["{A}", "Lisbon", 340], ["{B}", "Madrid", 125]], "Answer:\n{A}, Lisbon, 340\n{B}, Madrid, 125", "EE")
t("Join", "marker", ["customer", "city", "total"], [["{A}", "Lisbon", 340], ["{B}", "Madrid", 125]], "Answer:\n{A}, Madrid, 340\n{B}, Madrid, 125", "PE")
t("Join", "marker", ["customer", "city", "total"], [["{A}", "Lisbon", 340], ["{B}", "Madrid", 125]], "Answer:\n{A} from Lisbon spent 340.\n{B} from Madrid spent 152.", "EP")
t("Join", "marker", N1, [[None], ["{A}"]], "Answer:\n- {A}\n- (no name recorded)", "EE")
t("Join", "marker", N1, [[None], ["{A}"]], "Answer:\n- {A}", "NE")

# ---------------------------------------------------------------- Ranking (ordered)
R3 = [["{A}"], ["{B}"], ["{C}"]]
t("Ranking", "numbered", N1, R3, "Answer:\n1. {A}\n2. {B}\n3. {C}", "EEE", ordered=True)
t("Ranking", "numbered", N1, R3, "Answer:\n1. {B}\n2. {A}\n3. {C}", "PPE", ordered=True)
t("Ranking", "numbered", N1, R3, "Answer:\n1. {A}\n2. {C}", "ENP", ordered=True)
t("Ranking", "numbered", N1, R3, "Answer:\n1. {D}\n2. {A}\n3. {B}\n4. {C}", "PPP", ordered=True)
t("Ranking", "numbered", N1, R3, "Answer:\n1. {A}\n2. {D}\n3. {C}", "ENE", ordered=True)
t("Ranking", "marker", N1, R3, "Answer: {A}, {B}, {C}", "EEE", ordered=True)
t("Ranking", "marker", N1, R3, "Answer: {C}, {B}, {A}", "PEP", ordered=True)
t("Ranking", "prose", N1, R3, "{A} ranks first, followed by {B}, with {C} in third place.", "EEE", ordered=True)
t("Ranking", "table", ["name", "score"], [["{A}", 99], ["{B}", 97], ["{C}", 95]], "| Rank | Name | Score |\n|---|---|---|\n| 1 | {A} | 99 |\n| 2 | {B} | 97 |\n| 3 | {C} | 95 |", "EEE", ordered=True)
t("Ranking", "table", ["name", "score"], [["{A}", 99], ["{B}", 97], ["{C}", 95]], "| Rank | Name | Score |\n|---|---|---|\n| 1 | {A} | 99 |\n| 2 | {C} | 95 |\n| 3 | {B} | 97 |", "EPP", ordered=True)
t("Ranking", "bullets", ["name", "score"], [["{A}", 99], ["{B}", 97], ["{C}", 95]], "Answer:\n- {A}: 99\n- {B}: 96\n- {C}: 95", "EPE", ordered=True)
t("Ranking", "bullets", ["name", "score"], [["{A}", 99], ["{B}", 97], ["{C}", 95]], "Answer:\n- {A} (99 points)\n- {B} (97 points)\n- {C} (95 points)", "EEE", ordered=True)
t("Ranking", "json", ["name", "score"], [["{A}", 99], ["{B}", 97], ["{C}", 95]], "```json\n[\n  {\"name\": \"{A}\", \"score\": 99},\n  {\"name\": \"{B}\", \"score\": 97},\n  {\"name\": \"{C}\", \"score\": 95}\n]\n```", "EEE", ordered=True)
t("Ranking", "json", ["name", "score"], [["{A}", 99], ["{B}", 97], ["{C}", 95]], "```json\n[\n  {\"name\": \"{B}\", \"score\": 97},\n  {\"name\": \"{A}\", \"score\": 99},\n  {\"name\": \"{C}\", \"score\": 95}\n]\n```", "PPE", ordered=True)
t("Ranking", "kv", ["name", "score"], [["{A}", 99], ["{B}", 97]], "Answer:\nRank 1\nName: {A}\nScore: 99\n\nRank 2\nName: {B}\nScore: 97", "EE", ordered=True)
t("Ranking", "prose", ["name", "score"], [["{A}", 99], ["{B}", 97], ["{C}", 95]], "The top three are {A} (99), {B} (97) and {C} (95).", "EEE", ordered=True)
t("Ranking", "prose", ["name", "score"], [["{A}", 99], ["{B}", 97], ["{C}", 95]], "The top three are {A} (99), {C} (95) and {B} (97).", "EPP", ordered=True)
t("Ranking", "hedge", N1, R3, "I'm fairly confident about the first two; the third is less certain.\n\n1. {A}\n2. {B}\n3. {C}", "EEE", ordered=True)
t("Ranking", "truncated", N1, R3, "Answer:\n1. {A}\n2. {B}\n3.", "EEN", ordered=True)
t("Ranking", "answer-first", N1, R3, "Answer: {A}, {B}, {C}\n\nExplanation: {C} scored lowest of the three, while {D} was excluded.", "EEE", ordered=True)
t("Ranking", "refusal", N1, R3, "I am unable to rank these items because the context does not give their scores.", "NNN", ordered=True)
t("Ranking", "numbered", ["score"], [[99], [97], [95], [94]], "Answer:\n1. 99\n2. 97\n3. 95\n4. 94", "EEEE", ordered=True, n=1)
t("Ranking", "numbered", ["score"], [[99], [97], [95], [94]], "Answer:\n1. 99\n2. 95\n3. 94", "ENPP", ordered=True, n=1)
t("Ranking", "marker", ["name", "salary"], [["{A}", 125000], ["{B}", 98000]], "Answer:\n1. {A} — $125k\n2. {B} — $98k", "EE", ordered=True)
t("Ranking", "marker", ["name", "salary"], [["{A}", 125000], ["{B}", 98000]], "Answer:\n1. {A} — $125,000\n2. {B} — $89,000", "EP", ordered=True)
t("Ranking", "numbered", ["name", "pop"], [["{A}", 2100000], ["{B}", 870000]], "Answer:\n1. {A} – 2.1 million\n2. {B} – 870,000", "EE", ordered=True)
t("Ranking", "prose", N1, R3, "In order: {A~}, then {B~}, then {C~}.", "EEE", ordered=True)

sys.stdout.reconfigure(encoding="utf-8")


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def fill(x, pool):
    if isinstance(x, str):
        for k, name in zip("ABCDEFGH", pool):
            x = x.replace("{%s~}" % k, fold(name)).replace("{%s}" % k, name)
        return x
    if isinstance(x, list):
        return [fill(y, pool) for y in x]
    return x


LAB = {"E": "exact", "P": "partial", "N": "none"}
k = 0
for i, (qtype, style, cols, rows, ordered, reply, labels, n) in enumerate(T):
    uses_names = "{A" in reply or "{A" in json.dumps(rows, ensure_ascii=False)
    for j in range(n if uses_names else 1):
        pool = POOLS[(i + 2 * j) % len(POOLS)]
        case = {"id": "L%03d" % k, "type": qtype, "style": style,
                "gold": {"columns": fill(cols, pool), "rows": fill(rows, pool),
                         "ordered": ordered},
                "reply": fill(reply, pool), "labels": [LAB[c] for c in labels]}
        assert len(case["labels"]) == max(len(rows), 1), (i, reply)
        print(json.dumps(case, ensure_ascii=False))
        k += 1
