"""Dutch word parts (with English renderings) that synthetic frameworks are built from.

The words come from the field of the bundled framework (youth and family support, online and
blended work), so generated labels look like real ones: compounds such as
"onlinehulpverlening", adjectives with accents ("geïntegreerde"), prepositional phrases
("coaching voor ouders"). Each Dutch part maps to an English rendering for the draft
translations; English renderings may coincide, the generator then leaves a label out.
"""

from __future__ import annotations

# First parts of compounds, with the linking -s where Dutch writes one ("gezins-").
MODIFIERS: dict[str, str] = {
    "online": "online",
    "jeugd": "youth",
    "gezins": "family",
    "ouder": "parent",
    "kinder": "child",
    "jongeren": "young people",
    "hulp": "help",
    "zorg": "care",
    "welzijns": "welfare",
    "school": "school",
    "buurt": "neighbourhood",
    "wijk": "district",
    "netwerk": "network",
    "gegevens": "data",
    "informatie": "information",
    "media": "media",
    "video": "video",
    "chat": "chat",
    "telefoon": "phone",
    "app": "app",
    "dossier": "case file",
    "cliënt": "client",
    "burger": "citizen",
    "leer": "learning",
    "team": "team",
    "praktijk": "practice",
    "kennis": "knowledge",
    "beleids": "policy",
    "kwaliteits": "quality",
    "privacy": "privacy",
    "crisis": "crisis",
    "opvoedings": "parenting",
    "armoede": "poverty",
    "vrijwilligers": "volunteer",
    "preventie": "prevention",
    "begeleidings": "guidance",
    "samenwerkings": "collaboration",
    "opleidings": "training",
    "onderwijs": "education",
    "gezondheids": "health",
    "straat": "street",
    "groeps": "group",
    "thuis": "home",
    "ervarings": "experience",
    "toegangs": "access",
    "registratie": "registration",
    "communicatie": "communication",
    "internet": "internet",
    "e": "e",
}

# Last parts of compounds, and nouns on their own.
HEADS: dict[str, str] = {
    "hulp": "help",
    "hulpverlening": "assistance",
    "zorg": "care",
    "ondersteuning": "support",
    "begeleiding": "guidance",
    "coaching": "coaching",
    "advies": "advice",
    "beleid": "policy",
    "plan": "plan",
    "dossier": "case file",
    "platform": "platform",
    "netwerk": "network",
    "team": "team",
    "aanbod": "provision",
    "traject": "pathway",
    "kanaal": "channel",
    "gesprek": "conversation",
    "consult": "consultation",
    "overleg": "meeting",
    "deling": "sharing",
    "beheer": "management",
    "veiligheid": "safety",
    "wijsheid": "wisdom",
    "vaardigheid": "skills",
    "competentie": "competence",
    "geletterdheid": "literacy",
    "inclusie": "inclusion",
    "toegang": "access",
    "bereik": "reach",
    "vorming": "education",
    "training": "training",
    "opvolging": "follow-up",
    "registratie": "registration",
    "screening": "screening",
    "analyse": "analysis",
    "monitoring": "monitoring",
    "strategie": "strategy",
    "visie": "vision",
    "cultuur": "culture",
    "praktijk": "practice",
    "methodiek": "method",
    "model": "model",
    "kader": "framework",
    "protocol": "protocol",
    "werking": "operation",
    "coördinatie": "coordination",
    "samenwerking": "collaboration",
    "dienstverlening": "service delivery",
    "participatie": "participation",
    "communicatie": "communication",
    "opvang": "reception",
    "therapie": "therapy",
    "preventie": "prevention",
    "informatie": "information",
    "omgeving": "environment",
    "toepassing": "application",
    "tool": "tool",
}

