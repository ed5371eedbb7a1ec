"""Texts of the demo data: the calls (German and English, as staff would write them) and what applicants write."""


def call_texts(year):
    return {
        "title_de": f"MiGlobe – Berater*innen für die kommunale Entwicklungspolitik {year}",
        "title_en": f"MiGlobe – advisors for municipal development policy {year}",
        "description_de": (
            "Für das Programm MiGlobe suchen wir 18 Menschen mit eigener Migrationsgeschichte, die sich in "
            "Baden-Württemberg entwicklungspolitisch engagieren und Kommunen bei der interkulturellen Öffnung "
            "ihrer entwicklungspolitischen Arbeit beraten möchten."
        ),
        "description_en": (
            "For the MiGlobe programme we are looking for 18 people with their own history of migration who are "
            "active in development policy in Baden-Württemberg and would like to advise municipalities on opening "
            "their development work to people of every origin."
        ),
        "eligibility_de": (
            "Menschen mit eigener Migrationsgeschichte, die in Baden-Württemberg leben und sich in "
            "Vereinen, Initiativen oder Migrant*innenorganisationen entwicklungspolitisch engagieren."
        ),
        "eligibility_en": (
            "People with their own history of migration who live in Baden-Württemberg and are active in "
            "development policy in associations, initiatives or migrant organisations."
        ),
        "work_description_de": (
            "Sechs Wochenendseminare zur Qualifizierung (u. a. kommunale Entwicklungspolitik, kommunales Wissen, "
            "Methodik interkulturelle Öffnung, Berater*innenrolle), danach Dialogforen und Beratungen in "
            "Gemeinden, Städten und Landkreisen. Die SKEW zahlt ein Honorar."
        ),
        "work_description_en": (
            "Six weekend seminars (among them municipal development policy, how local government works, methods "
            "of intercultural opening, the role of an advisor), then dialogue forums and consultations in "
            "municipalities, towns and districts. SKEW pays a fee."
        ),
    }


CRITERIA = [
    {
        "name_de": "Entwicklungspolitisches Engagement",
        "name_en": "Engagement in development policy",
        "description_de": "Dauer, Umfang und Wirkung des bisherigen Engagements.",
        "description_en": "How long, how much and with what effect the person has been engaged.",
        "weight": 3,
    },
    {
        "name_de": "Bezug zu Kommunen",
        "name_en": "Links with municipalities",
        "description_de": "Erfahrung mit Verwaltungen, Gemeinderäten oder Beiräten.",
        "description_en": "Experience with local government, councils or advisory boards.",
        "weight": 2,
    },
    {
        "name_de": "Motivation und Beratungskompetenz",
        "name_en": "Motivation and advisory skills",
        "description_de": "Moderation, Beratung, Bildungsarbeit.",
        "description_en": "",  # not translated yet: English readers see the German explanation
        "weight": 2,
    },
    {
        "name_de": "Sprachen und Communities",
        "name_en": "Languages and communities",
        "description_de": "",
        "description_en": "",
        "weight": 1,
    },
]

ORGANISATIONS = [  # with their article, as the sentence needs it
    "im Afrika-Forum Stuttgart e. V.",
    "im Weltladen Tübingen",
    "im Eine-Welt-Verein Freiburg",
    "im Forum der Kulturen Stuttgart",
    "im Dachverband Entwicklungspolitik Baden-Württemberg",
    "im Migrant*innenbeirat Mannheim",
    "im Partnerschaftsverein Karlsruhe – Nancy – Ouagadougou",
    "in der Fairtrade-Steuerungsgruppe Heilbronn",
    "im Netzwerk Globales Lernen Ulm",
    "in der Diaspora-Initiative Rhein-Neckar",
]
MUNICIPAL = [
    "Mitglied im Integrationsbeirat meiner Stadt.",
    "Projekt zur fairen Beschaffung mit dem Rathaus begleitet.",
    "Sachkundige Einwohnerin im Ausschuss für Soziales und Integration.",
    "Städtepartnerschaft mit einer Kommune im Globalen Süden mit aufgebaut.",
    "Workshops für Mitarbeitende der Stadtverwaltung zu interkultureller Öffnung.",
    "Bisher wenig; ich habe Veranstaltungen gemeinsam mit dem Kulturamt organisiert.",
]
MOTIVATION = [
    "Ich möchte Kommunen helfen, die Expertise der Diaspora in ihre Partnerschaften einzubeziehen.",
    "Entwicklungspolitik beginnt vor Ort; ich will Verwaltungen und Migrant*innenorganisationen zusammenbringen.",
    "Ich habe erlebt, wie viel eine offene Verwaltung bewirkt, und möchte dieses Wissen weitergeben.",
    "Mich reizt die Beratung im Tandem und der Austausch mit anderen Berater*innen im Pool.",
]
JOBS = [
    "Sozialarbeiterin bei einem freien Träger",
    "Ingenieur in einem mittelständischen Unternehmen",
    "Lehrkraft an einer Gemeinschaftsschule",
    "Projektreferentin in einer Stiftung",
    "Dolmetscher und Übersetzer (selbständig)",
    "Wissenschaftliche Mitarbeiterin an einer Hochschule",
    "Pflegefachkraft",
    "Koordinator eines Begegnungszentrums",
]
EDUCATION = [
    "Studium der Sozialen Arbeit",
    "Studium der Politikwissenschaft",
    "Studium des Maschinenbaus",
    "Ausbildung zur Kauffrau für Büromanagement",
    "Studium der Agrarwissenschaften",
    "Lehramtsstudium (Anerkennung in Baden-Württemberg)",
]


def applicant_texts(person, *, rng):
    organisation = rng.choice(ORGANISATIONS)
    since = rng.randint(2008, 2022)
    engagement = f"Seit {since} aktiv {organisation}; Veranstaltungen und Bildungsarbeit zu {person.regions}."
    municipal = rng.choice(MUNICIPAL)
    return {
        "engagement": engagement,
        "municipal_experience": municipal,
        "motivation": rng.choice(MOTIVATION),
        "migration_background": (
            f"Aufgewachsen: {person.regions}. Seit {since - rng.randint(2, 8)} lebe ich in Deutschland."
        ),
        "cv_sections": [
            ("Beruf", rng.choice(JOBS)),
            ("Ausbildung", rng.choice(EDUCATION)),
            ("Engagement", engagement),
            ("Erfahrung mit Kommunen", municipal),
        ],
    }
