"""The element taxonomy: what an SRO agreement can contain (ids used by clauses and profiles)."""

from __future__ import annotations

ELEMENTS: dict[str, str] = {
    "purpose": "Purpose of the agreement",
    "roles": "Roles and responsibilities",
    "supervision": "Supervision and chain of command",
    "information_sharing": "Information sharing",
    "records_access": "Access to student records",
    "qualifications": "Selection and qualifications",
    "training": "Training",
    "hours": "Assigned hours of duty",
    "performance_monitoring": "Performance monitoring and evaluation",
    "nondiscrimination": "Nondiscrimination",
    "leave_coverage": "Coverage during leave",
    "immigration": "Immigration enforcement",
    "use_of_force": "Use of force and de-escalation",
    "restorative_practices": "Restorative and positive practices",
    "discipline_boundary": "Discipline boundary",
    "student_interviews_searches": "Student interviews and searches",
    "parent_notification": "Parent notification",
    "arrests_citations": "Arrests, tickets and citations",
    "data_reporting": "Data collection and reporting",
    "complaints": "Complaints process",
    "community_input": "Community input",
    "review_cycle": "Review cycle",
    "publication": "Publication",
    "funding": "Funding and cost sharing",
    "term_renewal": "Term and renewal",
    "termination": "Termination",
    "indemnification": "Indemnification",
    "insurance": "Insurance",
    "dispute_resolution": "Dispute resolution",
    "body_cameras": "Body-worn cameras",
    "equipment": "Equipment and uniform",
    "notices": "Notices",
    "signatures": "Signatures",
    "definitions": "Definitions",
    "recitals": "Recitals and legal authority",
    "staff_training": "Staff guidance on contacting the SRO",
    # Elements that real agreements and the state laws use beyond the first taxonomy.
    "incident_reporting": "Incident reporting and arrest notice",
    "emergency_response": "Emergency response and crisis plans",
    "restraint": "Physical restraint",
    "firearms": "Firearms and weapons carried on campus",
    "graduated_response": "Graduated response to student conduct",
    "diversion": "Diversion and alternatives to arrest",
    "jurisdiction_scope": "Jurisdiction and scope of duty",
    "liaisons": "Liaisons and the agreement's leadership team",
    "facilities": "Workspace and facilities",
    "training_records": "Training records",
    "rights_advisement": "Advisement of students' rights",
    "special_operations": "Special operations on campus",
    "amendment": "Amendment",
    "governing_law": "Governing law",
    "severability": "Severability",
    "assignment": "Assignment",
    "entire_agreement": "Entire agreement",
}


def element_name(element: str, lang: str = "en") -> str:
    """The element's name as a document in ``lang`` shows it: :data:`ELEMENTS` in English,
    the catalogue's ``element.<id>`` in another language (the id for an unknown element)."""
    english = ELEMENTS.get(element, element)
    if lang == "en":
        return english
    from .language import catalogue

    return catalogue(lang).get(f"element.{element}", english)
