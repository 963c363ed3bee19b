"""The instruments every installation ships with, as plain data (read by a data migration and the demo).

The collaborative-leadership self-assessment is our own wording: the NHS Healthcare Leadership
Model's text may not be stored under its licence. WEMWBS needs a commercial licence, so it is
not offered.
"""

from typing import Any

AGREEMENT_1_5 = {
    "min": 1,
    "max": 5,
    "labels": {"1": "Strongly disagree", "2": "Disagree", "3": "Neutral", "4": "Agree", "5": "Strongly agree"},
}
FREQUENCY_1_5 = {
    "min": 1,
    "max": 5,
    "labels": {"1": "Never", "2": "Rarely", "3": "Sometimes", "4": "Often", "5": "Very often"},
}

SELF_ASSESSMENT = "collaborative-leadership"
RESILIENCE = "brief-resilience-scale"
WELLBEING = "ons4-wellbeing"
SESSION_FEEDBACK = "session-feedback"
BEHAVIOUR = "behaviour-follow-up"


def _dimension(key: str, label: str, *items: tuple[str, bool]) -> tuple[dict[str, str], list[dict[str, Any]]]:
    return (
        {"key": key, "label": label},
        [
            {"key": f"{key}_{n}", "text": text, "dimension": key, "reversed": reversed_, "kind": "scale"}
            for n, (text, reversed_) in enumerate(items, start=1)
        ],
    )


_SELF = [
    _dimension(
        "shared_purpose", "Shared purpose",
        ("I can describe a goal I share with colleagues from other organisations.", False),
        ("With partners, we agree what we want to achieve for local people before we agree who does what.", False),
        ("I find it hard to see what my work has in common with other organisations' priorities.", True),
    ),
    _dimension(
        "trust", "Trust across boundaries",
        ("I know people in other organisations I could call on for help with a difficult problem.", False),
        ("I keep the commitments I make to colleagues in other organisations when my own pressures change.", False),
        ("I tend to assume colleagues in other organisations will not follow through.", True),
    ),
    _dimension(
        "sharing_power", "Sharing power",
        ("I invite people with less formal authority, including people who use services, to shape decisions.", False),
        ("I am comfortable letting a partner organisation lead work that my organisation cares about.", False),
        ("I prefer to keep decisions inside my own team, where I can control them.", True),
    ),
    _dimension(
        "conflict", "Working with conflict",
        ("I raise disagreements with partners openly rather than working around them.", False),
        ("When partners disagree, I look for the interests behind their positions.", False),
        ("I avoid difficult conversations with other organisations.", True),
    ),
    _dimension(
        "system_thinking", "System thinking",
        ("I think about how a change in my service affects other parts of the system.", False),
        ("I use what I hear from other sectors to understand why a local problem persists.", False),
        ("I can name the organisations whose decisions most affect the people my service supports.", False),
    ),
    _dimension(
        "resilience", "Personal resilience",
        ("I look after my own wellbeing so that I can keep leading under pressure.", False),
        ("I ask for support when I need it.", False),
        ("Setbacks in partnership work leave me feeling like giving up.", True),
    ),
]

_BEHAVIOUR = [
    _dimension(
        "cross_boundary", "Working across boundaries",
        ("I contacted someone I met through the programme to help solve a problem.", False),
        ("I worked on a shared piece of work with people from another sector.", False),
        ("I changed how my team works with a partner organisation.", False),
    ),
    _dimension(
        "applying_learning", "Applying what I learnt",
        ("I involved people who use services in a decision.", False),
        ("I shared what I learnt on the programme with my team.", False),
    ),
]

POSITIVE_BANDS = [
    {"label": "Low", "min": 0, "max": 4},
    {"label": "Medium", "min": 5, "max": 6},
    {"label": "High", "min": 7, "max": 8},
    {"label": "Very high", "min": 9, "max": 10},
]
# Anxiety runs the other way: a low score is good.
ANXIETY_BANDS = [
    {"label": "Very low", "min": 0, "max": 1},
    {"label": "Low", "min": 2, "max": 3},
    {"label": "Medium", "min": 4, "max": 5},
    {"label": "High", "min": 6, "max": 10},
]

