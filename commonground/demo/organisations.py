"""The demo system's four places and about sixty partner organisations, with their teams.

Places and organisation types are public; organisations whose real name would attach fictional
people to a real employer have plausible generic names.
"""

from dataclasses import dataclass

from commonground.programmes.models import Sector

ES, GW, NWS, SD = "East Surrey", "Guildford & Waverley", "North West Surrey", "Surrey Downs"
PLACES: tuple[tuple[str, int], ...] = ((ES, 255_000), (GW, 280_000), (NWS, 300_000), (SD, 290_000))
ALL = (ES, GW, NWS, SD)


@dataclass(frozen=True)
class OrgSpec:
    name: str
    sector: str
    places: tuple[str, ...]
    domain: str
    teams: tuple[str, ...]
    weight: int = 1  # relative share of its sector's participants in a place; 0 = staff only
    parent: str | None = None


def _acute(name: str, place: str, domain: str, teams: tuple[str, ...]) -> OrgSpec:
    return OrgSpec(name, Sector.NHS_ACUTE, (place,), domain, teams)


def _pcn(name: str, place: str, domain: str, practices: tuple[str, ...]) -> OrgSpec:
    return OrgSpec(name, Sector.PRIMARY_CARE, (place,), domain, (*practices, "PCN Additional Roles Team"))


def _council(name: str, places: tuple[str, ...], domain: str, weight: int) -> OrgSpec:
    teams = ("Housing Options", "Homelessness Prevention", "Community Safety", "Leisure and Wellbeing",
             "Environmental Health", "Community Services")
    return OrgSpec(name, Sector.DISTRICT_COUNCIL, places, domain, teams[: 3 + weight], weight=weight)


def _charity(name: str, place: str, domain: str, teams: tuple[str, ...]) -> OrgSpec:
    return OrgSpec(name, Sector.VOLUNTARY_COMMUNITY, (place,), domain, teams)


def _faith(name: str, places: tuple[str, ...], domain: str, teams: tuple[str, ...]) -> OrgSpec:
    return OrgSpec(name, Sector.FAITH, places, domain, teams)


ICB = "Surrey Heartlands Integrated Care Board"
MENTAL_HEALTH_TRUST = "Surrey Mental Health Partnership NHS Foundation Trust"
COUNTY_COUNCIL = "Surrey County Council"
COMMUNITY_ACTION = "Heartlands Community Action"
ETHNIC_FORUM = "Heartlands Minority Ethnic Forum"
COMMUNITY_FOUNDATION = "Heartlands Community Foundation"
COUNTY_PUBLIC_HEALTH = "Surrey County Council Public Health"

