#!/usr/bin/env python3
"""Reference fixtures for the native BERT encoder, made by sentence-transformers from all-MiniLM-L6-v2.

Writes into --out (default Tests/EncodersTests/Fixtures/minilm):
  texts.json      JSON array of the texts below (ensure_ascii, so control characters survive any editor)
  token_ids.json  JSON array of arrays of ints: the input ids the model sees, [CLS] ... [SEP], truncated to
                  the model's max_seq_length (256), no padding
  embeddings.npy  float32, n x 384: model.encode(texts, batch_size=32) with the model's own modules
                  (Transformer, mean Pooling, Normalize), so unit length
  meta.json       model folder name, weights sha256, max_seq_length, counts, library versions

Every text is written here for evalbench (none comes from a data set). Before writing anything the script
checks that model.tokenizer(text, truncation=True, max_length=max_seq_length) gives the same ids as
model.preprocess/tokenize and as the input_ids that model.encode really feeds the transformer (captured
with a forward pre-hook, both one text at a time and in the batched call that makes embeddings.npy).

    pip install -r scripts/requirements.txt
    HF_HUB_OFFLINE=1 python3 scripts/make_bert_fixtures.py --model /path/to/all-MiniLM-L6-v2-folder
"""
import argparse
import hashlib
import json
import os
import platform
import sys

# ---------------------------------------------------------------------------------------------------------
# Texts

# Words built from long English words, sliced to exact lengths around BERT's max_input_chars_per_word (100):
# a word of 100 characters is split into word pieces, one of 101 or more becomes a single [UNK].
_LONG_WORD_STOCK = ("pneumonoultramicroscopicsilicovolcanoconiosis" "floccinaucinihilipilification"
                    "antidisestablishmentarianism" "supercalifragilisticexpialidocious" "honorificabilitudinitatibus")
WORD_150 = _LONG_WORD_STOCK[:150]
WORD_100 = _LONG_WORD_STOCK[:100]
WORD_101 = _LONG_WORD_STOCK[:101]
WORD_99 = _LONG_WORD_STOCK[:99]
assert (len(WORD_150), len(WORD_100), len(WORD_101), len(WORD_99)) == (150, 100, 101, 99)

