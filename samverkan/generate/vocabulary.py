"""Words the generator builds agreements from, modelled on the seed agreements (graph/agreements/)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeWords:
    """What agreements say about one national theme (graph/themes.ttl)."""

    theme: str  # slug under theme/
    areas: tuple[str, ...]  # focus-area headings as agreements word them
    description: str
    initiatives: tuple[tuple[str, str | None], ...]  # (label, working-method slug or None)
    municipality: tuple[str, ...]  # what the municipality commits to
    police: tuple[str, ...]  # what the police commits to


THEMES: tuple[ThemeWords, ...] = (
    ThemeWords(
        "barn-och-unga-i-riskzon",
        ("Främja positiv utveckling hos unga i riskzon för kriminalitet", "Barn och unga i riskzon", "Förebyggande arbete ungdomar"),
        "Samarbeten och insatser riktade till barn och unga i riskzon ska intensifieras för att förhindra att unga utvecklar kriminella beteenden.",
        (("SSPF – skola, socialtjänst, polis och fritid", "sspf"), ("Tidiga insatser för barn och unga", None),
         ("Föräldrastöd", None), ("Meningsfull fritid under lov", None), ("Mentorer i Våldsprevention", None)),
        ("samordna arbetet med SSPF", "utveckla tidiga insatser för barn och unga", "erbjuda föräldrastödsprogram",
         "erbjuda meningsfulla fritidsaktiviteter under skolloven", "kartlägga unga i riskzon tillsammans med skolan",
         "genomföra orosanmälningar utan dröjsmål", "stärka fältarbetet kvällar och helger", "samordna insatser vid kritiska datum"),
        ("delta i arbetet med SSPF", "genomföra orossamtal med unga och vårdnadshavare", "vara närvarande vid skolor och fritidsgårdar",
         "delge lägesbild om unga i riskzon", "medverka vid föräldramöten", "vara en aktiv part vid kritiska datum"),
    ),
    ThemeWords(
        "trygga-offentliga-miljoer",
        ("Skapa trygga offentliga miljöer", "Trygghet i offentlig miljö", "En trygg stad för alla"),
        "De offentliga miljöerna ska vara trygga platser för invånare och besökare; torg och parker ska upplevas trygga och vara tillgängliga.",
        (("Trygghetsvandringar", "trygghetsvandring"), ("Grannsamverkan", "grannsamverkan"), ("Belysning och renhållning", None),
         ("Trygghet i centrum", None), ("Platssamverkan", None)),
        ("samordna årliga trygghetsvandringar", "inkludera trygghetsaspekten i samhällsplaneringen", "åtgärda klotter inom 24 timmar",
         "förbättra belysningen på otrygga platser", "samordna grannsamverkan i bostadsområden", "genomföra platsanalyser i centrum"),
        ("delta i trygghetsvandringar", "identifiera hot-spots och arbeta med insatser kring dessa", "driva arbetet med grannsamverkan",
         "medverka i samhällsplaneringen", "öka synligheten i centrum kvällstid", "uppmärksamma otrygga miljöer"),
    ),
    ThemeWords(
        "andt",
        ("Arbete mot alkohol, narkotika, dopning och tobak", "ANDT", "Minska tillgången till alkohol och narkotika"),
        "Det finns en stark koppling mellan alkohol och våld; att minska tillgängligheten är det mest effektiva sättet att minska konsumtionen.",
        (("Ansvarsfull alkoholservering", "ansvarsfull-alkoholservering"), ("Tillsyn av serveringsställen", None),
         ("Narkotikaförebyggande arbete", None), ("Gym mot dopning", None), ("Tobakstillsyn", None)),
        ("genomföra utbildning i ansvarsfull alkoholservering", "genomföra samordnad tillsyn av serveringsställen",
         "samordna insatser inom ANDT", "genomföra drogvaneundersökning bland unga", "motverka langning till unga"),
        ("delta i samordnad tillsyn", "arbeta mot ungdomar på väg in i missbruk", "genomföra insatser mot narkotikahandel",
         "direktförverka alkohol från unga", "delge lägesbild om narkotika"),
    ),
    ThemeWords(
        "organiserad-brottslighet",
        ("Motverka organiserad brottslighet", "Organiserad brottslighet", "Motarbete av kriminella nätverk"),
        "Den organiserade brottsligheten är beroende av lokala marknader och döljs ofta bakom legala aktörer; den bekämpas genom samverkan mellan myndigheter.",
        (("Administrativa åtgärder mot kriminell verksamhet", None), ("Avhopparverksamhet", None), ("Skydd mot otillåten påverkan", None)),
        ("granska upphandlingar mot kriminell infiltration", "erbjuda stöd till avhoppare", "utbilda medarbetare om otillåten påverkan",
         "använda administrativa åtgärder mot kriminell verksamhet"),
        ("delge underrättelser om kriminella nätverk", "samverka med kommunen i administrativa åtgärder", "genomföra riktade insatser mot nätverk",
         "stödja avhopparverksamheten"),
    ),
    ThemeWords(
        "vald-i-nara-relationer",
        ("Våld i nära relationer", "Motverka våld i nära relationer"),
        "Våld i nära relationer ska upptäckas tidigt och den som utsätts ska få stöd; förövare ska erbjudas insatser för att bryta våldet.",
        (("Tidig upptäckt av våld i nära relationer", None), ("Stöd till våldsutsatta", None), ("Insatser för våldsutövare", None)),
        ("utbilda personal i att upptäcka våld i nära relationer", "erbjuda skyddat boende", "erbjuda behandling till våldsutövare"),
        ("utreda våld i nära relationer skyndsamt", "informera om stöd till våldsutsatta", "samverka i barnahus"),
    ),
    ThemeWords(
        "valdsbejakande-extremism",
        ("Våldsbejakande extremism", "Förebygga våldsbejakande extremism"),
        "Förebyggande arbete mot våldsbejakande extremism bedrivs på generell, specifik och individriktad nivå.",
        (("Samverkansgrupp mot våldsbejakande extremism", None), ("Kompetenshöjning om extremism", None)),
        ("samordna arbetet mot våldsbejakande extremism", "utbilda skolpersonal om radikalisering"),
        ("delta i samverkansgruppen mot våldsbejakande extremism", "delge lägesbild om extremism"),
    ),
    ThemeWords(
        "trafik",
        ("Trafiksäkerhet", "Trygg trafikmiljö"),
        "Trafiksäkerhetshöjande insatser genomförs där behoven bedöms som störst.",
        (("Trafiksäkerhet kring skolor", None), ("Trafikinsatser", None)),
        ("genomföra trafiksäkerhetshöjande insatser", "se över hastigheter vid skolor"),
        ("genomföra trafikinsatser utifrån lokal problematik", "genomföra hastighetskontroller vid skolor"),
    ),
    ThemeWords(
        "lagesbild-est",
        ("Gemensam lägesbild", "Gemensamma insatser utifrån lägesbilden", "Effektiv samordning för trygghet"),
        "Kontinuerliga lägesbilder pekar på vilka åtgärder som behöver prioriteras i samverkan.",
        (("EST – effektiv samordning för trygghet", "est"), ("Gemensam lägesbild", None), ("Trygghetsundersökning", "trygghetsundersokning")),
        ("samordna arbetet med EST", "ta fram en gemensam lägesbild varje vecka", "samordna den lokala trygghetsundersökningen",
         "genomföra orsaksanalyser utifrån lägesbilden"),
        ("medverka i EST", "bidra med en uppdaterad lägesbild", "vara en aktiv part i trygghetsundersökningen", "delta i orsaksanalyser"),
    ),
    ThemeWords(
        "brottsofferstod",
        ("Stöd till brottsoffer", "Brottsutsattas behov"),
        "Den som utsatts för brott ska få stöd och information om vart den kan vända sig.",
        (("Stöd till unga brottsoffer", None), ("Brottsofferjour", None)),
        ("erbjuda stöd till unga brottsoffer", "samverka med brottsofferjouren"),
        ("informera brottsutsatta om stöd", "hänvisa unga brottsoffer till kommunens stöd"),
    ),
    ThemeWords(
        "struktur-och-samordning",
        ("Struktur för det brottsförebyggande arbetet", "Samordning och styrning"),
        "En tydlig struktur för hur arbetet organiseras och bedrivs, med ett brottsförebyggande råd och kommunpoliser som länk.",
        (("Samordning genom brottsförebyggande rådet", None), ("Medborgarlöften", None)),
        ("samordna brottsförebyggande rådet", "ta fram medborgarlöften tillsammans med polisen", "avsätta en samordnare för brottsförebyggande arbete"),
        ("delta i brottsförebyggande rådet", "avsätta kommunpolis för samverkan", "ta fram medborgarlöften tillsammans med kommunen"),
    ),
    ThemeWords(
        "dialog-och-kommunikation",
        ("Medborgardialog och kommunikation", "Kommunikation"),
        "Parterna arbetar med medborgardialoger och kommunicerar arbetet för ökad trygghet.",
        (("Medborgardialog", "medborgardialog"), ("Gemensam kommunikation", None)),
        ("genomföra medborgardialoger i frågor om trygghet", "kommunicera arbetet i kommunens kanaler"),
        ("genomföra medborgardialoger", "kommunicera resultat av gemensamma insatser"),
    ),
    ThemeWords(
        "vardagsbrottslighet",
        ("Minska vardagsbrottsligheten", "Vardagsbrottslighet"),
        "Att förebygga vardagsbrottslighet är att förebygga organiserad brottslighet.",
        (("Inbrottsförebyggande arbete", None), ("Skadegörelse och klotter", None)),
        ("kartlägga skadegörelse på kommunal egendom", "genomföra inbrottsförebyggande informationsinsatser"),
        ("genomföra insatser mot bostadsinbrott", "kartlägga vardagsbrottsligheten"),
    ),
)

# Units of a municipality: (kind, label, English label); the administration pairs with the committee before it.
UNITS: tuple[tuple[str, str, str], ...] = (
    ("Committee", "Kommunstyrelsen", "Municipal Executive Board"),
    ("Administration", "Kommunledningskontoret", "Municipal Management Office"),
    ("Committee", "Socialnämnden", "Social Welfare Committee"),
    ("Administration", "Socialförvaltningen", "Social Services Administration"),
    ("Committee", "Barn- och utbildningsnämnden", "Education Committee"),
    ("Administration", "Barn- och utbildningsförvaltningen", "Education Administration"),
    ("Committee", "Kultur- och fritidsnämnden", "Culture and Leisure Committee"),
    ("Administration", "Kultur- och fritidsförvaltningen", "Culture and Leisure Administration"),
    ("Committee", "Samhällsbyggnadsnämnden", "Community Planning Committee"),
    ("Administration", "Samhällsbyggnadsförvaltningen", "Community Planning Administration"),
    ("Committee", "Tekniska nämnden", "Technical Committee"),
    ("Administration", "Tekniska förvaltningen", "Technical Administration"),
)

FORUMS: tuple[tuple[str, str, str, str | None], ...] = (
    # (class, label, English label, method slug)
    ("CollaborationGroup", "EST – effektiv samordning för trygghet", "EST – effective coordination for safety", "est"),
    ("CollaborationGroup", "SSPF", "SSPF", "sspf"),
    ("CollaborationGroup", "Grannsamverkan", "Neighbourhood watch", "grannsamverkan"),
    ("CollaborationGroup", "Trygghetsvandringar", "Safety walks", "trygghetsvandring"),
    ("SteeringGroup", "Drogpolitiska styrgruppen", "Drug policy steering group", None),
    ("Network", "Lokala områdesnätverk", "Local area networks", None),
)

TIMEFRAMES = ("Löpande under perioden för samverkansöverenskommelsen", "Under {year}", "Senast december {year}",
              "Varje termin", "Vid behov", "Årligen under avtalsperioden")
MEASURES = ("Antal genomförda insatser", "Antal möten och representation under dessa", "Antal deltagare",
            "Andel som upplever trygghet enligt trygghetsundersökningen", "Antal anmälda brott i området",
            "Antal genomförda trygghetsvandringar", "Antal tillsynsbesök", "Enskilda handlingsplaner följs upp i statistik")
FOLLOW_UPS = ("Redovisas i brottsförebyggande rådet", "Följs upp vid halvårsavstämning", "Följs upp i den gemensamma lägesbilden",
              "Redovisas för kommunstyrelsen årligen")
FREQUENCIES = (("Årligen", "Yearly"), ("Två gånger per år", "Twice a year"), ("Varje kvartal", "Quarterly"))
MEETINGS = ("fyra gånger per år", "varje månad", "varannan vecka", "varje vecka", "två gånger per termin")
GOALS = (("Den totala brottsligheten ska minska", "Polisanmälda brott"),
         ("Andelen invånare som känner sig trygga ska öka", "Trygghetsundersökningen"),
         ("Droganvändningen bland unga ska minska", "Drogvaneundersökning"),
         ("Skadegörelsen på kommunal egendom ska minska", "Kommunens skaderapporteringssystem"),
         ("Antalet bostadsinbrott ska minska", "Polisanmälda bostadsinbrott"))
FIRST_NAMES = ("Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Sara", "Per", "Lena", "Mikael",
               "Emma", "Karl", "Elin", "Fredrik", "Ingrid", "Magnus", "Sofia", "Jonas", "Linnéa", "Mattias", "Åsa", "Björn")
LAST_NAMES = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
              "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Lindström", "Bergström", "Holm", "Sandberg", "Lundgren",
              "Åberg", "Ström", "Hedlund", "Öberg", "Ekström", "Wallin")
QUALIFIERS = ("i centrum", "i skolmiljöer", "i utsatta bostadsområden", "under sommarlovet", "vid kritiska datum",
              "för unga vuxna", "i kommunens ytterområden", "kvällar och helger", "i samband med evenemang",
              "i samverkan med civilsamhället", "i kollektivtrafiken", "på fritidsgårdarna")
