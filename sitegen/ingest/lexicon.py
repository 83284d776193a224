"""Word lists for telling names from ordinary capitalised words.

Kept apart from the code that uses them: they are data, to be extended
when a new kind of text shows a gap.
"""

from __future__ import annotations

# Little words that may join the capitalised words of one name, longest
# first for the regular expression: "Tren de Aragua", "Bank of England".
CONNECTORS = ("of the", "del", "de", "la", "of", "the", "for", "&", "y", "da", "do", "dos", "van",
              "von", "der", "al", "el", "di", "du", "le", "on")

# Capitalised words that are not names: sentence openers, pronouns, days,
# months, social networks, honorifics.
GENERIC = frozenset("""
a an the this that these those there their they them its it is in on at as by for from of
to with and or but if when while after before during since until about above across
against among around because between both each either few many more most much neither
no nor not now once only other our over same several so some such than then though
through under up very what which who whom whose why will would yet you your he she we i
his her him my me us also however meanwhile still yes according earlier later last next
new first second third one two three four five six seven eight nine ten mr mrs ms dr
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december jan feb mar apr jun jul aug sep
sept oct nov dec today tomorrow yesterday twitter facebook instagram linkedin mastodon
bluesky threads tiktok youtube whatsapp telegram email e-mail q a here where how all any
every just even though thus hence instead perhaps maybe indeed yet despite amid unlike
like asked added noted said says told photo image video subscribe
share click sign updated published posted copyright all rights reserved inc ltd co llc
asa ag gmbh plc sa nv bv spa oy
selon según segundo secondo laut pour para für avec con mit dans sans sin sous sobre sur après
después dopo nach avant antes prima vor depuis desde da seit hier ayer ieri gestern hoy oggi
heute mais pero ma aber também aussi también anche auch cependant embargo
""".split())

# Words that describe a person's office: dropped from the front of a name
# ("President Nicolás Maduro" → "Nicolás Maduro"); on their own, not a tag.
TITLES = frozenset("""
president vice prime minister secretary senator sen rep representative congressman
congresswoman governor gov mayor judge justice general gen colonel col lt lieutenant
captain capt chief commissioner director dr mr mrs ms mx prof professor sheriff officer
deputy chairman chairwoman chair chairperson ceo cfo coo king queen prince princess pope
rev reverend father sister brother ambassador attorney detective sgt sergeant spokesman
spokeswoman spokesperson former acting interim councillor councilman councilwoman
councilor superintendent inspector agent lawmaker minister sir dame lord lady saint st
admiral major corporal private commander chancellor premier speaker leader founder
executive manager head coach dean provost rabbi imam bishop cardinal archbishop
""".split())

# Countries written in front of their agencies: "U.S. Drug Enforcement
# Administration" is the "Drug Enforcement Administration".
COUNTRY_PREFIXES = frozenset({"u.s.", "us", "u.k.", "uk", "e.u.", "eu", "u.n.", "un"})

# Adjectives of nationality and region ("Mexican", "South American"): they
# describe, they are not what an article is about.
_DEMONYMS = """
afghan albanian algerian american andorran angolan argentine argentinian armenian
australian austrian azerbaijani bahamian bahraini bangladeshi barbadian belarusian belgian
belizean beninese bhutanese bolivian bosnian brazilian british bruneian bulgarian burmese
burundian cambodian cameroonian canadian chadian chilean chinese colombian congolese
croatian cuban cypriot czech danish djiboutian dominican dutch ecuadorian egyptian emirati
english eritrean estonian ethiopian fijian filipino finnish french gabonese gambian
georgian german ghanaian greek grenadian guatemalan guinean guyanese haitian honduran
hungarian icelandic indian indonesian iranian iraqi irish israeli italian ivorian jamaican
japanese jordanian kazakh kenyan korean kosovar kuwaiti kyrgyz lao latvian lebanese
liberian libyan lithuanian luxembourgish macedonian malagasy malawian malaysian maldivian
malian maltese mauritanian mauritian mexican moldovan monegasque mongolian montenegrin
moroccan mozambican namibian nepalese nepali nicaraguan nigerian nigerien norwegian omani
pakistani palestinian panamanian paraguayan peruvian polish portuguese qatari romanian
russian rwandan salvadoran samoan saudi scottish senegalese serbian sierra singaporean
slovak slovenian somali spanish sudanese surinamese swazi swedish swiss syrian taiwanese
tajik tanzanian thai togolese tongan trinidadian tunisian turkish turkmen ugandan ukrainian
uruguayan uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean african asian
european arab arabic hispanic latino latina latinx caribbean western eastern northern
southern central oceanian nordic scandinavian balkan baltic slavic catalan basque flemish
kurdish tibetan uyghur pashtun persian sicilian texan californian floridian parisian
londoner canadian québécois quebecois soviet colonial federal national international
global regional local
southamerican northamerican latinamerican centralamerican middleeastern srilankan
newzealander eastafrican westafrican southafrican southkorean northkorean
"""
DEMONYMS = frozenset(w for word in _DEMONYMS.split() for w in (word, word + "s"))