EDGE_CASES = [
    # empty and whitespace
    "",
    "   ",
    "\t\n",
    " \t \n \r\n ",
    "  leading and trailing spaces  ",
    "a",
    ".",
    # accents, case, normalisation
    "café",
    "naïve café in Ångström units",
    "RÉSUMÉ",
    "RÉSUMÉ OF THE ÉCOLE NORMALE FAÇADE",
    "Crème brûlée à la carte, s'il vous plaît.",
    "e\u0301tude and re\u0301sume\u0301 written with combining acute accents",
    "\u212bngstro\u0308m with the angstrom sign and a combining diaeresis",
    "İSTANBUL and ıstanbul, ΣΊΣΥΦΟΣ and Straße, STRASSE",
    "The Kelvin sign \u212a and the ligatures \ufb01 \ufb03 stay as they are",
    "Ｆｕｌｌ－ｗｉｄｔｈ ｆｏｒｍｓ ＡＢＣ １２３！",
    "ｈｅｌｌｏ、ｗｏｒｌｄ。",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 mathematical letters and 𝟙𝟚𝟛 digits",
    # CJK
    "我们明天早上在图书馆门口见面。",
    "中文English混合text测试123",
    "ひらがなとカタカナ、がぎぐげご、パピプペポ。",
    "今日は雨が降っていますが、明日は晴れるでしょう。",
    "서울의 가을 하늘은 정말 맑고 높습니다.",
    "대한민국의수도는서울이고인구는천만명에가깝습니다그리고한강이도시를가로지릅니다",
    "CJK extension B: 𠀀𠀁𠀂 and compatibility 豈更",
    # emoji
    "🙂",
    "I love pizza 🍕🍕🍕 and tacos 🌮!",
    "Family 👨‍👩‍👧‍👦, coder 👩‍💻, rainbow flag 🏳️‍🌈, thumbs 👍🏽",
    "Flags: 🇫🇷🇯🇵🇰🇷🇧🇷 and Scotland 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "Keycaps 1️⃣2️⃣3️⃣ and a red heart ❤️ with a variation selector",
    # control and invisible characters
    "null\x00byte and bell\x07 inside",
    "\x00\x07",
    "zero\u200bwidth\u200bspace between words",
    "\ufeffbyte order mark at the start",
    "carriage\rreturn, file\x1cseparator and escape\x1b[0m sequence",
    "soft\u00adhyphen, no\u2011break hyphen, non\u00a0breaking space",
    "ideographic\u3000space, line\u2028separator, next\u0085line, paragraph\u2029separator",
    "replacement character \ufffd and private use \ue000 and noncharacter \ufdd0",
    "\u200b",
    "\u200e\u200fdirection marks\u202e reversed \u202c",
    # spacing
    "tabs\tbetween\twords",
    "many     spaces     between     words",
    "line one\nline two\n\nline four",
    # long words around the 100-character limit
    WORD_150,
    WORD_100,
    WORD_101,
    WORD_99,
    WORD_99 + "é",
    WORD_99.upper() + "É",
    "Before " + WORD_100 + " after.",
    "Before " + WORD_101 + ", after.",
    WORD_99 + "-" + WORD_99,
    "ha" * 50,
    "a" * 100,
    "b" * 101,
    # punctuation, numbers, symbols
    "!!!???...,,,;;;:::",
    "?!?!?!?!?!?!?!?! ... ––– ——— «»‹› „“ ‘’",
    "Symbols $100 ^caret `tick` |pipe| ~tilde~ €50 £20 ¥300 © ® ™ § ¶ °C",
    "Math: ∑ x² ≤ ∫ f(x) dx ≠ √2 ± ½ ∞",
    "1,234,567.89 and 3.14159 and 10^6 and -42 and 6.022e23",
    "On 2026-11-22 at 08:45:30, order #A-1029/7 cost 1.234,56 € (12 %).",
    "Arabic-Indic digits ٠١٢٣٤٥٦٧٨٩ and Devanagari digits ०१२३",
    "MiXeD CaSe WoRdS In A sEnTeNcE",
    "ALL CAPS SHOUTING ABOUT THE DEADLINE",
    "camelCaseIdentifier and snake_case_identifier and kebab-case-identifier",
    "Visit https://example.com/path/to/page?q=1&r=two#frag or mail first.last+tag@example.org",
    "ftp://files.example.net:2121/pub/README.txt and www.example.co.uk",
    "@someone #hashtag &amp; <div class=\"x\">html</div>",
    "def square(x): return x ** 2  # comment",
    "The [SEP] token, the [CLS] token, the [MASK] token, [UNK] and [PAD] appear literally.",
    "lowercase [sep] and [cls] and [mask] and spaced [ SEP ]",
    "Don't, won't, can't, y'all'd've: contractions everywhere.",
    "C++ and C# and F# are languages; so is R.",
    "unaffable unbelievable antidisestablishmentarianism",
    # other scripts
    "Арбуз и дыня лежат на столе, а кот спит на подоконнике.",
    "Η γρήγορη καφέ αλεπού πηδά πάνω από τον τεμπέλη σκύλο.",
    "مرحبا بالعالم، كيف حالك اليوم؟",
    "شَكَرًا جَزِيلًا",
    "שלום עולם, מה שלומך?",
    "नमस्ते दुनिया, आज मौसम अच्छा है।",
    "สวัสดีชาวโลก วันนี้อากาศดีมาก",
    "Tiếng Việt có nhiều dấu thanh điệu.",
    "Ελληνικά, русский, עברית, العربية, हिन्दी, ไทย in one line",
]