ADJECTIVES: dict[str, str] = {
    "digitale": "digital",
    "blended": "blended",
    "hybride": "hybrid",
    "integrale": "integral",
    "preventieve": "preventive",
    "mobiele": "mobile",
    "veilige": "safe",
    "toegankelijke": "accessible",
    "vroegtijdige": "early",
    "gedeelde": "shared",
    "professionele": "professional",
    "informele": "informal",
    "ambulante": "outpatient",
    "residentiële": "residential",
    "intersectorale": "intersectoral",
    "outreachende": "outreaching",
    "laagdrempelige": "low-threshold",
    "anonieme": "anonymous",
    "synchrone": "synchronous",
    "asynchrone": "asynchronous",
    "interactieve": "interactive",
    "gepersonaliseerde": "personalised",
    "geïntegreerde": "integrated",
    "multidisciplinaire": "multidisciplinary",
    "regionale": "regional",
    "Vlaamse": "Flemish",
    "lokale": "local",
    "formele": "formal",
    "creatieve": "creative",
    "essentiële": "essential",
    "inclusieve": "inclusive",
    "ethische": "ethical",
    "deontologische": "deontological",
    "virtuele": "virtual",
    "technologische": "technological",
}

GROUPS: dict[str, str] = {
    "jongeren": "young people",
    "ouders": "parents",
    "gezinnen": "families",
    "kinderen": "children",
    "hulpverleners": "care workers",
    "cliënten": "clients",
    "vrijwilligers": "volunteers",
    "leerkrachten": "teachers",
    "professionals": "professionals",
    "organisaties": "organisations",
    "gemeenten": "municipalities",
    "burgers": "citizens",
    "jonge kinderen": "young children",
    "kwetsbare gezinnen": "vulnerable families",
    "pleeggezinnen": "foster families",
    "studenten": "students",
    "zorgverleners": "caregivers",
}

PREPOSITIONS: dict[str, str] = {
    "voor": "for",
    "van": "of",
    "met": "with",
    "rond": "around",
    "bij": "among",
}

# Words that may replace each other in an alternative label.
HEAD_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("hulp", "hulpverlening", "ondersteuning", "begeleiding", "dienstverlening"),
    ("platform", "omgeving", "tool", "toepassing"),
    ("gesprek", "consult", "overleg"),
    ("beleid", "strategie", "visie", "kader"),
    ("vaardigheid", "competentie", "geletterdheid", "wijsheid"),
    ("opvolging", "monitoring", "registratie"),
    ("methodiek", "model", "protocol"),
    ("vorming", "training", "coaching"),
)
MODIFIER_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("online", "internet", "e"),
    ("jeugd", "jongeren", "kinder"),
    ("gezins", "ouder", "thuis"),
    ("gegevens", "informatie", "dossier"),
    ("buurt", "wijk", "straat"),
    ("chat", "video", "telefoon", "app"),
)
ADJECTIVE_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("digitale", "virtuele", "technologische"),
    ("blended", "hybride"),
    ("integrale", "geïntegreerde", "intersectorale", "multidisciplinaire"),
    ("toegankelijke", "laagdrempelige", "inclusieve"),
    ("lokale", "regionale", "Vlaamse"),
    ("synchrone", "interactieve"),
)

# Running text of definitions.
VERBS_SINGULAR = (
    "ondersteunt", "versterkt", "verbindt", "organiseert", "begeleidt", "verbetert",
    "bevordert", "combineert", "vereenvoudigt", "beschermt", "structureert", "bundelt",
)  # fmt: skip
VERBS_PLURAL = (
    "samenwerken", "informatie delen", "elkaar ontmoeten", "hulp zoeken", "keuzes maken",
    "contact houden", "gegevens uitwisselen", "vragen stellen", "afspraken maken",
)  # fmt: skip
ADVERBS = (
    "actief", "doelgericht", "flexibel", "tijdig", "laagdrempelig", "veilig", "structureel",
    "samen", "digitaal", "zorgvuldig",
)  # fmt: skip
OPENINGS = (
    "Het gaat om", "Dit omvat", "Hieronder verstaan we", "Het begrip verwijst naar",
    "Denk aan", "Het betreft",
)  # fmt: skip
EN_VERBS = (
    "supports", "strengthens", "connects", "organises", "guides", "improves", "promotes",
    "combines", "simplifies", "protects",
)  # fmt: skip
EN_OPENINGS = ("This covers", "The term refers to", "It concerns", "Think of")