ORGANISATIONS: tuple[OrgSpec, ...] = (
    # NHS acute: one main hospital trust per place.
    _acute("East Surrey Hospitals NHS Trust", ES, "esh-nhs", (
        "Emergency Department", "Acute Medical Unit", "General Surgery", "Maternity", "Children's Ward",
        "Discharge and Patient Flow", "Therapies", "Frailty Unit")),
    _acute("Guildford and Waverley Hospitals NHS Foundation Trust", GW, "gwh-nhs", (
        "Emergency Department", "Acute Medicine", "Orthopaedics", "Cancer Services", "Maternity",
        "Discharge Hub", "Critical Care")),
    _acute("North West Surrey Hospitals NHS Foundation Trust", NWS, "nwsh-nhs", (
        "Emergency Department", "Elderly Care", "Surgery", "Maternity", "Paediatrics",
        "Integrated Discharge Team")),
    _acute("Surrey Downs Hospitals NHS Trust", SD, "sdh-nhs", (
        "Emergency Department", "Acute Medicine", "Renal Services", "Women's Health", "Therapies",
        "Hospital Discharge Team", "Outpatients")),
    # Mental health and ambulance: county-wide.
    OrgSpec(MENTAL_HEALTH_TRUST, Sector.MENTAL_HEALTH, ALL, "smhp-nhs", (
        "Community Mental Health Team", "Crisis Resolution and Home Treatment",
        "Early Intervention in Psychosis", "Older People's Mental Health",
        "Children and Young People's Mental Health", "Talking Therapies", "Learning Disability Services",
        "Organisational Development")),
    OrgSpec("South East Ambulance Service NHS Foundation Trust", Sector.AMBULANCE, ALL, "seas-nhs", (
        "Emergency Operations Centre", "999 Frontline Crews", "NHS 111 Clinical Assessment",
        "Urgent Community Response", "Community First Responders")),
    # Community health providers: one per place.
    OrgSpec("East Surrey Community Health and Care", Sector.COMMUNITY_HEALTH, (ES,), "eschc", (
        "District Nursing", "Rapid Response", "Community Therapies", "Community Hospital Ward",
        "Health Visiting")),
    OrgSpec("Guildford and Waverley Community Services", Sector.COMMUNITY_HEALTH, (GW,), "gwcs", (
        "District Nursing", "Community Therapies", "Rapid Response", "Diabetes Service")),
    OrgSpec("North West Surrey Community Health", Sector.COMMUNITY_HEALTH, (NWS,), "nwsch", (
        "District Nursing", "Rapid Response", "Community Therapies", "Children's Community Nursing",
        "Falls Service", "Tissue Viability")),
    OrgSpec("Surrey Downs Community Health Partnership", Sector.COMMUNITY_HEALTH, (SD,), "sdchp", (
        "District Nursing", "Virtual Ward", "Community Therapies", "Health Visiting", "School Nursing")),
    # Primary care: two networks per place; their teams are (fictional) GP practices.
    _pcn("Redhill and Reigate Primary Care Network", ES, "rrpcn", (
        "Redhill Medical Centre", "Reigate Town Surgery", "Merstham Health Centre", "Earlswood Family Practice")),
    _pcn("Tandridge Primary Care Network", ES, "tandridgepcn", (
        "Oxted Health Centre", "Caterham Valley Surgery", "Lingfield Village Practice")),
    _pcn("Guildford Town Primary Care Network", GW, "guildfordpcn", (
        "Guildford Central Surgery", "Stoughton Road Practice", "Merrow Health Centre", "Burpham Family Practice")),
    _pcn("Waverley Villages Primary Care Network", GW, "waverleypcn", (
        "Farnham Health Centre", "Godalming Medical Practice", "Haslemere Surgery", "Cranleigh Village Practice",
        "Milford Surgery")),
    _pcn("Woking Primary Care Network", NWS, "wokingpcn", (
        "Woking Town Surgery", "Goldsworth Park Health Centre", "Knaphill Practice", "Sheerwater Family Practice")),
    _pcn("Runnymede and Spelthorne Primary Care Network", NWS, "rspcn", (
        "Staines Health Centre", "Addlestone Surgery", "Chertsey Medical Practice", "Ashford Town Practice",
        "Egham Surgery", "Sunbury Health Centre")),
    _pcn("Epsom and Ewell Primary Care Network", SD, "eepcn", (
        "Epsom Town Surgery", "Ewell Village Practice", "Stoneleigh Health Centre")),
    _pcn("Mole Valley Primary Care Network", SD, "mvpcn", (
        "Dorking Medical Practice", "Leatherhead Health Centre", "Ashtead Surgery", "Bookham Family Practice")),
    # The county council. The Sector list has no "county council", so the parent body is filed under
    # adult social care (its largest statutory duty) and takes no participants itself: people join
    # through its directorates, which carry the right sector.
    OrgSpec(COUNTY_COUNCIL, Sector.ADULT_SOCIAL_CARE, ALL, "surreycc", (
        "Communities and Prevention", "Workforce and Organisational Development", "Customer Services"), weight=0),
    OrgSpec("Surrey County Council Adult Social Care", Sector.ADULT_SOCIAL_CARE, ALL, "surreycc-asc", (
        "Locality Team East Surrey", "Locality Team Guildford and Waverley", "Locality Team North West Surrey",
        "Locality Team Surrey Downs", "Hospital Discharge Social Work", "Reablement Service",
        "Safeguarding Adults Hub", "Carers Support"), parent=COUNTY_COUNCIL),
    OrgSpec("Surrey County Council Children's Services", Sector.CHILDRENS_SERVICES, ALL, "surreycc-cs", (
        "Family Safeguarding", "Children in Care", "Early Help", "Children with Disabilities", "Youth Justice",
        "Fostering"), parent=COUNTY_COUNCIL),
    OrgSpec(COUNTY_PUBLIC_HEALTH, Sector.PUBLIC_HEALTH, ALL, "surreycc-ph", (
        "Health Improvement", "Health Protection", "Public Health Intelligence", "Healthy Communities"),
        parent=COUNTY_COUNCIL),
    # District and borough councils in the four places (Elmbridge straddles two).
    _council("Reigate and Banstead Borough Council", (ES,), "reigate-banstead", 3),
    _council("Tandridge District Council", (ES,), "tandridge", 2),
    _council("Guildford Borough Council", (GW,), "guildford", 3),
    _council("Waverley Borough Council", (GW,), "waverley", 3),
    _council("Woking Borough Council", (NWS,), "woking", 3),
    _council("Runnymede Borough Council", (NWS,), "runnymede", 2),
    _council("Spelthorne Borough Council", (NWS,), "spelthorne", 2),
    _council("Elmbridge Borough Council", (NWS, SD), "elmbridge", 3),
    _council("Epsom and Ewell Borough Council", (SD,), "epsom-ewell", 2),
    _council("Mole Valley District Council", (SD,), "molevalley", 2),
    OrgSpec("Heartlands Homes Housing Association", Sector.HOUSING, (ES, SD), "heartlandshomes", (
        "Tenancy Sustainment", "Supported Housing", "Neighbourhood Services")),
    OrgSpec("Wey Valley Housing Trust", Sector.HOUSING, (GW, NWS), "weyvalleyhousing", (
        "Tenancy Support", "Older People's Housing", "Repairs and Neighbourhoods")),
    # Voluntary and community sector: county-wide umbrella bodies, local voluntary action councils,
    # Healthwatch and small charities.
    OrgSpec(COMMUNITY_ACTION, Sector.VOLUNTARY_COMMUNITY, ALL, "heartlands-ca", (
        "Volunteering Hub", "Community Development", "Funding Advice"), weight=3),
    OrgSpec(ETHNIC_FORUM, Sector.VOLUNTARY_COMMUNITY, ALL, "heartlands-mef", (
        "Community Engagement", "Health Inequalities Project", "Interpreting Network"), weight=2),
    OrgSpec("Heartlands Youth Focus", Sector.VOLUNTARY_COMMUNITY, ALL, "heartlands-youth", (
        "Youth Voice", "Youth Work Development", "Young People's Wellbeing"), weight=2),
    OrgSpec(COMMUNITY_FOUNDATION, Sector.VOLUNTARY_COMMUNITY, ALL, "heartlands-cf", (
        "Grants Team", "Philanthropy and Partnerships")),
    OrgSpec("Healthwatch Surrey", Sector.VOLUNTARY_COMMUNITY, ALL, "healthwatch-surrey", (
        "Engagement", "Information and Signposting", "Research and Insight"), weight=2),
    OrgSpec("Voluntary Action East Surrey", Sector.VOLUNTARY_COMMUNITY, (ES,), "va-eastsurrey", (
        "Volunteer Centre", "Community Transport", "Charity Support"), weight=3),
    OrgSpec("Voluntary Action Guildford and Waverley", Sector.VOLUNTARY_COMMUNITY, (GW,), "va-gw", (
        "Volunteer Centre", "Befriending", "Charity Support"), weight=3),
    OrgSpec("Voluntary Action North West Surrey", Sector.VOLUNTARY_COMMUNITY, (NWS,), "va-nws", (
        "Volunteer Centre", "Social Prescribing Link Workers", "Charity Support"), weight=3),
    OrgSpec("Voluntary Action Surrey Downs", Sector.VOLUNTARY_COMMUNITY, (SD,), "va-surreydowns", (
        "Volunteer Centre", "Social Prescribing Link Workers", "Community Transport"), weight=3),
    _charity("Redhill Carers' Network", ES, "redhillcarers", ("Carers Support", "Young Carers")),
    _charity("Tandridge Food Bank", ES, "tandridgefoodbank", ("Warehouse and Distribution", "Volunteers")),
    _charity("Farnham Men's Shed", GW, "farnhamshed", ("Workshop", "Outreach")),
    _charity("Godalming Dementia Friends", GW, "godalmingdementia", ("Memory Cafés", "Family Support")),
    _charity("Woking Refugee Welcome", NWS, "wokingrefugees", ("Resettlement Support", "English Classes", "Volunteers")),
    _charity("Spelthorne Domestic Abuse Support", NWS, "spelthorne-das", ("Outreach", "Refuge", "Children's Support")),
    _charity("Staines Young Carers", NWS, "stainesyoungcarers", ("Young Carers Support", "Schools Outreach")),
    _charity("Epsom Befriending Scheme", SD, "epsombefriending", ("Befriending", "Volunteers")),
    _charity("Mole Valley Community Transport", SD, "mvtransport", ("Drivers", "Bookings and Dispatch")),
    _charity("Leatherhead Wellbeing Hub", SD, "leatherheadwellbeing", ("Peer Support", "Social Prescribing Activities")),
    # Faith groups.
    _faith("East Surrey Churches Together", (ES,), "esct", ("Food Bank", "Night Shelter", "Pastoral Care")),
    _faith("Guildford Interfaith Forum", (GW,), "guildfordinterfaith", ("Interfaith Dialogue", "Community Kitchen")),
    _faith("Woking Muslim Community Outreach", (NWS,), "wokingmco", ("Youth Programme", "Welfare Support", "Community Kitchen")),
    _faith("Staines Gurdwara Seva Project", (NWS,), "stainesseva", ("Langar Kitchen", "Community Health Outreach")),
    _faith("Surrey Downs Churches Together", (SD,), "sdct", ("Food Bank", "Debt Advice", "Pastoral Care")),
    # Other public services.
    OrgSpec("Surrey Police", Sector.POLICE, ALL, "surreypolice", (
        "Neighbourhood Policing East", "Neighbourhood Policing West", "Mental Health Liaison",
        "Safeguarding Investigation Unit", "Partnerships and Prevention")),
    OrgSpec("Surrey Fire and Rescue Service", Sector.FIRE, ALL, "surreyfire", (
        "Community Safety and Prevention", "Safe and Well Visits", "Operational Response")),
    OrgSpec("Heartlands College", Sector.EDUCATION, (ES, SD), "heartlandscollege", (
        "Health and Social Care Faculty", "Student Support", "Apprenticeships")),
    OrgSpec("Wey Valley Schools Partnership", Sector.EDUCATION, (GW, NWS), "weyvalleyschools", (
        "Special Educational Needs", "Pastoral Care", "School Leadership")),
    # The integrated care board is NHS, but no Sector fits a commissioner; it hosts the programme
    # team and takes no participants.
    OrgSpec(ICB, Sector.OTHER, ALL, "surreyheartlands-icb", (
        "Organisational Development", "Place Partnership Team", "Population Health Management",
        "Workforce and Training"), weight=0),
)