ORDINARY = [
    "Hello.",
    "Good morning!",
    "Thanks a lot.",
    "Where is the station?",
    "It is raining again.",
    "The cat sat on the warm windowsill.",
    "Please close the door behind you.",
    "Our flight was delayed by two hours.",
    "She planted tomatoes along the south fence.",
    "The meeting has been moved to Thursday afternoon.",
    "He forgot his umbrella at the bakery.",
    "The museum opens at ten on weekdays.",
    "A heavy fog settled over the harbour overnight.",
    "The children built a snowman with a carrot nose.",
    "Can you recommend a good book about volcanoes?",
    "The recipe calls for two cups of flour and a pinch of salt.",
    "My laptop battery drains faster than it used to.",
    "The committee approved the new bicycle lanes.",
    "We watched the sunset from the top of the hill.",
    "The library extended its opening hours during exams.",
    "Fresh basil makes the tomato sauce taste brighter.",
    "The goalkeeper saved a penalty in the final minute.",
    "Our neighbour's dog barks whenever the mail arrives.",
    "The train to the coast leaves from platform nine.",
    "Vaccines train the immune system to recognise a pathogen.",
    "The telescope revealed four moons circling the planet.",
    "Interest rates rose for the third consecutive quarter.",
    "The bridge was closed for repairs after the storm.",
    "He practises the cello for an hour every evening.",
    "The soup needs more pepper and a little lemon juice.",
    "Satellites help farmers estimate soil moisture from orbit.",
    "Most of the ocean floor has never been mapped in detail.",
    "The new firmware fixes a bug in the Bluetooth driver.",
    "She won the regional chess tournament without losing a game.",
    "The court postponed the hearing until next month.",
    "Bees communicate the direction of flowers with a waggle dance.",
    "A sudden gust of wind knocked over the market stalls.",
    "The hospital hired twelve new nurses for the night shift.",
    "Our team shipped the release two days ahead of schedule.",
    "The river burst its banks and flooded the lower fields.",
    "I would rather walk than wait twenty minutes for the bus.",
    "The orchestra tuned their instruments before the concert began.",
    "Copper conducts electricity better than aluminium does.",
    "The startup raised enough money to hire five engineers.",
    "Grandmother kept her letters in a tin box under the bed.",
    "The referee showed a yellow card for the late tackle.",
    "Photosynthesis turns sunlight, water and carbon dioxide into sugar.",
    "Nobody expected the quiet student to give such a bold speech.",
    "The printer on the second floor is out of toner again.",
    "Thunderstorms are likely in the mountains this afternoon.",
    "The archaeologists found pottery shards beneath the old mill.",
    "He paid the invoice late and was charged a small fee.",
    "Wolves were reintroduced to the park thirty years ago.",
    "The bakery sells out of croissants before eight o'clock.",
    "She translated the manual from German into Portuguese.",
    "A leaking pipe in the basement caused the damp smell.",
    "The marathon route passes through six different neighbourhoods.",
    "Their wedding took place in a barn decorated with paper lanterns.",
    "The algorithm sorts a million numbers in under a second.",
    "Rust on the hinges made the gate squeak loudly.",
    "The pharmacist explained how to take the antibiotics.",
    "Why does bread go stale faster in the refrigerator?",
    "The hikers reached the summit just before the clouds rolled in.",
    "The city plans to plant ten thousand trees by next spring.",
    "The quarterly report shows a modest increase in exports.",
    "Don't forget to water the ferns while I'm away.",
    "The glacier has retreated nearly a kilometre since 1950.",
    "He repaired the radio with spare parts from an old television.",
    "The violinist played an encore that brought the audience to its feet.",
    "Electric buses now make up half of the municipal fleet.",
    "The jury deliberated for three days before reaching a verdict.",
    "Octopuses can change the colour and texture of their skin.",
    "The password must contain at least twelve characters.",
    "We are out of milk, eggs and coffee.",
    "The wind farm supplies power to roughly forty thousand homes.",
    "Is the pharmacy on the corner open on Sundays?",
    "The teacher asked the class to summarise the chapter in one paragraph.",
    "Their café serves the best cinnamon rolls in town.",
    "The comet will be visible to the naked eye next week.",
    "A small earthquake rattled windows across the valley.",
    "The software crashed when the file name contained a space.",
    "She ran the last mile of the race with a sprained ankle.",
    "The ferry was cancelled because of high waves.",
    "His grandfather taught him how to sharpen a knife on a stone.",
    "The lecture covered the causes of the French Revolution.",
    "The parrot repeated every word the children said.",
    "This apartment gets a lot of light in the morning.",
    "The surgeon completed the operation in under two hours.",
    "Investors worried that the merger would reduce competition.",
    "The choir rehearsed in the church every Wednesday night.",
    "Lightning struck the old oak tree in the village square.",
    "Her thesis examines water rights in arid regions.",
    "The drone captured footage of the migrating geese.",
    "They argued about whether pineapple belongs on pizza.",
    "The kettle clicked off and the kitchen filled with steam.",
    "The mayor promised to repair the potholes before winter.",
    "Honey never really spoils if it is stored properly.",
    "The chess clock ran out with only seconds to spare.",
    "Our internet connection drops every evening around nine.",
    "The painter mixed ochre and umber to get the right brown.",
    "The refugees were given blankets, food and temporary shelter.",
    "Turn left at the roundabout and take the second exit.",
    "The volcano has been dormant for more than four centuries.",
    "The company recalled thousands of faulty phone chargers.",
    "Sea otters hold hands while they sleep so they do not drift apart.",
    "The pianist practised scales until her fingers ached.",
    "The new law requires landlords to install smoke detectors.",
    "The tomatoes ripened late because of the cool summer.",
    "Could you send me the slides from yesterday's presentation?",
    "A thick layer of dust covered the forgotten piano.",
    "The spacecraft entered orbit after a seven-month journey.",
    "I think the museum is closed today, but I am not sure.",
    "The inspector found no evidence of structural damage.",
    "After the power cut, the whole street lit candles and gathered outside to share food.",
    "When the river froze solid, the villagers cut blocks of ice and stored them in sawdust for the summer.",
    "Although the forecast promised sunshine, the afternoon turned grey and a cold drizzle soaked everyone at the picnic.",
    "The researchers compared blood samples from two hundred volunteers and found no link between the supplement and memory.",
    "If the compiler reports an error on line forty, check whether a closing bracket is missing a few lines earlier.",
    "She spent her summer cataloguing moths in the forest, counting species by lamplight on a white sheet.",
    "The old ferry captain could tell from the colour of the water whether a storm was coming from the west.",
    "Because the spreadsheet rounded every value, the totals in the final column were off by a few cents.",
    "Every autumn the orchard invites families to pick apples, press cider and listen to a brass band.",
    "The committee agreed that the footpath should be widened, but nobody could agree on who would pay for it.",
    "His first novel, written in cheap notebooks on a night bus, was rejected eleven times before it was published.",
    "To calibrate the sensor, place it in ice water for five minutes, record the reading and subtract it from later measurements.",
    "The documentary follows a family of beekeepers through one difficult year of drought, disease and a surprisingly good harvest.",
    "In the long run, the savings from insulating the school roof will be larger than the cost of the new heating system.",
    "Our grandmother's recipe for plum dumplings uses potato dough, a whole plum with a sugar cube inside and toasted breadcrumbs.",
    "During the night shift the nurses check every patient every two hours, write down their temperature and refill the water jugs.",
    "The engineers traced the intermittent failure to a loose connector that only lost contact when the cabinet warmed up in the afternoon.",
    "Volunteers mapped every bench, ramp and public toilet in the town centre so that wheelchair users can plan their routes in advance.",
    "When the orchestra lost its main sponsor, the musicians organised a series of small concerts in kitchens, garages and a laundrette to keep playing.",
    "The lighthouse keeper's logbook records wind speed, visibility and passing ships for every day between 1911 and 1962, with only a few missing weeks.",
]

