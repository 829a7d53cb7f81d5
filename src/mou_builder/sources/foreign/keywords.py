# ruff: noqa: E501 -- a table of regular expressions reads best one pattern a line
"""Words that show an element, written for the agreements districts and agencies sign.

Each element has heading words (a section headed "Training" covers training) and body
patterns with a weight: a phrase that settles the question on its own weighs 1.0 or more; a
word that only points that way weighs less, and several together add up. Patterns are
matched against the lower-cased text, so they are written in lower case. ``OPENING_ONLY`` elements are read from the body only in the opening of an
agreement (title, preamble, recitals, purpose), where "a safe learning environment" states
the purpose; the same words in a list of duties do not.
"""

from __future__ import annotations

HEADING_WEIGHT = 1.2

HEADINGS: dict[str, str] = {
    "purpose": r"\bpurpose|\bgoals?\b|\bobjectives?\b|\bmission\b|\bintent\b",
    "roles": r"\broles?\b|responsibilities|\bduties\b|\bobligations\b|\bfunctions\b|scope of (?:services|work)|what the (?:sro|officer|deputy)s? (?:will|shall|does|do)\b",
    "supervision": r"supervis|chain of command|\bcommand\b|direction and control|oversight",
    "information_sharing": r"information sharing|sharing (?:of )?information|exchange of information",
    "records_access": r"\brecords?\b|\bferpa\b|privacy|confidential",
    "qualifications": r"selection|qualification|hiring|recruit|designation of (?:the )?(?:officers?|sros?)|nominat",
    "training": r"\btraining\b",
    "hours": r"\bhours\b|schedul|work ?week|\bshifts?\b",
    "performance_monitoring": r"evaluat|performance|monitoring",
    "nondiscrimination": r"discriminat|equal opportunity|civil rights",
    "leave_coverage": r"absence|\bleave\b|coverage|substitut|replacement",
    "immigration": r"immigration",
    "use_of_force": r"use of force|de-?escalat",
    "restorative_practices": r"restorative|positive behavio",
    "discipline_boundary": r"disciplin",
    "student_interviews_searches": r"interview|interrogat|search|questioning",
    "parent_notification": r"parent(?:al)? notif|notif\w* (?:of |to )?parents|notice to parents",
    "arrests_citations": r"\barrests?\b|citations|tickets",
    "data_reporting": r"\bdata\b|statistic|reporting requirements|\breports\b",
    "complaints": r"complaint|grievance",
    "community_input": r"community (?:input|involvement|engagement|advisory)|advisory (?:committee|council)",
    "review_cycle": r"\breview\b|evaluation of (?:the )?(?:agreement|program)",
    "publication": r"publication|public (?:access|posting)|posting",
    "funding": r"fund|compensation|payment|\bcosts?\b|\bfees?\b|reimburse|budget|financ",
    "term_renewal": r"\bterm\b|duration|renewal|effective date",
    "termination": r"terminat|cancel|withdrawal",
    "indemnification": r"indemni|hold harmless|liability",
    "insurance": r"insurance",
    "dispute_resolution": r"disput|disagreement",
    "body_cameras": r"camera",
    "equipment": r"equipment|uniform|vehicle",
    "notices": r"^notices?$|^notices? (?:and|to the parties|provisions)|^(?:legal|formal) notices?",
    "signatures": r"signature|execution|in witness",
    "definitions": r"definition|defined terms",
    "recitals": r"recitals?|witnesseth|background|legal authority|statutory authority|^authority\b|preamble",
    "staff_training": r"staff (?:guidance|training)|training (?:of|for) (?:staff|administrators)",
    "incident_reporting": r"incident report",
    "emergency_response": r"emergenc|crisis",
    "restraint": r"restraint|seclusion",
    "firearms": r"firearm|weapon",
    "diversion": r"diversion|alternatives? to arrest",
    "jurisdiction_scope": r"jurisdiction",
    "liaisons": r"liaison|point of contact",
    "facilities": r"facilities|office space|workspace",
    "training_records": r"training records",
    "special_operations": r"special operations|canine",
    "amendment": r"amendment|modification",
    "governing_law": r"governing law|choice of law",
    "severability": r"severab",
    "assignment": r"\bassignment of (?:this )?agreement",
    "entire_agreement": r"entire agreement|integration",
}