BUILTIN: list[dict[str, Any]] = [
    {
        "key": SELF_ASSESSMENT,
        "name": "Collaborative leadership self-assessment",
        "kind": "self_assessment",
        "is_health_data": False,
        "kirkpatrick_level": 2,
        "citation": "Common Ground's own items, on dimensions drawn from public writing on collaborative and system leadership.",
        "licence_note": "Written for Common Ground; free to use in any programme.",
        "definition": {
            "scale": AGREEMENT_1_5,
            "rule": "mean",
            "dimensions": [d for d, _ in _SELF],
            "items": [i for _, items in _SELF for i in items],
        },
    },
    {
        "key": RESILIENCE,
        "name": "Brief Resilience Scale",
        "kind": "resilience",
        "is_health_data": True,
        "kirkpatrick_level": 2,
        "citation": (
            "Smith, B. W., Dalen, J., Wiggins, K., Tooley, E., Christopher, P., & Bernard, J. (2008). "
            "The brief resilience scale: assessing the ability to bounce back. "
            "International Journal of Behavioral Medicine, 15(3), 194–200."
        ),
        "licence_note": "Free to use with citation.",
        "definition": {
            "scale": AGREEMENT_1_5,
            "rule": "mean",
            "dimensions": [{"key": "resilience", "label": "Resilience"}],
            "items": [
                {"key": "brs1", "text": "I tend to bounce back quickly after hard times.", "dimension": "resilience"},
                {"key": "brs2", "text": "I have a hard time making it through stressful events.",
                 "dimension": "resilience", "reversed": True},
                {"key": "brs3", "text": "It does not take me long to recover from a stressful event.",
                 "dimension": "resilience"},
                {"key": "brs4", "text": "It is hard for me to snap back when something bad happens.",
                 "dimension": "resilience", "reversed": True},
                {"key": "brs5", "text": "I usually come through difficult times with little trouble.",
                 "dimension": "resilience"},
                {"key": "brs6", "text": "I tend to take a long time to get over set-backs in my life.",
                 "dimension": "resilience", "reversed": True},
            ],
        },
    },
    {
        "key": WELLBEING,
        "name": "ONS4 personal wellbeing",
        "kind": "wellbeing",
        "is_health_data": True,
        "kirkpatrick_level": 2,
        "citation": "Office for National Statistics, Personal well-being in the UK: the ONS4 questions.",
        "licence_note": "Free to use with acknowledgement of the ONS (Open Government Licence).",
        "definition": {
            "scale": {"min": 0, "max": 10, "labels": {"0": "Not at all", "10": "Completely"}},
            "rule": "banded",
            "dimensions": [
                {"key": "life_satisfaction", "label": "Life satisfaction"},
                {"key": "worthwhile", "label": "Worthwhile"},
                {"key": "happiness", "label": "Happiness yesterday"},
                {"key": "anxiety", "label": "Anxiety yesterday"},
            ],
            "items": [
                {"key": "life_satisfaction", "dimension": "life_satisfaction", "bands": "positive",
                 "text": "Overall, how satisfied are you with your life nowadays?"},
                {"key": "worthwhile", "dimension": "worthwhile", "bands": "positive",
                 "text": "Overall, to what extent do you feel that the things you do in your life are worthwhile?"},
                {"key": "happiness", "dimension": "happiness", "bands": "positive",
                 "text": "Overall, how happy did you feel yesterday?"},
                {"key": "anxiety", "dimension": "anxiety", "bands": "anxiety",
                 "text": "Overall, how anxious did you feel yesterday?"},
            ],
            "bands": {"positive": POSITIVE_BANDS, "anxiety": ANXIETY_BANDS},
        },
    },
    {
        "key": SESSION_FEEDBACK,
        "name": "Session feedback",
        "kind": "session_feedback",
        "is_health_data": False,
        "kirkpatrick_level": 1,
        "citation": "Common Ground's own reaction survey (Kirkpatrick level 1).",
        "licence_note": "Written for Common Ground; free to use in any programme.",
        "definition": {
            "scale": AGREEMENT_1_5,
            "rule": "mean",
            "dimensions": [
                {"key": "useful", "label": "Useful for my work"},
                {"key": "recommend", "label": "Would recommend"},
            ],
            "items": [
                {"key": "useful", "dimension": "useful", "text": "This session was useful for my work."},
                {"key": "recommend", "dimension": "recommend",
                 "text": "I would recommend this session to a colleague."},
                {"key": "learnt", "kind": "text", "dimension": None,
                 "text": "One thing I learnt or will do differently."},
            ],
        },
    },
    {
        "key": BEHAVIOUR,
        "name": "Follow-up: what I do differently",
        "kind": "behaviour",
        "is_health_data": False,
        "kirkpatrick_level": 3,
        "citation": "Common Ground's own behaviour survey (Kirkpatrick level 3), asked about the last three months.",
        "licence_note": "Written for Common Ground; free to use in any programme.",
        "definition": {
            "scale": FREQUENCY_1_5,
            "rule": "mean",
            "dimensions": [d for d, _ in _BEHAVIOUR],
            "items": [i for _, items in _BEHAVIOUR for i in items]
            + [{"key": "example", "kind": "text", "dimension": None,
                "text": "An example of something you now do differently."}],
        },
    },
]