# Paragraphs for the long texts (each a couple of hundred word pieces; the long texts join several).
PARAGRAPHS = [
    "The lighthouse on the northern point was built from granite blocks that were carried across the bay on flat "
    "barges during two dry summers. For most of its history a keeper and an assistant lived in the cottages below "
    "the tower, trimming the wick, winding the clockwork that turned the lens and writing the weather into a thick "
    "ledger every four hours. In winter the spray froze on the lantern glass and had to be scraped off by hand, "
    "sometimes several times a night. Supply boats came once a fortnight when the sea allowed it, bringing paraffin, "
    "flour, newspapers and letters. The keepers grew potatoes and kale in a walled garden that kept out the salt "
    "wind, and they kept goats for milk. When the light was automated, the cottages stood empty for years until a "
    "local trust restored them as a small museum with the original lens on display.",
    "Bread rises because yeast and bacteria in the dough eat sugars released from the flour and produce carbon "
    "dioxide, alcohol and a range of acids. The gas is trapped by a network of gluten proteins that forms when "
    "flour is mixed with water and kneaded or simply left to rest. A long, cool fermentation gives the microbes "
    "more time to produce flavour, which is why many bakers leave their dough in the refrigerator overnight. Salt "
    "slows the yeast down and tightens the gluten, so it is usually added after the flour has had some time to "
    "absorb the water. In the oven the trapped gas expands, the yeast dies at around sixty degrees, the starches "
    "set and the surface browns as sugars and proteins react. A loaf that is cut too early is gummy inside, "
    "because the crumb is still setting as the steam escapes.",
    "At 02:14 on Tuesday the payment service began returning errors for roughly one request in five. The on-call "
    "engineer was paged at 02:19, confirmed the problem on the dashboard and rolled back the deployment from the "
    "previous evening, but the error rate did not change. Further investigation showed that a certificate used for "
    "connections to the database proxy had expired at midnight on only two of the five proxy hosts, because those "
    "hosts had been rebuilt from an older image that missed the renewal job. Traffic was drained from the two hosts "
    "at 03:02 and the error rate fell to zero within a minute. No payments were lost, although about four thousand "
    "customers saw a failure message and had to retry. Action items include alerting on certificate expiry thirty "
    "days ahead, rebuilding all hosts from the current image and adding the renewal job to the image test suite.",
    "Keeping bees on a city rooftop is easier than most people expect, provided the hive is sheltered from strong "
    "wind and there is a source of water nearby. Urban bees often do well because parks, gardens, railway "
    "embankments and street trees flower at different times and offer a long season of nectar. The beekeeper "
    "inspects the colony every week or two in spring and early summer, looking for eggs, checking that the queen is "
    "laying and removing queen cells if the colony is preparing to swarm. Neighbours are usually more worried about "
    "stings than the bees deserve; a calm colony ignores people who are not standing in its flight path. In late "
    "summer the honey is extracted, and enough is left in the hive, or replaced with sugar syrup, to carry the "
    "colony through the winter.",
    "The night train left the capital a little after nine, its carriages still warm from the afternoon sun. In our "
    "compartment a retired schoolteacher unpacked bread, cheese and a jar of pickled peppers and insisted on "
    "sharing them with everyone. Somewhere after midnight the train stopped for a long time at a border station "
    "where officers with torches walked the corridor and collected passports, returning them an hour later with "
    "fresh stamps. I slept badly on the narrow bunk and woke to mountains, pale green rivers and villages with "
    "wooden balconies full of geraniums. By breakfast the landscape had flattened into vineyards and sunflower "
    "fields, and the schoolteacher was telling the story of how she had once missed this very train and followed it "
    "for three hundred kilometres in a taxi.",
    "Measuring how fast a glacier loses ice requires patience and a great deal of walking. Each spring the team "
    "drills holes into the ice at a dozen points and inserts long wooden stakes; at the end of summer they return, "
    "measure how much of each stake has been exposed by melting and convert the difference into a loss of water. "
    "Snow pits dug in late winter show how much new snow has fallen, and its density is measured by weighing a "
    "known volume. Together with photographs taken from the same rocks every year and occasional surveys from "
    "aircraft, these measurements reveal a clear trend: the tongue of the glacier has thinned by more than forty "
    "metres since the first survey, and the stakes near the bottom now melt out completely in warm years.",
    "The council's budget meeting ran for almost four hours. The largest item was the maintenance of roads and "
    "bridges, which will rise by eight percent because two bridges need new bearings and the winter salt contract "
    "has become more expensive. Libraries will keep their current opening hours, but one mobile library will be "
    "replaced by a smaller electric van. Several residents spoke in favour of keeping the outdoor swimming pool "
    "open for another season, and the council agreed to fund it for one more year while a study looks at heating it "
    "with a heat pump. The proposal to raise parking charges in the town centre was postponed after shop owners "
    "argued that it would push customers towards the shopping centre on the ring road.",
    "In the endgame of king and pawn against king, everything depends on the opposition. If the defending king can "
    "stand directly in front of the pawn with the attacker to move, the position is usually a draw, because the "
    "attacking king cannot advance without letting the defender block the pawn's path. If instead the attacking king "
    "reaches a square two ranks in front of its own pawn, the pawn will normally promote whoever is to move. A rook "
    "pawn is the great exception: when the defending king reaches the corner in front of it, even an extra king "
    "move or two will not help, because the attacker can only choose between stalemate and releasing the defender. "
    "Beginners who learn these few rules save many half points in their first tournaments.",
]