OPENING_ONLY = frozenset({"purpose"})

PATTERNS: dict[str, list[tuple[str, float]]] = {
    "purpose": [
        (r"purpose of this (?:agreement|memorandum|mou)", 1.0),
        (r"safe(?:ty)? (?:and|&) (?:secure|healthy|orderly|security)", 0.5),
        (r"learning environment|environment (?:\w+ ){0,3}conducive to learning", 0.5),
        (
            r"\bdeter(?:ring|rence)?\b|\bprevent(?:ing|ion)? (?:of )?(?:crime|juvenile|delinquen|violence)",
            0.5,
        ),
        (r"positive (?:relationships?|interactions?|attitudes?|working relationship)", 0.5),
        (r"\bintent(?:ion)? of (?:the|this)", 0.5),
        (
            r"cooperative (?:and coordinated )?(?:approach|effort)|collaborative (?:efforts?|approach)",
            0.5,
        ),
    ],
    "roles": [
        (r"\broles? and responsibilit", 1.0),
        (
            r"responsibilit(?:y|ies) of the (?:sro|school resource|officer|deputy|agency|police|department|sheriff|district)",
            1.0,
        ),
        (r"(?:duties|obligations|responsibilities) of\b.{0,80}?\b(?:are|shall be|include)\b", 1.0),
        (r"(?:duties|responsibilities|obligations) (?:\w+ ){0,6}(?:shall |will )?include", 1.0),
        (
            r"(?:shall|will) (?:serve|act) as (?:a |an )?(?:liaison|resource|mentor|role model|counselor)",
            0.8,
        ),
        (r"\bliaison\b", 0.4),
        (
            r"\bthe (?:sro|officer|deputy)s? (?:will|shall) (?:respond|patrol|teach|mentor|serve|investigate|assist|advise|attend)",
            0.6,
        ),
    ],
    "supervision": [
        (r"chain of command", 1.0),
        (r"\bsupervis(?:e|ed|es|ion|ing|or|ors)\b", 0.6),
        (r"(?:command|control|direction) of the", 0.6),
        (r"remain (?:an? )?employees? of", 0.6),
        (
            r"(?:assignments?|duties|tasks|work) (?:as )?(?:determined|directed|assigned) by (?:the )?"
            r"[\w' ]{0,40}(?:sergeant|lieutenant|captain|commander|chief|supervisor|sheriff)",
            1.0,
        ),
        (
            r"(?:approved|directed) by (?:the )?[\w' ]{0,30}(?:sergeant|lieutenant|captain|commander|supervisor)",
            0.6,
        ),
        (
            r"reports? to (?:the |a |its )?[\w' ]{0,40}(?:sergeant|lieutenant|captain|commander|supervisor)",
            1.0,
        ),
        (r"directs? (?:and \w+ )?(?:the |each )?(?:deputy|officer|sro)(?:'s|s')? work", 0.8),
    ],
    "information_sharing": [
        (r"shar(?:e|ed|es|ing) (?:of )?(?:\w+ ){0,2}information", 1.0),
        (r"information[- ]sharing", 1.0),
        (r"exchang\w* (?:of )?(?:\w+ ){0,2}information", 1.0),
        (
            r"(?:provid|disclos|releas|communicat|report)\w* (?:\w+ ){0,3}information "
            r"(?:about|concerning|regarding|on|related)",
            1.0,
        ),
    ],
    "records_access": [
        (r"education(?:al)? records?", 1.0),
        (r"student(?:s'|'s)? records?", 0.8),
        (r"\bferpa\b|1232g|34 c\.?f\.?r\.? (?:part )?99", 1.0),
        (r"legitimate educational interest", 1.0),
        (r"\bschool officials?\b", 0.3),
    ],
    "qualifications": [
        (r"\bqualif(?:ied|ication|ications)\b", 0.8),
        (r"(?:select|choose|determine|designate|nominate)s? which", 1.0),
        (r"selection (?:of|process|committee)", 1.0),
        (r"\b(?:candidates?|applicants?)\b", 0.6),
        (r"interview\w* (?:the |all )?(?:candidates|officers|applicants)", 0.8),
        (r"years? of (?:\w+ ){0,3}experience", 0.8),
        (
            r"in good standing|background (?:check|investigation)|disciplinary history|probationary period",
            0.6,
        ),
        (r"\bnominat\w+|\bnominees?\b", 0.6),
        (r"interview\w* (?:each |every |the |all )?(?:nominees?|candidates?|applicants?)", 0.8),
    ],
    "training": [
        (r"\btrain(?:ed|ing)\b", 0.6),
        (
            r"(?:shall|will|must) (?:be trained|complete|attend|receive)[^.]{0,60}(?:training|course|certification)",
            1.0,
        ),
        (r"trained (?:in|on)\b", 0.8),
        (r"\bcourses?\b|\bcurricul", 0.3),
        (r"peace officer standards|\bpost certif", 0.5),
    ],
    "hours": [
        (r"\bhours? (?:per|a|each) (?:week|day)", 1.0),
        (r"(?:\(\d+\)|\d+)[- ]hours? (?:work ?week|per|a week|each|shift)", 1.0),
        (r"work ?week", 0.8),
        (r"(?:daily|weekly|monthly|work) (?:\w+ )?schedule", 0.8),
        (r"\bshifts?\b", 0.6),
        (r"\bworkdays?\b", 0.6),
        (r"\bovertime\b", 0.5),
        (r"days? (?:that |when )?school is in session", 0.6),
        (
            r"(?:present|on duty|on campus|at the school|assigned) (?:\w+ ){0,3}during (?:the )?(?:instructional|school|regular) (?:day|hours)",
            1.0,
        ),
        (r"instructional day|school hours", 0.5),
        (r"full[- ]time", 0.5),
    ],
    "performance_monitoring": [
        (r"evaluat\w+ (?:of )?(?:the |each )?(?:sro|officer|deputy|deputies|performance)", 1.0),
        (r"performance (?:review|evaluation|of the)", 1.0),
        (r"(?:annual|yearly) (?:performance )?evaluation", 1.0),
        (r"monitor\w* (?:the )?(?:sro|officer|deputy|performance)", 0.6),
        (r"\bfeedback\b", 0.4),
    ],
    "nondiscrimination": [
        (r"(?:not|no|without) (?:\w+ ){0,2}discriminat\w*", 1.0),
        (r"non-?discriminat", 1.0),
        (
            r"on the basis of (?:actual or perceived )?(?:race|color|sex|national|disabilit|religion)",
            1.0,
        ),
        (r"protected (?:class|characteristic)", 0.8),
        (r"equal (?:protection|treatment)", 0.6),
        (r"bias[- ]free", 0.5),
    ],
    "leave_coverage": [
        (r"alternate (?:sro|officer|deputy|school resource)", 1.0),
        (r"substitute (?:sro|officer|deputy|school resource)", 1.0),
        (r"(?:replacement|relief|backup|back-up|temporary) (?:sro|officer|deputy)", 1.0),
        (r"(?:extended|prolonged|temporary|long-term) absence", 0.8),
        (r"\babsen(?:ce|ces|t)\b", 0.4),
        (r"(?:on|of|extended|medical|sick|family) leave\b|leave of absence", 0.8),
        (r"coverage (?:during|when|while|for)", 0.6),
        (
            r"(?:send|assign|provide)\w* (?:another|a replacement|a substitute|an alternate|a relief) (?:officer|deputy|sro)",
            1.0,
        ),
        (r"\b(?:another|other) officers? to cover", 0.8),
        (r"\bsick\b", 0.4),
        (r"\bvacations?\b", 0.3),
    ],
    "immigration": [
        (r"immigration|citizenship status|\bice (?:agents?|officers?|detainers?)\b", 1.0),
    ],
    "use_of_force": [
        (r"use of (?:physical |deadly |reasonable |excessive )?force", 1.0),
        (r"deadly force", 1.0),
        (r"de-?escalat\w+", 0.6),
        (
            r"taser|conducted energy|chemical (?:agent|spray)|pepper spray|\boc spray|handcuff\w*",
            0.6,
        ),
    ],
    "restorative_practices": [
        (r"restorative", 1.0),
        (r"positive behavior(?:al)? (?:interventions?|supports?)|\bpbis\b", 1.0),
        (r"peer mediation|conflict resolution|social[- ]emotional", 0.5),
    ],
    "discipline_boundary": [
        (r"(?:school|student) discipline", 0.8),
        (r"disciplin\w* (?:matters?|issues?|actions?|infractions?|process)", 0.8),
        (r"code of (?:student )?conduct", 0.8),
        (r"(?:not|no|never)\b[^.]{0,60}(?:disciplin|school rules)", 1.0),
        (r"\b(?:suspensions?|expulsions?)\b", 0.4),
    ],
    "student_interviews_searches": [
        (
            r"(?:interview|question|interrogat)\w* (?:of )?(?:a |the |any )?(?:students?|youth|juveniles?)",
            1.0,
        ),
        (
            r"search(?:es|ed|ing)? (?:of )?(?:a |the |any )?(?:students?|lockers?|backpacks?|person|vehicles?)",
            1.0,
        ),
        (r"\bmiranda\b", 1.0),
        (r"probable cause|reasonable suspicion", 0.8),
        (r"\bcustodial\b", 0.5),
    ],
    "parent_notification": [
        (
            r"(?:notif|contact|inform|call|reach)\w* (?:the |a )?(?:student'?s'? )?(?:parents?|guardians?)",
            1.0,
        ),
        (r"parent(?:al)? notification", 1.0),
        (r"parents?(?:,| or |/)(?: legal)? ?guardians?", 0.6),
    ],
    "arrests_citations": [
        (r"\barrest(?:s|ed|ing)?\b", 0.6),
        (r"\b(?:citations?|tickets?|summons(?:es)?)\b", 0.6),
        (r"referr\w* (?:to|for) (?:the )?(?:juvenile|court|prosecution)", 0.6),
        (r"(?:take|taken|taking) (?:a |the )?(?:students?|juveniles?) into custody", 0.8),
        (r"last resort", 0.6),
    ],
    "data_reporting": [
        (r"reporting system", 1.0),
        (
            r"reports? [^.]{0,40}(?:per year|annually|quarterly|semi-?annual|each (?:year|semester|quarter|month)"
            r"|monthly|times a year|twice a year|every (?:year|semester|quarter))",
            1.0,
        ),
        (r"(?:collect|compil|maintain|track|report)\w* (?:\w+ ){0,3}data\b", 1.0),
        (r"statistic\w*", 0.6),
        (r"disaggregat\w*|broken down by|demographic", 0.6),
        (r"(?:annual|quarterly|monthly|semi-?annual) reports?", 0.8),
        (r"the number of (?:students|arrests|incidents|citations|referrals|complaints)", 0.6),
    ],
    "staff_training": [
        (
            r"(?:train|guid|educat|instruct)\w* (?:\w+ ){0,4}(?:staff|administrators|teachers|school personnel)"
            r" (?:on|about|in|regarding) (?:when|how)",
            1.0,
        ),
        (
            r"when (?:to|staff should|staff may) (?:call|contact|involve|request) (?:the )?(?:sro|police|law enforcement)",
            1.0,
        ),
    ],
    "body_cameras": [
        (r"body[- ]?(?:worn )?cameras?|body[- ]?cams?|\bbwcs?\b", 1.0),
    ],
    "equipment": [
        (r"\buniforms?\b", 0.8),
        (
            r"(?:provide|furnish|supply)\w* (?:\w+ ){0,4}(?:equipment|vehicles?|uniforms?|radios?)",
            1.0,
        ),
        (r"\bequipment\b|patrol (?:car|vehicle)|\bradios?\b", 0.5),
    ],
    "funding": [
        (r"funded by|cost[- ]shar\w*|share (?:of )?the cost", 1.0),
        (r"\bfund(?:ed|ing|s)?\b", 0.6),
        (r"\bcosts?\b", 0.5),
        (r"\bpay(?:s|ment|ments|ing|able)?\b|\bpaid\b", 0.5),
        (r"reimburs\w+", 0.8),
        (r"invoic\w+", 0.8),
        (r"\blev(?:y|ies)\b", 0.6),
        (r"\bbudget\w*", 0.5),
        (r"\bsalar(?:y|ies)\b|\bwages\b", 0.5),
        (r"\$\s?\d", 0.8),
        (r"compensat\w+", 0.5),
    ],
    "complaints": [
        (r"\bcomplaints?\b", 0.8),
        (r"(?:file|submit|make) (?:a )?(?:complaint|grievance)", 1.0),
        (r"\bgrievances?\b", 0.6),
        (r"internal affairs|professional standards", 0.8),
        (r"\bmisconduct\b", 0.5),
    ],
    "community_input": [
        (
            r"community (?:input|members?|advisory|forums?|meetings?|stakeholders|feedback|engagement)",
            1.0,
        ),
        (r"advisory (?:committee|council|board)", 0.8),
        (r"public (?:comment|input|hearing|forum)", 0.8),
        (
            r"\bpta\b|\bpto\b|parent[- ]teacher|parents? (?:chosen|selected|appointed|representatives?)",
            0.8,
        ),
    ],
    "publication": [
        (r"(?:post|publish)\w* (?:\w+ ){0,5}(?:website|web site|online|internet)", 1.0),
        (r"\bweb ?site\b", 0.6),
        (r"publicly available|available to the public", 0.8),
    ],
    "review_cycle": [
        (r"review(?:ed)? and revis\w+", 1.0),
        (r"(?:annual|yearly|periodic) review", 1.0),
        (
            r"review(?:ed)? (?:\w+ ){0,4}(?:annually|each year|every (?:year|\w+ years)|periodically|at least)",
            1.0,
        ),
        (r"(?:review|evaluat)\w* (?:of )?(?:this|the) (?:agreement|mou|memorandum|program)", 0.8),
        (r"(?:revis|amend)\w* (?:\w+ ){0,3}by (?:a |the )?committee", 0.6),
    ],
    "term_renewal": [
        (r"\bterm of (?:this|the) (?:agreement|mou|memorandum)", 0.8),
        (r"for a (?:term|period) of", 1.0),
        (r"\brenew(?:s|ed|al|able|ing)?\b", 0.6),
        (
            r"(?:effective|commenc\w+|begin\w*|start\w*) (?:on|as of|from) (?:\w+ )?"
            r"(?:\d|january|february|march|april|may|june|july|august|september|october|november|december)",
            0.8,
        ),
        (
            r"(?:expires?|ending|ends|through|until) (?:on )?(?:january|february|march|april|may|june|july|august|september|october|november|december) \d",
            0.5,
        ),
    ],
    "termination": [
        (r"\bterminat\w+", 1.0),
        (r"\bdiscontinu\w+", 0.9),
        (r"\bcancel\w*", 0.6),
        (r"withdraw from (?:this|the) agreement", 1.0),
    ],
    "indemnification": [
        (r"indemnif\w+|hold (?:\w+ ){0,3}harmless", 1.0),
    ],
    "insurance": [
        (r"\binsurance\b|self-insur\w*|liability coverage", 1.0),
    ],
    "dispute_resolution": [
        (r"\bdisputes?\b", 0.8),
        (r"arbitrat\w+", 0.8),
        (r"(?:resolve|resolution of) (?:any )?(?:disagreements?|disputes?|conflicts?)", 1.0),
        (r"\bmediat(?:e|ion|or)\b", 0.4),
    ],
    "notices": [
        (r"notices? (?:shall|required|under this agreement|to (?:either|the other) party)", 0.8),
        (r"(?:certified|registered|first[- ]class) mail", 1.0),
        (r"(?:delivered|sent|given) (?:\w+ ){0,3}to the following address", 1.0),
    ],
    "signatures": [
        (r"in witness whereof", 1.0),
        (
            r"\bsignatures?\b|(?:signed|executed) (?:on behalf of|by (?:their|its) (?:duly )?authorized)",
            0.5,
        ),
        (r"authorized (?:representatives?|signator\w*|officials?)", 0.6),
        (r"^\s*by:\s|\battest\b", 0.5),
    ],
    "definitions": [
        (
            r"following definitions|following terms|as used in this (?:agreement|memorandum|mou)",
            1.0,
        ),
        (r"[\"“][^\"”]{2,40}[\"”],? (?:shall )?means?\b", 1.0),
        (r"(?:shall|will) mean\b|(?:is|are) defined as", 0.6),
    ],
    "recitals": [
        (r"\bwhereas\b", 1.0),
        (r"\bwitnesseth\b", 1.0),
        (r"now,? therefore", 0.6),
        (
            r"(?:authoriz|empower)\w* (?:\w+ ){0,8}(?:by|under|pursuant to) (?:\w+ ){0,3}(?:statutes?|law|code|section|chapter|act)\b",
            0.6,
        ),
        (r"enters? into this (?:memorandum|agreement|contract) (?:under|pursuant to)", 0.8),
    ],
    # elements beyond the first taxonomy (no library clause yet)
    "incident_reporting": [(r"incident reports?|report (?:all )?(?:incidents|arrests) to", 1.0)],
    "emergency_response": [
        (r"emergency (?:response|plans?|operations|management)|crisis (?:plans?|response)", 1.0),
        (r"lockdowns?|evacuations?|\bdrills?\b", 0.5),
    ],
    "restraint": [(r"\brestrain\w*|\bseclusion\b|\bisolation\b", 1.0)],
    "firearms": [(r"\bfirearms?\b|\bweapons?\b|\bsidearms?\b", 1.0)],
    "graduated_response": [(r"graduated (?:response|sanctions)", 1.0)],
    "diversion": [(r"\bdiversion\b|alternatives? to arrest", 1.0)],
    "jurisdiction_scope": [(r"\bjurisdiction\b", 0.8), (r"off[- ]campus|school[- ]sponsored", 0.4)],
    "liaisons": [(r"\bliaisons?\b|point of contact", 0.9)],
    "facilities": [(r"office space|\bworkspace\b|private office|\bdesk\b|parking", 0.9)],
    "training_records": [
        (r"training records|records? of (?:the )?training|proof of (?:completion|training)", 1.0)
    ],
    "rights_advisement": [
        (
            r"advis\w+ (?:\w+ ){0,3}(?:of )?(?:their|his or her|the student'?s) rights|right to remain silent",
            1.0,
        )
    ],
    "special_operations": [
        (r"undercover|special operations|\bcanine\b|\bk-?9\b|drug[- ]detection dogs?", 1.0)
    ],
    "amendment": [
        (
            r"\bamend(?:ed|ment|ments)?\b[^.]{0,40}(?:writing|written|signed)|modif\w+ (?:only )?(?:by|in) (?:a )?writ",
            1.0,
        )
    ],
    "governing_law": [
        (r"governing law|governed by (?:and construed (?:in accordance with|under) )?the laws", 1.0)
    ],
    "severability": [(r"severab\w+|invalid or unenforceable", 1.0)],
    "assignment": [
        (r"(?:may not|shall not) (?:be )?assign|assignment of (?:this|the) agreement", 1.0)
    ],
    "entire_agreement": [(r"entire (?:agreement|understanding)|supersedes all prior", 1.0)],
}

# A list introduced like this is a list of training subjects: what its items name (arrest,
# search, restraint, FERPA) is taught, not agreed, so the items count for training only.
TRAINING_LEAD = (
    r"\btrain(?:ed|ing)\b.{0,300}?(?:following|these|include|including|areas|topics|subjects)"
    r"(?:.{0,300}:|\s+(?:in|on|at least))?\s*$"
)