CHINESE_PARAGRAPH = (
    "清晨六点，老街上的菜市场已经热闹起来。卖豆腐的阿姨把刚做好的豆腐摆在木板上，旁边的摊主正在给青菜洒水。"
    "附近的居民提着篮子，一边挑选新鲜的蔬菜，一边和熟人聊天。太阳慢慢升高，早点铺里飘出油条和豆浆的香味，"
    "学生们背着书包匆匆走过，骑自行车的人在人群中按着铃铛。到了九点左右，买菜的人渐渐少了，摊主们开始收拾，"
    "街道又恢复了平静，只剩下几只麻雀在地上寻找掉落的米粒。"
)

CODE_SNIPPET = '''import json
from pathlib import Path


def load_records(path: Path) -> list[dict]:
    """Read one JSON object per line and skip blank lines."""
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: {error}") from error
    return records


def summarise(records: list[dict]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for record in records:
        key = record.get("category", "unknown")
        totals[key] = totals.get(key, 0.0) + float(record.get("amount", 0))
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


if __name__ == "__main__":
    print(summarise(load_records(Path("records.jsonl"))))
'''


def long_texts():
    p = PARAGRAPHS
    numbers = "; ".join(f"row {i}: {(i * 37) % 1000}.{(i * 13) % 100:02d} kg, {i ** 3:,} units, id=X{i * 7919 % 10007:05d}"
                        for i in range(1, 61))
    emoji_story = " ".join(f"Day {i} {e}: the {w} was {a}." for i, (e, w, a) in enumerate(
        [("☀️", "weather", "bright"), ("🌧️", "garden", "soaked"), ("🚲", "commute", "quick"), ("🍜", "lunch", "spicy"),
         ("📚", "library", "quiet"), ("🎻", "concert", "moving"), ("🧑‍🍳", "kitchen", "busy"), ("🏔️", "trail", "steep"),
         ("🌊", "sea", "rough"), ("🦉", "night", "long"), ("🇮🇹", "trip", "delicious"), ("🏳️‍🌈", "parade", "loud")] * 3, 1))
    multilingual = (
        "Утром мы пошли на рынок, купили хлеб, сыр и яблоки, а потом долго гуляли вдоль реки. "
        "Το απόγευμα καθίσαμε σε ένα μικρό καφενείο και μιλήσαμε για τα ταξίδια μας. "
        "שבוע הבא אנחנו נוסעים לצפון כדי לראות את הפריחה. "
        "في المساء تناولنا العشاء مع الأصدقاء وتحدثنا عن الكتب. "
        "शाम को हम छत पर बैठकर तारे देखते रहे। "
        "ตอนเช้าเราไปตลาดและซื้อผลไม้หลายชนิด "
    ) * 4
    # Word-piece-heavy words, so that truncation at 256 falls in the middle of a word.
    piecey = "x " + " ".join(["internationalization", "unbelievably", "counterproductive"] * 60)
    return [
        p[0] + " " + p[1],
        p[2] + "\n\n" + p[3],
        p[4] + " " + p[5],
        p[6] + "\n" + p[7],
        p[1] + " " + p[4] + " " + p[7],
        p[0] + "\n\n" + p[2] + "\n\n" + p[5] + "\n\n" + p[6],
        "\t".join(p).upper(),
        "Report: " + p[3].replace(" ", "  ") + " Appendix: " + numbers,
        CHINESE_PARAGRAPH * 3,
        CODE_SNIPPET,
        emoji_story,
        multilingual,
        piecey,
        " ".join(["the"] * 253),  # 255 tokens with [CLS] and [SEP]: not truncated
        " ".join(["the"] * 254),  # 256: exactly the limit
        " ".join(["the"] * 255),  # 257: one token cut
        " ".join(["the"] * 600),
    ]


def all_texts():
    texts = EDGE_CASES + ORDINARY + long_texts()
    duplicates = {t for t in texts if texts.count(t) > 1}
    assert not duplicates, f"duplicate texts: {duplicates}"
    return texts


# ---------------------------------------------------------------------------------------------------------

def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="sentence-transformers folder of all-MiniLM-L6-v2")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests",
                                                      "EncodersTests", "Fixtures", "minilm"))
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import numpy as np
    import sentence_transformers
    import tokenizers
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    texts = all_texts()
    model = SentenceTransformer(args.model, device="cpu")
    model.eval()
    max_len = model.max_seq_length
    tokenizer = model.tokenizer

    # 1. What the tokenizer gives on its own.
    ids = [list(tokenizer(text, truncation=True, max_length=max_len)["input_ids"]) for text in texts]

    # 2. What sentence-transformers' own preprocessing gives (preprocess in v6, tokenize before).
    prep = getattr(model, "preprocess", None) or model.tokenize
    for i, text in enumerate(texts):
        features = prep([text])
        row = [int(t) for t, m in zip(features["input_ids"][0].tolist(), features["attention_mask"][0].tolist()) if m]
        assert row == ids[i], f"text {i}: model.preprocess {row} != tokenizer {ids[i]}"

    # 3. What encode really feeds the transformer: the features reaching the Transformer module (ids and
    #    attention mask), and the input_ids reaching BERT's embedding layer (must be the same tensor values).
    captured, reached = [], []

    def features_hook(module, positional, kwargs):
        features = positional[0] if positional else kwargs["features"]
        input_ids, mask = features["input_ids"], features["attention_mask"]
        for r in range(input_ids.shape[0]):
            captured.append([int(t) for t, m in zip(input_ids[r].tolist(), mask[r].tolist()) if m])
        reached.append(["features", input_ids.clone()])

    def embeddings_hook(module, positional, kwargs):
        input_ids = kwargs.get("input_ids", positional[0] if positional else None)
        assert reached and reached[-1][0] == "features", "BERT ran without passing through the Transformer module"
        assert torch.equal(reached[-1][1], input_ids), "BERT's embedding layer saw different input_ids"
        reached[-1][0] = "checked"

    handles = [model[0].register_forward_pre_hook(features_hook, with_kwargs=True),
               model[0].auto_model.embeddings.register_forward_pre_hook(embeddings_hook, with_kwargs=True)]
    singles = []
    for i, text in enumerate(texts):
        captured.clear()
        reached.clear()
        singles.append(model.encode([text], batch_size=1, convert_to_numpy=True, show_progress_bar=False)[0])
        assert captured == [ids[i]], f"text {i}: encode fed {captured} but the tokenizer gives {ids[i]}"
        assert [state for state, _ in reached] == ["checked"], reached
    captured.clear()
    reached.clear()
    embeddings = model.encode(texts, batch_size=32, convert_to_numpy=True, show_progress_bar=False).astype(np.float32)
    for handle in handles:
        handle.remove()
    assert sorted(captured) == sorted(ids), "the batched encode fed different token ids"
    assert all(state == "checked" for state, _ in reached), "a batch reached BERT unchecked"

    assert embeddings.shape == (len(texts), 384), embeddings.shape
    norms = np.linalg.norm(embeddings, axis=1)
    assert np.all(np.abs(norms - 1) < 1e-4), f"embeddings are not normalized: {norms.min()}..{norms.max()}"
    single_vs_batch = float(np.abs(np.stack(singles) - embeddings).max())

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "texts.json"), "w", encoding="ascii") as f:
        json.dump(texts, f, ensure_ascii=True, indent=0)
        f.write("\n")
    with open(os.path.join(args.out, "token_ids.json"), "w", encoding="ascii") as f:
        f.write("[\n" + ",\n".join(json.dumps(row, separators=(",", ":")) for row in ids) + "\n]\n")
    np.save(os.path.join(args.out, "embeddings.npy"), np.ascontiguousarray(embeddings, dtype="<f4"))

    lengths = [len(row) for row in ids]
    full = [len(tokenizer(text)["input_ids"]) for text in texts]
    meta = {
        "model": os.path.basename(os.path.normpath(args.model)),
        "weights_sha256": sha256(os.path.join(args.model, "model.safetensors")),
        "max_seq_length": max_len,
        "texts": len(texts),
        "truncated": sum(1 for n in full if n > max_len),
        "over_512_tokens_untruncated": sum(1 for n in full if n > 512),
        "max_tokens": max(lengths),
        "embedding_dimension": int(embeddings.shape[1]),
        "normalized": True,
        "max_abs_diff_single_vs_batched": single_vs_batch,
        "sentence_transformers": sentence_transformers.__version__,
        "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__,
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(json.dumps(meta, indent=2), file=sys.stderr)


if __name__ == "__main__":
    main()
